import type { DocumentKind } from '../model/canonical.js';
import type { Block } from '../model/layout.js';

/**
 * Document facts from the cover: the year the disclosure covers, the department, and the
 * kind (决算 final accounts / 预算 budget). Reads the text before the 目录 (or the first 15
 * lines), where covers print "<department> <year> 年度部门决算".
 */
export interface DocumentFacts {
  kind: DocumentKind;
  year: number | null;
  department: string | null;
  /** 部门预算/决算 (a department, with its units) or 单位预算/决算 (one unit), as the cover says. */
  scope?: 'department' | 'unit';
  /** The cover's title was found ("<department> <year> 年度部门预算"): not a tables-only part. */
  cover: boolean;
}

export function documentFacts(blocks: Block[], titleKinds: DocumentKind[]): DocumentFacts {
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
  // A cover that names only the region ("上海市普陀区2026年区级部门预算"): every bureau of the
  // district would share that name; the 预算主管部门 / 部门名称 line names the department.
  if (department && isRegionOnly(department)) department = null;
  if (!department) department = departmentLine(blocks) ?? departmentField(blocks);
  // No cover (a tables-only part): the year the table titles print.
  if (year === null) year = commonYear(blocks);
  let kind: DocumentKind = 'unknown';
  if (/决算/.test(m?.[4] ?? '')) kind = 'final_account';
  else if (/预算/.test(m?.[4] ?? '')) kind = 'budget';
  else {
    const fa = titleKinds.filter((k) => k === 'final_account').length;
    const bu = titleKinds.filter((k) => k === 'budget').length;
    if (fa + bu > 0) kind = fa >= bu ? 'final_account' : 'budget';
  }
  // 单位预算 / 预算单位 (Shanghai, Fuzhou units) or 部门预算 / 部门综合预算 on the cover.
  const scope = /单位(?:预算|决算)|预算单位/.test(text) ? 'unit' : /部门(?:综合)?(?:预算|决算)/.test(text) ? 'department' : undefined;
  return { kind, year, department, ...(scope ? { scope } : {}), cover: m !== null };
}

/** A place name without an agency ("上海市普陀区", "西安市"), not a department. */
function isRegionOnly(name: string): boolean {
  const n = name.replace(/\s+/g, '');
  return /^[\u4e00-\u9fa5]{2,12}?(省|市|自治区|自治州|区|县|旗)$/.test(n) && !/(局|委|办|院|厅|中心|站|所|队|会|部|处|室|馆|校|团|社|司|署|行|库|台)/.test(n.replace(/(省|市|自治区|自治州|区|县|旗)$/, ''));
}

/**
 * The year of a document without a cover: the year most table titles print ("2019年政府采购预算表"),
 * or a form's year line under its title ("（2026年度）", Beijing's 绩效目标表). Two titles, or one
 * when no title prints another year.
 */
function commonYear(blocks: Block[]): number | null {
  const counts = new Map<number, number>();
  for (const b of blocks) {
    if (b.kind !== 'text' || b.text.length > 60) continue;
    const t = b.text.replace(/\s+/g, '');
    const m = /((?:19|20)\d{2})年度?/.exec(t);
    if (m && (/表/.test(t) || /^[（(](?:19|20)\d{2}年度?[）)]$/.test(t))) counts.set(Number(m[1]), (counts.get(Number(m[1])) ?? 0) + 1);
  }
  const ranked = [...counts].sort((a, b) => b[1] - a[1]);
  const best = ranked[0];
  if (!best) return null;
  return best[1] >= 2 || ranked.length === 1 ? best[0] : null;
}

const DEPARTMENT_LABEL = /^(?:预算主管部门|主管部门|部门名称|部门|填报单位|单位名称|预算单位)[:：]\s*(\S+)/;
/** Form labels whose value cell (the next one in the row) names the department, department-level first. */
const DEPARTMENT_FIELDS = [/^(?:预算主管部门|主管部门|部门名称)[:：]?$/, /^(?:单位名称|预算单位|填报单位)[:：]?$/];

/** The department from a "部门：…" / "预算主管部门：…" / "部门名称 …" line, the first the document prints. */
function departmentLine(blocks: Block[]): string | null {
  for (const b of blocks) {
    if (b.kind !== 'text') continue;
    const t = b.text.trim();
    const d = DEPARTMENT_LABEL.exec(t) ?? /^(?:预算主管部门|部门名称|单位名称)\s+(\S+)$/.exec(t);
    if (d && !isRegionOnly(d[1]!)) return d[1]!.replace(/\s+/g, '').replace(/(单位|金额单位)[:：].*$/, '');
  }
  return null;
}

/**
 * The department from a form (部门整体支出绩效目标表: "部门名称 | 北京市生态环境局"): the cell after
 * a department label, department-level labels before unit-level ones (a project form's 单位名称 may
 * be a sub-unit).
 */
function departmentField(blocks: Block[]): string | null {
  for (const label of DEPARTMENT_FIELDS) {
    for (const b of blocks) {
      if (b.kind !== 'table') continue;
      for (const row of b.table.rows) {
        const cells = [...row.cells].sort((a, c) => a.col - c.col);
        for (let i = 0; i + 1 < cells.length; i++) {
          if (!label.test(cells[i]!.text.replace(/\s+/g, ''))) continue;
          const value = cells[i + 1]!.text.replace(/\s+/g, '');
          if (value.length >= 4 && !isRegionOnly(value) && /[\u4e00-\u9fa5]/.test(value) && !/\d{3,}/.test(value)) return value;
        }
      }
    }
  }
  return null;
}
