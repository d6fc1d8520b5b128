import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { cpus, freemem, totalmem, availableParallelism, tmpdir, release } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The repository root: the nearest folder above this file with the project's package.json (works from bench/ and dist/bench/). */
export const ROOT = findRoot();
function findRoot(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (;;) {
    const pkg = join(dir, 'package.json');
    if (existsSync(pkg) && (JSON.parse(readFileSync(pkg, 'utf8')) as { name?: string }).name === 'budget-tables') return dir;
    const up = dirname(dir);
    if (up === dir) throw new Error('bench: cannot find the budget-tables package.json above ' + fileURLToPath(import.meta.url));
    dir = up;
  }
}
export const CORPUS = join(ROOT, 'corpus');
/** The real CLI, as `npm ci` builds it (the package's bin). */
export const CLI = join(ROOT, 'dist/src/cli/main.js');
export const TIME_BIN = '/usr/bin/time';

/** BENCH_PRETEND_MISSING=poppler,tesseract,time: behave as if these tools were absent (to test the fallbacks). */
export function pretendMissing(tool: 'poppler' | 'tesseract' | 'time'): boolean {
  return (process.env['BENCH_PRETEND_MISSING'] ?? '').split(',').includes(tool);
}

export function hasTimeBin(): boolean {
  if (pretendMissing('time') || !existsSync(TIME_BIN)) return false;
  const r = spawnSync(TIME_BIN, ['-f', '%M', 'true'], { encoding: 'utf8' });
  return r.status === 0 && /^\d+\s*$/m.test(r.stderr);
}

export function which(cmd: string): string | null {
  const r = spawnSync('sh', ['-c', `command -v ${cmd}`], { encoding: 'utf8' });
  return r.status === 0 ? r.stdout.trim() || null : null;
}

export interface Measured {
  /** Wall time of the process, seconds. */
  wallS: number;
  /** CPU time (user + system) of the process and all its threads, seconds. */
  userS: number;
  sysS: number;
  /** Peak resident set size of the process (all threads), MB. */
  peakRssMB: number;
  exitCode: number | null;
  stdout: string;
  stderr: string;
  /** Peak proportional set size of the process tree (MB), when sampled (sampleMs). */
  peakPssMB?: number;
  /** RSS samples (seconds since start, MB), when asked for. */
  rss?: [number, number][];
  /** How CPU and peak RSS were measured. */
  method: 'time-v' | 'proc';
}

export interface MeasureOptions {
  cwd?: string;
  env?: NodeJS.ProcessEnv;
  /** Sample RSS every this many ms (for a memory timeline). */
  sampleMs?: number;
  /** Called with each chunk of stderr as it arrives. */
  onStderr?: (chunk: string) => void;
  /** Kill the process after this long (ms). */
  timeoutMs?: number;
}

/** /proc/<pid>/status fields in kB. */
function procStatus(pid: number): { hwm: number; rss: number } | null {
  try {
    const s = readFileSync(`/proc/${pid}/status`, 'utf8');
    const hwm = Number(/VmHWM:\s+(\d+)/.exec(s)?.[1] ?? NaN);
    const rss = Number(/VmRSS:\s+(\d+)/.exec(s)?.[1] ?? NaN);
    return Number.isFinite(hwm) ? { hwm, rss } : null;
  } catch {
    return null;
  }
}

/** utime + stime of a process (all its threads) in seconds, from /proc/<pid>/stat. */
function procCpu(pid: number): { user: number; sys: number } | null {
  try {
    const s = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const f = s.slice(s.lastIndexOf(')') + 2).split(' ');
    const hz = 100;
    return { user: Number(f[11]) / hz, sys: Number(f[12]) / hz };
  } catch {
    return null;
  }
}

/** The pids of a process and all its descendants (Linux /proc). */
export function processTree(pid: number): number[] {
  const out = [pid];
  for (let i = 0; i < out.length; i++) {
    const p = out[i]!;
    let tasks: string[] = [];
    try {
      tasks = readdirSync(`/proc/${p}/task`);
    } catch {
      continue;
    }
    for (const t of tasks) {
      try {
        for (const c of readFileSync(`/proc/${p}/task/${t}/children`, 'utf8').trim().split(/\s+/)) if (c) out.push(Number(c));
      } catch {
        // gone meanwhile
      }
    }
  }
  return out;
}

/** Resident memory of a process and its descendants together, kB (the CLI's converters are child processes). */
export function treeRssKb(pid: number): number {
  let sum = 0;
  for (const p of processTree(pid)) sum += procStatus(p)?.rss ?? 0;
  return sum;
}

/**
 * Proportional set size of the process tree, kB (/proc/<pid>/smaps_rollup): shared pages (the
 * node binary, libraries) divided among the processes that share them, so the sum is the
 * physical memory the tree really uses. The RSS sum counts them once per process.
 */
