import type { CanonicalResult } from '../model/canonical.js';
import type { LaidOutDocument } from '../model/layout.js';
import { FINAL_ACCOUNT_TEMPLATES } from '../../extractors/final-account/index.js';
import { FINAL_ACCOUNT_PAIRS, FINAL_ACCOUNT_SUMS } from '../../extractors/checks/final-account.js';
import { templateById } from '../recognise/registry.js';
import { narrativeStatements } from './narrative.js';
import { consistencyChecks } from './consistency.js';
import { narrativeArithmetic, restatementChecks } from './narrative-checks.js';
import { FINAL_ACCOUNT_NARRATIVE } from '../../extractors/checks/narrative.js';
import { checkUnits } from './units.js';
import { reviewOcr } from './ocr-flags.js';
import { declaredSumChecks, hierarchyChecks, pairwiseChecks, rowIdentityChecks } from './checks.js';

/**
 * The validate stage: runs every check that applies (row identities and code hierarchies of
 * each recognised table, the declared line identities and cross-table equalities) and reports
 * each as pass / info (rounding) / fail / skipped. Also flags national tables that are absent.
 */
export function validate(result: CanonicalResult, doc: LaidOutDocument): CanonicalResult {
  result.narrative = narrativeStatements(doc);
  // Units first: every later check reads the corrected amounts.
  checkUnits(result);
  reviewOcr(result); // OCR'd pages: cell confidences, label matching, OCR corrections, low-confidence flags
  const checks = [];
  for (const t of result.tables) {
    if (t.template === 'other' || t.status === 'illegible' || t.status === 'empty') continue;
    const tpl = templateById(t.template);
    if (!tpl) continue;
    checks.push(...rowIdentityChecks(t, tpl), ...hierarchyChecks(t));
  }
  if (result.document.kind === 'final_account') {
    checks.push(...declaredSumChecks(result, FINAL_ACCOUNT_SUMS), ...pairwiseChecks(result, FINAL_ACCOUNT_PAIRS));
    checks.push(...restatementChecks(result, FINAL_ACCOUNT_NARRATIVE));
    const found = new Set(result.tables.map((t) => t.template));
    const flagged = new Set(result.flags.filter((f) => f.kind === 'missing_table').map((f) => f.table));
    for (const t of FINAL_ACCOUNT_TEMPLATES) {
      if (found.has(t.id) || flagged.has(t.id)) continue;
      result.flags.push({ kind: 'missing_table', severity: 'warning', message: `${t.id} ${t.name} belongs to the national set of final-account tables but was not found`, page: null, table: t.id });
    }
  }
  checks.push(...narrativeArithmetic(result), ...consistencyChecks(result, doc));
  result.checks = checks;
  return result;
}
