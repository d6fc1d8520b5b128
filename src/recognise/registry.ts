import type { TemplateSpec } from '../../extractors/types.js';
import { FINAL_ACCOUNT_TEMPLATES } from '../../extractors/final-account/index.js';
import { BUDGET_TEMPLATES } from '../../extractors/budget/index.js';
import { MIN_TITLE, TITLE_FEATURES, TITLE_PUBLISHER, TITLE_REMARKS, TITLE_REWRITES } from '../../extractors/titles.js';

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
  /** Length of the canonical keyword the title contains (longer = more specific). */
  score: number;
  /** The keyword (canonical wording) that matched. */
  keyword: string;
  /** The title's classification qualifiers agree with the template's (按功能分类 on a functional table). */
  featureAgrees: boolean;
}

export interface CanonicalTitle {
  text: string;
  features: Set<'functional' | 'economic'>;
}

/**
 * A title in canonical wording (extractors/titles.ts): the normalised title with its
 * classification qualifiers taken out as features and the regional wording rewritten.
 */
export function canonicalTitle(text: string): CanonicalTitle {
  const features = new Set<'functional' | 'economic'>();
  const strip = (s: string) => {
    for (const f of TITLE_FEATURES) {
      const next = s.replace(f.pattern, '');
      if (next !== s) features.add(f.feature);
      s = next;
    }
    return s;
  };
  // A bracketed qualifier (（按功能分类科目）) is evidence, a remark (（不含上年结转）) is dropped;
  // other bracketed words stay part of the title.
  const bare = text.replace(/[（(]([^（）()]{1,24})[）)]/g, (_, inner: string) => {
    // "按支出经济分类科目-不含上年结转": a qualifier and a remark joined by a dash or a comma.
    // "（支出经济分类科目）": the qualifier without its 按.
    const rest = strip(normaliseTitle(inner).replace(/^支出(?=功能|经济)/, ''));
    if (TITLE_REMARKS.test(rest)) return '';
    return rest.split(/[-—－_，,；;]+/).filter((p) => p !== '' && !TITLE_REMARKS.test(p)).join('');
  });
  let t = strip(normaliseTitle(bare));
  for (const [re, to] of TITLE_REWRITES) t = t.replace(re, to);
  const unpublished = t.replace(TITLE_PUBLISHER, '');
  if (unpublished.length >= MIN_TITLE) t = unpublished;
  return { text: t, features };
}

const keywordCache = new Map<TemplateSpec, { keyword: string; original: string }[]>();
function keywordsOf(tpl: TemplateSpec): { keyword: string; original: string }[] {
  let k = keywordCache.get(tpl);
  if (!k) {
    k = tpl.titles.map((original) => ({ keyword: canonicalTitle(original).text, original })).filter((x) => x.keyword.length > 0);
    keywordCache.set(tpl, k);
  }
  return k;
}

/**
 * Every template whose title keywords the text contains, in canonical wording, best first (the
 * longest keyword wins; a title whose qualifier contradicts the template's classification, or
 * whose kind of document (决算 / 预算) differs, does not count).
 */
export function titleCandidates(text: string): TitleMatch[] {
  const raw = normaliseTitle(text);
  if (raw.length === 0 || raw.length > 60) return [];
  const c = canonicalTitle(text);
  const out: TitleMatch[] = [];
  for (const tpl of ALL_TEMPLATES) {
    if (tpl.notTitles?.some((n) => raw.includes(n) || c.text.includes(n))) continue;
    // Kind by wording: 决算 titles are final accounts; budget titles do not say 决算.
    if (tpl.kind === 'final_account' && !raw.includes('决算')) continue;
    if (tpl.kind === 'budget' && raw.includes('决算')) continue;
    const cls = tpl.classification;
    if (cls && c.features.size === 1 && !c.features.has(cls)) continue;
    let best: TitleMatch | null = null;
    for (const { keyword } of keywordsOf(tpl)) {
      if (c.text.includes(keyword) && (!best || keyword.length > best.score)) {
        best = { template: tpl, score: keyword.length, keyword, featureAgrees: cls !== undefined && c.features.has(cls) };
      }
    }
    if (best) out.push(best);
  }
  return out.sort((a, b) => b.score - a.score || Number(b.featureAgrees) - Number(a.featureAgrees));
}

/** The template whose longest title keyword the text contains; null when none does. */
export function matchTitle(text: string): TitleMatch | null {
  return titleCandidates(text)[0] ?? null;
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
