import type { Box } from '../model/geometry.js';
import type { CanonicalCell, CanonicalColumn, CanonicalResult, CanonicalRow, CanonicalTable, CellRef, CheckResult, Flag } from '../model/canonical.js';

/**
 * Finds the cells that checks and flags talk about. Checks name cells by template, row and
 * column (see validate/arithmetic.ts cellRef: row is `side:code` or `side:label`, else code ??
 * label); flags by table plus line, page or box. A template can occur more than once in a
 * document and a row key more than once in a table, so the line, page and box the reference
 * carries pick among candidates, and the cells of one check are kept together.
 */

/** A cell position in the report: table index, row index, column index (into tableColumns). */
export interface CellLoc {
  t: number;
  r: number;
  c: number;
}

export const locKey = (l: CellLoc): string => `t${l.t}r${l.r}c${l.c}`;

/** The row identity used in check references. */
export function rowKey(row: CanonicalRow): string {
  return [row.side, row.code ?? row.label].filter(Boolean).join(':');
}

/** The table's columns plus any cell keys the rows use that the column list lacks. */
export function tableColumns(t: CanonicalTable): CanonicalColumn[] {
  const cols = [...t.columns];
  const known = new Set(cols.map((c) => c.key));
  for (const row of t.rows) {
    for (const k of Object.keys(row.cells)) {
      if (!known.has(k)) {
        known.add(k);
        cols.push({ key: k, label: k });
      }
    }
  }
  return cols;
}

const sameBox = (a: Box, b: Box) => Math.abs(a.x0 - b.x0) < 0.01 && Math.abs(a.y0 - b.y0) < 0.01 && Math.abs(a.x1 - b.x1) < 0.01 && Math.abs(a.y1 - b.y1) < 0.01;
const intersects = (a: Box, b: Box) => a.x0 < b.x1 && b.x0 < a.x1 && a.y0 < b.y1 && b.y0 < a.y1;

interface TableIndex {
  t: number;
  rows: Map<string, number[]>;
  cols: Map<string, number>;
}

export class CellIndex {
  private readonly byTemplate = new Map<string, TableIndex[]>();
  readonly columns: CanonicalColumn[][];

  constructor(private readonly result: CanonicalResult) {
    this.columns = result.tables.map(tableColumns);
    result.tables.forEach((table, t) => {
      const rows = new Map<string, number[]>();
      table.rows.forEach((row, r) => {
        const k = rowKey(row);
        const list = rows.get(k);
        if (list) list.push(r);
        else rows.set(k, [r]);
      });
      const cols = new Map(this.columns[t]!.map((c, i) => [c.key, i] as const));
      const list = this.byTemplate.get(table.template);
      const entry = { t, rows, cols };
      if (list) list.push(entry);
      else this.byTemplate.set(table.template, [entry]);
    });
  }

  cell(l: CellLoc): CanonicalCell | undefined {
    const table = this.result.tables[l.t];
    const col = this.columns[l.t]?.[l.c];
    return col ? table?.rows[l.r]?.cells[col.key] : undefined;
  }

  /** Table indices of a template. */
  tablesOf(template: string): number[] {
    return (this.byTemplate.get(template) ?? []).map((x) => x.t);
  }

  /** Every candidate cell for a reference, narrowed by its line, box and page when it has them. */
  candidates(ref: CellRef): CellLoc[] {
    const out: CellLoc[] = [];
    for (const ti of this.byTemplate.get(ref.table) ?? []) {
      const c = ti.cols.get(ref.column);
      if (c === undefined) continue;
      for (const r of ti.rows.get(ref.row) ?? []) out.push({ t: ti.t, r, c });
    }
    if (out.length <= 1) return out;
    const narrow = (keep: (l: CellLoc, cell: CanonicalCell | undefined, row: CanonicalRow) => boolean, list: CellLoc[]) => {
      const kept = list.filter((l) => keep(l, this.cell(l), this.result.tables[l.t]!.rows[l.r]!));
      return kept.length > 0 ? kept : list;
    };
    let list = out;
    if (ref.line !== undefined) list = narrow((_l, cell) => cell?.line === ref.line, list);
    if (ref.box) list = narrow((_l, cell) => !!cell?.box && sameBox(cell.box, ref.box!), list);
    if (ref.page !== null && ref.page !== undefined) list = narrow((_l, cell, row) => (cell?.page ?? row.page) === ref.page, list);
    if (ref.raw !== undefined) list = narrow((_l, cell) => cell?.raw === ref.raw, list);
    return list;
  }

  /** The cells a check involves: each reference resolved, ambiguous ones kept beside the others. */
  checkCells(check: CheckResult): CellLoc[] {
    const refs = check.cells ?? [];
    const cands = refs.map((r) => this.candidates(r));
    const chosenRows = new Set<string>();
    const chosenTables = new Set<number>();
    for (const list of cands) {
      if (list.length === 1) {
        chosenRows.add(`${list[0]!.t}:${list[0]!.r}`);
        chosenTables.add(list[0]!.t);
      }
    }
    const out: CellLoc[] = [];
    const seen = new Set<string>();
    for (const list of cands) {
      if (list.length === 0) continue;
      const pick =
        list.length === 1
          ? list[0]!
          : (list.find((l) => chosenRows.has(`${l.t}:${l.r}`)) ?? list.find((l) => chosenTables.has(l.t)) ?? list[0]!);
      chosenRows.add(`${pick.t}:${pick.r}`);
      chosenTables.add(pick.t);
      const k = locKey(pick);
      if (!seen.has(k)) {
        seen.add(k);
        out.push(pick);
      }
    }
    return out;
  }

  /** References of a check that name no cell of the tables (reported beside the check). */
  unresolved(check: CheckResult): CellRef[] {
    return (check.cells ?? []).filter((r) => this.candidates(r).length === 0);
  }

  /** The cells a flag points at: by box on its page, else by line within its table(s). */
  flagCells(flag: Flag): CellLoc[] {
    const out: CellLoc[] = [];
    const tables = flag.table ? this.tablesOf(flag.table) : this.result.tables.map((_t, i) => i);
    if (flag.box && flag.page !== null) {
      for (const t of tables) this.eachCell(t, (l, cell, row) => {
        if (cell.box && (cell.page ?? row.page) === flag.page && intersects(cell.box, flag.box!)) out.push(l);
      });
      if (out.length > 0) return out;
    }
    if (flag.line !== undefined && flag.table) {
      for (const t of tables) this.eachCell(t, (l, cell, row) => {
        if (cell.line !== flag.line) return;
        const page = cell.page ?? row.page;
        if (flag.page !== null && page !== null && page !== flag.page) return;
        out.push(l);
      });
    }
    return out;
  }

  private eachCell(t: number, fn: (l: CellLoc, cell: CanonicalCell, row: CanonicalRow) => void): void {
    const table = this.result.tables[t]!;
    const cols = this.columns[t]!;
    table.rows.forEach((row, r) => {
      cols.forEach((col, c) => {
        const cell = row.cells[col.key];
        if (cell) fn({ t, r, c }, cell, row);
      });
    });
  }
}
