import type { CanonicalResult } from '../model/canonical.js';
import { FINAL_ACCOUNT_TEMPLATES } from '../../extractors/final-account/index.js';

/** What a document's report (and its row in the batch index) says at a glance. */
export interface ReportSummary {
  file: string;
  format: string;
  department: string | null;
  year: number | null;
  kind: string;
  pages: number;
  /** Distinct national templates recognised (any status), in document order. */
  templates: { id: string; status: string }[];
  /** How many of the expected national tables were found; null when the set is not fixed. */
  tablesFound: number;
  tablesExpected: number | null;
  /** Expected national tables not found. */
  missing: string[];
  /** Tables of no known template. */
  otherTables: number;
  checks: { total: number; pass: number; fail: number; info: number; skipped: number };
  flags: { total: number; error: number; warning: number; info: number };
  corrections: number;
  /** ok: nothing to look at; review: warnings, missing or unreadable tables; fail: failed checks or errors. */
  status: 'ok' | 'review' | 'fail';
  statusText: string;
}

/** The national set a document of this kind is expected to contain (final accounts: 公开01–09). */
export function expectedTemplates(kind: string): string[] | null {
  return kind === 'final_account' ? FINAL_ACCOUNT_TEMPLATES.map((t) => t.id) : null;
}

export function summarise(r: CanonicalResult): ReportSummary {
  const seen = new Map<string, string>();
  for (const t of r.tables) if (t.template !== 'other' && !seen.has(t.template)) seen.set(t.template, t.status);
  const templates = [...seen].map(([id, status]) => ({ id, status }));
  const expected = expectedTemplates(r.document.kind);
  const found = expected ? expected.filter((id) => seen.has(id)) : templates.map((t) => t.id);
  const missing = expected ? expected.filter((id) => !seen.has(id)) : [];
  const checks = { total: r.checks.length, pass: 0, fail: 0, info: 0, skipped: 0 };
  for (const c of r.checks) checks[c.status]++;
  const flags = { total: r.flags.length, error: 0, warning: 0, info: 0 };
  for (const f of r.flags) flags[f.severity]++;
  let corrections = 0;
  for (const t of r.tables) for (const row of t.rows) for (const c of Object.values(row.cells)) if (c.corrections?.length) corrections++;
  const unreadable = r.tables.filter((t) => t.template !== 'other' && (t.status === 'illegible' || t.status === 'partial')).length;

  let status: ReportSummary['status'] = 'ok';
  const why: string[] = [];
  if (checks.fail > 0) why.push(`${checks.fail} failed check${checks.fail === 1 ? '' : 's'}`);
  if (flags.error > 0) why.push(`${flags.error} error${flags.error === 1 ? '' : 's'}`);
  if (why.length > 0) status = 'fail';
  const review: string[] = [];
  if (flags.warning > 0) review.push(`${flags.warning} warning${flags.warning === 1 ? '' : 's'}`);
  if (missing.length > 0) review.push(`missing ${missing.join(', ')}`);
  if (unreadable > 0) review.push(`${unreadable} table${unreadable === 1 ? '' : 's'} partial or illegible`);
  if (templates.length === 0) review.push('no known table recognised');
  if (status === 'ok' && review.length > 0) status = 'review';
  const statusText = status === 'ok' ? 'ok' : [...why, ...review].join('; ');

  return {
    file: r.source.file,
    format: r.source.format,
    department: r.document.department,
    year: r.document.year,
    kind: r.document.kind,
    pages: r.source.pageCount,
    templates,
    tablesFound: found.length,
    tablesExpected: expected ? expected.length : null,
    missing,
    otherTables: r.tables.filter((t) => t.template === 'other').length,
    checks,
    flags,
    corrections,
    status,
    statusText,
  };
}

export const KIND_LABEL: Record<string, string> = { final_account: 'final account (决算)', budget: 'budget (预算)', unknown: 'unknown kind' };
