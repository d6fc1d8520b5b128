/**
 * Rebuilds a table's printed multi-level header from its column labels. The canonical JSON keeps
 * each column's header as one label: all printed header rows above it, joined ("本年支出基本支出").
 * Adjacent columns that share a leading part were printed under one merged header cell, so the
 * shared part becomes a merged cell and the rest goes one level down ("本年支出" over 小计 | 基本支出).
 */

export interface HeaderCell {
  text: string;
  /** Level (0 = top row). */
  level: number;
  /** First and last column index covered (inclusive). */
  from: number;
  to: number;
  /** Spans down to the last header row (a column with no sub-header). */
  leaf: boolean;
}

/** Shortest shared leading text worth a merged cell (one character is usually a coincidence: 本, 支). */
const MIN_SHARED = 2;
const MAX_LEVELS = 3;

function lcp(a: string, b: string): number {
  const n = Math.min(a.length, b.length);
  let i = 0;
  while (i < n && a[i] === b[i]) i++;
  return i;
}

/** Header cells of every level; `levels` is the number of header rows. */
export function headerCells(labels: string[]): { cells: HeaderCell[]; levels: number } {
  const cells: HeaderCell[] = [];
  let levels = 1;
  const place = (idx: number[], texts: string[], level: number): void => {
    levels = Math.max(levels, level + 1);
    let i = 0;
    while (i < idx.length) {
      const shared = (a: number, b: number) => lcp(texts[a]!, texts[b]!);
      let j = i;
      if (level + 1 < MAX_LEVELS) {
        // A run of neighbours that each share at least MIN_SHARED leading characters with the first.
        while (j + 1 < idx.length && shared(i, j + 1) >= MIN_SHARED) j++;
      }
      if (j === i) {
        cells.push({ text: texts[i]!, level, from: idx[i]!, to: idx[i]!, leaf: true });
        i++;
        continue;
      }
      let len = shared(i, j);
      for (let k = i + 1; k <= j; k++) len = Math.min(len, shared(i, k));
      cells.push({ text: texts[i]!.slice(0, len), level, from: idx[i]!, to: idx[j]!, leaf: false });
      const sub = idx.slice(i, j + 1);
      const rest = texts.slice(i, j + 1).map((t) => t.slice(len));
      // A member with nothing left (支出 over 支出合计) is the group's own column: keep its full text.
      if (rest.some((t) => t === '')) {
        cells.pop();
        for (let k = i; k <= j; k++) cells.push({ text: texts[k]!, level, from: idx[k]!, to: idx[k]!, leaf: true });
      } else {
        place(sub, rest, level + 1);
      }
      i = j + 1;
    }
  };
  place(labels.map((_l, i) => i), labels, 0);
  return { cells, levels };
}
