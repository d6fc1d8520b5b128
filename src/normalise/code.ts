/** Classification codes: 功能分类 类 3 / 款 5 / 项 7 digits; 经济分类 类 3 / 款 5 digits. */

// Classification codes never start with 0 (类 101–1xx income, 201–2xx functional, 301–3xx and
// 501–5xx economic); "024" is a 单位代码 (unit code), not a class.
const CODE = /^[1-9](\d{2}|\d{4}|\d{6})$/;

export function isCode(s: string): boolean {
  return CODE.test(s.trim());
}

export function codeLevel(code: string | null): 1 | 2 | 3 | null {
  if (!code) return null;
  if (code.length === 3) return 1;
  if (code.length === 5) return 2;
  if (code.length === 7) return 3;
  return null;
}

/**
 * A code printed in the same cell as its name: "201 一般公共服务支出", "2013101行政运行",
 * "310资本性支出". Returns null when the text does not start with a code.
 */
export function splitCodeName(text: string): { code: string; name: string } | null {
  const m = /^\s*([1-9]\d{2}|[1-9]\d{4}|[1-9]\d{6})(?!\d)\s*(?:[-－—、.．:：]\s*)?(\S.*)?$/u.exec(text);
  if (!m) return null;
  const name = (m[2] ?? '').trim();
  // "2013101" alone is a code; "2024.59" is a number, handled by the regex (no dot allowed after).
  if (name !== '' && /^[\d.,]/.test(name)) return null;
  return { code: m[1]!, name };
}

/** Joins codes split over 类/款/项 cells: ["201","06","01"] → "2010601"; ["201","","" ] → "201". */
export function joinSplitCode(parts: string[]): string | null {
  const p = parts.map((s) => s.trim()).filter((s) => s !== '');
  if (p.length === 0) return null;
  if (!p.every((s) => /^\d+$/.test(s))) return null;
  const first = p[0]!;
  if (p.length === 1) return isCode(first) ? first : null;
  // Either full codes repeated per level ("201","20106","2010601") or the 2-digit tails.
  const last = p[p.length - 1]!;
  if (isCode(last) && last.startsWith(first)) return last;
  if (first.length === 3 && p.slice(1).every((s) => s.length === 2)) return p.join('');
  return null;
}

/** The numbering printed before a label: 一、 （一） (1) 1. — not a decimal (1.5). */
const LEADING_ORDINAL = /^(?:[一二三四五六七八九十百]+、|[（(][一二三四五六七八九十\d]+[)）]、?|\d+[.．、](?!\d))/u;

/** The numbering that cleanLabel drops from the front of a label, or 其中 (which it keeps). */
export function labelOrdinal(s: string): string | null {
  const t = s.replace(/\s+/g, '');
  return LEADING_ORDINAL.exec(t)?.[0] ?? (/^其中[:：]?/.test(t) ? '其中' : null);
}

/** Label as used for matching: no whitespace, no markup, no leading ordinal. */
export function cleanLabel(s: string): string {
  return s
    .replace(/\s+/g, '')
    .replace(LEADING_ORDINAL, '');
}
