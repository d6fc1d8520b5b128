/**
 * Child process of tests/read/ocr.test.ts, run as
 *   node --require tests/read/ocr-offline.cjs tests/read/ocr-offline-run.mjs <scan.pdf>
 * Proves the network is unplugged (fetch fails), then converts the scan with the built tool
 * (dist/, made by `npm test`) and prints one JSON line: the cells read and the OCR page notes.
 */
import { readFile } from 'node:fs/promises';
import { basename } from 'node:path';

const file = process.argv[2];
let fetchBlocked = false;
try {
  await fetch('https://cdn.jsdelivr.net/npm/@tesseract.js-data/eng/4.0.0_best_int/eng.traineddata.gz');
} catch {
  fetchBlocked = true;
}
const root = new URL('../../', import.meta.url);
const { convertBytes } = await import(new URL('dist/src/pipeline.js', root).href);
const { shutdownOcr } = await import(new URL('dist/src/read/ocr-pool.js', root).href);
try {
  const result = await convertBytes(new Uint8Array(await readFile(file)), basename(file));
  const cells = result.tables.flatMap((t) => t.rows.flatMap((r) => Object.entries(r.cells).map(([column, c]) => ({ template: t.template, label: r.label, code: r.code, column, raw: c.raw }))));
  const pages = result.pages.map((p) => p.source);
  const notes = result.flags.filter((f) => f.kind === 'ocr_page' || f.kind === 'ocr_failed').map((f) => f.message);
  console.log(JSON.stringify({ fetchBlocked, pages, cells, notes }));
} finally {
  await shutdownOcr();
}
