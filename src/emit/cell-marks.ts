import type { CanonicalCell, CanonicalResult, CheckResult, Flag } from '../model/canonical.js';
import { CellIndex, tableColumns } from '../report/resolve.js';

/**
 * What the checks say about each cell, for the workbook (marks and notes), facts (`trust`,
 * `cell_id`) and checks (`cell_ids`). Checks name cells by template/row/column (ambiguous when a
 * template repeats or a row has no code); CellIndex resolves them the way the report does, to a
 * table index, row index and column key: the `cell_id` "table_index/row_index/column_key".
 */

/** Trust of a number, worst first. The codebook explains each (codebook.ts TRUST). */
export type Trust = 'inconsistent' | 'corrected' | 'low_ocr_confidence' | 'verified' | 'unchecked';

/** OCR confidence below which a cell is flagged low_ocr_confidence (as validate/ocr-flags.ts does). */
const LOW_CONFIDENCE = 80;

export const cellId = (t: number, r: number, column: string): string => `${t}/${r}/${column}`;

export interface CellMarks {
  /** Failed checks per cell id. */
  failed: Map<string, CheckResult[]>;
  /** Cell ids in at least one passing (or within-rounding) check. */
  passed: Set<string>;
  /** Resolved cell ids of each check, in the order of result.checks. */
  checkCells: string[][];
}

export function cellMarks(r: CanonicalResult): CellMarks {
  const index = new CellIndex(r);
  const failed = new Map<string, CheckResult[]>();
  const passed = new Set<string>();
  const checkCells: string[][] = [];
  for (const c of r.checks) {
    const ids = index.checkCells(c).map((l) => cellId(l.t, l.r, index.columns[l.t]![l.c]!.key));
    checkCells.push(ids);
    for (const id of ids) {
      if (c.status === 'fail') failed.set(id, [...(failed.get(id) ?? []), c]);
      else if (c.status === 'pass' || c.status === 'info') passed.add(id);
    }
  }
  return { failed, passed, checkCells };
}

export function trustOf(marks: CellMarks, id: string, cell: CanonicalCell): Trust {
  if (marks.failed.has(id)) return 'inconsistent';
  if (cell.corrections?.length) return 'corrected';
  if (cell.confidence !== undefined && cell.confidence < LOW_CONFIDENCE) return 'low_ocr_confidence';
  if (marks.passed.has(id)) return 'verified';
  return 'unchecked';
}

/**
 * The table(s) a flag is about, as table_index values (space-separated when a repeated template
 * cannot be told apart): the flag's `table` is a template id, ambiguous when the template repeats.
 */
export function flagTableIndex(r: CanonicalResult, f: Flag, index = new CellIndex(r)): string {
  if (!f.table) return '';
  let list = index.tablesOf(f.table);
  if (list.length > 1) {
    const byCells = [...new Set(index.flagCells(f).map((l) => l.t))];
    const narrow = (keep: (t: number) => boolean) => {
      const kept = list.filter(keep);
      if (kept.length > 0) list = kept;
    };
    if (byCells.length > 0) narrow((t) => byCells.includes(t));
    if (f.page !== null) narrow((t) => r.tables[t]!.pages.includes(f.page!));
    if (f.line !== undefined) narrow((t) => !!r.tables[t]!.lines && r.tables[t]!.lines!.from <= f.line! && f.line! <= r.tables[t]!.lines!.to);
  }
  return list.join(' ');
}

export { tableColumns };
