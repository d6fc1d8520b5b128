import type { CanonicalResult, CanonicalTable, CheckResult } from '../model/canonical.js';
import { explainFailures, verifyTable } from './verification.js';
import type { LaidOutDocument } from '../model/layout.js';
import { FINAL_ACCOUNT_TEMPLATES } from '../../extractors/final-account/index.js';
import { FINAL_ACCOUNT_PAIRS, FINAL_ACCOUNT_SUMS } from '../../extractors/checks/final-account.js';
import { templateById } from '../recognise/registry.js';
import { narrativeStatements, tableStatements } from './narrative.js';
import { consistencyChecks } from './consistency.js';
import { narrativeArithmetic, restatementChecks } from './narrative-checks.js';
import { FINAL_ACCOUNT_NARRATIVE } from '../../extractors/checks/narrative.js';
import { checkUnits } from './units.js';
import { missingBudgetTables } from './expected.js';
import { reviewOcr } from './ocr-flags.js';
import { reviewOcrDepartment } from './ocr-names.js';
import { getOcrEvidence } from '../read/ocr-evidence.js';
import { declaredSumChecks, pairwiseChecks, tableChecks } from './checks.js';

/**
 * The validate stage: runs every check that applies (row identities and code hierarchies of
 * each recognised table, the declared line identities and cross-table equalities) and reports
 * each as pass / info (rounding) / fail / skipped. Also flags national tables that are absent.
 */
export function validate(result: CanonicalResult, doc: LaidOutDocument): CanonicalResult {
  result.narrative = [...narrativeStatements(doc), ...tableStatements(result.tables)];
  // Units first: every later check reads the corrected amounts.
  checkUnits(result);
  reviewOcr(result); // OCR'd pages: cell confidences, label matching, OCR corrections, low-confidence flags
  if (getOcrEvidence(result.source)) result.flags.push(...reviewOcrDepartment(result, doc)); // 北素市… → 北京市…
  const checks: CheckResult[] = [];
  const own = new Map<CanonicalTable, CheckResult[]>();
  for (const t of result.tables) {
    const tpl = t.template === 'other' || t.status === 'illegible' || t.status === 'empty' ? undefined : templateById(t.template);
    let mine: CheckResult[] = [];
    try {
      if (tpl) mine = tableChecks(t, tpl);
    } catch (e) {
      // An internal error in one table's checks leaves that table unverified, never the document.
      result.flags.push({ kind: 'internal_error', severity: 'error', message: `validate: the checks of ${t.template} "${t.title}" failed (${e instanceof Error ? e.message : String(e)})`, page: t.pages[0] ?? null, table: t.template });
    }
    own.set(t, mine);
    checks.push(...mine);
  }
  if (result.document.kind === 'final_account') {
    checks.push(...declaredSumChecks(result, FINAL_ACCOUNT_SUMS), ...pairwiseChecks(result, FINAL_ACCOUNT_PAIRS));
    checks.push(...restatementChecks(result, FINAL_ACCOUNT_NARRATIVE));
    const found = new Set(result.tables.map((t) => t.template));
    const flagged = new Set(result.flags.filter((f) => f.kind === 'missing_table').map((f) => f.table));
    for (const t of FINAL_ACCOUNT_TEMPLATES) {
      if (found.has(t.id) || flagged.has(t.id)) continue;
      if (t.inSetSince !== undefined && result.document.year !== null && result.document.year < t.inSetSince) continue;
      result.flags.push({ kind: 'missing_table', severity: 'warning', message: `${t.id} ${t.name} belongs to the national set of final-account tables but was not found`, page: null, table: t.id });
    }
  }
  result.flags.push(...missingBudgetTables(result));
  checks.push(...narrativeArithmetic(result), ...consistencyChecks(result, doc));
  result.checks = checks;
  for (const [t, mine] of own) t.verification = verifyTable(t, mine);
  // A failed check says whether the reading or the document is in doubt: by its own table's
  // verdict, or for a check across tables, by the most doubtful table it reads.
  const verdictOf = (c: CheckResult) => {
    const mineOf = [...own].find(([, m]) => m.includes(c))?.[0];
    if (mineOf) return mineOf.verification;
    const ids = new Set((c.cells ?? []).map((x) => x.table));
    const vs = result.tables.filter((t) => ids.has(t.template)).map((t) => t.verification).filter((v) => v !== undefined);
    return vs.find((v) => v.status === 'inconsistent') ?? vs.find((v) => v.status === 'verified');
  };
  explainFailures(checks, verdictOf);
  return result;
}
