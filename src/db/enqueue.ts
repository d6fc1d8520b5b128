import { randomUUID } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { basename } from 'node:path';
import type pg from 'pg';
import type PgBoss from 'pg-boss';
import { hashInputs, type Input } from '../cli/batch.js';
import { expandInputs, uniqueName } from '../cli/inputs.js';
import type { ManifestEntry } from '../emit/manifest.js';
import { TOOL } from '../version.js';
import { transaction } from './connect.js';
import { onClient, orphaned, QUEUE, QUEUE_RETENTION_DAYS, type ConvertJob } from './queue.js';
import { duplicateEntry, putDocument, recordOutcome, type Catalogue } from './store.js';
import { failedEntry } from './work.js';

/**
 * Puts documents on the shared queue, with the same plan as a local batch run (src/cli/batch.ts):
 * an input unchanged since it was last converted (same content sha256, same tool version) is
 * left alone; content already converted or queued under another path becomes a `duplicate` of it
 * (converted once); everything else is queued under a document id unique in the database.
 * Everything is decided and written in one transaction, under a lock, so two machines enqueueing
 * at once cannot queue the same content twice or hand out the same id.
 */
export interface EnqueueOptions {
  force: boolean;
  /** Store the file's bytes in the database with the job (workers then need no access to the path). */
  upload: boolean;
  /** Largest file --upload accepts, in bytes. */
  uploadLimit: number;
  timeoutMs: number;
  /** A job whose worker has not finished it after this long is given to another worker. */
  stallSeconds: number;
  /** Retries after a worker vanished, before the document is recorded as failed. */
  retries: number;
}

export interface EnqueueItem {
  display: string;
  path: string;
  outcome: 'queued' | 'duplicate' | 'unchanged' | 'failed';
  id: string | null;
  duplicateOf?: string;
  error?: string;
  errorCode?: string;
}

/** Arbitrary, fixed: the transaction-level advisory lock of enqueue. */
const ENQUEUE_LOCK = 7_311_017;


