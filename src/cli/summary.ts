import type { CanonicalResult } from '../model/canonical.js';
import { assessDocument } from '../account/assess.js';

/**
 * One line per converted document: what was found, how many of its printed amounts were placed,
 * and what needs a look. Marked ✓ only when the numbers are placed (≥ 99 %) and add up; ⚠
 * otherwise, with the first reason in words on the same line.
 */
export function summaryLine(r: CanonicalResult, outPath: string, ms: number, status?: 'ok' | 'partial'): string {
  const assessment = r.assessment ?? assessDocument(r);
  const st = status ?? assessment.status;
  const known = r.tables.filter((t) => t.template !== 'other');
  const ids = known.map((t) => t.template + (t.status === 'ok' ? '' : `(${t.status})`) + (t.verification?.status === 'inconsistent' ? '(inconsistent)' : ''));
  const errors = r.flags.filter((f) => f.severity === 'error').length;
  const warnings = r.flags.filter((f) => f.severity === 'warning').length;
  const failed = r.checks.filter((c) => c.status === 'fail').length;
  const doc = [r.document.kind, r.document.year ?? '?', r.document.department ?? '?'].join(' ');
  const other = r.tables.length - known.length;
  const cov = r.document.coverage;
  const amounts = cov ? `amounts ${cov.inTables + cov.inNarrative}/${cov.amounts} placed; ` : '';
  const why = st === 'partial' && assessment.reasons.length > 0 ? ` — ${assessment.reasons[0]}${assessment.reasons.length > 1 ? ` (+${assessment.reasons.length - 1} more)` : ''}` : '';
  const source = st === 'ok' && assessment.findings.length > 0 ? ` — ${assessment.findings[0]}` : '';
  return `${st === 'ok' ? '✓' : '⚠'} ${r.source.file} [${doc}] ${known.length} tables: ${ids.join(' ') || 'none'}${other ? ` +${other} other` : ''}; ` +
    `${amounts}${errors} errors, ${warnings} warnings${r.checks.length ? `, checks ${r.checks.length - failed}/${r.checks.length} pass` : ''}${why}${source} → ${outPath} (${ms} ms)`;
}
