import type { DetectedTable } from '../model/layout.js';
import { lastPage, type Group } from './groups.js';
import { canonicalTitle } from './registry.js';

/**
 * Tables continued over pages. Many producers print the title again on every page (Shenzhen's
 * 支出总表 over seven pages, Foshan's FA06 over four): a group with the same template and the same
 * title that starts on the page after the previous one ends is that table's continuation. Page
 * furniture between them (a page number printed as a one-cell table) is not a table at all.
 */
export function mergeContinuations(groups: Group[]): Group[] {
  const out: Group[] = [];
  for (const g of groups) {
    if (g.detected.length > 0 && isPageFurniture(g)) continue;
    const prev = [...out].reverse().find((x) => x.detected.length > 0);
    if (prev && continues(prev, g)) {
      prev.detected.push(...g.detected);
      prev.notes.push(...g.notes.filter((n) => !prev.notes.includes(n)));
      if (!prev.unit) prev.unit = g.unit;
      continue;
    }
    out.push(g);
  }
  return out;
}

function continues(prev: Group, g: Group): boolean {
  if (!prev.template || prev.template !== g.template || prev.template.layout === 'records') return false;
  if (g.detected.length === 0 || g.illegible.length > 0) return false;
  const first = Math.min(...g.detected.flatMap((d) => d.pages));
  if (first !== lastPage(prev) + 1) return false;
  const same = (a: string, b: string) => canonicalTitle(a).text === canonicalTitle(b).text;
  // 续表 / (续) marks a continuation whatever else the title says.
  return same(prev.title, g.title) || /续表?[）)]?$|^续表/.test(g.title.replace(/\s+/g, ''));
}

/** A detected "table" that is only page numbers or dashes (页脚 "- 22 -"). */
function isPageFurniture(g: Group): boolean {
  if (g.title.trim() !== '' || g.template) return false;
  const cells = g.detected.flatMap((d: DetectedTable) => d.rows.flatMap((r) => r.cells.map((c) => c.text.replace(/\s+/g, '')))).filter((t) => t !== '');
  return cells.length > 0 && cells.length <= 4 && cells.every((t) => /^([-–—_]+|[-–—]?\d{1,3}[-–—]?|第\d{1,3}页(共\d{1,3}页)?|\d{1,3}\/\d{1,3})$/.test(t));
}
