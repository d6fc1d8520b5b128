/**
 * Child process of the scaling section (run with --expose-gc): converts the same files round
 * after round in one thread, as a CLI worker thread does file after file, and reports the heap
 * still in use after a full garbage collection at the end of each round. Flat = nothing is kept
 * from one document to the next (RSS may still grow while V8 sizes its heap to the largest
 * document seen).
 *
 * usage: node --expose-gc dist/bench/leak-child.js <rounds> <file>...
 */
import { convertFile } from '../src/pipeline.js';

const [roundsArg, ...files] = process.argv.slice(2);
const gc = (globalThis as { gc?: () => void }).gc;
if (!gc || files.length === 0) {
  process.stderr.write('usage: node --expose-gc leak-child.js <rounds> <file>...\n');
  process.exit(2);
}
const rounds: { heapUsedMB: number; rssMB: number; externalMB: number }[] = [];
for (let i = 0; i < Number(roundsArg); i++) {
  for (const f of files) await convertFile(f);
  gc();
  const m = process.memoryUsage();
  rounds.push({ heapUsedMB: Math.round((m.heapUsed / 2 ** 20) * 10) / 10, rssMB: Math.round(m.rss / 2 ** 20), externalMB: Math.round((m.external / 2 ** 20) * 10) / 10 });
}
process.stdout.write(JSON.stringify({ files: files.length, rounds }) + '\n');
