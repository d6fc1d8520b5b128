import type pg from 'pg';
import { DATASET_FILES, documentRow, resultRows, UNPLACED_COLUMNS, unplacedRows, type DatasetName } from '../emit/dataset.js';
import type { ManifestEntry } from '../emit/manifest.js';
import type { CanonicalResult } from '../model/canonical.js';
import { SchemaError } from './migrate.js';

/**
 * Writes documents into the dataset tables. The column lists come from src/emit/dataset.ts (the
 * CSV columns, one table per CSV) and the rows from the same functions the folder export uses
 * (documentRow, resultRows), so the database holds exactly what the CSVs would. Column types come
 * from the database's own catalogue (the migrations are the one place that says them): an empty
 * CSV field is NULL in a typed column, and a text column keeps the string as it is.
 */
export type Columns = Map<string, string>;
/** Tables of the database beyond the CSV files (their column lists are in dataset.ts too). */
const EXTRA_TABLES = { unplaced: UNPLACED_COLUMNS } as const;
type TableName = DatasetName | keyof typeof EXTRA_TABLES;
export type Catalogue = Record<TableName, Columns>;

/** Child tables: each row also carries `seq`, its position in the document's rows (the CSV order). */
export const CHILD_TABLES = (Object.keys(DATASET_FILES) as DatasetName[]).filter((n) => n !== 'documents') as Exclude<DatasetName, 'documents'>[];

/** Columns of documents beyond documents.csv's. */
const DOCUMENT_EXTRAS = ['size', 'error_code', 'duration_ms', 'entry', 'result'] as const;

export const quote = (name: string): string => `"${name.replace(/"/g, '""')}"`;

/** Reads the types of the dataset tables' columns and checks that every CSV column has one. */
export async function loadCatalogue(db: pg.Pool | pg.PoolClient): Promise<Catalogue> {
  const columns: Record<string, readonly string[]> = { ...Object.fromEntries(Object.entries(DATASET_FILES).map(([k, d]) => [k, d.columns])), ...EXTRA_TABLES };
  const names = Object.keys(columns) as TableName[];
  const { rows } = await db.query<{ table_name: string; column_name: string; data_type: string }>(
    `SELECT table_name, column_name, data_type FROM information_schema.columns
      WHERE table_schema = current_schema() AND table_name = ANY($1)`,
    [names],
  );
  const cat = Object.fromEntries(names.map((n) => [n, new Map<string, string>()])) as Catalogue;
  for (const r of rows) cat[r.table_name as TableName].set(r.column_name, r.data_type);
  const missing = names.flatMap((n) => columns[n]!.filter((c) => !cat[n].has(c)).map((c) => `${n}.${c}`));
  if (missing.length > 0) throw new SchemaError(`the database lacks the dataset columns ${missing.join(', ')}: a schema migration is missing (add one in src/db/migrations)`);
  return cat;
}

/** SQL array type for unnest() of a column of this type. */
function arrayType(dataType: string): string {
  switch (dataType) {
    case 'integer':
      return 'int4[]';
    case 'bigint':
      return 'int8[]';
    case 'numeric':
      return 'numeric[]';
    case 'double precision':
      return 'float8[]';
    case 'timestamp with time zone':
      return 'timestamptz[]';
    case 'json':
      return 'json[]';
    default:
      return 'text[]';
  }
}

/** A CSV field as a parameter: empty means NULL, except in text columns. */
const param = (value: string, dataType: string): string | null => (value === '' && dataType !== 'text' ? null : value);

/** Inserts rows (CSV fields, in `columns` order) into `table` with one statement, whatever their number. */
async function insertRows(client: pg.PoolClient, table: string, types: Columns, columns: readonly string[], rows: (string | null)[][]): Promise<void> {
  if (rows.length === 0) return;
  const casts = columns.map((c, i) => `$${i + 1}::${arrayType(types.get(c) ?? 'text')}`);
  const values = columns.map((c, i) => rows.map((r) => (r[i] === null ? null : param(r[i]!, types.get(c) ?? 'text'))));
  await client.query(`INSERT INTO ${quote(table)} (${columns.map(quote).join(', ')}) SELECT * FROM unnest(${casts.join(', ')})`, values);
}

