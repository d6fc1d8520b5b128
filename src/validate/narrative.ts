import type { NarrativeStatement } from '../model/canonical.js';
import type { LaidOutDocument } from '../model/layout.js';
import { parseAmount, toYuan } from '../normalise/amount.js';

/** "811.25万元", "20 万元", "1,050.18 元": amounts the narrative states, with their unit. */
const AMOUNT = /(\d[\d,，]*(?:\.\d+)?)\s*(万元|元)/g;

/**
 * The sentences of the narrative (情况说明, outside tables) that state amounts, each amount
 * converted exactly to 元. Input to the unit and narrative checks.
 */
export function narrativeStatements(doc: LaidOutDocument): NarrativeStatement[] {
  const out: NarrativeStatement[] = [];
  for (const [i, b] of doc.blocks.entries()) {
    if (b.kind !== 'text') continue;
    const text = b.text.trim();
    const amounts: NarrativeStatement['amounts'] = [];
    for (const m of text.matchAll(AMOUNT)) {
      const p = parseAmount(m[1]!.replace(/，/g, ','));
      if (p.kind !== 'number') continue;
      amounts.push({ raw: m[0], yuan: toYuan(p.value, m[2] as '万元' | '元') });
    }
    // A sentence wrapped between the amount and its unit ("… 增加 54.13" / "万元，上升 2.88%"):
    // the unit opens the next line of the paragraph.
    const next = doc.blocks[i + 1];
    const tail = /(\d[\d,，]*(?:\.\d+)?)\s*$/.exec(text);
    const unit = next?.kind === 'text' ? /^\s*(万元|元)/.exec(next.text)?.[1] : undefined;
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
