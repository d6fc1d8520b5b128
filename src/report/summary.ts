import type { CanonicalResult } from '../model/canonical.js';
import { assessDocument } from '../account/assess.js';
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
  /** The document's assessment: ok (placed and adding up); fail: a table's reading in doubt, or errors; review: anything else short of ok. */
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

  // One verdict everywhere: the document's assessment (as on the per-file line, in the manifest
  // and documents.csv). ok = numbers placed and adding up (isolated source errors named);
  // fail = a table whose reading is in doubt or an error; review = anything else short of ok.
  const assessment = r.assessment ?? assessDocument(r);
  const inconsistent = r.tables.some((t) => t.verification?.status === 'inconsistent');
  const status: ReportSummary['status'] = assessment.status === 'ok' ? 'ok' : inconsistent || flags.error > 0 ? 'fail' : 'review';
  const notes: string[] = [];
  if (missing.length > 0) notes.push(`missing ${missing.join(', ')}`);
  if (templates.length === 0) notes.push('no known table recognised');
  if (unreadable > 0 && assessment.status === 'ok') notes.push(`${unreadable} table${unreadable === 1 ? '' : 's'} partial or illegible`);
  const statusText = status === 'ok' ? ['ok', ...assessment.findings].join('; ') : [...assessment.reasons, ...notes].join('; ');

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
