import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { corpusPdfs, corpusTexts, distinctCopy, fileEvents, type Context, type Section } from '../lib/context.js';
import { CLI, ROOT, log, measure, r, table, tmp } from '../lib/util.js';

export interface ScalingRun {
  label: string;
  files: number;
  pdfs: number;
  texts: number;
  concurrency: number | 'default';
  wallS: number;
  cpuS: number;
  perFileS: number;
  cpuPerFileS: number;
  peakRssMB: number;
  /** Highest RSS sampled in each quarter of the run (by files finished): flat = no growth with batch size. */
  rssByQuarterMB: number[];
  failed: number;
}

export interface ScalingData {
  unit: { pdfs: number; texts: number };
  runs: ScalingRun[];
  /** The corpus converted round after round in one thread; heap in use after a full GC per round (bench/leak-child.ts). */
  retained: { files: number; rounds: { heapUsedMB: number; rssMB: number; externalMB: number }[] };
}

function makeBatch(work: string, name: string, pdfCopies: number, textCopies: number): { dir: string; pdfs: number; texts: number } {
  const dir = join(work, 'scaling', name);
  mkdirSync(dir, { recursive: true });
  let pdfs = 0, texts = 0;
  for (const f of corpusPdfs()) for (let i = 0; i < pdfCopies; i++, pdfs++) distinctCopy(f, dir, i);
  for (const f of corpusTexts()) for (let i = 0; i < textCopies; i++, texts++) distinctCopy(f, dir, i);
  return { dir, pdfs, texts };
}

async function run(label: string, batch: { dir: string; pdfs: number; texts: number }, concurrency: number | 'default'): Promise<ScalingRun> {
  const files = batch.pdfs + batch.texts;
  log(`scaling: ${label}: ${files} files (${batch.pdfs} PDFs, ${batch.texts} text dumps), concurrency ${concurrency}`);
  const args = [CLI, 'extract', batch.dir, '--out', tmp('scaling-out'), '--force', '--json-log'];
  if (concurrency !== 'default') args.push('-c', String(concurrency));
  // RSS sampled while files finish: which quarter of the batch each sample falls in.
  const started = Date.now();
  const done: number[] = [];
  let buf = '';
  const m = await measure(process.execPath, args, {
    sampleMs: 200,
    onStderr: (chunk) => {
      buf += chunk;
      let i;
      while ((i = buf.indexOf('\n')) >= 0) {
        const line = buf.slice(0, i);
        buf = buf.slice(i + 1);
        if (line.includes('"event":"file"')) done.push((Date.now() - started) / 1000);
      }
    },
  });
  if (m.exitCode !== 0 && m.exitCode !== 3) throw new Error(`${label} exited ${m.exitCode}: ${m.stderr.slice(-2000)}`);
  const failed = fileEvents(m.stderr).filter((e) => e.status === 'failed').length;
  const quarters = [0, 0, 0, 0];
  for (const [t, rss] of m.rss ?? []) {
    const finished = done.filter((d) => d <= t).length;
    const q = Math.min(3, Math.floor((finished / Math.max(1, files)) * 4));
    quarters[q] = Math.max(quarters[q]!, rss);
  }
  return {
    label,
    files,
    pdfs: batch.pdfs,
    texts: batch.texts,
    concurrency,
    wallS: r(m.wallS),
    cpuS: r(m.userS + m.sysS),
    perFileS: r(m.wallS / files, 3),
    cpuPerFileS: r((m.userS + m.sysS) / files, 3),
    peakRssMB: r(m.peakRssMB, 0),
    rssByQuarterMB: quarters.map((q) => r(q, 0)),
    failed,
  };
}

/**
 * Scaling: the corpus (PDFs and text dumps mixed) at 1×, 4× and 16× the number of files, the 4×
 * batch at concurrency 1 and 2, and 200 PDFs at the default concurrency (the memory target).
 */
