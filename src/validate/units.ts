import { Decimal } from 'decimal.js';
import type { CanonicalResult, CanonicalTable, Flag } from '../model/canonical.js';
import { parseAmount, toYuan } from '../normalise/amount.js';
import { templateById } from '../recognise/registry.js';

/** The table's grand total in 元 as currently read: its 合计 row, else the sum of its rows. */
function tableTotal(t: CanonicalTable): Decimal | null {
  const first = t.columns[0]?.key;
  if (!first) return null;
  const sumRow = (cells: CanonicalTable['rows'][number]['cells']) => {
    const total = cells[first]?.yuan;
    if (total) return new Decimal(total);
    // Total column blank: the row's other amounts (a converter may have shifted them).
    return Object.values(cells).reduce((s, c) => (c.yuan ? s.plus(c.yuan) : s), new Decimal(0));
  };
  const grand = t.rows.find((r) => r.total);
  if (grand && sumRow(grand.cells).greaterThan(0)) return sumRow(grand.cells);
  const rows = t.rows.filter((r) => !r.total);
  if (rows.length === 0) return null;
  return rows.reduce((s, r) => s.plus(sumRow(r.cells)), new Decimal(0));
}

/**
 * Unit sanity: a table whose declared unit cannot be right. When the narrative restates the
 * table's total (sentences with the template's keywords) and the rows give that total only
 * when read in the other unit, the evidence-supported unit is applied: every cell keeps its
 * printed string, records the correction, and the table is flagged `unit_mismatch`.
 */
export function checkUnits(result: CanonicalResult): void {
  for (const t of result.tables) {
    const tpl = templateById(t.template);
    if (!tpl?.narrativeKeywords || t.status === 'empty' || t.status === 'illegible' || !t.unit.declared) continue;
    const total = tableTotal(t);
    if (!total || total.isZero()) continue;
    const stated = result.narrative
      .filter((s) => tpl.narrativeKeywords!.some((k) => s.text.includes(k)))
      .flatMap((s) => s.amounts.map((a) => ({ ...a, s })));
    if (stated.length === 0 || stated.some((a) => new Decimal(a.yuan).equals(total))) continue;
    const factor = t.unit.declared === '万元' ? new Decimal(1).div(10000) : new Decimal(10000);
    const other = t.unit.declared === '万元' ? '元' : '万元';
    const hit = stated.find((a) => new Decimal(a.yuan).equals(total.times(factor)));
    if (!hit) continue;
    const reason = `the table declares ${t.unit.declared}, but its rows total ${hit.raw} (as the narrative states: "${hit.s.text.slice(0, 60)}") only when read in ${other}`;
    t.unit = { declared: t.unit.declared, applied: other, reason };
    for (const row of t.rows) {
      for (const cell of Object.values(row.cells)) {
        const p = parseAmount(cell.raw);
        if (p.kind !== 'number' || cell.yuan === null) continue;
        const yuan = toYuan(p.value, other);
        cell.corrections = [...(cell.corrections ?? []), { kind: 'unit', from: cell.yuan, to: yuan, reason: `read in ${other}: ${reason}` }];
        cell.yuan = yuan;
      }
    }
    const flag: Flag = { kind: 'unit_mismatch', severity: 'warning', message: `${t.template} ${t.templateName}: ${reason}; ${other} applied, declared unit kept`, page: t.pages[0] ?? null, table: t.template };
    if (hit.s.line !== undefined) flag.line = hit.s.line;
    result.flags.push(flag);
  }
}
