import { mkdir, rename } from 'node:fs/promises';
import { join } from 'node:path';
import type pg from 'pg';
import QueryStream from 'pg-query-stream';
import { writeFileAtomic } from '../emit/atomic.js';
import { writeCsv } from '../emit/csv.js';
import { CsvOut, DATASET_FILES, datasetFingerprint, type DatasetName } from '../emit/dataset.js';
import { MANIFEST_FILE, MANIFEST_VERSION, type Manifest, type ManifestEntry } from '../emit/manifest.js';
import type { CanonicalResult } from '../model/canonical.js';
import { TOOL } from '../version.js';
import { CHILD_TABLES, quote } from './store.js';

/**
 * The database → the folder a local run writes: <id>.json per converted document (byte for byte
 * the JSON the worker produced), manifest.json, and the dataset CSVs, written from the tables
 * (not re-derived from the JSON), so an export shows what the database holds. Rows come in the
 * local run's order: documents by path, then each document's rows in their original order (seq).
 * Everything streams through cursors: memory does not grow with the number of facts.
 */
export interface ExportResult {
  rows: Record<DatasetName, number>;
  json: number;
  /** Documents still queued (not in the export). */
  pending: number;
}

/** A column value as the CSV shows it (the inverse of store.ts's param()). */
function field(v: unknown): string {
  if (v === null || v === undefined) return '';
  if (v instanceof Date) return v.toISOString();
  return String(v);
}

/** Converted documents (the ones with tables, facts, … rows): ordered as the local dataset is. */
const CONVERTED = `status IN ('ok', 'partial') AND result IS NOT NULL`;
const FINISHED = `status <> 'queued' AND entry IS NOT NULL`;

async function* rows<T extends object>(client: pg.PoolClient, sql: string, params: unknown[] = []): AsyncGenerator<T> {
  const stream = client.query(new QueryStream(sql, params, { batchSize: 500 }));
  for await (const row of stream) yield row as T;
}

export async function exportDatabase(pool: pg.Pool, dir: string, o: { bom: boolean; csv: boolean }): Promise<ExportResult> {
  await mkdir(dir, { recursive: true });
  // One snapshot for every query: documents that workers finish meanwhile are in all the files or in none.
  const client = await pool.connect();
  try {
    await client.query('BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY');
    const result = await exportSnapshot(client, dir, o);
    await client.query('COMMIT');
    return result;
  } catch (e) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw e;
  } finally {
    client.release();
  }
}

async function exportSnapshot(db: pg.PoolClient, dir: string, o: { bom: boolean; csv: boolean }): Promise<ExportResult> {
  const counts = Object.fromEntries(Object.keys(DATASET_FILES).map((k) => [k, 0])) as Record<DatasetName, number>;
  const outs = Object.fromEntries(
    Object.entries(DATASET_FILES).map(([k, d]) => [k, new CsvOut(join(dir, d.file), d.columns, o.bom)]),
  ) as Record<DatasetName, CsvOut>;
  const entries: ManifestEntry[] = [];
  let json = 0;
  try {
    // Per-document JSON (and CSV), from the stored canonical JSON text.
    for await (const r of rows<{ id: string; result: string }>(db, `SELECT document_id AS id, result::text AS result FROM documents WHERE ${CONVERTED}`)) {
      await writeFileAtomic(join(dir, `${r.id}.json`), r.result);
      if (o.csv) await writeCsv(join(dir, `${r.id}.csv`), JSON.parse(r.result) as CanonicalResult, o.bom);
      json++;
    }
    const docCols = DATASET_FILES.documents.columns;
    for await (const r of rows<Record<string, unknown> & { entry_text: string }>(
      db,
      `SELECT ${docCols.map(quote).join(', ')}, entry::text AS entry_text FROM documents WHERE ${FINISHED} ORDER BY path COLLATE "C"`,
    )) {
      await outs.documents.write(docCols.map((c) => field(r[c])));
      const e = JSON.parse(r.entry_text) as ManifestEntry;
      if (o.csv && e.outputs.length > 0 && !e.outputs.includes(`${e.id}.csv`)) e.outputs = [...e.outputs, `${e.id}.csv`];
      entries.push(e);
    }
    for (const t of CHILD_TABLES) {
      const cols = DATASET_FILES[t].columns;
      for await (const r of rows<Record<string, unknown>>(
        db,
        `SELECT ${cols.map((c) => `t.${quote(c)}`).join(', ')} FROM ${quote(t)} t JOIN documents d ON d.document_id = t.document_id AND d.status IN ('ok', 'partial') AND d.result IS NOT NULL
          ORDER BY d.path COLLATE "C", t.seq`,
      )) {
        await outs[t].write(cols.map((c) => field(r[c])));
      }
    }
    for (const out of Object.values(outs)) await out.end();
    for (const out of Object.values(outs)) await rename(out.tmp, out.path);
  } catch (e) {
    await Promise.all(Object.values(outs).map((out) => out.abort()));
    throw e;
  }
  for (const k of Object.keys(outs) as DatasetName[]) counts[k] = outs[k].rows;
  // A manifest like a local run's, so the folder can be reported on, or extended by a local run.
  const manifest: Manifest = {
    manifestVersion: MANIFEST_VERSION,
    tool: TOOL,
    updatedAt: new Date().toISOString(),
    dataset: { fingerprint: datasetFingerprint(entries, o.bom), bom: o.bom, rows: counts },
    files: entries,
  };
  await writeFileAtomic(join(dir, MANIFEST_FILE), JSON.stringify(manifest, null, 2) + '\n');
  const pending = Number((await db.query<{ n: string }>(`SELECT count(*) AS n FROM documents WHERE NOT (${FINISHED})`)).rows[0]!.n);
  return { rows: counts, json, pending };
}
