import { existsSync, readFileSync } from 'node:fs';
import { basename, join, resolve } from 'node:path';
import type { CanonicalResult } from '../../src/model/canonical.js';
import type { Context, Section } from '../lib/context.js';
import { actualCells, goldenFiles, scoreCells, scoreChecks, scoreTables, type CellScore } from '../lib/golden.js';
import { CLI, CORPUS, ROOT, log, measure, r, sum, table, tmp } from '../lib/util.js';

export interface AccuracyRow {
  file: string;
  format: string;
  cells: CellScore;
  tables: { expected: number; found: number; sameStatus: number };
  checks: { total: number; pass: number; info: number; fail: number; skipped: number; failKnown: number };
  document: { kindYearOk: boolean };
}

export interface AccuracyData {
  command: string;
  wallS: number;
  documents: AccuracyRow[];
  total: { expectedCells: number; exactCells: number; share: number; tablesExpected: number; tablesFound: number; checksPass: number; checksFail: number; checksFailKnown: number };
}

/** Every corpus document with a golden file, converted by the real CLI in one batch; outputs compared with corpus/expected/. */
export async function accuracy(ctx: Context): Promise<Section<AccuracyData>> {
  void ctx;
  // Checks that fail because the printed source itself is inconsistent (tests/validation.test.ts).
  const knownFile = join(ROOT, 'tests/fixtures/known-source-failures.json');
  const known = existsSync(knownFile) ? (JSON.parse(readFileSync(knownFile, 'utf8')) as Record<string, Record<string, string>>) : {};
  // A .chromium.pdf is its text dump printed by Chromium (scripts/dump-to-pdf.mjs): the dump's list applies.
  const knownFor = (file: string) => ({ ...(known[file.replace(/\.chromium\.pdf$/, '.txt')] ?? {}), ...(known[file] ?? {}) });
  const isKnown = (file: string, id: string) => Object.keys(knownFor(file)).some((k) => id.startsWith(k));
  const out = tmp('accuracy');
  log('accuracy: budget-tables extract corpus/ (one batch), outputs compared with corpus/expected/');
  const m = await measure(process.execPath, [CLI, 'extract', CORPUS, '--out', out, '--json']);
  if (m.exitCode !== 0 && m.exitCode !== 3) throw new Error(`extract corpus exited ${m.exitCode}: ${m.stderr.slice(-2000)}`);
  const manifest = JSON.parse(readFileSync(join(out, 'manifest.json'), 'utf8')) as { files: { path: string; outputs: string[]; status: string }[] };
  const byPath = new Map(manifest.files.map((f) => [resolve(f.path), f]));
  const documents: AccuracyRow[] = [];
  for (const { input, file, golden } of goldenFiles()) {
    const entry = byPath.get(resolve(input));
    const json = entry?.outputs.find((o) => o.endsWith('.json'));
    if (!entry || !json) {
      documents.push({ file, format: '?', cells: { expected: golden.cells.length, exact: 0, wrong: 0, missing: golden.cells.length, extra: 0, share: 0 }, tables: { expected: golden.tables.length, found: 0, sameStatus: 0 }, checks: { total: 0, pass: 0, info: 0, fail: 0, skipped: 0, failKnown: 0 }, document: { kindYearOk: false } });
      continue;
    }
    const res = JSON.parse(readFileSync(join(out, json), 'utf8')) as CanonicalResult;
    documents.push({
      file,
      format: res.source.format,
      cells: scoreCells(golden.cells, actualCells(res)),
      tables: scoreTables(golden.tables, res),
      checks: { ...scoreChecks(res), failKnown: res.checks.filter((c) => c.status === 'fail' && isKnown(file, c.id)).length },
      document: { kindYearOk: res.document.kind === golden.document.kind && res.document.year === golden.document.year },
    });
  }
  const expectedCells = sum(documents.map((d) => d.cells.expected));
  const exactCells = sum(documents.map((d) => d.cells.exact));
  const data: AccuracyData = {
    command: `budget-tables extract corpus --out <tmp> --json`,
    wallS: r(m.wallS),
    documents,
    total: {
      expectedCells,
      exactCells,
      share: r(expectedCells ? exactCells / expectedCells : NaN, 4),
      tablesExpected: sum(documents.map((d) => d.tables.expected)),
      tablesFound: sum(documents.map((d) => d.tables.found)),
      checksPass: sum(documents.map((d) => d.checks.pass)),
      checksFail: sum(documents.map((d) => d.checks.fail)),
      checksFailKnown: sum(documents.map((d) => d.checks.failKnown)),
    },
  };
  const pct = (x: number) => (Number.isFinite(x) ? `${(x * 100).toFixed(1)}%` : '–');
  const rows = documents.map((d) => [
    basename(d.file),
    d.cells.expected ? `${d.cells.exact}/${d.cells.expected}` : '0/0',
    d.cells.expected ? pct(d.cells.share) : '–',
    `${d.cells.wrong}/${d.cells.missing}/${d.cells.extra}`,
    `${d.tables.found}/${d.tables.expected}` + (d.tables.sameStatus !== d.tables.found ? ` (${d.tables.sameStatus} same status)` : ''),
    `${d.checks.pass}/${d.checks.fail}`,
    String(d.checks.failKnown),
    `${d.checks.info}/${d.checks.skipped}`,
  ]);
  rows.push(['all', `${exactCells}/${expectedCells}`, pct(data.total.share), '', `${data.total.tablesFound}/${data.total.tablesExpected}`, `${data.total.checksPass}/${data.total.checksFail}`, String(data.total.checksFailKnown), '']);
  return {
    tables: [{ title: 'Accuracy against corpus/expected (golden files)', text: table(['document', 'cells exact', 'share', 'wrong/missing/extra', 'tables found/expected', 'checks pass/fail', 'of which in the source', 'info/skipped'], rows) }],
    data,
    targets: [],
  };
}
