import { availableParallelism } from 'node:os';
import { Option, type Command } from 'commander';
import type { ConvertJob } from '../db/queue.js';
import type { WorkOutcome } from '../db/work.js';
import type { WorkerLoop } from '../db/worker-loop.js';
import { DB_OPTION, NO_URL, positiveNumber, requireUrl, usage, withSession } from './db-common.js';
import { EXIT } from './exit.js';

interface WorkerCliOptions {
  db?: string;
  concurrency: string;
  drain?: boolean;
  jsonLog?: boolean;
  poll: string;
  checkStalledEvery: string;
}

/** `budget-tables worker`: converts queued documents until stopped (or, with --drain, until the queue is empty). */
export function registerWorker(program: Command, setExit: (code: number) => void): void {
  program
    .command('worker')
    .description('convert documents from the shared queue in PostgreSQL; start one on every machine that should help')
    .option(...DB_OPTION)
    .addOption(new Option('-c, --concurrency <n>', 'documents converted at the same time on this machine').default(String(availableParallelism()), 'number of CPU cores'))
    .option('--drain', 'stop when the queue is empty (nothing waiting, retrying or running on any machine)')
    .option('--json-log', 'one JSON object per line on stderr (ready, start, file, error events)')
    .addOption(new Option('--poll <seconds>', 'how often an idle worker looks for jobs').default('2'))
    .addOption(new Option('--check-stalled-every <seconds>', 'how often this worker looks for jobs whose worker vanished').default('30'))
    .action(async (opts: WorkerCliOptions) => setExit(await run(opts)));
}

export function printer(jsonLog: boolean) {
  const log = (o: object) => process.stderr.write(JSON.stringify({ time: new Date().toISOString(), ...o }) + '\n');
  return {
    onStart: (job: ConvertJob, attempt: number) => {
      if (jsonLog) log({ event: 'start', path: job.path, id: job.id, attempt, pid: process.pid });
    },
    onDone: (o: WorkOutcome, job: ConvertJob) => {
      if (jsonLog) {
        log({ event: 'file', path: o.path, status: o.status, id: job.id, error: o.entry?.error ?? null, errorCode: o.entry?.errorCode ?? null, durationMs: o.entry?.durationMs ?? null, attempt: o.attempt });
        return;
      }
      if (o.status === 'ok' || o.status === 'partial') process.stderr.write(`${o.line ?? `✓ ${o.path}`}\n`);
      else if (o.status === 'failed') process.stderr.write(`✗ ${o.path}: ${o.entry?.error}\n`);
      else if (o.status === 'already done') process.stderr.write(`· ${o.path}: already recorded\n`);
    },
    onError: (message: string) => {
      if (jsonLog) log({ event: 'error', message });
      else process.stderr.write(`budget-tables worker: ${message}\n`);
    },
    onOutput: (chunk: Buffer) => {
      if (!jsonLog) process.stderr.write(chunk);
    },
  };
}

async function run(opts: WorkerCliOptions): Promise<number> {
  const url = requireUrl(opts.db);
  if (!url) return usage(NO_URL);
  const concurrency = positiveNumber(opts.concurrency, '--concurrency', { integer: true, min: 1 });
  const poll = positiveNumber(opts.poll, '--poll', { min: 0.5 });
  const stalled = positiveNumber(opts.checkStalledEvery, '--check-stalled-every', { integer: true, min: 1 });
  for (const v of [concurrency, poll, stalled]) if (typeof v === 'string') return usage(v);
  const p = printer(opts.jsonLog === true);
  return withSession(url, { poolSize: (concurrency as number) + 2, boss: { supervise: true, maintenanceIntervalSeconds: stalled as number, onError: p.onError } }, async (s) => {
    const { startWorkerLoop } = await import('../db/worker-loop.js');
    if (!opts.jsonLog) process.stderr.write(`budget-tables worker: converting from the queue, ${concurrency} at a time${opts.drain ? ', until it is empty' : ' (Ctrl-C stops; unfinished documents go to another worker)'}\n`);
    const loop = await startWorkerLoop(s.pool, s.boss!, s.catalogue, { concurrency: concurrency as number, drain: opts.drain === true, pollSeconds: poll as number, ...p });
    if (opts.jsonLog) process.stderr.write(JSON.stringify({ time: new Date().toISOString(), event: 'ready', pid: process.pid, concurrency }) + '\n');
    const interrupted = await untilDone(loop);
    if (interrupted !== null) return interrupted;
    return EXIT.OK;
  });
}

/**
 * Waits for a worker loop to finish. Ctrl-C or SIGTERM stops it gracefully (jobs in progress end
 * and are recorded); a second signal exits at once. Returns the exit code of the signal that
 * stopped it, or null when it ended by itself.
 */
export async function untilDone(loop: WorkerLoop): Promise<number | null> {
  let signal: NodeJS.Signals | null = null;
  const onSignal = (sig: NodeJS.Signals) => {
    if (signal) process.exit(sig === 'SIGINT' ? EXIT.INTERRUPTED : EXIT.TERMINATED);
    signal = sig;
    void loop.stop();
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  try {
    await loop.done;
  } finally {
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
  }
  return signal ? (signal === 'SIGINT' ? EXIT.INTERRUPTED : EXIT.TERMINATED) : null;
}
