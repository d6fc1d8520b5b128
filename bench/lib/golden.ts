import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { CanonicalResult } from '../../src/model/canonical.js';
import { CORPUS } from './util.js';

/**
 * Comparison with the hand-verified golden files (corpus/expected/), for the benchmark and the
 * tests alike (tests/helpers.ts re-exports it): a cell is identified by template, side,
 * row (code, else label without whitespace), column and occurrence; it is reproduced exactly when
 * the tool has that cell with the same amount in 元 and the same printed string.
 */
export interface GoldenCell {
  template: string;
  side: string | null;
  code: string | null;
  label: string;
  column: string;
  raw: string;
  yuan: string;
  page?: number;
}

export interface Golden {
  source: string;
  document: { kind: string; year: number | null; department: string | null };
  tables: { template: string; status: string; pages?: number[] }[];
  flags: { kind: string; table: string | null }[];
  cells: GoldenCell[];
}

export function goldenFiles(): { input: string; file: string; golden: Golden }[] {
  const dir = join(CORPUS, 'expected');
  if (!existsSync(dir)) return [];
  return readdirSync(dir)
    .filter((f) => f.endsWith('.expected.json'))
    .sort()
    .map((f) => {
      const file = f.replace(/\.expected\.json$/, '');
      // Inputs live in corpus/ (samples) or corpus/field/ (real disclosures); one expected/ folder for both.
      const input = [join(CORPUS, file), join(CORPUS, 'field', file)].find((p) => existsSync(p)) ?? join(CORPUS, file);
      return { input, file, golden: JSON.parse(readFileSync(join(dir, f), 'utf8')) as Golden };
    })
    .filter((c) => existsSync(c.input));
}

const normLabel = (s: string) => s.replace(/\s+/g, '');
/** A cell's identity: template, side, row (code, else label without whitespace), column. */
export const cellKey = (c: Pick<GoldenCell, 'template' | 'side' | 'code' | 'label' | 'column'>) => [c.template, c.side ?? '', c.code ?? normLabel(c.label), c.column].join('|');

/** Items keyed by `key` plus their occurrence ("…#2" for the second of the same key). */
export function keyed<T>(items: T[], key: (t: T) => string): Map<string, T> {
  const seen = new Map<string, number>();
  const out = new Map<string, T>();
  for (const it of items) {
    const k = key(it);
    const n = (seen.get(k) ?? 0) + 1;
    seen.set(k, n);
    out.set(`${k}#${n}`, it);
  }
  return out;
}

/** Keys of columns kept by position, not by a template: c1, c7, c7_2. */
export const GENERIC_COLUMN = /^c\d+(_\d+)?$/;

/** The result's non-empty numeric cells of recognised tables, in the golden files' shape. */
export function actualCells(r: Pick<CanonicalResult, 'tables' | 'source'>): GoldenCell[] {
  const out: GoldenCell[] = [];
  for (const t of r.tables) {
    if (t.template === 'other') continue;
    for (const row of t.rows) {
      for (const col of t.columns) {
        const c = row.cells[col.key];
        if (!c || c.yuan === null) continue;
        // Amounts kept under a generic column (`c7`: printed where the template maps nothing) are
        // not template cells; the ledger tests account for them.
        if (GENERIC_COLUMN.test(col.key)) continue;
        const cell: GoldenCell = { template: t.template, side: row.side ?? null, code: row.code, label: row.label, column: col.key, raw: c.raw, yuan: c.yuan };
        if (c.page !== null && r.source.format === 'pdf') cell.page = c.page;
        out.push(cell);
      }
    }
  }
  return out;
}

export interface CellScore {
  expected: number;
  /** Same cell, same amount and same printed string. */
  exact: number;
  /** Present, but another amount. */
  wrong: number;
  missing: number;
  /** Cells the tool reports that the golden file does not have. */
  extra: number;
  share: number;
}

export function scoreCells(expected: GoldenCell[], actual: GoldenCell[]): CellScore {
  const want = keyed(expected, cellKey);
  const got = keyed(actual, cellKey);
  let exact = 0, wrong = 0, missing = 0;
  for (const [k, w] of want) {
    const g = got.get(k);
    if (!g) missing++;
    else if (g.yuan === w.yuan && g.raw.trim() === w.raw.trim()) exact++;
    else wrong++;
  }
  const extra = [...got.keys()].filter((k) => !want.has(k)).length;
  return { expected: want.size, exact, wrong, missing, extra, share: want.size ? exact / want.size : NaN };
}

/** Tables found with the expected template and status, matched in order per template. */
export function scoreTables(expected: Golden['tables'], r: Pick<CanonicalResult, 'tables'>): { expected: number; found: number; sameStatus: number } {
  const got = r.tables.filter((t) => t.template !== 'other');
  const pool = new Map<string, string[]>();
  for (const t of got) pool.set(t.template, [...(pool.get(t.template) ?? []), t.status]);
  let found = 0, sameStatus = 0;
  for (const t of expected) {
    const list = pool.get(t.template);
    if (!list || list.length === 0) continue;
    found++;
    const i = list.indexOf(t.status);
    if (i >= 0) {
      sameStatus++;
      list.splice(i, 1);
    } else list.shift();
  }
  return { expected: expected.length, found, sameStatus };
}

export function scoreChecks(r: Pick<CanonicalResult, 'checks'>): { total: number; pass: number; info: number; fail: number; skipped: number } {
  const n = (s: string) => r.checks.filter((c) => c.status === s).length;
  return { total: r.checks.length, pass: n('pass'), info: n('info'), fail: n('fail'), skipped: n('skipped') };
}

/** Normalised numeric token: no whitespace, no thousands separators, ASCII punctuation. */
export function numToken(s: string): string | null {
  const t = s.replace(/\s+/g, '').replace(/，/g, ',').replace(/．/g, '.').replace(/,/g, '');
  return /^-?\d+(\.\d+)?$/.test(t) ? t : null;
}

/**
 * Token-set recall: of the golden cells' printed numbers (as a multiset), how many occur among
 * the tokens a reader produced — independent of table structure (rows, columns, templates).
 */
export function tokenRecall(expected: GoldenCell[], tokens: string[]): { expected: number; found: number; share: number } {
  const bag = new Map<string, number>();
  for (const t of tokens) {
    const k = numToken(t);
    if (k !== null) bag.set(k, (bag.get(k) ?? 0) + 1);
  }
  let found = 0, total = 0;
  for (const c of expected) {
    const k = numToken(c.raw);
    if (k === null) continue;
    total++;
    const n = bag.get(k) ?? 0;
    if (n > 0) {
      found++;
      bag.set(k, n - 1);
    }
  }
  return { expected: total, found, share: total ? found / total : NaN };
}
