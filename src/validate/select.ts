import type { RowMatch } from '../../extractors/checks/types.js';
import type { CanonicalRow, CanonicalTable } from '../model/canonical.js';
import { codeLevel } from '../normalise/code.js';

const key = (s: string) => s.replace(/\s+/g, '');

export function rowMatches(r: CanonicalRow, m: RowMatch): boolean {
  if (m.side !== undefined && r.side !== m.side) return false;
  if (m.code !== undefined && r.code !== m.code) return false;
  if (m.label !== undefined && key(r.label) !== m.label) return false;
  if (m.labelStarts !== undefined && !key(r.label).startsWith(m.labelStarts)) return false;
  if (m.level !== undefined && (r.code === null || codeLevel(r.code) !== m.level)) return false;
  return true;
}

export function findRows(t: CanonicalTable, m: RowMatch): CanonicalRow[] {
  return t.rows.filter((r) => rowMatches(r, m));
}

/** Why a table cannot take part in checks, or null when it can. */
export function unusable(t: CanonicalTable | undefined, id: string): string | null {
  if (!t) return `table ${id} not found`;
  if (t.status === 'illegible') return `table ${id} is illegible`;
  if (t.status === 'empty') return `table ${id} is printed without data`;
  return null;
}