export async function scaling(ctx: Context): Promise<Section<ScalingData>> {
  const unit = { pdfs: corpusPdfs().length, texts: corpusTexts().length };
  const k = ctx.quick ? [1, 2, 4] : [1, 4, 16];
  const b1 = makeBatch(ctx.work, 'x1', k[0]!, k[0]!);
  const b4 = makeBatch(ctx.work, 'x4', k[1]!, k[1]!);
  const b16 = makeBatch(ctx.work, 'x16', k[2]!, k[2]!);
  const per = Math.ceil((ctx.quick ? 20 : 200) / Math.max(1, unit.pdfs));
  const b200 = makeBatch(ctx.work, 'pdf200', per, 0);
  const runs: ScalingRun[] = [];
  runs.push(await run(`${k[0]}× mixed, c=2`, b1, 2));
  runs.push(await run(`${k[1]}× mixed, c=1`, b4, 1));
  runs.push(await run(`${k[1]}× mixed, c=2`, b4, 2));
  runs.push(await run(`${k[2]}× mixed, c=2`, b16, 2));
  runs.push(await run(`${b200.pdfs} PDFs, default concurrency (${ctx.machine.cores})`, b200, 'default'));
  const rounds = ctx.quick ? 3 : 6;
  log(`scaling: retained memory: the corpus converted ${rounds} times in one thread, heap after a full GC per round`);
  const lk = await measure(process.execPath, ['--expose-gc', join(ROOT, 'dist/bench/leak-child.js'), String(rounds), ...corpusPdfs(), ...corpusTexts()]);
  if (lk.exitCode !== 0) throw new Error(`leak-child failed: ${lk.stderr.slice(-2000)}`);
  const retained = JSON.parse(lk.stdout.trim().split('\n').pop()!) as ScalingData['retained'];
  const heaps = retained.rounds.map((x) => x.heapUsedMB);
  const leakFree = Math.max(...heaps.slice(1)) <= heaps[1]! * 1.1 + 2;
  const text = table(
    ['batch', 'files (PDF+text)', 'conc.', 'wall s', 's/file', 'CPU s/file', 'peak RSS MB', 'RSS by quarter of the batch, MB', 'failed'],
    runs.map((x) => [x.label, `${x.files} (${x.pdfs}+${x.texts})`, String(x.concurrency === 'default' ? ctx.machine.cores : x.concurrency), x.wallS, x.perFileS, x.cpuPerFileS, x.peakRssMB, x.rssByQuarterMB.join(' / '), x.failed]),
  );
  const big = runs[runs.length - 1]!;
  const flat = Math.max(...big.rssByQuarterMB.slice(1)) <= big.rssByQuarterMB[1]! * 1.15 + 10;
  const per1 = runs[0]!.cpuPerFileS, per16 = runs[3]!.cpuPerFileS;
  return {
    tables: [
      { title: 'Scaling: time per file and peak RSS by batch size and concurrency', text },
      { title: `Retained memory: the corpus (${retained.files} files) converted round after round in one thread`, text: table(['round', 'heap in use after GC, MB', 'external MB', 'RSS MB'], retained.rounds.map((x, i) => [i + 1, x.heapUsedMB, x.externalMB, x.rssMB])) },
    ],
    data: { unit, runs, retained },
    targets: [
      {
        id: 'memory',
        target: `peak RSS < 400 MB for a batch of 200 PDFs at the default concurrency (${ctx.machine.cores}); no growth with batch size`,
        value: `${big.peakRssMB} MB for ${big.files} PDFs at concurrency ${ctx.machine.cores} (by quarter ${big.rssByQuarterMB.join('/')} MB); concurrency 1: ${runs[1]!.peakRssMB} MB`,
        met: big.peakRssMB < 400,
      },
      {
        id: 'memory-growth',
        target: 'no memory growth with batch size (beyond the manifest)',
        value: `heap kept after GC per round ${heaps.join(' / ')} MB; peak RSS 1×/4×/16×/${big.files}: ${runs[0]!.peakRssMB}/${runs[2]!.peakRssMB}/${runs[3]!.peakRssMB}/${big.peakRssMB} MB (RSS ${flat ? 'flat' : 'still rising'} over the last three quarters of the ${big.files}-PDF batch)`,
        met: leakFree && flat,
      },
      {
        id: 'linear',
        target: 'cost grows linearly with the number of files',
        value: `CPU s/file ${k[0]}×: ${per1}, ${k[1]}×: ${runs[2]!.cpuPerFileS}, ${k[2]}×: ${per16}`,
        met: per16 <= per1 * 1.2,
      },
    ],
  };
}
