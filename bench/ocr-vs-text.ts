/**
 * How well OCR reads a scan, measured against the text layer of the same PDF (the acceptance
 * measure of scanned PDFs): converts both, keys every numeric cell of the known templates by
 * table, side, code (or label) and column, and reports the cells the scan got equal, wrong,
 * missing or extra. A wrong cell is "flagged" when a low_ocr_confidence flag covers it and
 * "implicated" when a failing check names it; anything else is silent, the one outcome that
 * must not happen.
 *
 *   npm run ocr-vs-text -- TEXT.pdf SCAN.pdf [--json]
 *
 * Make SCAN.pdf from TEXT.pdf with scripts/make-scans.sh (any dpi, angle, noise, quality).
 */
import { basename } from 'node:path';
import type { Box } from '../src/model/geometry.js';
import type { CanonicalCell, CanonicalResult } from '../src/model/canonical.js';
import { convertFile } from '../src/pipeline.js';
import { shutdownOcr } from '../src/read/ocr-pool.js';
import { cellKey, keyed } from './lib/golden.js';

interface Keyed {
  template: string;
  side: string | null;
  code: string | null;
  label: string;
  column: string;
  cell: CanonicalCell;
}

/** Numeric cells of the known templates, keyed as the golden comparison keys them. */
function numericCells(r: CanonicalResult): Map<string, Keyed> {
  const cells: Keyed[] = [];
  for (const t of r.tables) {
    if (t.template === 'other') continue;
    for (const row of t.rows) {
      for (const col of t.columns) {
        const c = row.cells[col.key];
        if (c && c.yuan !== null) cells.push({ template: t.template, side: row.side ?? null, code: row.code, label: row.label, column: col.key, cell: c });
      }
    }
  }
  return keyed(cells, cellKey);
}

function sameBox(a: Box | null | undefined, b: Box | null | undefined): boolean {
  return !!a && !!b && Math.abs(a.x0 - b.x0) < 1 && Math.abs(a.y0 - b.y0) < 1 && Math.abs(a.x1 - b.x1) < 1 && Math.abs(a.y1 - b.y1) < 1;
}

export async function compareScan(textPdf: string, scanPdf: string) {
  const truth = await convertFile(textPdf);
  const scan = await convertFile(scanPdf);
  const want = numericCells(truth);
  const got = numericCells(scan);
  const failing = scan.checks.filter((c) => c.status === 'fail');
  const lowFlags = scan.flags.filter((f) => f.kind === 'low_ocr_confidence' && f.box);
  const wrong: { key: string; truth: string; read: string; confidence: number | null; explained: 'flagged' | 'implicated' | 'silent' }[] = [];
  const missing: string[] = [];
  let equal = 0;
  for (const [k, w] of want) {
    const g = got.get(k);
    if (!g) {
      missing.push(`${k} ${w.cell.raw}`);
      continue;
    }
    if (g.cell.yuan === w.cell.yuan) {
      equal++;
      continue;
    }
    const flagged = lowFlags.some((f) => f.page === g.cell.page && sameBox(f.box, g.cell.box));
    const row = g.code ?? g.label.replace(/\s+/g, '');
    const implicated = failing.some((c) => (c.cells ?? []).some((ref) => ref.table === g.template && ref.column === g.column && ref.row.includes(row)));
    wrong.push({ key: k, truth: w.cell.raw, read: g.cell.raw, confidence: g.cell.confidence ?? null, explained: flagged ? 'flagged' : implicated ? 'implicated' : 'silent' });
  }
  const extra = [...got.keys()].filter((k) => !want.has(k)).map((k) => `${k} ${got.get(k)!.cell.raw}`);
  const templates = (r: CanonicalResult) => r.tables.filter((t) => t.template !== 'other').map((t) => `${t.template}:${t.status}`);
  return {
    text: basename(textPdf),
    scan: basename(scanPdf),
    truthCells: want.size,
    equal,
    share: want.size ? equal / want.size : 1,
    wrong,
    missing,
    extra,
    tablesText: templates(truth),
    tablesScan: templates(scan),
    failingChecksOnlyInScan: failing.map((c) => c.id).filter((id) => !truth.checks.some((t) => t.id === id && t.status === 'fail')),
  };
}

async function main(): Promise<void> {
  const args = process.argv.slice(2).filter((a) => !a.startsWith('--'));
  if (args.length !== 2) {
    console.error('usage: node dist/bench/ocr-vs-text.js TEXT.pdf SCAN.pdf [--json]');
    process.exit(2);
  }
  const res = await compareScan(args[0]!, args[1]!);
  if (process.argv.includes('--json')) console.log(JSON.stringify(res, null, 2));
  else {
    console.log(`${res.scan} against the text layer of ${res.text}`);
    console.log(`  numeric cells equal: ${res.equal}/${res.truthCells} (${(100 * res.share).toFixed(2)}%)`);
    for (const w of res.wrong) console.log(`  wrong    ${w.key}: ${w.truth} read as ${w.read} (confidence ${w.confidence ?? '-'}; ${w.explained})`);
    for (const m of res.missing) console.log(`  missing  ${m}`);
    for (const e of res.extra) console.log(`  extra    ${e}`);
    console.log(`  tables (text): ${res.tablesText.join(' ')}`);
    console.log(`  tables (scan): ${res.tablesScan.join(' ')}`);
    console.log(`  checks failing only on the scan: ${res.failingChecksOnlyInScan.join(', ') || 'none'}`);
  }
  await shutdownOcr();
}

if (process.argv[1] && import.meta.url.endsWith(basename(process.argv[1]))) {
  main().catch((e: unknown) => {
    console.error(e instanceof Error ? e.message : String(e));
    process.exit(1);
  });
}
