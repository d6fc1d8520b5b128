import { fork, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { fileURLToPath } from 'node:url';
import type { DocumentCounts } from '../emit/manifest.js';
import type { CanonicalResult } from '../model/canonical.js';

/** What the main process asks a converter to do: convert `path`, write `<out>/<id>.json` (and .csv). */
export interface JobRequest {
  job: number;
  path: string;
  out: string;
  /** The output folder as the user wrote it (for the summary line). */
  outLabel: string;
  id: string;
  csv: boolean;
  /** Per-document Excel workbook `<id>.xlsx`. */
  xlsx?: boolean;
  bom: boolean;
}

export interface JobSuccess {
  job: number;
  ok: true;
  status: 'ok' | 'partial';
  /** Why the document is partial, in words (null when ok). */
  statusReason: string | null;
  counts: DocumentCounts;
  outputs: string[];
  sha256: string;
  /** Size of the bytes converted (the file may have changed since it was hashed). */
  size: number;
  format: 'pdf' | 'text';
  pages: number;
  encoding: string | null;
  document: CanonicalResult['document'];
  line: string;
  durationMs: number;
}

export interface JobFailure {
  job: number;
  ok: false;
  message: string;
  /**
   * The reader's error code (empty, binary, not_pdf, damaged, encrypted, too_large, …), an errno
   * code, write_failed (with `output`), or timeout / crashed / interrupted.
   */
  code: string | null;
  /** For write_failed: the output file that could not be written. */
  output?: string;
  /** For crashed: where it happened (a defect of ours, or the converter process's last words). */
  stack?: string;
  /** The converter will exit after this reply (its state cannot be trusted after a stray pdf.js rejection). */
  retire?: boolean;
  durationMs: number;
}

export type JobReply = JobSuccess | JobFailure;

/**
 * Resource bounds of the converter processes. A file whose conversion passes them is stopped and
 * tried once more in a fresh process with the `retry` bounds; past those it fails alone as
 * `too_large`. Override with BUDGET_TABLES_WORKER_HEAP_MB / _RSS_MB (first attempt) and
 * BUDGET_TABLES_RETRY_HEAP_MB / _RSS_MB.
 */
export interface PoolLimits {
  /** V8 old-generation cap of a converter process (--max-old-space-size), MB. */
  heapMb: number;
  /**
   * V8 young-generation semi-space of a converter (--max-semi-space-size), MB. Node's default (16)
   * lets each converter hold ~50 MB of short-lived garbage; 4 costs ~2 % CPU and saves ~25 MB per
   * converter (docs/performance.md, Memory).
   */
  semiSpaceMb: number;
  /**
   * How far V8 lets a converter's old generation grow past what survived the last full collection,
   * in percent (--heap-growing-percent; 0: V8's own factor, up to 300 % for a 2 GB heap). A
   * converter keeps 25–30 MB alive between documents, so V8's own factor lets ~100 MB of garbage
   * pile up before it collects (docs/performance.md, "Where the memory goes").
   */
  heapGrowingPercent: number;
  /** A converter whose resident memory passes this while converting is stopped, MB. */
  rssMb: number;
  retry: { heapMb: number; rssMb: number; semiSpaceMb?: number; heapGrowingPercent?: number } | null;
  /** A converter is replaced by a fresh one after this many files… */
  recycleAfterFiles: number;
  /** …or when, after a file, its resident memory is above this (MB): memory a long batch would otherwise keep. */
  recycleRssMb: number;
  /**
   * OCR runs alone: while a converter holds the OCR lease, no other converter converts (the lease is
   * granted once the others have finished their files, idle converters are stopped, no file is
   * admitted) and the converter is replaced after that document. A document with scanned pages
   * then costs the tree one converter with its OCR engine instead of two converters, one of them
   * OCRing (docs/performance.md, "Session 5: OCR memory"). BUDGET_TABLES_OCR_ALONE=1 turns it on (off by default: see defaultLimits).
   */
  ocrAlone: boolean;
}

const envMb = (name: string, fallback: number): number => {
  const v = Number(process.env[name]);
  return Number.isFinite(v) && v > 0 ? v : fallback;
};

/**
 * Defaults measured on the corpus and on real disclosures (docs/performance.md, "Memory of
 * unattended batches"): a converter peaks at 150–300 MB on text-layer PDFs and at 400–560 MB on
 * documents with OCR'd pages. The heap cap is a safety net, not a squeeze: below ~2 GB V8 lets the
 * heap grow less between collections and collects far more often (1024 MB: −30 % memory, +60 %
 * CPU on 200 PDFs). The small young generation saves ~25 MB per converter at no measurable cost.
 * Recycling past 250 MB after a file (session 5; 400 before): a converter that has converted a few
 * real documents holds 250–400 MB and grows by another ~250 MB on a large one, which made the
 * 60 real documents' peak (920 → 687 MB for the tree, converters started 11 both times). In
 * session 3, before the heap's growth was bounded, 250 MB restarted converters two dozen times in
 * 200 PDFs (+60 % CPU); with it, converters of corpus PDFs stay near 200 MB. A growth of 100 % past the live heap (instead of V8's up to 300 %)
 * cuts a 40-PDF batch from ~580 to ~435 MB for the process tree at ~+20 % CPU — the CPU that no
 * longer building glyph outlines saved, so a batch costs what it did before both changes.
 */
const HEAP_GROWING_DEFAULT = 100;

export function defaultLimits(): PoolLimits {
  return {
    heapMb: envMb('BUDGET_TABLES_WORKER_HEAP_MB', 2048),
    semiSpaceMb: envMb('BUDGET_TABLES_WORKER_SEMI_MB', 4),
    // 0 gives V8's own factor back.
    heapGrowingPercent: process.env['BUDGET_TABLES_WORKER_HEAP_GROWING'] === '0' ? 0 : envMb('BUDGET_TABLES_WORKER_HEAP_GROWING', HEAP_GROWING_DEFAULT),
    rssMb: envMb('BUDGET_TABLES_WORKER_RSS_MB', 1024),
    retry: { heapMb: envMb('BUDGET_TABLES_RETRY_HEAP_MB', 3072), rssMb: envMb('BUDGET_TABLES_RETRY_RSS_MB', 3584) },
    recycleAfterFiles: envMb('BUDGET_TABLES_RECYCLE_FILES', 200),
    recycleRssMb: envMb('BUDGET_TABLES_RECYCLE_RSS_MB', 250),
    // Off by default: on 1000 real documents (a tenth with scans) it halved throughput (23.7 against
    // 51.9 docs/min) for a peak 16 % lower (1079 against 1279 MB). BUDGET_TABLES_OCR_ALONE=1 turns it on.
    ocrAlone: process.env['BUDGET_TABLES_OCR_ALONE'] === '1',
  };
}

/** A converter that has not loaded by then is given up (the file fails as `crashed`). */
const STARTUP_LIMIT_MS = 60_000;
/** How often a converter's resident memory is read while it converts. */
const RSS_POLL_MS = 100;

/** Resident memory of a process in MB (Linux /proc; null elsewhere). */
export function rssOf(pid: number | undefined): number | null {
  if (!pid) return null;
  try {
    const m = /VmRSS:\s+(\d+)\s+kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return m ? Number(m[1]) / 1024 : null;
  } catch {
    return null;
  }
}

type Stop = 'timeout' | 'memory' | 'interrupted' | 'recycled' | null;

interface Slot {
  child: ChildProcess;
  ready: Promise<void>;
  pending: ((r: JobReply) => void) | null;
  job: number;
  dead: boolean;
  files: number;
  /** Why the pool stopped it (null: it stopped by itself). */
  stopped: Stop;
  /** The last of its stderr (V8's out-of-memory message, a native crash). */
  tail: string;
  limits: { heapMb: number; rssMb: number; semiSpaceMb?: number; heapGrowingPercent?: number };
  /** Peak resident memory seen while converting, MB. */
  peakMb: number;
  /** It held the OCR lease during its current file (ocrAlone: replaced after it). */
  ocred: boolean;
  /** A file has been given to it (from its start-up on) and its reply is not in yet. */
  working: boolean;
}

const WORKER = fileURLToPath(new URL('./worker.js', import.meta.url));
const OOM = /heap out of memory|Reached heap limit|Allocation failed|ERR_WORKER_OUT_OF_MEMORY|invalid array length|Invalid typed array length/i;

/**
 * A fixed number of converter processes (src/cli/worker.ts), started on demand and reused from
 * file to file. Processes, not threads: whatever a file does to its converter — a heap that
 * runs out, a native abort, the kernel's OOM killer — cannot take the batch down, and a
 * converter's memory goes back to the system when it is replaced. The main process never parses
 * a document itself.
 *
 * A file that exceeds its time limit is abandoned by killing its converter; one that exceeds the
 * memory bounds is tried once more alone with larger bounds, then fails as `too_large`; a
 * converter that dies fails only the file it was working on.
 */
export class WorkerPool {
  private readonly idle: Slot[] = [];
  /** Converters stopped whose process has not exited yet. */
  private readonly exiting = new Set<Slot>();
  private readonly live = new Set<Slot>();
  private nextJob = 1;
  private closed = false;
  private readonly ocrWorkers: number;
  /** Highest resident memory of any one converter, MB (for the summary and the benchmark). */
  peakWorkerMb = 0;
  /** Converters started (recycled ones included). */
  started = 0;
  /** Documents that held the OCR lease. */
  ocrDocuments = 0;
  /** Told when a converter is given the OCR lease: how many other converters are alive, and converting (tests). */
  onOcrGranted: ((others: { live: number; working: number }) => void) | null = null;

  constructor(
    private readonly size: number,
    private readonly onOutput: (chunk: Buffer) => void = () => undefined,
    private readonly limits: PoolLimits = defaultLimits(),
    /** Files this batch will convert: sizes each converter's OCR pool so the cores are shared, not oversubscribed. */
    expectedJobs = size,
  ) {
    const parallel = Math.max(1, Math.min(size, expectedJobs));
    this.ocrWorkers = Math.max(1, Math.floor(availableParallelism() / parallel));
  }

  private spawn(limits: { heapMb: number; rssMb: number; semiSpaceMb?: number; heapGrowingPercent?: number }): Slot {
    const env: NodeJS.ProcessEnv = { ...process.env };
    env['BUDGET_TABLES_OCR_WORKERS'] ??= String(this.ocrWorkers);
    // Fewer malloc arenas: the converter's threads (pdf.js, tesseract.js) otherwise each keep one.
    env['MALLOC_ARENA_MAX'] ??= '2';
    // A fixed mmap threshold (glibc's default 128 KB, without its dynamic rise to 32 MB after a large
    // block is freed): pdf.js's large typed arrays then come from mmap and go back to the system when
    // freed, instead of staying in a fragmented malloc heap (~10–15 MB less per converter, session 5).
    env['MALLOC_MMAP_THRESHOLD_'] ??= '131072';
    const child = fork(WORKER, [], {
      execArgv: [
        `--max-old-space-size=${limits.heapMb}`,
        ...(limits.semiSpaceMb ? [`--max-semi-space-size=${limits.semiSpaceMb}`] : []),
        ...(limits.heapGrowingPercent ? [`--heap-growing-percent=${limits.heapGrowingPercent}`] : []),
        // worker.ts collects the text layer's garbage before OCR starts.
        '--expose-gc',
        // Extra V8 flags for experiments (space-separated), e.g. "--single-threaded-gc".
        ...(process.env['BUDGET_TABLES_WORKER_V8_FLAGS']?.split(/\s+/).filter(Boolean) ?? []),
      ],
      serialization: 'advanced',
      stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
      env,
    });
    this.started++;
    let markReady!: () => void;
    let failStart!: (e: Error) => void;
    const slot: Slot = {
      child,
      ready: new Promise<void>((resolve, reject) => {
        markReady = resolve;
        failStart = reject;
      }),
      pending: null,
      job: 0,
      dead: false,
      files: 0,
      stopped: null,
      tail: '',
      limits,
      peakMb: 0,
      ocred: false,
      working: false,
    };
    slot.ready.catch(() => undefined);
    let fatal = false;
    child.stdout!.on('data', this.onOutput);
    child.stderr!.on('data', (chunk: Buffer) => {
      slot.tail = (slot.tail + chunk.toString('utf8')).slice(-4000);
      // V8's out-of-memory report (GC log, native stack) is for us, not for the user: the file's ✗ line says it.
      if (!fatal && /FATAL ERROR|<--- Last few GCs --->/.test(slot.tail)) fatal = true;
      if (!fatal) this.onOutput(chunk);
    });
    const gone = (code: number | null, signal: NodeJS.Signals | null) => {
      this.releaseOcr(slot);
      if (slot.dead && !slot.pending) return;
      slot.dead = true;
      this.live.delete(slot);
      const why = code !== null ? `exit code ${code}` : `signal ${signal}`;
      failStart(new Error(`it stopped (${why})`));
      const p = slot.pending;
      slot.pending = null;
      if (!p) return;
      if (slot.stopped === 'memory' || (slot.stopped === null && (OOM.test(slot.tail) || signal === 'SIGKILL'))) {
        const what = slot.stopped === 'memory' ? `its memory passed ${limits.rssMb} MB` : signal === 'SIGKILL' ? 'it was killed by SIGKILL, perhaps by the system for lack of memory' : `it ran out of memory (heap limit ${limits.heapMb} MB)`;
        p({ job: slot.job, ok: false, code: 'memory', message: what, durationMs: 0 });
      } else {
        const last = slot.tail.trim().split('\n').slice(-12).join('\n');
        p({ job: slot.job, ok: false, code: 'crashed', message: `the converter stopped unexpectedly (${why})`, ...(last ? { stack: last } : {}), durationMs: 0 });
      }
    };
    child.on('message', (m: { ready: true } | { ocrLease: 'request' | 'release' } | JobReply) => {
      if ('ready' in m) return markReady();
      if ('ocrLease' in m) return m.ocrLease === 'request' ? this.requestOcr(slot) : this.releaseOcr(slot);
      const p = slot.pending;
      slot.pending = null;
      p?.(m);
    });
    child.on('error', (e) => {
      slot.tail += `\n${e.message}`;
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    });
    child.on('exit', gone);
    this.live.add(slot);
    return slot;
  }

  /** The one OCR lease (see worker.ts): who holds it, who waits for it. */
  private ocrHolder: Slot | null = null;
  private readonly ocrQueue: Slot[] = [];
  /** Files waiting to be admitted while OCR runs alone. */
  private readonly admissions: (() => void)[] = [];

  private requestOcr(slot: Slot): void {
    if (this.ocrHolder === slot) return void slot.child.send({ ocrLease: 'granted' }, () => undefined);
    if (!this.ocrQueue.includes(slot)) this.ocrQueue.push(slot);
    this.grantOcr();
  }

  /**
   * Gives the lease to the first converter waiting for it, if nobody holds it. With ocrAlone, only
   * once every other converter has finished its file (or is itself waiting for the lease, or two
   * scanned documents would wait for each other), and the idle converters are stopped first: the
   * one engine then runs beside the main process and nothing else.
   */
  private grantOcr(): void {
    if (this.ocrHolder && !this.ocrHolder.dead) return;
    this.ocrHolder = null;
    while (this.ocrQueue[0]?.dead) this.ocrQueue.shift();
    const next = this.ocrQueue[0];
    if (!next) return this.admit();
    if (this.limits.ocrAlone) {
      const busy = [...this.live].some((s) => s !== next && !s.dead && s.working && !this.ocrQueue.includes(s));
      if (busy) return;
      for (const s of this.idle.splice(0)) {
        this.stop(s, 'recycled');
        this.live.delete(s);
      }
    }
    this.ocrQueue.shift();
    this.ocrHolder = next;
    next.ocred = true;
    this.ocrDocuments++;
    const others = [...this.live].filter((s) => s !== next && !s.dead);
    this.onOcrGranted?.({ live: others.length, working: others.filter((s) => s.working).length });
    next.child.send({ ocrLease: 'granted' }, () => undefined);
  }

  private releaseOcr(slot: Slot): void {
    const i = this.ocrQueue.indexOf(slot);
    if (i >= 0) this.ocrQueue.splice(i, 1);
    if (this.ocrHolder === slot) this.ocrHolder = null;
    this.grantOcr();
  }

  /** Whether a new file must wait: OCR runs alone and a converter holds or awaits the lease. */
  private ocrBusy(): boolean {
    return this.limits.ocrAlone && ((this.ocrHolder !== null && !this.ocrHolder.dead) || this.ocrQueue.some((s) => !s.dead));
  }

  private admit(): void {
    if (this.ocrBusy() && !this.closed) return;
    for (const go of this.admissions.splice(0)) go();
  }

  private stop(slot: Slot, why: Exclude<Stop, null>): void {
    slot.stopped ??= why;
    if (slot.child.exitCode === null && slot.child.signalCode === null) {
      slot.child.kill('SIGKILL');
      this.exiting.add(slot);
      slot.child.once('exit', () => this.exiting.delete(slot));
    }
  }

  /**
   * Until every converter stopped has exited: a replacement is started only then, so that the
   * memory of the one it replaces (300–400 MB after OCR) and its own are not held at the same time.
   */
  private async stoppedGone(): Promise<void> {
    await Promise.all([...this.exiting].map((s) => this.exited(s)));
  }

  private exited(slot: Slot): Promise<void> {
    if (slot.child.exitCode !== null || slot.child.signalCode !== null) return Promise.resolve();
    return new Promise((resolve) => slot.child.once('exit', () => resolve()));
  }

  /** One attempt in `slot`; resolves with the reply, a failure, or code `memory` when a bound was passed. */
  private async attempt(slot: Slot, req: Omit<JobRequest, 'job'>, job: number, timeoutMs: number): Promise<JobReply> {
    slot.working = true;
    try {
      return await this.attemptIn(slot, req, job, timeoutMs);
    } finally {
      slot.working = false;
    }
  }

  private async attemptIn(slot: Slot, req: Omit<JobRequest, 'job'>, job: number, timeoutMs: number): Promise<JobReply> {
    let startTimer: NodeJS.Timeout | undefined;
    try {
      await Promise.race([
        slot.ready,
        new Promise<never>((_, reject) => {
          startTimer = setTimeout(() => reject(new Error(`it did not start within ${STARTUP_LIMIT_MS / 1000} s`)), STARTUP_LIMIT_MS);
        }),
      ]);
    } catch (e) {
      this.stop(slot, 'recycled');
      return { job, ok: false, code: 'crashed', message: `could not start a converter: ${(e as Error).message}`, durationMs: 0, startFailed: true } as JobReply;
    } finally {
      clearTimeout(startTimer);
    }
    if (slot.dead) return { job, ok: false, code: 'crashed', message: 'the converter stopped before the file was sent', durationMs: 0 };
    const started = Date.now();
    return new Promise<JobReply>((resolve) => {
      let timer: NodeJS.Timeout | undefined;
      const poll = setInterval(() => {
        const rss = rssOf(slot.child.pid);
        if (rss === null) return;
        slot.peakMb = Math.max(slot.peakMb, rss);
        this.peakWorkerMb = Math.max(this.peakWorkerMb, rss);
        if (rss > slot.limits.rssMb) this.stop(slot, 'memory');
      }, RSS_POLL_MS);
      slot.job = job;
      slot.pending = (r) => {
        clearTimeout(timer);
        clearInterval(poll);
        resolve({ ...r, durationMs: r.durationMs || Date.now() - started });
      };
      if (timeoutMs > 0) {
        timer = setTimeout(() => {
          slot.pending = null;
          clearInterval(poll);
          this.stop(slot, 'timeout');
          // Abandon the file for real: the process is killed wherever it is.
          void this.exited(slot).then(() =>
            resolve({ job, ok: false, code: 'timeout', message: `timed out after ${timeoutMs / 1000} s`, durationMs: Date.now() - started }),
          );
        }, timeoutMs);
      }
      slot.child.send({ ...req, job } satisfies JobRequest, (e) => {
        if (e) this.stop(slot, 'recycled');
      });
    });
  }

  /**
   * Converts one file; never rejects (failures, time-outs, crashes and memory stops come back as
   * JobFailure). `onRetry` is told before a file that passed the memory bounds is tried again.
   */
  async run(req: Omit<JobRequest, 'job'>, timeoutMs: number, onRetry?: (message: string) => Promise<void> | void): Promise<JobReply> {
    if (this.closed) return { job: 0, ok: false, code: 'interrupted', message: 'interrupted', durationMs: 0 };
    if (this.ocrBusy()) await new Promise<void>((resolve) => this.admissions.push(resolve));
    if (this.closed) return { job: 0, ok: false, code: 'interrupted', message: 'interrupted', durationMs: 0 };
    if (this.live.size - this.idle.length >= this.size) throw new Error('WorkerPool: more jobs than workers');
    let slot = this.idle.pop();
    while (slot?.dead) slot = this.idle.pop();
    if (!slot) {
      await this.stoppedGone();
      slot = this.spawn(this.limits);
    }
    const job = this.nextJob++;
    const t0 = Date.now();
    let reply = await this.attempt(slot, req, job, timeoutMs);
    slot.files++;
    if (!reply.ok && (reply as { startFailed?: boolean }).startFailed && !this.closed) {
      // A converter that died while starting (killed, out of memory at load): one fresh one more.
      this.keepOrRecycle(slot);
      slot = this.spawn(this.limits);
      reply = await this.attempt(slot, req, job, timeoutMs);
      slot.files++;
    }
    if (!reply.ok && reply.retire) this.stop(slot, 'recycled');
    this.keepOrRecycle(slot);
    if (!reply.ok && reply.code === 'memory' && !this.closed) {
      const first = reply.message;
      const big = this.limits.retry;
      if (big) {
        await onRetry?.(first);
        const left = timeoutMs > 0 ? Math.max(1, timeoutMs - (Date.now() - t0)) : 0;
        // Alone in a fresh process with the larger bounds; stopped afterwards (it may have grown large).
        const solo = this.spawn(big);
        reply = await this.attempt(solo, req, job, left);
        this.stop(solo, 'recycled');
        this.live.delete(solo);
        this.grantOcr();
        if (!reply.ok && reply.code === 'timeout') reply = { ...reply, message: `timed out after ${timeoutMs / 1000} s (tried twice: the first attempt stopped because ${first})` };
      }
      if (!reply.ok && reply.code === 'memory') {
        const bound = big ?? this.limits;
        reply = { ...reply, code: 'too_large', message: `too large to convert safely: ${reply.message} (bounds ${bound.heapMb} MB heap, ${bound.rssMb} MB memory)`, durationMs: Date.now() - t0 };
      }
    }
    return reply;
  }

  private keepOrRecycle(slot: Slot): void {
    this.recycleOrIdle(slot);
    // A converter that finished may be what a waiting OCR lease (ocrAlone) waited for.
    this.grantOcr();
  }

  private recycleOrIdle(slot: Slot): void {
    const ocred = slot.ocred;
    slot.ocred = false;
    if (slot.dead || slot.stopped || this.closed) {
      this.live.delete(slot);
      return;
    }
    const rss = rssOf(slot.child.pid);
    // After OCR (ocrAlone) a converter keeps 250–350 MB that the engine's threads left (measured).
    if ((ocred && this.limits.ocrAlone) || slot.files >= this.limits.recycleAfterFiles || (rss !== null && rss > this.limits.recycleRssMb)) {
      this.stop(slot, 'recycled');
      this.live.delete(slot);
      return;
    }
    this.idle.push(slot);
  }

  /** Stops every converter; files in progress come back as failures with code `interrupted`. */
  async destroy(): Promise<void> {
    this.closed = true;
    for (const go of this.admissions.splice(0)) go();
    const slots = [...this.live];
    this.idle.length = 0;
    await Promise.all(
      slots.map(async (s) => {
        const p = s.pending;
        s.pending = null;
        this.live.delete(s);
        this.stop(s, 'interrupted');
        await this.exited(s);
        p?.({ job: s.job, ok: false, code: 'interrupted', message: 'interrupted', durationMs: 0 });
      }),
    );
  }
}
