import type { CanonicalResult } from '../model/canonical.js';
import type { LaidOutDocument } from '../model/layout.js';
import { FINAL_ACCOUNT_TEMPLATES } from '../../extractors/final-account/index.js';

/**
 * The validate stage. For now: the national set of final-account tables. The registry of
 * arithmetic checks (issue 9) plugs in here.
 */
export function validate(result: CanonicalResult, _doc: LaidOutDocument): CanonicalResult {
  if (result.document.kind === 'final_account') {
    const found = new Set(result.tables.map((t) => t.template));
    const flagged = new Set(result.flags.filter((f) => f.kind === 'missing_table').map((f) => f.table));
    for (const t of FINAL_ACCOUNT_TEMPLATES) {
      if (found.has(t.id) || flagged.has(t.id)) continue;
      result.flags.push({ kind: 'missing_table', severity: 'warning', message: `${t.id} ${t.name} belongs to the national set of final-account tables but was not found`, page: null, table: t.id });
    }
  }
  return result;
}
