import { readFileSync, readdirSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import Ajv2020 from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';
import type { CanonicalResult } from '../src/model/canonical.js';

export const ROOT = new URL('..', import.meta.url).pathname;
export const CORPUS = join(ROOT, 'corpus');

const schema = JSON.parse(readFileSync(join(ROOT, 'schema/canonical-v1.schema.json'), 'utf8'));
const ajv = new (Ajv2020 as unknown as typeof Ajv2020.default)({ allErrors: true, strict: false });
(addFormats as unknown as typeof addFormats.default)(ajv);
const validateFn = ajv.compile(schema);

/** Schema errors of a result (empty when valid). */
export function schemaErrors(result: unknown): string[] {
  return validateFn(result) ? [] : (validateFn.errors ?? []).map((e) => `${e.instancePath} ${e.message}`);
}

export interface ExpectedCell {
  template: string;
  side: string | null;
  code: string | null;
  label: string;
  column: string;
  raw: string;
  yuan: string;
  page?: number;
}

export interface Expected {
  source: string;
  document: { kind: string; year: number | null; department: string | null };
  tables: { template: string; status: string; pages?: number[] }[];
  flags: { kind: string; table: string | null }[];
  cells: ExpectedCell[];
}

/** Corpus inputs that have an expected file. */
export function goldenCases(): { input: string; expected: Expected }[] {
  const dir = join(CORPUS, 'expected');
  if (!existsSync(dir)) return [];
  return readdirSync(dir)
    .filter((f) => f.endsWith('.expected.json'))
    .map((f) => ({ input: join(CORPUS, f.replace(/\.expected\.json$/, '')), expected: JSON.parse(readFileSync(join(dir, f), 'utf8')) as Expected }))
    .filter((c) => existsSync(c.input));
}

/** Key of a cell for comparison: template, side, row identity (code, else label), column, occurrence. */
export function cellKeys<T>(items: T[], key: (t: T) => string): Map<string, T> {
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

export const normLabel = (s: string) => s.replace(/\s+/g, '');

/** The result's non-empty numeric cells, in the expected file's shape. */
export function actualCells(r: CanonicalResult): ExpectedCell[] {
  const out: ExpectedCell[] = [];
  for (const t of r.tables) {
    if (t.template === 'other') continue;
    for (const row of t.rows) {
      for (const col of t.columns) {
        const c = row.cells[col.key];
        if (!c || c.yuan === null) continue;
        const cell: ExpectedCell = { template: t.template, side: row.side ?? null, code: row.code, label: row.label, column: col.key, raw: c.raw, yuan: c.yuan };
        if (c.page !== null && r.source.format === 'pdf') cell.page = c.page;
        out.push(cell);
      }
    }
  }
  return out;
}

export const cellKey = (c: ExpectedCell) => [c.template, c.side ?? '', c.code ?? normLabel(c.label), c.column].join('|');