export async function enqueue(pool: pg.Pool, boss: PgBoss, cat: Catalogue, inputs: string[], o: EnqueueOptions): Promise<{ items: EnqueueItem[]; missing: string[] }> {
  const { files, missing } = await expandInputs(inputs);
  const items: EnqueueItem[] = [];
  // No output folder: '\0' matches no path, so an unreadable input is described as an input.
  const hashed = await hashInputs(files, '\0');

  await transaction(pool, async (client) => {
    await client.query('SELECT pg_advisory_xact_lock($1)', [ENQUEUE_LOCK]);
    const paths = hashed.map((h) => h.abs);
    const shas = hashed.flatMap((h) => ('sha256' in h ? [h.sha256] : []));
    type Row = { path: string; sha256: string | null; tool_version: string; status: string; document_id: string | null; duplicate_of: string | null; entry: ManifestEntry | null };
    const old = new Map(
      (await client.query<Row>('SELECT path, sha256, tool_version, status, document_id, duplicate_of, entry FROM documents WHERE path = ANY($1)', [paths])).rows.map((r) => [r.path, r]),
    );
    // Content already converted or on its way, first path first.
    const bySha = new Map<string, Row>();
    for (const r of (await client.query<Row>(
      `SELECT path, sha256, tool_version, status, document_id, duplicate_of, entry FROM documents
        WHERE sha256 = ANY($1) AND tool_version = $2 AND status IN ('ok', 'partial', 'queued') ORDER BY path COLLATE "C"`,
      [shas, TOOL.version],
    )).rows) if (!bySha.has(r.sha256!)) bySha.set(r.sha256!, r);
    // Queued documents whose job is gone (archived after waiting too long, or deleted by hand) are queued again.
    const lost = await orphaned(client, [...paths, ...[...bySha.values()].map((r) => r.path)]);
    const used = new Set((await client.query<{ id: string }>('SELECT DISTINCT lower(document_id) AS id FROM documents WHERE document_id IS NOT NULL')).rows.map((r) => r.id));
    const claimed = new Map<string, { path: string; id: string; entry: ManifestEntry | null }>();
    const jobs: PgBoss.JobInsert<ConvertJob>[] = [];
    const now = new Date().toISOString();

    const pendingDuplicate = async (h: Input, first: { path: string; id: string }) => {
      await client.query('DELETE FROM documents WHERE path = $1', [h.abs]);
      await client.query(
        `INSERT INTO documents (path, file, sha256, size, status, duplicate_of, document_id, tool_version, enqueued_at)
         VALUES ($1, $2, $3, $4, 'duplicate', $5, $6, $7, now())`,
        [h.abs, basename(h.abs), h.sha256, h.size, first.path, first.id, TOOL.version],
      );
    };

    for (const h of hashed) {
      const prior = old.get(h.abs);
      if (!('sha256' in h)) {
        await recordOutcome(client, cat, failedEntry({ path: h.abs, size: null, sha256: null, id: prior?.document_id ?? null, toolVersion: TOOL.version }, h.error, h.errorCode, null), null);
        items.push({ display: h.display, path: h.abs, outcome: 'failed', id: prior?.document_id ?? null, error: h.error, errorCode: h.errorCode });
        continue;
      }
      const claim = h.size > 0 ? claimed.get(h.sha256) : undefined;
      if (claim) {
        if (claim.entry) await putDocument(client, cat, duplicateEntry({ path: h.abs, size: h.size, sha256: h.sha256 }, claim.entry, TOOL.version, now), { target: claim.entry });
        else await pendingDuplicate(h, claim);
        items.push({ display: h.display, path: h.abs, outcome: 'duplicate', id: claim.id, duplicateOf: claim.path });
        continue;
      }
      const same = prior && prior.sha256 === h.sha256 && prior.tool_version === TOOL.version;
      if (!o.force && same && ['ok', 'partial', 'queued'].includes(prior.status) && prior.document_id && !lost.has(h.abs)) {
        claimed.set(h.sha256, { path: h.abs, id: prior.document_id, entry: prior.status === 'queued' ? null : prior.entry });
        items.push({ display: h.display, path: h.abs, outcome: 'unchanged', id: prior.document_id });
        continue;
      }
      const found = h.size > 0 && !o.force ? bySha.get(h.sha256) : undefined;
      const first = found && !lost.has(found.path) ? found : undefined;
      if (!o.force && same && prior.status === 'duplicate' && first && first.path === prior.duplicate_of) {
        items.push({ display: h.display, path: h.abs, outcome: 'unchanged', id: prior.document_id, duplicateOf: first.path });
        continue;
      }
      if (first && first.path !== h.abs && first.document_id) {
        const entry = first.status === 'queued' ? null : first.entry;
        if (entry) await putDocument(client, cat, duplicateEntry({ path: h.abs, size: h.size, sha256: h.sha256 }, entry, TOOL.version, now), { target: entry });
        else await pendingDuplicate(h, { path: first.path, id: first.document_id });
        claimed.set(h.sha256, { path: first.path, id: first.document_id, entry });
        items.push({ display: h.display, path: h.abs, outcome: 'duplicate', id: first.document_id, duplicateOf: first.path });
        continue;
      }
      if (o.upload && h.size > o.uploadLimit) {
        const mb = (n: number) => `${(n / 1048576).toFixed(1)} MB`;
        items.push({
          display: h.display, path: h.abs, outcome: 'failed', id: null, errorCode: 'too_large',
          error: `too large to store with the job (${mb(h.size)}; --upload-limit is ${mb(o.uploadLimit)}): put it on storage every worker can read and enqueue it without --upload`,
        });
        continue;
      }
      const id = prior?.document_id && !prior.duplicate_of ? prior.document_id : uniqueName(h.display, used);
      used.add(id.toLowerCase());
      const jobId = randomUUID();
      await client.query('DELETE FROM documents WHERE path = $1', [h.abs]);
      await client.query(
        `INSERT INTO documents (path, file, sha256, size, status, document_id, tool_version, enqueued_at, job_id)
         VALUES ($1, $2, $3, $4, 'queued', $5, $6, now(), $7)`,
        [h.abs, basename(h.abs), h.sha256, h.size, id, TOOL.version, jobId],
      );
      if (o.upload) await client.query('INSERT INTO inputs (sha256, bytes) VALUES ($1, $2) ON CONFLICT (sha256) DO NOTHING', [h.sha256, await readFile(h.abs)]);
      jobs.push({
        id: jobId,
        name: QUEUE,
        data: { path: h.abs, sha256: h.sha256, size: h.size, id, stored: o.upload, timeoutMs: o.timeoutMs, toolVersion: TOOL.version, jobId },
        expireInSeconds: o.stallSeconds,
        keepUntil: new Date(Date.now() + QUEUE_RETENTION_DAYS * 86_400_000).toISOString(),
        retryLimit: o.retries,
        retryDelay: 1,
      });
      claimed.set(h.sha256, { path: h.abs, id, entry: null });
      items.push({ display: h.display, path: h.abs, outcome: 'queued', id });
    }
    for (let i = 0; i < jobs.length; i += 1000) await boss.insert(jobs.slice(i, i + 1000), { db: onClient(client) });
  });
  return { items, missing };
}
