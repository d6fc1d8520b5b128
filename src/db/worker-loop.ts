import { rm } from 'node:fs/promises';
import type PgBoss from 'pg-boss';
import type pg from 'pg';
import { WorkerPool } from '../cli/pool.js';
import { convertJob, giveUp, Interrupted, makeScratch, workerName, type WorkOutcome } from './work.js';
import { DEAD_LETTER, QUEUE, unfinishedJobs, type ConvertJob } from './queue.js';
import type { Catalogue } from './store.js';

/**
 * A worker process: `concurrency` pollers on the shared queue, each converting one document at a
 * time in this process's worker threads. Also takes the dead-letter queue (documents whose
 * retries ran out are recorded as failed). With `drain`, returns once the queue has nothing left
 * (no job waiting, retrying or running anywhere), which is how `extract --db` and the tests end.
 */
export interface LoopOptions {
  concurrency: number;
  drain: boolean;
  pollSeconds: number;
  onStart?: (job: ConvertJob, attempt: number) => void;
  onDone?: (o: WorkOutcome, job: ConvertJob) => void;
  onError?: (message: string, job: ConvertJob | null) => void;
  onOutput?: (chunk: Buffer) => void;
}

export interface WorkerLoop {
  /** Resolves when drained (with `drain`) or stopped. */
  done: Promise<void>;
  stop: () => Promise<void>;
}

export async function startWorkerLoop(pool: pg.Pool, boss: PgBoss, catalogue: Catalogue, o: LoopOptions): Promise<WorkerLoop> {
  const converters = new WorkerPool(o.concurrency, o.onOutput);
  const scratch = await makeScratch();
  const ctx = { pool, converters, catalogue, scratch, name: workerName(), onStart: o.onStart, onWarning: (m: string) => o.onError?.(m, null) };
  let active = 0;
  let stopping = false;
  let finish!: () => void;
  const done = new Promise<void>((r) => (finish = r));

  // pg-boss's poller waits a full polling interval after every fetch, even one that found work;
  // nudging it after each job makes it fetch the next one at once (short text dumps would
  // otherwise be converted at one per interval).
  const handler = (poller: { id: string }) => async ([job]: PgBoss.JobWithMetadata<ConvertJob>[]) => {
    if (!job) return;
    active++;
    try {
      const outcome = await convertJob(ctx, job.data);
      o.onDone?.(outcome, job.data);
    } catch (e) {
      // Not recorded: pg-boss marks the attempt failed and retries it (another worker, or this one later).
      if (!(e instanceof Interrupted)) o.onError?.(`${job.data.path}: could not be recorded (${(e as Error).message}); it will be retried`, job.data);
      throw e;
    } finally {
      active--;
      if (poller.id && !stopping) boss.notifyWorker(poller.id);
    }
  };
  const workOptions = { batchSize: 1, pollingIntervalSeconds: o.pollSeconds, includeMetadata: true as const };
  for (let i = 0; i < o.concurrency; i++) {
    const poller = { id: '' };
    poller.id = await boss.work<ConvertJob>(QUEUE, workOptions, handler(poller));
  }
  const dead = { id: '' };
  dead.id = await boss.work<ConvertJob>(DEAD_LETTER, workOptions, async ([job]) => {
    if (!job) return;
    const outcome = await giveUp(ctx, job.data, 0);
    if (outcome) o.onDone?.(outcome, job.data);
    if (!stopping) boss.notifyWorker(dead.id);
  });

  let timer: NodeJS.Timeout | null = null;
  const stop = async () => {
    if (stopping) return;
    stopping = true;
    if (timer) clearInterval(timer);
    await boss.offWork(QUEUE).catch(() => undefined);
    await boss.offWork(DEAD_LETTER).catch(() => undefined);
    await converters.destroy();
    // Let the handlers interrupted just now hand their jobs back before the connection goes.
    for (let i = 0; i < 50 && active > 0; i++) await new Promise((r) => setTimeout(r, 100));
    await rm(scratch, { recursive: true, force: true });
    finish();
  };
  if (o.drain) {
    let checking = false;
    timer = setInterval(() => {
      if (checking || active > 0 || stopping) return;
      checking = true;
      unfinishedJobs(boss)
        .then((n) => (n === 0 && active === 0 ? stop() : undefined))
        .catch((e: Error) => o.onError?.(`checking the queue: ${e.message}`, null))
        .finally(() => (checking = false));
    }, Math.max(250, o.pollSeconds * 1000));
  }
  return { done, stop };
}
