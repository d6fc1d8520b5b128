import { Decimal } from 'decimal.js';
import type { CanonicalCell, CanonicalRow, CanonicalTable, CellRef, CheckResult } from '../model/canonical.js';

/** One operand of a check: a cell (null when the row or cell is absent, i.e. blank). */
export interface Term {
  table: CanonicalTable;
  row: CanonicalRow;
  column: string;
  cell: CanonicalCell | undefined;
  sign: 1 | -1;
}

export const value = (t: Term) => (t.cell?.yuan ? new Decimal(t.cell.yuan) : new Decimal(0));

export function cellRef(t: Term): CellRef {
  const ref: CellRef = {
    table: t.table.template,
    row: [t.row.side, t.row.code ?? t.row.label].filter(Boolean).join(':'),
    column: t.column,
    page: t.cell?.page ?? t.row.page,
    box: t.cell?.box ?? null,
  };
  if (t.cell?.line !== undefined) ref.line = t.cell.line;
  if (t.cell) ref.raw = t.cell.raw;
  return ref;
}

/**
 * Rounding allowance: the national tables print amounts to 0.01 of their unit, and "金额单位
 * 转换时可能存在尾数误差", so each rounded item may be off by one in the last place: 0.01 万元
 * (100 元) per item in a 万元 table, 0.01 元 per item in a 元 table. Exact decimals throughout.
 */
export function tolerance(terms: Term[]): Decimal {
  let tol = new Decimal(0);
  for (const t of terms) tol = tol.plus(t.table.unit.applied === '万元' ? 100 : new Decimal('0.01'));
  return tol;
}

const fmt = (d: Decimal) => d.toFixed();

/** total = Σ parts → pass / info (within rounding) / fail, with the cells involved. */
export function sumCheck(id: string, description: string, total: Term, parts: Term[], soft = false): CheckResult {
  let sum = new Decimal(0);
  for (const p of parts) sum = p.sign === 1 ? sum.plus(value(p)) : sum.minus(value(p));
  const actual = value(total);
  const diff = actual.minus(sum);
  const cells = [total, ...parts].map(cellRef);
  const tol = tolerance(parts.length > 0 ? parts : [total]);
  const base = { id, expected: fmt(sum), actual: fmt(actual), difference: fmt(diff), cells };
  const where = `${total.table.template} ${total.row.code ?? total.row.label} ${total.column}`;
  if (diff.isZero()) return { ...base, status: 'pass', message: `${description}: ${fmt(actual)} 元` };
  if (diff.abs().lessThanOrEqualTo(tol)) {
    return { ...base, status: 'info', message: `${description}: ${where} is ${fmt(actual)} 元, parts sum to ${fmt(sum)} 元; the ${fmt(diff)} 元 difference is within rounding (${fmt(tol)} 元 for ${parts.length || 1} rounded item(s))` };
  }
  return {
    ...base,
    status: soft ? 'info' : 'fail',
    message: `${description}: ${where} is ${total.cell?.yuan ? `${fmt(actual)} 元` : 'blank'} but the parts sum to ${fmt(sum)} 元 (difference ${fmt(diff)} 元)${soft ? '; the two figures need not be equal' : ''}`,
  };
}
