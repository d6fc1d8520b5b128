import { describe, expect, it } from 'vitest';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { convertFile } from '../src/pipeline.js';
import { readDocument } from '../src/read/index.js';
import { pageTokens } from '../src/account/tokens.js';
import type { CanonicalResult } from '../src/model/canonical.js';
import { CORPUS, schemaErrors } from './helpers.js';
import { summaryLine } from '../src/cli/summary.js';
import { summarise as manifestSummary } from '../src/emit/manifest.js';
import { summarise as reportSummary } from '../src/report/summary.js';
import { readFile } from 'node:fs/promises';

/**
 * Issue 14 over the whole corpus, field documents of other regions and producers included
 * (corpus/field: real disclosures copied from the field sample, no golden file): every printed
 * amount is accounted for, ✓ means the numbers are placed and add up, and a table of no known
 * template keeps every number.
 */
const files = [
  ...readdirSync(CORPUS).filter((f) => /\.(pdf|txt)$/.test(f)).map((f) => join(CORPUS, f)),
  ...readdirSync(join(CORPUS, 'field')).filter((f) => f.endsWith('.pdf')).map((f) => join(CORPUS, 'field', f)),
];

const name = (p: string) => p.split('/').slice(-2).join('/');
/** Checks that fail on real disclosures because the printed source is wrong, each with its evidence. */
const FIELD_SOURCE_FAILURES = JSON.parse(readFileSync(join(import.meta.dirname, 'fixtures', 'field-source-failures.json'), 'utf8')) as Record<string, Record<string, string>>;

// One conversion per file, shared by the per-file tests and the corpus-wide one (converting every
// field document twice made the corpus-wide test run out of time as the field folder grew).
const results = new Map<string, Promise<CanonicalResult>>();
const converted = (file: string) => {
  if (!results.has(file)) results.set(file, convertFile(file));
  return results.get(file)!;
};

describe('every printed number accounted for, and a ✓ that means it', () => {
  it('has field documents to look at', () => {
    expect(files.filter((f) => f.includes('/field/')).length).toBeGreaterThanOrEqual(8);
  });

  // Conversions run at once, so a test waits for its file among the others (slow on shared cores).
  const SLOW = 300_000;

  for (const file of files) {
    describe(name(file), () => {
      const result = converted(file);

      it('converts, schema-valid, with a ledger whose counts add up', async () => {
        const r = await result;
        expect(schemaErrors(r)).toEqual([]);
        const c = r.document.coverage!;
        expect(c.inTables + c.inNarrative + c.unplaced).toBe(c.amounts);
        expect(r.unplaced).toHaveLength(c.unplaced);
        for (const u of r.unplaced ?? []) expect(u.reason.length).toBeGreaterThan(10);
      }, SLOW);

      it('is ✓ only when ≥ 99 % of its amounts are placed and no table is inconsistent', async () => {
        const r = await result;
        const a = r.assessment!;
        const inconsistent = r.tables.filter((t) => t.verification?.status === 'inconsistent');
        if (a.status === 'ok') {
          expect(r.document.coverage!.share).toBeGreaterThanOrEqual(0.99);
          expect(inconsistent).toEqual([]);
          expect(r.flags.filter((f) => f.severity === 'error')).toEqual([]);
        } else {
          expect(a.reasons.length).toBeGreaterThan(0);
        }
        // The per-file line, the manifest (summarise) and the report say the same.
        expect(summaryLine(r, 'x.json', 0).startsWith(a.status === 'ok' ? '✓' : '⚠')).toBe(true);
        expect(manifestSummary(r).status).toBe(a.status);
        expect(reportSummary(r).status === 'ok').toBe(a.status === 'ok');
        // An inconsistent table is never `ok` with most of its checks failing unnoticed.
        for (const t of inconsistent) expect(a.reasons.some((x) => x.includes(t.verification!.reason!))).toBe(true);
      });

      if (file.includes('/field/')) {
        it('fails no check beyond the source\'s own errors listed in tests/fixtures/field-source-failures.json', async () => {
          const r = await result;
          const listed = Object.keys(FIELD_SOURCE_FAILURES[file.split('/').pop()!] ?? {});
          const failed = r.checks.filter((c) => c.status === 'fail' && !listed.some((k) => c.id.startsWith(k)));
          expect(failed.map((c) => `${c.id}: ${c.message.slice(0, 160)}`)).toEqual([]);
        });
      }

      it('keeps every amount of every table of no known template (at most 1 in 200 left in its area, each named)', async () => {
        const r = await result;
        const others = r.tables.filter((t) => t.template === 'other');
        const left = (r.unplaced ?? []).filter((u) => others.some((t) => u.reason.includes(`the table "${t.title || 'untitled'}"`)));
        expect(left.length, left.map((u) => `${u.raw} p${u.page}`).join(', ')).toBeLessThanOrEqual(Math.floor(r.document.coverage!.amounts / 200));
        // Their cells hold exact amounts in the table's unit, with page and box (or line).
        for (const t of others) for (const row of t.rows) for (const c of Object.values(row.cells)) {
          if (c.yuan === null) continue;
          expect(c.page).not.toBeNull();
          expect(c.box !== null || c.line !== undefined).toBe(true);
        }
      });
    });
  }

  it('places at least 99 % of the amounts printed over the field documents', async () => {
    const rs: CanonicalResult[] = await Promise.all(files.filter((f) => f.includes('/field/')).map((f) => converted(f)));
    const amounts = rs.reduce((n, r) => n + r.document.coverage!.amounts, 0);
    const placed = rs.reduce((n, r) => n + r.document.coverage!.inTables + r.document.coverage!.inNarrative, 0);
    expect(placed / amounts).toBeGreaterThanOrEqual(0.99);
  }, SLOW);

  it('reads a number the text layer splits over two runs ("13,252" then ".62") as one, and places it', async () => {
    const file = join(CORPUS, 'field', 'chongqing-qixiangju-2026-budget.pdf');
    const doc = await readDocument(new Uint8Array(await readFile(file)), 'chongqing-qixiangju-2026-budget.pdf');
    const page11 = pageTokens(doc.pages[10]!).map((t) => t.raw);
    expect(page11.filter((t) => t === '13,252.62')).toHaveLength(3);
    expect(page11.filter((t) => t === '13,252' || t === '62')).toEqual([]);
    const r = await convertFile(file);
    const cells = r.tables.flatMap((t) => t.rows.flatMap((row) => Object.values(row.cells))).filter((c) => c.page === 11 && c.raw === '13,252.62');
    expect(cells).toHaveLength(3);
    expect((r.unplaced ?? []).filter((u) => u.page === 11)).toEqual([]);
  });
});