export function treePssKb(pid: number): number {
  let sum = 0;
  for (const p of processTree(pid)) {
    try {
      sum += Number(/^Pss:\s+(\d+)/m.exec(readFileSync(`/proc/${p}/smaps_rollup`, 'utf8'))?.[1] ?? 0);
    } catch {
      // gone meanwhile
    }
  }
  return sum;
}

function childPid(pid: number): number | null {
  try {
    const c = readFileSync(`/proc/${pid}/task/${pid}/children`, 'utf8').trim().split(/\s+/)[0];
    return c ? Number(c) : null;
  } catch {
    return null;
  }
}

/**
 * Runs a command and measures it: wall time (monotonic clock), CPU time and peak RSS.
 * With GNU time (/usr/bin/time) the kernel's rusage of the process is used for CPU (it includes
 * the converter processes the CLI forks and reaps). Peak RSS is the larger of ru_maxrss (one
 * process) and the sum of VmRSS over the whole process tree polled every 50 ms (sampleMs): the
 * CLI's converters are separate processes, whose memory adds up. Without GNU time,
 * /proc/<pid>/stat is polled for CPU.
 */
export function measure(cmd: string, args: string[], opts: MeasureOptions = {}): Promise<Measured> {
  const useTime = hasTimeBinCached();
  const dir = mkdtempSync(join(tmpdir(), 'bt-bench-time-'));
  const timeFile = join(dir, 'time.txt');
  const argv = useTime ? ['-f', '%e %U %S %M', '-o', timeFile, cmd, ...args] : args;
  const bin = useTime ? TIME_BIN : cmd;
  return new Promise((resolvePromise, reject) => {
    const started = process.hrtime.bigint();
    const child = spawn(bin, argv, { cwd: opts.cwd ?? ROOT, env: opts.env ?? process.env, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (d: string) => (stdout += d));
    child.stderr.setEncoding('utf8').on('data', (d: string) => {
      stderr += d;
      opts.onStderr?.(d);
    });
    let hwm = 0;
    let pss = 0;
    let cpu: { user: number; sys: number } | null = null;
    const rss: [number, number][] = [];
    const poll = (): void => {
      const pid = useTime ? childPid(child.pid!) : child.pid!;
      if (!pid) return;
      const st = procStatus(pid);
      if (st) {
        // The process's own high-water mark, and the sum over its process tree at this moment.
        const tree = treeRssKb(pid);
        hwm = Math.max(hwm, st.hwm, tree);
        if (opts.sampleMs) pss = Math.max(pss, treePssKb(pid));
        if (opts.sampleMs) rss.push([Number(process.hrtime.bigint() - started) / 1e9, tree / 1024]);
      }
      const c = procCpu(pid);
      if (c) cpu = c;
    };
    const timer = setInterval(poll, opts.sampleMs ?? 50);
    let killer: NodeJS.Timeout | undefined;
    // A stuck process must not stall the whole benchmark: killed after 15 minutes unless told otherwise.
    killer = setTimeout(() => {
      // Under GNU time the measured process is its child: stop that one too (by its pid).
      const inner = useTime && child.pid ? childPid(child.pid) : null;
      if (inner) {
        try {
          process.kill(inner, 'SIGKILL');
        } catch {
          // already gone
        }
      }
      child.kill('SIGKILL');
    }, opts.timeoutMs ?? 15 * 60_000);
    child.on('error', (e) => {
      clearInterval(timer);
      clearTimeout(killer);
      reject(e);
    });
    child.on('close', (code) => {
      clearInterval(timer);
      clearTimeout(killer);
      const wallS = Number(process.hrtime.bigint() - started) / 1e9;
      let userS = cpu?.user ?? NaN, sysS = cpu?.sys ?? NaN, peak = hwm / 1024;
      if (useTime) {
        try {
          const [e, u, s, m] = readFileSync(timeFile, 'utf8').trim().split('\n').pop()!.split(' ').map(Number);
          void e;
          userS = u!;
          sysS = s!;
          // ru_maxrss is the largest single process (main, or one converter): the polled tree sum is the honest peak.
          peak = Math.max(peak, m! / 1024);
        } catch {
          // time(1) wrote nothing (killed): keep the polled values
        }
      }
      rmSync(dir, { recursive: true, force: true });
      const out: Measured = { wallS, userS, sysS, peakRssMB: peak, exitCode: code, stdout, stderr, method: useTime ? 'time-v' : 'proc' };
      if (opts.sampleMs) out.peakPssMB = pss / 1024;
      if (opts.sampleMs) out.rss = rss;
      resolvePromise(out);
    });
  });
}

let timeBin: boolean | null = null;
function hasTimeBinCached(): boolean {
  timeBin ??= hasTimeBin();
  return timeBin;
}

/** Runs `fn` over `items` with at most `limit` at a time; results in input order. */
export async function mapLimit<T, R>(items: readonly T[], limit: number, fn: (t: T, i: number) => Promise<R>): Promise<R[]> {
  const out: R[] = new Array(items.length);
  let next = 0;
  const run = async (): Promise<void> => {
    while (next < items.length) {
      const i = next++;
      out[i] = await fn(items[i]!, i);
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(limit, items.length)) }, run));
  return out;
}

