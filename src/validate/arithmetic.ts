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
export function tolerance(terms: Term[], all: Term[] = terms): Decimal {
  let tol = new Decimal(0);
  for (const t of terms) tol = tol.plus(t.table.unit.applied === '万元' ? 100 : new Decimal('0.01'));
  // Printed with fewer decimals than the other figures of the same identity (943865000 beside
  // 936647884.3 and 7217115.63: a spreadsheet cell too narrow for its digits), a figure is rounded
  // to its last printed place: it may be off by half of that place.
  const places = all.map((t) => decimalsOf(t.cell?.raw)).filter((d): d is number => d !== null);
  const finest = Math.max(0, ...places);
  for (const t of all) {
    const d = decimalsOf(t.cell?.raw);
    if (d === null || d >= finest) continue;
    const unit = t.table.unit.applied === '万元' ? new Decimal(10000) : new Decimal(1);
    tol = tol.plus(new Decimal(10).pow(-d).times(unit).div(2));
  }
  return tol;
}

/** Decimal places of a printed amount ("1,234.5" → 1, "800" → 0); null for a blank or a dash. */
function decimalsOf(raw: string | undefined): number | null {
  if (!raw || !/\d/.test(raw)) return null;
  const m = /[.．](\d+)\s*$/.exec(raw.replace(/\s+/g, ''));
  return m ? m[1]!.length : 0;
}

const fmt = (d: Decimal) => d.toFixed();

/** total = Σ parts → pass / info (within rounding) / fail, with the cells involved. */
export function sumCheck(id: string, description: string, total: Term, parts: Term[], soft = false): CheckResult {
  let sum = new Decimal(0);
  for (const p of parts) sum = p.sign === 1 ? sum.plus(value(p)) : sum.minus(value(p));
  const actual = value(total);
  const diff = actual.minus(sum);
  const cells = [total, ...parts].map(cellRef);
  const tol = tolerance(parts.length > 0 ? parts : [total], [total, ...parts]);
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
