import type { CanonicalResult, CanonicalTable, Flag } from '../model/canonical.js';
import { BUDGET_NATIONAL_SET, MIN_PRINTED_FOR_SET } from '../../extractors/budget/national-set.js';
import { canonicalTitle, matchTitle, templateById } from '../recognise/registry.js';

/**
 * Budget tables the national set requires but the document does not print: one `missing_table`
 * warning each (extractors/budget/national-set.ts says which are required and what stands in for
 * them). Only for a document that prints the set: a narrative part (tables_published_separately)
 * or a file with fewer than MIN_PRINTED_FOR_SET of the set's tables says nothing about the rest.
 */
export function missingBudgetTables(result: CanonicalResult): Flag[] {
  if (result.document.kind !== 'budget') return [];
  if (result.flags.some((f) => f.kind === 'tables_published_separately')) return [];
  const printed = new Set(result.tables.filter(isPrinted).map((t) => t.template));
  const setPrinted = BUDGET_NATIONAL_SET.filter((e) => present(e.template, e.alsoBy, printed)).length;
  if (setPrinted < MIN_PRINTED_FOR_SET) return [];
  const flagged = new Set(result.flags.filter((f) => f.kind === 'missing_table').map((f) => f.table));
  // A table printed under the national title whose body matched no template is printed, not
  // missing (its reading is another finding).
  const others = result.tables.filter((t) => t.template === 'other' && t.title);
  const otherTitles = others.map((t) => canonicalTitle(t.title).text);
  for (const t of others) {
    const m = matchTitle(t.title);
    if (m) printed.add(m.template.id);
  }
  const out: Flag[] = [];
  for (const e of BUDGET_NATIONAL_SET) {
    if (!e.required || flagged.has(e.template) || present(e.template, e.alsoBy, printed)) continue;
    if (e.printedAs?.some((re) => otherTitles.some((t) => re.test(t)))) continue;
    const name = templateById(e.template)?.name ?? e.template;
    out.push({
      kind: 'missing_table',
      severity: 'warning',
      message: `${e.template} ${name} belongs to the national set of budget tables every department publishes, but the document does not print it (${setPrinted} of the set's tables are printed)`,
      page: null,
      table: e.template,
    });
  }
  return out;
}

/**
 * Every table of a template was printed: empty ones with their page, illegible ones unreadable
 * (flagged illegible); a title whose body was lost already has its own missing_table flag.
 */
function isPrinted(t: CanonicalTable): boolean {
  return t.template !== 'other';
}

function present(template: string, alsoBy: string[] | undefined, printed: Set<string>): boolean {
  return printed.has(template) || (alsoBy ?? []).some((id) => printed.has(id));
}
