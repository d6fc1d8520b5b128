import { Worker } from 'node:worker_threads';
import type { DocumentCounts } from '../emit/manifest.js';
import type { CanonicalResult } from '../model/canonical.js';

/** What the main thread asks a worker to do: convert `path`, write `<out>/<id>.json` (and .csv). */
export interface JobRequest {
  job: number;
  path: string;
  out: string;
  /** The output folder as the user wrote it (for the summary line). */
  outLabel: string;
  id: string;
  csv: boolean;
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
  /** The reader's error code (empty, binary, not_pdf, damaged, encrypted, …), an errno code, or timeout / crashed / interrupted. */
  code: string | null;
  durationMs: number;
}

export type JobReply = JobSuccess | JobFailure;

/** A worker that has not loaded the converter by then is given up (the file fails as `crashed`). */
const STARTUP_LIMIT_MS = 60_000;

interface Slot {
  worker: Worker;
  ready: Promise<void>;
  pending: ((r: JobReply) => void) | null;
  job: number;
  dead: boolean;
}

/**
 * A fixed number of worker threads (src/cli/worker.ts), started on demand and reused from file to
 * file. A file that exceeds its time limit is abandoned by terminating its worker (a fresh one
 * takes its place); a worker that crashes fails only the file it was working on.
 */
export class WorkerPool {
  private readonly idle: Slot[] = [];
  private readonly live = new Set<Slot>();
  private nextJob = 1;
  private closed = false;

  constructor(
    private readonly size: number,
    private readonly onOutput: (chunk: Buffer) => void = () => undefined,
  ) {}

  private spawn(): Slot {
    const worker = new Worker(new URL('./worker.js', import.meta.url), { stdout: true, stderr: true });
    worker.stdout.on('data', this.onOutput);
    worker.stderr.on('data', this.onOutput);
    let markReady!: () => void;
    let failStart!: (e: Error) => void;
    const slot: Slot = {
      worker,
      ready: new Promise<void>((resolve, reject) => {
        markReady = resolve;
        failStart = reject;
      }),
      pending: null,
      job: 0,
      dead: false,
    };
    slot.ready.catch(() => undefined);
    const fail = (code: string, message: string) => {
      slot.dead = true;
      this.live.delete(slot);
      failStart(new Error(message));
      const p = slot.pending;
      slot.pending = null;
      p?.({ job: slot.job, ok: false, code, message, durationMs: 0 });
    };
    worker.on('message', (m: { ready: true } | JobReply) => {
      if ('ready' in m) return markReady();
      const p = slot.pending;
      slot.pending = null;
      p?.(m);
    });
    worker.on('error', (e) => fail('crashed', `the converter crashed: ${e.message}`));
    worker.on('exit', (code) => fail('crashed', `the converter stopped unexpectedly (exit code ${code})`));
    this.live.add(slot);
    return slot;
  }

  /** Converts one file; never rejects (failures, time-outs and crashes come back as JobFailure). */
  async run(req: Omit<JobRequest, 'job'>, timeoutMs: number): Promise<JobReply> {
    if (this.closed) return { job: 0, ok: false, code: 'interrupted', message: 'interrupted', durationMs: 0 };
    if (this.live.size - this.idle.length >= this.size) throw new Error('WorkerPool: more jobs than workers');
    const slot = this.idle.pop() ?? this.spawn();
    const job = this.nextJob++;
    let startTimer: NodeJS.Timeout | undefined;
    try {
      await Promise.race([
        slot.ready,
        new Promise<never>((_, reject) => {
          startTimer = setTimeout(() => reject(new Error(`it did not start within ${STARTUP_LIMIT_MS / 1000} s`)), STARTUP_LIMIT_MS);
        }),
      ]);
    } catch (e) {
      slot.dead = true;
      this.live.delete(slot);
      void slot.worker.terminate();
      return { job, ok: false, code: 'crashed', message: `could not start a converter: ${(e as Error).message}`, durationMs: 0 };
    } finally {
      clearTimeout(startTimer);
    }
    if (slot.dead) return { job, ok: false, code: 'crashed', message: 'the converter stopped before the file was sent', durationMs: 0 };
    const started = Date.now();
    const reply = await new Promise<JobReply>((resolve) => {
      let timer: NodeJS.Timeout | undefined;
      slot.job = job;
      slot.pending = (r) => {
        clearTimeout(timer);
        resolve(r);
      };
      if (timeoutMs > 0) {
        timer = setTimeout(() => {
          slot.pending = null;
          slot.dead = true;
          this.live.delete(slot);
          // Abandon the file for real: stops the worker's JavaScript wherever it is.
          void slot.worker.terminate().finally(() =>
            resolve({ job, ok: false, code: 'timeout', message: `timed out after ${timeoutMs / 1000} s`, durationMs: Date.now() - started }),
          );
        }, timeoutMs);
      }
      slot.worker.postMessage({ ...req, job } satisfies JobRequest);
    });
    if (!slot.dead && !this.closed) this.idle.push(slot);
    return reply;
  }

  /** Stops every worker; files in progress come back as failures with code `interrupted`. */
  async destroy(): Promise<void> {
    this.closed = true;
    const slots = [...this.live];
    this.idle.length = 0;
    await Promise.all(
      slots.map(async (s) => {
        const p = s.pending;
        s.pending = null;
        s.dead = true;
        this.live.delete(s);
        await s.worker.terminate();
        p?.({ job: s.job, ok: false, code: 'interrupted', message: 'interrupted', durationMs: 0 });
      }),
    );
  }
}
