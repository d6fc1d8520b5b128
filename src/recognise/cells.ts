import type { CanonicalCell, Unit } from '../model/canonical.js';
import type { GridCell } from '../model/layout.js';
import { parseAmount, toYuan } from '../normalise/amount.js';

/** A canonical cell from a grid cell: printed string kept, exact yuan computed. */
export function amountCell(c: GridCell, unit: Unit): CanonicalCell {
  const raw = c.text.trim();
  const p = parseAmount(raw);
  const cell: CanonicalCell = {
    raw,
    yuan: p.kind === 'number' ? toYuan(p.value, unit) : null,
    page: c.page,
    box: c.box,
  };
  if (c.lineNo !== undefined) cell.line = c.lineNo;
  if (c.confidence !== undefined) cell.confidence = c.confidence;
  return cell;
}
