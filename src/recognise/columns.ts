import type { ColumnSpec, TemplateSpec } from '../../extractors/types.js';
import type { GridRow } from '../model/layout.js';
import { parseAmount } from '../normalise/amount.js';
import { isCode } from '../normalise/code.js';
import type { HeaderInfo } from './header.js';

/** Grid column index for each template column key (of one side). */
export type ColumnMap = Map<string, number>;

export interface Range {
  from: number;
  /** Exclusive. */
  to: number;
}

/** Length of the longest header alternative the path contains (0 when none, or ruled out). */
function headerScore(path: string, spec: ColumnSpec, sideHeader: string[] | undefined, sideHeadersInTable: boolean): number {
  if (spec.notHeader?.some((n) => path.includes(n))) return 0;
  if (sideHeader && sideHeadersInTable && !sideHeader.some((h) => path.includes(h))) return 0;
  let best = 0;
  for (const alt of spec.header) if (alt.every((s) => path.includes(s))) best = Math.max(best, alt.join('').length);
  return best;
}

/** Amount cells (not codes, not 行次) per grid column across the body. */
export function amountColumns(body: GridRow[]): Map<number, number> {
  const counts = new Map<number, number>();
  const seen = new Map<number, string[]>();
  for (const r of body) {
    for (const c of r.cells) {
      const t = c.text.trim();
      if (parseAmount(t).kind !== 'number' || isCode(t)) continue;
      counts.set(c.col, (counts.get(c.col) ?? 0) + 1);
      seen.set(c.col, [...(seen.get(c.col) ?? []), t]);
    }
  }
  // A column of small integers counting up row by row is 行次 (line numbers), not amounts.
  for (const [col, ts] of seen) if (isLineNumbering(ts)) counts.delete(col);
  return counts;
}

export function isLineNumbering(ts: string[]): boolean {
  if (ts.length < 3 || !ts.every((t) => /^\d{1,3}$/.test(t))) return false;
  const ns = ts.map(Number);
  return ns.every((n, i) => i === 0 || n > ns[i - 1]!);
}

function score(map: ColumnMap, amounts: Map<number, number>): number {
  let s = 0;
  for (const col of new Set(map.values())) s += amounts.get(col) ?? 0;
  return s;
}

/**
 * Maps the template's columns (those of `side`, when given) to grid columns within `range`:
 * by printed 栏次 numbers, by header labels, or by position; then the body's amounts decide
 * between the candidates and correct a whole-table offset (a header row the converter
 * shifted by one cell).
 */
export function mapColumns(tpl: TemplateSpec, header: HeaderInfo, range: Range, side?: string): ColumnMap {
  const specs = tpl.columns.filter((c) => !side || !c.side || c.side === side);
  const amounts = amountColumns(header.bodyRows);
  for (const k of [...amounts.keys()]) if (k < range.from || k >= range.to) amounts.delete(k);
  // Side words (收入/支出, 预算数/决算数) are required in a column's header only where the block's
  // headers print them: a block whose group header was not merged over its columns still maps.
  const sideHeaders = tpl.sides?.flatMap((s) => s.header) ?? [];
  const inRange = header.paths.slice(range.from, range.to);
  const sideHeadersInTable = sideHeaders.length > 0 && inRange.some((p) => sideHeaders.some((h) => p.includes(h)));

  const byNumber: ColumnMap = new Map();
  for (const spec of specs) {
    if (spec.number === undefined) continue;
    for (let col = range.from; col < range.to; col++) {
      if (header.numbers[col] === spec.number && ![...byNumber.values()].includes(col)) {
        byNumber.set(spec.key, col);
        break;
      }
    }
  }

  // By header label: the most specific (longest) matching wording wins a column, so a group
  // header shared by several columns (公务用车购置及运行维护费) does not decide between them.
  const byLabel: ColumnMap = new Map();
  const pairs: { key: string; col: number; score: number }[] = [];
  for (const spec of specs) {
    const sideHeader = spec.side ? tpl.sides?.find((s) => s.side === spec.side)?.header : undefined;
    for (let col = range.from; col < range.to; col++) {
      const score = headerScore(header.paths[col] ?? '', spec, sideHeader, sideHeadersInTable);
      if (score > 0) pairs.push({ key: spec.key, col, score });
    }
  }
  pairs.sort((a, b) => b.score - a.score || a.col - b.col);
  for (const p of pairs) {
    if (byLabel.has(p.key) || [...byLabel.values()].includes(p.col)) continue;
    byLabel.set(p.key, p.col);
  }

  // By position: the columns holding amounts, in order.
  const byPosition: ColumnMap = new Map();
  const amountCols = [...amounts.keys()].sort((a, b) => a - b);
  specs.forEach((spec, i) => {
    if (amountCols[i] !== undefined && amountCols.length <= specs.length) byPosition.set(spec.key, amountCols[i]!);
  });

  const candidates = [byNumber, byLabel, byPosition].filter((m) => m.size > 0);
  if (candidates.length === 0) return new Map();
  // Prefer the mapping that covers the most amounts, then the most columns, in the order above.
  let best = candidates[0]!;
  const numbered = specs.filter((s) => s.number !== undefined).length;
  // Printed 栏次 numbers that name every numbered column win outright.
  const trustNumbers = numbered >= 2 && byNumber.size === numbered;
  for (const m of trustNumbers ? [] : candidates.slice(1)) {
    const d = score(m, amounts) - score(best, amounts);
    if (d > 0 || (d === 0 && m.size > best.size && score(m, amounts) > 0 && best === byPosition)) best = m;
  }
  // Fill keys the chosen mapping lacks from the others when the column is free.
  for (const m of candidates) {
    for (const [k, col] of m) if (!best.has(k) && ![...best.values()].includes(col)) best.set(k, col);
  }
  // Whole-table offset: the body's amounts say where the columns really are. Printed 栏次
  // numbers are trusted; rows that disagree with them are re-aligned one by one.
  if (best === byNumber) return best;
  let bestOffset = 0;
  let bestScore = score(best, amounts);
  for (const off of [-1, 1, -2, 2]) {
    const shifted: ColumnMap = new Map([...best].map(([k, c]) => [k, c + off]));
    if ([...shifted.values()].some((c) => c < range.from || c >= range.to)) continue;
    const s = score(shifted, amounts);
    if (s > bestScore) {
      bestScore = s;
      bestOffset = off;
    }
  }
  return bestOffset === 0 ? best : new Map([...best].map(([k, c]) => [k, c + bestOffset]));
}