export function median(xs: readonly number[]): number {
  if (xs.length === 0) return NaN;
  const s = [...xs].sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
}

export const sum = (xs: readonly number[]): number => xs.reduce((a, b) => a + b, 0);

/** Rounds for the report (keeps results.json readable). */
export function r(v: number, digits = 2): number {
  if (!Number.isFinite(v)) return v;
  const f = 10 ** digits;
  return Math.round(v * f) / f;
}

let scratch: string | null = null;

/** This run's scratch folder (one per benchmark run, removed at the end unless --keep). */
export function scratchRoot(): string {
  scratch ??= mkdtempSync(join(tmpdir(), 'budget-tables-bench-'));
  return scratch;
}

/** A fresh folder inside the scratch folder. */
export function tmp(prefix: string): string {
  return mkdtempSync(join(scratchRoot(), `${prefix}-`));
}

export function loadAvg(): number[] {
  try {
    return readFileSync('/proc/loadavg', 'utf8').trim().split(/\s+/).slice(0, 3).map(Number);
  } catch {
    return [];
  }
}

export interface Machine {
  cpu: string;
  cores: number;
  ramGB: number;
  freeRamGB: number;
  node: string;
  os: string;
  loadAvgAtStart: number[];
}

export function machine(): Machine {
  const cs = cpus();
  let cpu = cs[0]?.model ?? 'unknown';
  try {
    // Virtual machines often report a bare vendor name in /proc/cpuinfo; lscpu may know more.
    const l = spawnSync('lscpu', [], { encoding: 'utf8' });
    const m = /Model name:\s*(.+)/.exec(l.stdout ?? '');
    if (m && m[1]!.trim().length > cpu.length) cpu = m[1]!.trim();
  } catch {
    // lscpu missing: keep os.cpus()
  }
  return {
    cpu,
    cores: availableParallelism(),
    ramGB: r(totalmem() / 2 ** 30, 1),
    freeRamGB: r(freemem() / 2 ** 30, 1),
    node: process.version,
    os: `${process.platform} ${release()}`,
    loadAvgAtStart: loadAvg(),
  };
}

/** A plain-text table for the terminal. */
export function table(headers: string[], rows: (string | number)[][], opts: { left?: boolean } = {}): string {
  const cells = [headers, ...rows.map((row) => row.map((c) => (typeof c === 'number' ? fmt(c) : c)))];
  const widths = headers.map((_, i) => Math.max(...cells.map((row) => width(String(row[i] ?? '')))));
  const right = (c: string | number, i: number) => !opts.left && i > 0 && /^[\d.×x%≈<>~+–-]/.test(String(c));
  const line = (row: (string | number)[]) => row.map((c, i) => pad(String(c ?? ''), widths[i]!, right(c, i) ? 'right' : 'left')).join('  ').trimEnd();
  return [line(cells[0]!), widths.map((w) => '-'.repeat(w)).join('  '), ...cells.slice(1).map(line)].join('\n');
}

function fmt(v: number): string {
  if (!Number.isFinite(v)) return '–';
  if (Number.isInteger(v)) return String(v);
  if (Math.abs(v) >= 100) return v.toFixed(0);
  if (Math.abs(v) >= 10) return v.toFixed(1);
  return v.toFixed(2);
}

/** Display width: CJK characters take two columns. */
function width(s: string): number {
  let w = 0;
  for (const ch of s) w += /[\u1100-\u115f\u2e80-\ua4cf\uac00-\ud7a3\uf900-\ufaff\ufe30-\ufe4f\uff00-\uff60\uffe0-\uffe6]/u.test(ch) ? 2 : 1;
  return w;
}

function pad(s: string, w: number, align: 'left' | 'right'): string {
  const fill = ' '.repeat(Math.max(0, w - width(s)));
  return align === 'right' ? fill + s : s + fill;
}

/** A ratio for the report: "2.1×", or "–" when it could not be measured. */
export const times = (v: number): string => (Number.isFinite(v) ? `${v}×` : '–');

export function log(msg: string): void {
  process.stderr.write(`[bench ${new Date().toISOString().slice(11, 19)}] ${msg}\n`);
}
