/**
 * Child process of the profile section, run under `node --cpu-prof`: converts one file with the
 * product's pipeline (src/pipeline.ts) `repeat` times, then stops the OCR pool.
 *
 * usage: node --cpu-prof --cpu-prof-dir=<dir> dist/bench/profile-child.js <file> [repeat]
 */
import { readFileSync } from 'node:fs';
import { basename } from 'node:path';
import { convertBytes } from '../src/pipeline.js';
import { shutdownOcr } from '../src/read/ocr-pool.js';

const [file, repeatArg] = process.argv.slice(2);
if (!file) {
  process.stderr.write('usage: profile-child <file> [repeat]\n');
  process.exit(2);
}
const bytes = new Uint8Array(readFileSync(file));
const times: number[] = [];
for (let i = 0; i < Number(repeatArg ?? 1); i++) {
  const t = performance.now();
  await convertBytes(bytes, basename(file));
  times.push(Math.round(performance.now() - t));
}
await shutdownOcr();
process.stdout.write(JSON.stringify({ times }) + '\n');
