import type { CanonicalResult } from '../model/canonical.js';

/**
 * One line per converted document: what was found and what needs a look. Marked ✓, or ⚠ when
 * the document is `partial` (error-severity flags, or tables only partly read).
 */
export function summaryLine(r: CanonicalResult, outPath: string, ms: number, status: 'ok' | 'partial' = 'ok'): string {
  const known = r.tables.filter((t) => t.template !== 'other');
  const ids = known.map((t) => t.template + (t.status === 'ok' ? '' : `(${t.status})`));
  const errors = r.flags.filter((f) => f.severity === 'error').length;
  const warnings = r.flags.filter((f) => f.severity === 'warning').length;
  const failed = r.checks.filter((c) => c.status === 'fail').length;
  const doc = [r.document.kind, r.document.year ?? '?', r.document.department ?? '?'].join(' ');
  const other = r.tables.length - known.length;
  return `${status === 'ok' ? '✓' : '⚠'} ${r.source.file} [${doc}] ${known.length} tables: ${ids.join(' ') || 'none'}${other ? ` +${other} other` : ''}; ` +
    `${errors} errors, ${warnings} warnings${r.checks.length ? `, checks ${r.checks.length - failed}/${r.checks.length} pass` : ''} → ${outPath} (${ms} ms)`;
}
