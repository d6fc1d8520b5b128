import type { CanonicalResult, DocumentAssessment } from '../model/canonical.js';

/**
 * ✓ means the numbers are placed and add up. A document is `ok` only when at least 99 % of the
 * amounts it prints are placed (cells or narrative), no table is inconsistent, no table was read
 * only partly and no error was flagged. Anything else is `partial`, with the reasons in words.
 * Isolated failed checks in consistent tables keep `ok` and are named as findings of the source.
 */
export const COVERAGE_OK = 0.99;

const pct = (x: number) => `${(Math.floor(x * 1000) / 10).toFixed(1)} %`;

export function assessDocument(r: CanonicalResult): DocumentAssessment {
  const reasons: string[] = [];
  const findings: string[] = [];
  const cov = r.document.coverage;
  if (cov && cov.share < COVERAGE_OK) {
    reasons.push(`amounts ${cov.inTables + cov.inNarrative}/${cov.amounts} placed (${pct(cov.share)}): ${cov.unplaced} printed amount${cov.unplaced === 1 ? ' is' : 's are'} in no table cell or sentence (see unplaced)`);
  }
  for (const t of r.tables) {
    const name = t.template === 'other' ? `"${t.title || 'untitled table'}"` : t.template;
    if (t.verification?.status === 'inconsistent') reasons.push(`${name}: ${t.verification.reason}`);
    else if (t.verification?.status === 'verified' && t.verification.failed > 0) findings.push(`${name}: ${t.verification.reason}`);
  }
  const partly = r.tables.filter((t) => t.status === 'partial' || t.status === 'illegible');
  if (partly.length > 0) reasons.push(`${partly.length} table${partly.length > 1 ? 's' : ''} read only partly: ${partly.map((t) => (t.template === 'other' ? t.title || 'untitled' : t.template) + ` (${t.status})`).slice(0, 6).join(', ')}`);
  const errors = r.flags.filter((f) => f.severity === 'error');
  if (errors.length > 0) reasons.push(`${errors.length} error flag${errors.length > 1 ? 's' : ''}: ${errors[0]!.message}`);
  const failed = r.checks.filter((c) => c.status === 'fail').length;
  const inTables = r.tables.reduce((n, t) => n + (t.verification?.failed ?? 0), 0);
  if (failed > inTables && reasons.length === 0) findings.push(`${failed - inTables} check${failed - inTables > 1 ? 's' : ''} across tables or with the narrative fail: possible errors in the document`);
  return { status: reasons.length > 0 ? 'partial' : 'ok', reasons, findings };
}