/** Replaces the documents row of `entry.path` (documents.csv's columns plus the manifest entry and the JSON). */
export async function putDocument(
  client: pg.PoolClient,
  cat: Catalogue,
  entry: ManifestEntry,
  o: { target?: ManifestEntry; result?: string | null } = {},
): Promise<void> {
  const csv = DATASET_FILES.documents.columns;
  const row = documentRow(entry, o.target);
  const extras: Record<(typeof DOCUMENT_EXTRAS)[number], string | null> = {
    size: entry.size === null ? null : String(entry.size),
    error_code: entry.errorCode,
    duration_ms: entry.durationMs === null ? null : String(Math.round(entry.durationMs)),
    entry: JSON.stringify(entry),
    result: o.result ?? null,
  };
  const columns = [...csv, ...DOCUMENT_EXTRAS];
  const types = new Map([...cat.documents, ['entry', 'json'], ['result', 'json'], ['size', 'bigint'], ['duration_ms', 'integer']]);
  const values = [...row.map((v, i) => param(v, types.get(csv[i]!)!)), ...DOCUMENT_EXTRAS.map((k) => extras[k])];
  const set = columns.filter((c) => c !== 'path').map((c) => `${quote(c)} = EXCLUDED.${quote(c)}`);
  await client.query(
    `INSERT INTO documents (${columns.map(quote).join(', ')}) VALUES (${columns.map((c, i) => `$${i + 1}::${arrayType(types.get(c) ?? 'text').slice(0, -2)}`).join(', ')})
     ON CONFLICT (path) DO UPDATE SET ${set.join(', ')}`,
    values,
  );
}

/** Removes a document id's rows from every child table. */
export async function clearRows(client: pg.PoolClient, id: string): Promise<void> {
  for (const t of [...CHILD_TABLES, ...Object.keys(EXTRA_TABLES)]) await client.query(`DELETE FROM ${quote(t)} WHERE document_id = $1`, [id]);
}

/** Inserts a converted document's tables, facts, checks and flags (whatever child tables dataset.ts lists), and its unplaced amounts. */
export async function putRows(client: pg.PoolClient, cat: Catalogue, id: string, r: CanonicalResult): Promise<Record<string, number>> {
  const byTable = new Map<string, (string | null)[][]>(CHILD_TABLES.map((t) => [t, []]));
  for (const [name, row] of resultRows(id, r)) {
    const rows = byTable.get(name)!;
    rows.push([...row, String(rows.length)]);
  }
  const counts: Record<string, number> = {};
  for (const t of CHILD_TABLES) {
    const rows = byTable.get(t)!;
    counts[t] = rows.length;
    await insertRows(client, t, new Map([...cat[t], ['seq', 'integer']]), [...DATASET_FILES[t].columns, 'seq'], rows);
  }
  const unplaced = Array.from(unplacedRows(id, r), (row, i) => [...row, String(i)]);
  counts.unplaced = unplaced.length;
  await insertRows(client, 'unplaced', new Map([...cat.unplaced, ['seq', 'integer']]), [...UNPLACED_COLUMNS, 'seq'], unplaced);
  return counts;
}

/** What the manifest records for a copy of `first` (the local run's recordDuplicate). */
export function duplicateEntry(dup: { path: string; size: number | null; sha256: string | null }, first: ManifestEntry, toolVersion: string, at: string): ManifestEntry {
  const failed = first.status === 'failed';
  return {
    path: dup.path, size: dup.size, sha256: dup.sha256, status: 'duplicate', duplicateOf: first.path, id: first.id,
    outputs: failed ? [] : first.outputs, format: first.format, pages: first.pages, encoding: null, document: first.document,
    counts: null, error: failed ? `same content as ${first.path}, which failed: ${first.error}` : null,
    errorCode: failed ? first.errorCode : null, durationMs: 0, toolVersion, at,
  };
}

/**
 * Records the outcome of converting `entry.path` in the open transaction: its documents row, its
 * child rows (replacing any earlier ones under the same id), and every copy waiting on it.
 */
export async function recordOutcome(client: pg.PoolClient, cat: Catalogue, entry: ManifestEntry, converted: { result: CanonicalResult; text: string } | null): Promise<void> {
  if (entry.id) await clearRows(client, entry.id);
  await putDocument(client, cat, entry, { result: converted?.text ?? null });
  if (converted && entry.id) await putRows(client, cat, entry.id, converted.result);
  const dups = await client.query<{ path: string; size: string | null; sha256: string | null }>(
    `SELECT path, size, sha256 FROM documents WHERE duplicate_of = $1 AND status = 'duplicate' AND entry IS NULL`,
    [entry.path],
  );
  for (const d of dups.rows) {
    const dupEntry = duplicateEntry({ path: d.path, size: d.size === null ? null : Number(d.size), sha256: d.sha256 }, entry, entry.toolVersion, entry.at);
    await putDocument(client, cat, dupEntry, { target: entry });
  }
  // Bytes stored with the job are kept until no queued document needs them.
  if (entry.sha256) {
    await client.query(
      `DELETE FROM inputs WHERE sha256 = $1 AND NOT EXISTS (SELECT 1 FROM documents WHERE sha256 = $1 AND status = 'queued' AND path <> $2)`,
      [entry.sha256, entry.path],
    );
  }
}
