import type { DocumentKind } from '../model/canonical.js';
import type { Block } from '../model/layout.js';

/**
 * Document facts from the cover: the year the disclosure covers, the department, and the
 * kind (决算 final accounts / 预算 budget). Reads the text before the 目录 (or the first 15
 * lines), where covers print "<department> <year> 年度部门决算".
 */
export function documentFacts(blocks: Block[], titleKinds: DocumentKind[]): { kind: DocumentKind; year: number | null; department: string | null } {
  const cover: string[] = [];
  for (const b of blocks) {
    if (b.kind !== 'text') continue;
    const t = b.text.replace(/\s+/g, '');
    if (/^目录$/.test(t) || cover.length >= 15) break;
    if (/^附件\d*$/.test(t) || /^\d{4}年\d{1,2}月\d{1,2}日$/.test(t)) continue;
    cover.push(t.replace(/\*+/g, ''));
  }
  const text = cover.join('');
  let year: number | null = null;
  let department: string | null = null;
  const m = /(.*?)((?:19|20)\d{2})年度?(.*?)(?:部门|单位)?(决算|预算)/.exec(text);
  if (m) {
    year = Number(m[2]);
    const before = m[1]!.replace(/^(附件\d*)/, '');
    const after = m[3]!.replace(/^(部门|单位)/, '');
    department = (before.length >= 2 ? before : after).replace(/(部门|单位)$/, '') || null;
  }
  // A cover that names the department only by a short or bracketed alias ("（区委办）"):
  // the tables' 部门：/ 填报单位：/ 单位名称： lines carry the full name.
  if (department && (/^[（(].*[）)]$/.test(department) || department.length < 4)) department = null;
  if (!department) {
    for (const b of blocks) {
      if (b.kind !== 'text') continue;
      const d = /^(?:部门|填报单位|单位名称|预算单位)[:：]\s*(\S+)/.exec(b.text.trim());
      if (d) {
        department = d[1]!.replace(/\s+/g, '');
        break;
      }
    }
  }
  let kind: DocumentKind = 'unknown';
  if (/决算/.test(m?.[4] ?? '')) kind = 'final_account';
  else if (/预算/.test(m?.[4] ?? '')) kind = 'budget';
  else {
    const fa = titleKinds.filter((k) => k === 'final_account').length;
    const bu = titleKinds.filter((k) => k === 'budget').length;
    if (fa + bu > 0) kind = fa >= bu ? 'final_account' : 'budget';
  }
  return { kind, year, department };
}
