import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { convertFile } from '../../src/pipeline.js';
import { getOcrEvidence } from '../../src/read/ocr-evidence.js';
import { poolSize, shutdownOcr } from '../../src/read/ocr-pool.js';
import { actualCells, cellKey, cellKeys, type Expected } from '../helpers.js';

/**
 * Whole-document OCR benchmark (not part of `npm test`): scans of the corpus PDFs made by
 *   scripts/make-scans.sh --all <dir>
 * are converted and compared cell by cell with the corpus golden files. Run with
 *   OCR_BENCH=<dir> npx vitest run tests/read/ocr-bench.test.ts
 * It prints, per document, the tables found, numeric cells right / total per page, the wrong
 * cells and whether each is flagged or implicated by a failing check, and OCR seconds per page
 * and per core.
 */
const DIR = process.env['OCR_BENCH'];
const root = fileURLToPath(new URL('../../', import.meta.url));

const cases = DIR && existsSync(DIR)
  ? readdirSync(DIR)
      .filter((f) => f.endsWith('.scan.pdf'))
      .map((f) => ({ scan: join(DIR, f), golden: join(root, 'corpus', 'expected', f.replace(/\.scan\.pdf$/, '.pdf.expected.json')) }))
      .filter((c) => existsSync(c.golden))
  : [];

describe.skipIf(cases.length === 0)('OCR benchmark: scanned corpus PDFs against their golden files', () => {
  afterAll(async () => {
    await shutdownOcr();
  });

  for (const c of cases) {
    it(c.scan, async () => {
      const expected = JSON.parse(readFileSync(c.golden, 'utf8')) as Expected;
      const t = performance.now();
      const r = await convertFile(c.scan);
      const seconds = (performance.now() - t) / 1000;
      const ev = getOcrEvidence(r.source);
      const want = cellKeys(expected.cells, cellKey);
      const got = cellKeys(actualCells(r), cellKey);
      const perPage = new Map<number, { right: number; total: number }>();
      const wrong: string[] = [];
      for (const [k, w] of want) {
        const g = got.get(k);
        const page = w.page ?? 0;
        const s = perPage.get(page) ?? { right: 0, total: 0 };
        s.total++;
        if (g && g.yuan === w.yuan) s.right++;
        else {
          const cell = g ? r.tables.flatMap((tb) => tb.rows.flatMap((row) => Object.values(row.cells))).find((x) => x.raw === g.raw && x.page === g.page) : undefined;
          const flagged = !!cell && r.flags.some((f) => f.kind === 'low_ocr_confidence' && f.page === cell.page && f.box && cell.box && f.box.x0 === cell.box.x0 && f.box.y0 === cell.box.y0);
          const failing = !!cell && r.checks.some((ch) => ch.status === 'fail' && (ch.cells ?? []).some((ref) => ref.page === cell.page && ref.box && cell.box && ref.box.x0 === cell.box.x0 && ref.box.y0 === cell.box.y0));
          wrong.push(`${k}: want ${w.raw} got ${g ? g.raw : '(missing)'}${flagged ? ' [low confidence]' : ''}${failing ? ' [failing check]' : ''}${!flagged && !failing ? ' [UNEXPLAINED]' : ''}`);
        }
        perPage.set(page, s);
      }
      const extra = [...got.keys()].filter((k) => !want.has(k));
      const right = [...perPage.values()].reduce((a, b) => a + b.right, 0);
      const total = want.size;
      const pages = ev?.pages ?? [];
      const ocrSeconds = pages.reduce((a, p) => a + p.seconds, 0);
      console.info(
        [
          `${c.scan}: ${r.pages.length} pages (${pages.length} by OCR) in ${seconds.toFixed(1)} s with ${poolSize()} workers on ${availableParallelism()} cores;`,
          `  ${(seconds / Math.max(1, pages.length)).toFixed(2)} s per page wall clock, ${((seconds * poolSize()) / Math.max(1, pages.length)).toFixed(2)} core-seconds per page; page OCR times ${pages.map((p) => p.seconds).join(', ')} (sum ${ocrSeconds.toFixed(1)} s)`,
          `  tables: ${r.tables.filter((tb) => tb.template !== 'other').map((tb) => `${tb.template}(${tb.status})`).join(' ')}; expected ${expected.tables.map((tb) => tb.template).join(' ')}`,
          `  numeric cells right: ${right}/${total} (${((100 * right) / Math.max(1, total)).toFixed(1)}%); per page ${[...perPage].map(([p, s]) => `p${p} ${s.right}/${s.total}`).join(', ')}`,
          `  wrong: ${wrong.length ? '\n    ' + wrong.join('\n    ') : 'none'}`,
          `  extra: ${extra.length ? extra.join(', ') : 'none'}`,
          `  flags: ${[...new Set(r.flags.map((f) => f.kind))].map((k) => `${k}×${r.flags.filter((f) => f.kind === k).length}`).join(' ')}; failing checks ${r.checks.filter((ch) => ch.status === 'fail').length}`,
        ].join('\n'),
      );
      expect(r.pages.every((p) => p.source === 'ocr')).toBe(true);
    }, 1_800_000);
  }
});
