import { existsSync, mkdirSync, readdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { corpusPdfs, distinctCopy, fileEvents, type Context, type Section } from '../lib/context.js';
import { CLI, ROOT, log, measure, r, table, tmp } from '../lib/util.js';

/**
 * Memory of unattended batches at the default concurrency (issues 16 and 18): the 200-PDF batch
 * (distinct copies of the corpus PDFs), the real disclosures once each, and 1000 real documents
 * (copies of them, round by round) run unattended. Peak RSS is the whole process tree (the CLI and its converter
 * processes), sampled every 200 ms; documents per minute by the wall clock.
 *
 * The real documents are not in the repository: `--real DIR` (default ../shared/real beside the
 * project, or BENCH_REAL_DIR); `--real-count N` sets the size of the long run (default 1000, 0 = skip).
 * `--memory-cases pdf200,real,long` runs only some of the three (e.g. `long` alone, unattended:
 * it takes from half an hour to hours on a shared machine, and prints its rate every 50 files).
 */
export interface MemoryRun {
  label: string;
  files: number;
  wallS: number;
  cpuS: number;
  docsPerMin: number;
  peakRssMB: number;
  /** Peak PSS of the process tree: shared pages counted once (physical memory used). */
  peakPssMB: number | null;
  /** Highest RSS sampled in each quarter of the run (by files finished). */
  rssByQuarterMB: number[];
  /** The largest one converter process reached, and how many converters were started (recycling). */
  peakConverterMB: number | null;
  converters: number | null;
  outcomes: Record<string, number>;
  exitCode: number | null;
}

function arg(name: string): string | null {
  const i = process.argv.indexOf(name);
  return i >= 0 ? (process.argv[i + 1] ?? null) : null;
}

export function realDir(): string | null {
  const d = arg('--real') ?? process.env['BENCH_REAL_DIR'] ?? resolve(ROOT, '../shared/real');
  return existsSync(d) ? d : null;
}

/**
 * `count` distinct copies of `sources`, named so that the CLI (name order) takes them round by
 * round: a real folder is a mix, and copies of one source back to back (17 of an 8-page scan in the
 * long run) made the first minutes one core's OCR queue.
 */
function makeCopies(work: string, name: string, sources: string[], count: number): string {
  const dir = join(work, 'memory', name);
  mkdirSync(dir, { recursive: true });
  for (let i = 0; i < count; i++) distinctCopy(sources[i % sources.length]!, dir, Math.floor(i / sources.length), true);
  return dir;
}

/** `cli`: another build of the CLI (a baseline to compare with). */
export async function batchRun(label: string, dir: string, files: number, extra: string[] = [], cli = CLI): Promise<MemoryRun> {
  log(`memory: ${label}: ${files} files, default concurrency`);
  const args = [cli, 'extract', dir, '--out', tmp('memory-out'), '--force', '--json-log', ...extra];
  const started = Date.now();
  const done: number[] = [];
  // A long run says how far it is (files, rate), so that someone watching knows it is alive.
  const every = files >= 200 ? 50 : 0;
  let buf = '';
  let summary: { converters?: { started: number; peakRssMB: number }; exitCode?: number } = {};
  const m = await measure(process.execPath, args, {
    sampleMs: 200,
    timeoutMs: 6 * 3600_000,
    onStderr: (chunk) => {
      buf += chunk;
      let i;
      while ((i = buf.indexOf('\n')) >= 0) {
        const line = buf.slice(0, i);
        buf = buf.slice(i + 1);
        if (line.includes('"event":"file"')) {
          done.push((Date.now() - started) / 1000);
          if (every && done.length % every === 0) log(`memory: ${label}: ${done.length}/${files} files, ${r((done.length / done.at(-1)!) * 60, 1)} docs/min so far`);
        }
        if (line.includes('"event":"summary"')) summary = JSON.parse(line) as typeof summary;
      }
    },
  });
  const outcomes: Record<string, number> = {};
  for (const e of fileEvents(m.stderr)) outcomes[e.status] = (outcomes[e.status] ?? 0) + 1;
  const quarters = [0, 0, 0, 0];
  for (const [t, rss] of m.rss ?? []) {
    const finished = done.filter((d) => d <= t).length;
    const q = Math.min(3, Math.floor((finished / Math.max(1, files)) * 4));
    quarters[q] = Math.max(quarters[q]!, rss);
  }
  return {
    label,
    files,
    wallS: r(m.wallS),
    cpuS: r(m.userS + m.sysS),
    docsPerMin: r((files / m.wallS) * 60, 1),
    peakRssMB: r(m.peakRssMB, 0),
    peakPssMB: m.peakPssMB !== undefined ? r(m.peakPssMB, 0) : null,
    rssByQuarterMB: quarters.map((q) => r(q, 0)),
    peakConverterMB: summary.converters?.peakRssMB ?? null,
    converters: summary.converters?.started ?? null,
    outcomes,
    exitCode: m.exitCode,
  };
}

const CASES = ['pdf200', 'real', 'long'] as const;

export async function memory(ctx: Context): Promise<Section<{ runs: MemoryRun[] }>> {
  const cases = new Set(arg('--memory-cases')?.split(',').filter(Boolean) ?? CASES);
  const unknown = [...cases].filter((c) => !(CASES as readonly string[]).includes(c));
  if (unknown.length) throw new Error(`--memory-cases: unknown ${unknown.join(', ')} (known: ${CASES.join(', ')})`);
  const runs: MemoryRun[] = [];
  let pdf: MemoryRun | undefined;
  let realRun: MemoryRun | undefined;
  let long: MemoryRun | undefined;
  const n200 = ctx.quick ? 20 : 200;
  if (cases.has('pdf200')) runs.push((pdf = await batchRun(`${n200} corpus PDFs`, makeCopies(ctx.work, 'pdf200', corpusPdfs(), n200), n200)));
  const real = realDir();
  const realFiles = real ? readdirSync(real).filter((f) => f.toLowerCase().endsWith('.pdf')).sort().map((f) => join(real, f)) : [];
  if (realFiles.length) {
    if (cases.has('real')) runs.push((realRun = await batchRun(`the ${realFiles.length} real documents of ${real}`, makeCopies(ctx.work, 'real', realFiles, realFiles.length), realFiles.length)));
    const count = Number(arg('--real-count') ?? (ctx.quick ? 0 : 1000));
    if (count > 0 && cases.has('long')) runs.push((long = await batchRun(`${count} real documents (copies), unattended`, makeCopies(ctx.work, 'real1000', realFiles, count), count)));
  } else log('memory: no real documents (--real DIR): only the corpus batch');
  const text = table(
    ['batch', 'files', 'wall s', 'docs/min', 'CPU s', 'peak RSS MB (process tree)', 'peak PSS MB', 'RSS by quarter, MB', 'largest converter MB', 'converters started', 'outcomes', 'exit'],
    runs.map((x) => [x.label, x.files, x.wallS, x.docsPerMin, x.cpuS, x.peakRssMB, x.peakPssMB ?? '', x.rssByQuarterMB.join(' / '), x.peakConverterMB ?? '', x.converters ?? '', Object.entries(x.outcomes).map(([k, v]) => `${k} ${v}`).join(', '), x.exitCode ?? '']),
  );
  return {
    tables: [{ title: `Memory of unattended batches, default concurrency (${ctx.machine.cores})`, text }],
    data: { runs },
    targets: [
      { id: 'memory-200', target: 'peak RSS < 400 MB for the 200-PDF batch at the default concurrency (issue 16)', value: pdf ? `${pdf.peakRssMB} MB, ${pdf.docsPerMin} docs/min` : 'not measured', met: pdf && pdf.files >= 200 ? pdf.peakRssMB < 400 : null },
      { id: 'memory-real', target: 'peak RSS < 600 MB for the real documents at the default concurrency (issue 18)', value: realRun ? `${realRun.peakRssMB} MB for ${realRun.files}` : real ? 'not run (--memory-cases)' : 'not measured (no --real)', met: realRun ? realRun.peakRssMB < 600 : null },
      { id: 'memory-1000', target: 'peak RSS < 400 MB for 1000 real documents run unattended (issue 16)', value: long ? `${long.peakRssMB} MB, ${long.docsPerMin} docs/min, ${long.wallS} s` : real ? 'not run (--memory-cases, --real-count)' : 'not measured (no --real)', met: long ? long.peakRssMB < 400 : null },
    ],
  };
}
