import type { CanonicalColumn, CanonicalRow, Unit } from '../model/canonical.js';
import type { GridCell } from '../model/layout.js';
import { parseAmount } from '../normalise/amount.js';
import { cleanLabel, isCode } from '../normalise/code.js';
import { amountCell } from './cells.js';
import { lineNumberColumns, textsByColumn } from './columns.js';
import type { HeaderInfo } from './header.js';

/**
 * Nothing a table prints is dropped by its template: every amount of the grid that the row
 * builder did not place (a column the template does not map, a row it skipped) is kept in its
 * grid row under the generic key of its printed column (`c7`, labelled with the printed header),
 * so a reader sees it and the ledger counts it. Returns how many were kept.
 */
export function keepUnplaced(header: HeaderInfo, rows: CanonicalRow[], columns: CanonicalColumn[], unit: Unit, opts: { textAmounts?: boolean } = {}): { kept: number; keys: string[] } {
  // A grid cell and the canonical cell made from it share the box object; without boxes (text
  // dumps) they share page, line and printed string.
  const idOf = (box: unknown, page: number | null, line: number | undefined, raw: string) => box ?? `${page}|${line}|${raw}`;
  const placed = new Set<unknown>();
  const rowOfBox = new Map<unknown, CanonicalRow>();
  for (const r of rows) for (const c of Object.values(r.cells)) {
    const id = idOf(c.box, c.page, c.line, c.raw);
    placed.add(id);
    rowOfBox.set(id, r);
  }
  const gid = (c: GridCell) => idOf(c.box, c.page, c.lineNo, c.text.trim());
  const lineCols = lineNumberColumns(textsByColumn(header.bodyRows));
  const keys = new Set<string>();
  let kept = 0;
  for (const g of header.bodyRows) {
    // Forms (performance targets) also print amounts inside text ("30万元", "资金总额 1,550"):
    // such a cell is kept as printed (yuan null) so that its amounts are in a cell.
    const loose = g.cells.filter((c) => !placed.has(gid(c)) && (isLooseAmount(c, lineCols) || (opts.textAmounts === true && TEXT_AMOUNT.test(c.text))));
    if (loose.length === 0) continue;
    // The canonical row built from this grid row (it holds another of its cells), else a new one.
    let row = g.cells.map((c) => rowOfBox.get(gid(c))).find((r) => r !== undefined);
    const text = g.cells.find((c) => c.text.trim() !== '' && parseAmount(c.text).kind !== 'number' && !isCode(c.text.trim()));
    // A row built without any amount of its own (every value in an unmapped column: 2025年预算数
    // only) is found by its code, else its name, on the same page.
    if (!row) {
      const code = g.cells.map((c) => c.text.trim()).find((t) => isCode(t));
      const label = text ? cleanLabel(text.text) : null;
      row = rows.find((r) => r.page === g.page && Object.keys(r.cells).length === 0 && ((code !== undefined && r.code === code) || (code === undefined && label !== null && label !== '' && r.label === label)));
    }
    if (!row) {
      row = { code: null, label: cleanLabel(text?.text ?? ''), level: null, page: g.page, cells: {} };
      rows.push(row);
    }
    for (const c of loose) {
      // A text cell that is the row's own label is already there.
      if (parseAmount(c.text).kind !== 'number' && cleanLabel(c.text) === row.label) continue;
      let key = `c${c.col + 1}`;
      for (let i = 2; key in row.cells; i++) key = `c${c.col + 1}_${i}`;
      row.cells[key] = amountCell(c, unit);
      keys.add(key);
      if (row.cells[key]!.yuan !== null) kept++;
    }
  }
  for (const key of [...keys].sort((a, b) => colOf(a) - colOf(b))) {
    if (!columns.some((c) => c.key === key)) columns.push({ key, label: header.paths[colOf(key) - 1] ?? '' });
  }
  return { kept, keys: [...keys] };
}

const TEXT_AMOUNT = /\d[\d,.]*\s*(万元|元)|\d\.\d/;

const colOf = (key: string) => Number(/^c(\d+)/.exec(key)?.[1] ?? 0);

/** An amount that no builder read: not a code, not a 行次 number. */
function isLooseAmount(c: GridCell, lineCols: Set<number>): boolean {
  const t = c.text.trim();
  if (parseAmount(t).kind !== 'number') return false;
  if (lineCols.has(c.col)) return false;
  // A bare integer outside the mapped columns is a year (起始年度 2023), a count, a code or a
  // 类/款/项 part far more often than an amount: only printed amounts (a decimal point or
  // thousands separators) are kept, as the ledger counts them.
  return /[.,，]/.test(t);
}

