import type { CanonicalTable, NarrativeStatement } from '../model/canonical.js';
import type { LaidOutDocument } from '../model/layout.js';
import { parseAmount, toYuan } from '../normalise/amount.js';

/**
 * "811.25万元", "20 万元", "1,050.18 元": amounts the narrative states, with their unit; also
 * the shorthand "1720.00万" (万 before punctuation or the end, never 6.6万户 or 15万市民).
 */
const AMOUNT = /(\d[\d,，]*(?:\.\d+)?)\s*(万元|元|万(?![\u4e00-\u9fff]))/g;

/**
 * The sentences of the narrative (情况说明, outside tables) that state amounts, each amount
 * converted exactly to 元. Input to the unit and narrative checks.
 */
function statedAmounts(text: string): NarrativeStatement['amounts'] {
  const amounts: NarrativeStatement['amounts'] = [];
  for (const m of text.matchAll(AMOUNT)) {
    const p = parseAmount(m[1]!.replace(/，/g, ','));
    if (p.kind !== 'number') continue;
    amounts.push({ raw: m[0], yuan: toYuan(p.value, m[2] === '元' ? '元' : '万元') });
  }
  return amounts;
}

/**
 * Sentences printed inside tables (a 说明 / 变动原因 column, a form's 年度目标): their amounts are
 * stated with a unit like the narrative's, and are read as narrative statements too, so each has
 * its exact 元 value (the cell keeps the printed text).
 */
export function tableStatements(tables: CanonicalTable[]): NarrativeStatement[] {
  const out: NarrativeStatement[] = [];
  for (const t of tables) for (const r of t.rows) for (const c of [{ raw: r.label, page: r.page, line: undefined as number | undefined }, ...Object.values(r.cells).filter((x) => x.yuan === null)]) {
    const amounts = statedAmounts(c.raw);
    if (amounts.length === 0 || c.page === null) continue;
    const s: NarrativeStatement = { text: c.raw, page: c.page, amounts };
    if (c.line !== undefined) s.line = c.line;
    out.push(s);
  }
  return out;
}

export function narrativeStatements(doc: LaidOutDocument): NarrativeStatement[] {
  const out: NarrativeStatement[] = [];
  for (const [i, b] of doc.blocks.entries()) {
    if (b.kind !== 'text') continue;
    const text = b.text.trim();
    const amounts = statedAmounts(text);
    // A sentence wrapped between the amount and its unit ("… 增加 54.13" / "万元，上升 2.88%"):
    // the unit opens the next line of the paragraph.
    const next = doc.blocks[i + 1];
    // The unit itself may be cut: "… 17,466.65 万" / "元，…".
    const cut = /(\d[\d,，]*(?:\.\d+)?)\s*万$/.exec(text);
    const tail = cut ?? /(\d[\d,，]*(?:\.\d+)?)\s*$/.exec(text);
    const unit = next?.kind !== 'text' ? undefined : cut ? (/^\s*元/.test(next.text) ? '万元' : undefined) : /^\s*(万元|元)/.exec(next.text)?.[1];
    if (tail && unit && !/[\d.]$/.test(text.slice(0, tail.index))) {
      const p = parseAmount(tail[1]!.replace(/，/g, ','));
      if (p.kind === 'number') amounts.push({ raw: `${tail[1]}${unit}`, yuan: toYuan(p.value, unit as '万元' | '元') });
    }
    if (amounts.length === 0) continue;
    const s: NarrativeStatement = { text, page: b.page, amounts };
    if (b.lineNo !== undefined) s.line = b.lineNo;
    out.push(s);
  }
  return out;
}
