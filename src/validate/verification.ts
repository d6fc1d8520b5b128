import type { CanonicalTable, CheckResult, TableVerification } from '../model/canonical.js';

/**
 * Whether a table's numbers hold, from the checks that read its cells. A published table nearly
 * always adds up, so the pattern of failures says who is wrong: one or two failures in an
 * otherwise consistent table are how a printed error of the source looks; failures on many rows,
 * or on most of one column, mean the *reading* (column keys, rows, continuation) is in doubt.
 */
const MANY_SHARE = 0.2;
const COLUMN_MIN = 3;

/** The column a check is about: the last dotted part of its id (`BU05.row[201].total` → total). */
function columnOf(c: CheckResult): string {
  const m = /\.([A-Za-z_][\w]*)$/.exec(c.id);
  return m?.[1] ?? c.cells?.[0]?.column ?? '';
}

export function verifyTable(t: CanonicalTable, checks: CheckResult[]): TableVerification {
  const counted = checks.filter((c) => c.status === 'pass' || c.status === 'info' || c.status === 'fail');
  const failed = counted.filter((c) => c.status === 'fail');
  const n = counted.length;
  const f = failed.length;
  if (n === 0) {
    const reason = t.template === 'other'
      ? 'no known template: no identity to check its numbers against'
      : t.status === 'empty' || t.status === 'illegible' ? `the table is ${t.status}` : 'no identity of the template applies to what the table prints';
    return { status: 'unverified', checks: 0, failed: 0, reason };
  }
  if (f === 0) return { status: 'verified', checks: n, failed: 0, reason: null };
  // Failures concentrated in one column: the column is probably misread (shifted or mis-keyed).
  const perColumn = new Map<string, { n: number; f: number }>();
  for (const c of counted) {
    const k = columnOf(c);
    const e = perColumn.get(k) ?? { n: 0, f: 0 };
    e.n++;
    if (c.status === 'fail') e.f++;
    perColumn.set(k, e);
  }
  const badColumns = [...perColumn].filter(([, e]) => e.f >= COLUMN_MIN && e.f * 2 >= e.n).map(([k]) => k);
  const many = f >= 2 && f > n * MANY_SHARE;
  if (many || badColumns.length > 0) {
    const why = badColumns.length > 0 && !many ? `most checks of column ${badColumns.join(', ')} fail` : 'failures on many rows';
    return { status: 'inconsistent', checks: n, failed: f, reason: `${f} of ${n} checks fail (${why}) — columns or rows probably misread: the reading is in doubt, not the document` };
  }
  return { status: 'verified', checks: n, failed: f, reason: `${f} of ${n} checks fail in an otherwise consistent table: possible error${f > 1 ? 's' : ''} in the document` };
}

/** Says in each failed check's message which of the two it is: a reading in doubt, or a possible printed error. */
export function explainFailures(checks: CheckResult[], verdictOf: (c: CheckResult) => TableVerification | undefined): void {
  for (const c of checks) {
    if (c.status !== 'fail') continue;
    const v = verdictOf(c);
    if (!v) continue;
    // A check that already knows its reading is in doubt (an amount on a line without a name) says so.
    if (c.message.startsWith('reading in doubt')) continue;
    const prefix = v.status === 'inconsistent' ? 'reading in doubt (the table fails many checks): ' : 'possible error in the document (the rest of the table adds up): ';
    if (!c.message.startsWith(prefix)) c.message = prefix + c.message;
  }
}
