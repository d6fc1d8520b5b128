import type { TemplateSpec } from '../../extractors/types.js';
import { FINAL_ACCOUNT_TEMPLATES } from '../../extractors/final-account/index.js';
import { BUDGET_TEMPLATES } from '../../extractors/budget/index.js';

export const ALL_TEMPLATES: readonly TemplateSpec[] = [...FINAL_ACCOUNT_TEMPLATES, ...BUDGET_TEMPLATES];

export function templateById(id: string): TemplateSpec | undefined {
  return ALL_TEMPLATES.find((t) => t.id === id);
}

/**
 * Title normalisation before keyword matching: no whitespace, years, quotes, brackets,
 * ordinals, "公开0N表" labels or markup.
 */
export function normaliseTitle(s: string): string {
  return s
    .replace(/<[^>]+>/g, '')
    .replace(/\s+/g, '')
    .replace(/[0-9０-９]{4}\s*年(度)?/g, '')
    .replace(/[“”"'‘’「」『』]/g, '')
    .replace(/[()（）【】\[\]〔〕<>《》]/g, '')
    .replace(/^[#*\-]+/, '')
    .replace(/^(?:[一二三四五六七八九十]+[、.．]|\d+[、.．])/, '')
    .replace(/公开\d+表|公开表\d+/g, '')
    .replace(/\*+/g, '');
}

export interface TitleMatch {
  template: TemplateSpec;
  score: number;
}

/** The template whose longest title keyword the text contains; null when none does. */
export function matchTitle(text: string): TitleMatch | null {
  const t = normaliseTitle(text);
  if (t.length === 0 || t.length > 60) return null;
  let best: TitleMatch | null = null;
  for (const tpl of ALL_TEMPLATES) {
    if (tpl.notTitles?.some((n) => t.includes(n))) continue;
    // Kind by wording: 决算 titles are final accounts; budget titles do not say 决算.
    if (tpl.kind === 'final_account' && !t.includes('决算')) continue;
    if (tpl.kind === 'budget' && t.includes('决算')) continue;
    for (const k of tpl.titles) {
      if (t.includes(k) && (!best || k.length > best.score)) best = { template: tpl, score: k.length };
    }
  }
  return best;
}

/**
 * A printed table label: "公开01表", "公开 01 表", "公开表 1". A label standing alone may have
 * lost a character to OCR ("开06表", "公06表"), so a short line of that shape counts too.
 */
export function matchLabelNumber(text: string): number | null {
  const t = text.replace(/\s+/g, '');
  const m = /公开(?:表)?([0-9０-９]{1,2})(?:表)?/.exec(t) ?? /^[公开](?:表)?([0-9０-９]{1,2})表$/.exec(t);
  if (!m) return null;
  return Number(m[1]!.replace(/[０-９]/g, (c) => String(c.charCodeAt(0) - 0xff10)));
}
