import { describe, expect, it } from 'vitest';
import { convertFile } from '../src/pipeline.js';
import { actualCells, cellKey, cellKeys, goldenCases, schemaErrors } from './helpers.js';

/**
 * End-to-end golden tests: every corpus input with a hand-verified expected file is converted
 * and compared on its FULL set of numeric cells (not a sample), its tables and its flags.
 */
const cases = goldenCases();

describe('golden corpus', () => {
  it('has expected files to compare against', () => {
    expect(cases.length).toBeGreaterThan(0);
  });

  for (const { input, expected } of cases) {
    describe(expected.source, () => {
      const result = convertFile(input);

      it('is schema-valid', async () => {
        expect(schemaErrors(await result)).toEqual([]);
      });

      it('has the expected document facts', async () => {
        const r = await result;
        expect(r.document.kind).toBe(expected.document.kind);
        expect(r.document.year).toBe(expected.document.year);
        if (expected.document.department) expect(r.document.department).toBe(expected.document.department);
      });

      it('finds the expected tables with their status', async () => {
        const r = await result;
        const found = r.tables.filter((t) => t.template !== 'other').map((t) => ({ template: t.template, status: t.status, ...(expected.tables[0]?.pages ? { pages: t.pages } : {}) }));
        expect(found).toEqual(expected.tables.map((t) => ({ template: t.template, status: t.status, ...(t.pages ? { pages: t.pages } : {}) })));
      });

      it('raises the expected flags', async () => {
        const r = await result;
        const got = r.flags.map((f) => `${f.kind}|${f.table}`);
        for (const f of expected.flags) expect(got).toContain(`${f.kind}|${f.table}`);
      });

      it('reproduces every numeric cell exactly, and no others', async () => {
        const r = await result;
        const want = cellKeys(expected.cells, cellKey);
        const got = cellKeys(actualCells(r), cellKey);
        const missing = [...want.keys()].filter((k) => !got.has(k));
        const extra = [...got.keys()].filter((k) => !want.has(k));
        const wrong = [...want.keys()].filter((k) => got.has(k) && got.get(k)!.yuan !== want.get(k)!.yuan).map((k) => `${k}: want ${want.get(k)!.yuan} got ${got.get(k)!.yuan}`);
        const wrongRaw = [...want.keys()].filter((k) => got.has(k) && got.get(k)!.raw.trim() !== want.get(k)!.raw.trim()).map((k) => `${k}: raw want "${want.get(k)!.raw}" got "${got.get(k)!.raw}"`);
        const wrongPage = [...want.keys()].filter((k) => got.has(k) && want.get(k)!.page !== undefined && got.get(k)!.page !== want.get(k)!.page).map((k) => `${k}: page want ${want.get(k)!.page} got ${got.get(k)!.page}`);
        expect({ missing, extra, wrong, wrongRaw, wrongPage }).toEqual({ missing: [], extra: [], wrong: [], wrongRaw: [], wrongPage: [] });
      });
    });
  }
});
