/**
 * Child process of the OCR section: converts one scanned PDF with the product's pipeline
 * (src/pipeline.ts convertBytes: read with OCR through the tesseract.js pool, layout, recognise,
 * validate) and writes what the benchmark needs as JSON: timings, the OCR'd tokens (for the
 * token-set measure) and the numeric cells of the result (for the cell measure).
 *
 * usage: node dist/bench/ocr-child.js <scan.pdf> <out.json>
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { basename } from 'node:path';
import { convertBytes } from '../src/pipeline.js';
import { getOcrEvidence } from '../src/read/ocr-evidence.js';
import { poolSize, shutdownOcr } from '../src/read/ocr-pool.js';
import { actualCells, scoreChecks } from './lib/golden.js';

const [file, out] = process.argv.slice(2);
if (!file || !out) {
  process.stderr.write('usage: ocr-child <scan.pdf> <out.json>\n');
  process.exit(2);
}

const bytes = new Uint8Array(readFileSync(file));
const cpu0 = process.cpuUsage();
const t0 = performance.now();
const result = await convertBytes(bytes, basename(file));
const convertS = (performance.now() - t0) / 1000;
const cpu1 = process.cpuUsage(cpu0);
await shutdownOcr();
const evidence = getOcrEvidence(result.source);
writeFileSync(
  out,
  JSON.stringify({
    file: basename(file),
    pages: result.source.pageCount,
    ocrWorkers: poolSize(),
    convertS,
    convertCpuS: (cpu1.user + cpu1.system) / 1e6,
    ocrPages: evidence?.pages ?? [],
    ocrErrors: evidence?.errors ?? [],
    tokens: (evidence?.tokens ?? []).map((t) => ({ page: t.page, text: t.text })),
    cells: actualCells(result),
    tables: result.tables.map((t) => ({ template: t.template, status: t.status, pages: t.pages })),
    checks: scoreChecks(result),
  }),
);
