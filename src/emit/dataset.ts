import { createHash } from 'node:crypto';
import { createWriteStream, type WriteStream } from 'node:fs';
import { access, open, readFile, rename, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { format, type CsvFormatterStream } from 'fast-csv';
import type { CanonicalResult, CellRef } from '../model/canonical.js';
import { outputError, tempPathFor } from './atomic.js';
import { cellMarks, flagTableIndex } from './cell-marks.js';
import { FACT_COLUMNS, factRecords } from './csv.js';
import type { ManifestEntry } from './manifest.js';

/**
 * The dataset: five CSV files in the output folder, regenerated at the end of every run from
 * the JSON outputs the manifest lists, one document at a time (memory stays bounded by the
 * largest document, whatever the number of documents). Column orders are stable and listed in
 * the README ("Batch runs and datasets"); add new columns at the end only.
 */
export const DATASET_FACT_COLUMNS = ['document_id', 'table_index', ...FACT_COLUMNS] as const;

export const DOCUMENT_COLUMNS = [
  'document_id', 'path', 'file', 'sha256', 'status', 'duplicate_of', 'format', 'pages', 'encoding',
  'kind', 'year', 'department', 'tables', 'tables_known', 'tables_partial', 'tables_illegible', 'tables_empty',
  'cells', 'flags_error', 'flags_warning', 'flags_info', 'checks', 'checks_failed', 'error', 'tool_version', 'converted_at',
  'amounts', 'amounts_placed', 'amounts_unplaced', 'coverage', 'tables_inconsistent', 'status_reason',
] as const;

export const TABLE_COLUMNS = [
  'document_id', 'table_index', 'template', 'template_name', 'variant', 'title', 'status', 'pages',
  'declared_unit', 'applied_unit', 'unit_reason', 'rows', 'cells', 'columns', 'notes', 'detection', 'confidence',
  'verification', 'verification_checks', 'verification_failed',
] as const;

export const CHECK_COLUMNS = ['document_id', 'check_id', 'status', 'message', 'expected', 'actual', 'difference', 'cells', 'cell_ids'] as const;

export const FLAG_COLUMNS = ['document_id', 'kind', 'severity', 'table', 'page', 'line', 'message', 'table_index'] as const;

export const DATASET_FILES = {
  documents: { file: 'documents.csv', columns: DOCUMENT_COLUMNS },
  tables: { file: 'tables.csv', columns: TABLE_COLUMNS },
  facts: { file: 'facts.csv', columns: DATASET_FACT_COLUMNS },
  checks: { file: 'checks.csv', columns: CHECK_COLUMNS },
  flags: { file: 'flags.csv', columns: FLAG_COLUMNS },
} as const;

export type DatasetName = keyof typeof DATASET_FILES;

export interface DatasetResult {
  skipped: boolean;
  rows: Record<DatasetName, number>;
  /** Documents whose JSON could not be read (their rows are missing from the exports). */
  problems: string[];
  fingerprint: string;
}

const str = (v: string | number | null | undefined): string => (v === null || v === undefined ? '' : String(v));

/** Documents that contribute tables, facts, checks and flags: converted, not duplicates, with a JSON output. */
function converted(entries: ManifestEntry[]): ManifestEntry[] {
  return entries.filter((e) => (e.status === 'ok' || e.status === 'partial') && e.id !== null && e.outputs[0]?.endsWith('.json'));
}

/** What the export depends on: if this is unchanged and the files exist, there is nothing to redo. */
export function datasetFingerprint(entries: ManifestEntry[], bom: boolean): string {
  const h = createHash('sha256');
  h.update(JSON.stringify({ v: 1, bom, columns: Object.values(DATASET_FILES).map((d) => d.columns) }));
  for (const e of entries) h.update(JSON.stringify([e.path, e.id, e.sha256, e.status, e.duplicateOf, e.toolVersion, e.at, e.error]));
  return h.digest('hex');
}

/** One CSV file written to a temporary sibling, flushed, then renamed into place by the caller (also used by the database export). */
export class CsvOut {
  readonly tmp: string;
  private readonly csv: CsvFormatterStream<string[], string[]>;
  private readonly file: WriteStream;
  private readonly done: Promise<void>;
  rows = 0;

  constructor(
    readonly path: string,
    columns: readonly string[],
    bom: boolean,
  ) {
    this.tmp = tempPathFor(path);
    this.csv = format<string[], string[]>({ writeBOM: bom, includeEndRowDelimiter: true });
    this.file = createWriteStream(this.tmp);
    this.done = new Promise((resolve, reject) => {
      this.file.on('close', resolve);
      // Named by the output it was meant to become (not the temporary file): see OutputError.
      this.file.on('error', (e) => reject(outputError(path, e)));
      this.csv.on('error', (e) => reject(outputError(path, e)));
    });
    this.done.catch(() => undefined);
    this.csv.pipe(this.file);
    this.csv.write([...columns]);
  }

  async write(row: string[]): Promise<void> {
    this.rows++;
    // A failed stream never drains: wait for 'drain' or the failure, never for nothing.
    if (!this.csv.write(row)) await Promise.race([new Promise<void>((resolve) => this.csv.once('drain', resolve)), this.done]);
  }

  async end(): Promise<void> {
    this.csv.end();
    await this.done;
    try {
      const fh = await open(this.tmp, 'r+');
      try {
        await fh.sync();
      } finally {
        await fh.close();
      }
    } catch (e) {
      throw outputError(this.path, e);
    }
  }

  async abort(): Promise<void> {
    this.csv.destroy();
    this.file.destroy();
    await rm(this.tmp, { force: true });
  }
}

function cellRef(c: CellRef): string {
  return `${c.table}/${c.row}/${c.column}${c.page !== null ? `@p${c.page}` : ''}${c.line !== undefined ? `:${c.line}` : ''}`;
}

/**
 * The documents.csv row of a manifest entry; `target` is the entry a duplicate points at (its
 * counts, format and document fields stand in for the duplicate's own). Shared by the folder
 * export and the database (src/db/store.ts), so both write the same values.
 */
export function documentRow(e: ManifestEntry, target?: ManifestEntry): string[] {
  const c = e.counts ?? target?.counts ?? null;
  const doc = e.document ?? target?.document ?? null;
  return [
    str(e.id), e.path, e.path.split(/[\\/]/).pop() ?? '', str(e.sha256), e.status, str(e.duplicateOf), str(e.format ?? target?.format),
    str(e.pages ?? target?.pages), str(e.encoding ?? target?.encoding), str(doc?.kind), str(doc?.year), str(doc?.department),
    str(c?.tables.total), str(c?.tables.known), str(c?.tables.partial), str(c?.tables.illegible), str(c?.tables.empty),
    str(c?.cells), str(c?.flags.error), str(c?.flags.warning), str(c?.flags.info), str(c?.checks.total), str(c?.checks.failed),
    str(e.error), e.toolVersion, e.at,
    str(c?.coverage?.amounts), str(c?.coverage ? c.coverage.inTables + c.coverage.inNarrative : null), str(c?.coverage?.unplaced),
    str(c?.coverage?.share), str(c?.tables.inconsistent), str(e.statusReason),
  ];
}

/**
 * The rows one converted document contributes to tables.csv, facts.csv, checks.csv and flags.csv,
 * in the order they are written. Shared by the folder export and the database.
 */
export function* resultRows(id: string, r: CanonicalResult): Generator<[Exclude<DatasetName, 'documents'>, string[]]> {
  for (const [i, t] of r.tables.entries()) {
    const cells = t.rows.reduce((n, row) => n + t.columns.filter((c) => row.cells[c.key] && row.cells[c.key]!.yuan !== null).length, 0);
    yield ['tables', [
      id, String(i), t.template, t.templateName, str(t.variant), t.title, t.status, t.pages.join(' '),
      str(t.unit.declared), t.unit.applied, str(t.unit.reason), String(t.rows.length), String(cells),
      t.columns.map((c) => c.key).join(' '), t.notes.join(' | '), str(t.detection?.method), str(t.detection?.confidence),
      str(t.verification?.status), str(t.verification?.checks), str(t.verification?.failed),
    ]];
  }
  for (const f of factRecords(r)) yield ['facts', [id, String(f.tableIndex), ...f.values]];
  // cell_ids: the check's cells resolved to facts.csv cell_id (table_index/row_index/column_key).
  const resolved = cellMarks(r).checkCells;
  for (const [ci, c] of r.checks.entries()) {
    yield ['checks', [id, c.id, c.status, c.message, str(c.expected), str(c.actual), str(c.difference), (c.cells ?? []).map(cellRef).join('; '), resolved[ci]!.join('; ')]];
  }
  for (const f of r.flags) yield ['flags', [id, f.kind, f.severity, str(f.table), str(f.page), str(f.line), f.message, flagTableIndex(r, f)]];
}

/**
 * Amount-like tokens the ledger placed nowhere (the JSON's `unplaced[]`), one row each: a table in
 * the database (src/db/store.ts). Not one of the folder's CSV files (yet): adding
 * `unplaced: { file: 'unplaced.csv', columns: UNPLACED_COLUMNS }` to DATASET_FILES and yielding these
 * rows from resultRows would make it one. `box` is `x0 y0 x1 y1` in PDF points.
 */
export const UNPLACED_COLUMNS = ['document_id', 'page', 'box', 'line', 'raw', 'reason'] as const;

export function* unplacedRows(id: string, r: CanonicalResult): Generator<string[]> {
  for (const u of r.unplaced ?? []) {
    yield [id, str(u.page), u.box ? [u.box.x0, u.box.y0, u.box.x1, u.box.y1].join(' ') : '', str(u.line), u.raw, u.reason];
  }
}

/**
 * Writes documents.csv, tables.csv, facts.csv, checks.csv and flags.csv into `dir` from the
 * manifest's entries (all five replaced atomically, each by a rename). Skips the work when
 * nothing changed since the last export (same fingerprint, files present) unless `force`.
 */
export async function exportDataset(
  dir: string,
  entries: ManifestEntry[],
  opts: { bom: boolean; previous?: string | null; force?: boolean },
): Promise<DatasetResult> {
  const fingerprint = datasetFingerprint(entries, opts.bom);
  const rows = { documents: 0, tables: 0, facts: 0, checks: 0, flags: 0 };
  if (!opts.force && opts.previous === fingerprint) {
    const present = await Promise.all(Object.values(DATASET_FILES).map((d) => access(join(dir, d.file)).then(() => true, () => false)));
    if (present.every(Boolean)) return { skipped: true, rows, problems: [], fingerprint };
  }
  const outs = Object.fromEntries(
    Object.entries(DATASET_FILES).map(([k, d]) => [k, new CsvOut(join(dir, d.file), d.columns, opts.bom)]),
  ) as Record<DatasetName, CsvOut>;
  const problems: string[] = [];
  try {
    const byPath = new Map(entries.map((e) => [e.path, e]));
    for (const e of entries) {
      const target = e.status === 'duplicate' && e.duplicateOf ? byPath.get(e.duplicateOf) : undefined;
      await outs.documents.write(documentRow(e, target));
    }
    for (const e of converted(entries)) {
      let r: CanonicalResult;
      try {
        r = JSON.parse(await readFile(join(dir, e.outputs[0]!), 'utf8')) as CanonicalResult;
      } catch (err) {
        problems.push(`${e.outputs[0]}: ${err instanceof Error ? err.message : String(err)}`);
        continue;
      }
      for (const [name, row] of resultRows(e.id!, r)) await outs[name].write(row);
    }
    for (const o of Object.values(outs)) await o.end();
    for (const o of Object.values(outs)) await rename(o.tmp, o.path).catch((e: unknown) => Promise.reject(outputError(o.path, e)));
  } catch (e) {
    await Promise.all(Object.values(outs).map((o) => o.abort()));
    throw e;
  }
  for (const k of Object.keys(outs) as DatasetName[]) rows[k] = outs[k].rows;
  return { skipped: false, rows, problems, fingerprint };
}
