import { BUDGET_TEMPLATES } from '../../extractors/budget/index.js';
import { FINAL_ACCOUNT_TEMPLATES } from '../../extractors/final-account/index.js';

/**
 * Table titles misread by OCR ("财政掺束收入支出决算总表" for 财政拨款收入支出决算总表) are put
 * right before the recognise stage looks for them: a title picks its template by the longest
 * keyword it contains, so one wrong character can turn FA04 into FA01 or lose a table.
 *
 * A line ending in 表 is compared, at its end, with every template title keyword of at least
 * 8 characters. A keyword matches when at most 2 characters (and at most 20%) differ, and the
 * line holds at least as many characters as the keyword (substitutions, not missing characters:
 * "一般公共预算财政拨款支出决算表" must not become …基本支出决算表). Among matches the longest keyword
 * wins; a line that already contains it is left alone.
 */
let keywords: string[] | null = null;

function allKeywords(): string[] {
  keywords ??= [...new Set([...FINAL_ACCOUNT_TEMPLATES, ...BUDGET_TEMPLATES].flatMap((t) => t.titles))].filter((k) => [...k].length >= 8).sort((a, b) => [...b].length - [...a].length);
  return keywords;
}

function distance(a: readonly string[], b: readonly string[]): number {
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const cur = [i];
    for (let j = 1; j <= b.length; j++) cur[j] = Math.min(prev[j]! + 1, cur[j - 1]! + 1, prev[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1));
    prev = cur;
  }
  return prev[b.length]!;
}

/** The line with its title put right, or null when it needs nothing (or is no title). */
export function fixTitle(text: string): { text: string; keyword: string; distance: number } | null {
  const line = text.replace(/\s+/g, '');
  if (!/表[)）]?$/u.test(line)) return lastCharMisread(line);
  const chars = [...line.replace(/[)）]$/u, '')];
  for (const k of allKeywords()) {
    const kc = [...k];
    if (chars.length < kc.length) continue;
    if (line.includes(k)) return null; // the longest keyword present is already right
    const tail = chars.slice(chars.length - kc.length);
    const d = distance(tail, kc);
    if (d > 0 && d <= 2 && d <= kc.length * 0.2) {
      const head = chars.slice(0, chars.length - kc.length).join('');
      return { text: head + k, keyword: k, distance: d };
    }
  }
  return null;
}

let titlesEndingInBiao: string[] | null = null;

/**
 * A short line that is a known title but for its last character, the 表 misread ("2024年度收入
 * 决算梢"): only a substitution of that one ideograph, on a line without sentence punctuation.
 */
function lastCharMisread(line: string): { text: string; keyword: string; distance: number } | null {
  const chars = [...line];
  if (chars.length > 40 || chars.length < 6 || /[，,。；;：:、]/u.test(line) || !/[\u3400-\u9fff]$/u.test(line)) return null;
  const body = chars.slice(0, -1).join('');
  titlesEndingInBiao ??= [...new Set([...FINAL_ACCOUNT_TEMPLATES, ...BUDGET_TEMPLATES].flatMap((t) => t.titles))].filter((k) => [...k].length >= 5 && k.endsWith('表'));
  const k = titlesEndingInBiao.filter((t) => body.endsWith(t.slice(0, -1))).sort((a, b) => [...b].length - [...a].length)[0];
  return k ? { text: body + '表', keyword: k, distance: 1 } : null;
}
