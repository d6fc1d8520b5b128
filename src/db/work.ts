import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { hostname, tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import type pg from 'pg';
import { describeIoError, reason } from '../cli/batch.js';
import type { WorkerPool } from '../cli/pool.js';
import type { ManifestEntry } from '../emit/manifest.js';
import type { CanonicalResult } from '../model/canonical.js';
import { TOOL } from '../version.js';
import { transaction } from './connect.js';
import type { ConvertJob } from './queue.js';
import { recordOutcome, type Catalogue } from './store.js';

/**
 * One queued document, start to finish, on a worker machine: the conversion runs in the same
 * worker threads as a local batch (src/cli/pool.ts: per-file time limit, a crash fails only its
 * file), so a file fails with the same reason in both; the outcome is written in one transaction.
 */
export interface WorkContext {
  pool: pg.Pool;
  converters: WorkerPool;
  catalogue: Catalogue;
  /** Scratch folder of this process: the converter writes <id>.json here, read back and removed. */
  scratch: string;
  /** host:pid, recorded with each attempt (status shows who is working on what). */
  name: string;
  /** Called once the attempt is recorded, just before the conversion starts. */
  onStart?: (job: ConvertJob, attempt: number) => void;
  onWarning?: (message: string) => void;
}

export interface WorkOutcome {
  path: string;
  status: ManifestEntry['status'] | 'already done' | 'gone';
  entry: ManifestEntry | null;
  line?: string;
  attempt: number;
}

export const workerName = (): string => `${hostname()}:${process.pid}`;

export async function makeScratch(): Promise<string> {
  return mkdtemp(join(tmpdir(), 'budget-tables-worker-'));
}

/** Thrown when this process is stopping: the job is left to be retried, nothing is recorded. */
export class Interrupted extends Error {}

export async function convertJob(ctx: WorkContext, job: ConvertJob): Promise<WorkOutcome> {
  const claim = await ctx.pool.query<{ status: string; sha256: string | null; tool_version: string; attempts: number }>(
    `UPDATE documents SET attempts = attempts + 1, worker = $2, started_at = now() WHERE path = $1
     RETURNING status, sha256, tool_version, attempts`,
    [job.path, ctx.name],
  );
  const row = claim.rows[0];
  if (!row) return { path: job.path, status: 'gone', entry: null, attempt: 0 };
  // A retry of a job whose first attempt was recorded (its worker died before telling the queue).
  if (row.status !== 'queued' && row.sha256 === job.sha256 && row.tool_version === job.toolVersion) {
    return { path: job.path, status: 'already done', entry: null, attempt: row.attempts };
  }

  ctx.onStart?.(job, row.attempts);
  // The outcome records the version that converted it (this worker's); mixed versions are the user's to avoid.
  if (job.toolVersion !== TOOL.version) ctx.onWarning?.(`${job.path}: queued by budget-tables ${job.toolVersion}, converted by ${TOOL.version} (use the same version on every machine)`);
  let input = job.path;
  let stagedDir: string | null = null;
  const started = Date.now();
  try {
    if (job.stored) {
      const bytes = await ctx.pool.query<{ bytes: Buffer }>('SELECT bytes FROM inputs WHERE sha256 = $1', [job.sha256]);
      if (!bytes.rows[0]) return await fail(ctx, job, row.attempts, 'the bytes stored with the job are gone (enqueue it again)', 'vanished', 0);
      // Same base name as the original: the converter's messages name the file.
      stagedDir = await mkdtemp(join(ctx.scratch, 'in-'));
      input = join(stagedDir, basename(job.path));
      await writeFile(input, bytes.rows[0].bytes);
    }
    const out = join(ctx.scratch, 'out');
    await mkdir(out, { recursive: true });
    const reply = await ctx.converters.run({ path: input, out, outLabel: '', id: job.id, csv: false, bom: true }, job.timeoutMs);
    if (!reply.ok) {
      if (reply.code === 'interrupted') throw new Interrupted('interrupted');
      // Exactly the local run's wording (src/cli/batch.ts).
      const io = reply.code?.startsWith('E') ? describeIoError({ code: reply.code, message: reply.message, path: /'([^']+)'/.exec(reply.message)?.[1] }, out) : null;
      return await fail(ctx, job, row.attempts, io?.error ?? reason(reply.message, job.path), io?.errorCode ?? reply.code ?? 'failed', reply.durationMs);
    }
    const file = join(out, `${job.id}.json`);
    const text = await readFile(file, 'utf8');
    await rm(file, { force: true });
    const result = JSON.parse(text) as CanonicalResult;
    const entry: ManifestEntry = {
      path: job.path, size: job.size, sha256: reply.sha256, status: reply.status, duplicateOf: null, id: job.id, outputs: [`${job.id}.json`],
      format: reply.format, pages: reply.pages, encoding: reply.encoding, document: reply.document, counts: reply.counts,
      statusReason: reply.statusReason, error: null, errorCode: null, durationMs: reply.durationMs, toolVersion: TOOL.version, at: new Date().toISOString(),
    };
    await transaction(ctx.pool, (client) => recordOutcome(client, ctx.catalogue, entry, { result, text }));
    return { path: job.path, status: entry.status, entry, line: reply.line.replace(` → ${job.id}.json`, ''), attempt: row.attempts };
  } catch (e) {
    if (e instanceof Interrupted) throw e;
    // Reading the staged bytes or the output failed on this machine: an error of this worker, not of the file.
    if ((e as NodeJS.ErrnoException).code && !(e as { severity?: string }).severity) {
      const io = describeIoError(e, ctx.scratch);
      if (!job.stored && io.errorCode !== 'write_failed') return await fail(ctx, job, row.attempts, io.error, io.errorCode, Date.now() - started);
    }
    throw e;
  } finally {
    if (stagedDir) await rm(stagedDir, { recursive: true, force: true });
  }
}

async function fail(ctx: WorkContext, job: ConvertJob, attempt: number, error: string, errorCode: string, durationMs: number): Promise<WorkOutcome> {
  const entry = failedEntry({ ...job, toolVersion: TOOL.version }, error, errorCode, durationMs);
  await transaction(ctx.pool, (client) => recordOutcome(client, ctx.catalogue, entry, null));
  return { path: job.path, status: 'failed', entry, attempt };
}

export function failedEntry(job: { path: string; size: number | null; sha256: string | null; id: string | null; toolVersion: string }, error: string, errorCode: string, durationMs: number | null): ManifestEntry {
  return {
    path: job.path, size: job.size, sha256: job.sha256, status: 'failed', duplicateOf: null, id: job.id, outputs: [], format: null, pages: null,
    encoding: null, document: null, counts: null, error, errorCode, durationMs, toolVersion: job.toolVersion, at: new Date().toISOString(),
  };
}

/**
 * A job that used up its retries (its worker was killed, crashed or lost the database each time)
 * is recorded as failed, so it never loops and never stays "queued" for ever.
 */
export async function giveUp(ctx: Pick<WorkContext, 'pool' | 'catalogue'>, job: ConvertJob, retries: number): Promise<WorkOutcome | null> {
  const row = (await ctx.pool.query<{ status: string; attempts: number; worker: string | null; job_id: string | null }>('SELECT status, attempts, worker, job_id FROM documents WHERE path = $1', [job.path])).rows[0];
  // Only the document's current job decides: it may have been queued again since.
  if (!row || row.status !== 'queued' || (job.jobId && row.job_id !== job.jobId)) return null;
  const error = `given up after ${Math.max(row.attempts, retries + 1)} attempts: each time the worker converting it stopped before finishing (killed, out of memory, machine or database connection lost; last on ${row.worker ?? 'an unknown worker'})`;
  const entry = failedEntry(job, error, 'crashed', null);
  await transaction(ctx.pool, (client) => recordOutcome(client, ctx.catalogue, entry, null));
  return { path: job.path, status: 'failed', entry, attempt: row.attempts };
}
