import { readFile, rename } from 'node:fs/promises';
import { join } from 'node:path';
import type { CanonicalResult, Coverage, DocumentKind, TableStatus } from '../model/canonical.js';
import { assessDocument } from '../account/assess.js';
import { writeFileAtomic } from './atomic.js';
import { jsonChunks } from './json.js';

/**
 * The batch manifest: `<out>/manifest.json`, one entry per input file ever converted into the
 * folder. It makes runs idempotent and resumable (an input whose content and tool version are
 * unchanged and whose outputs exist is skipped) and is the list the dataset export reads.
 * schema/manifest-v1.schema.json is the contract; keep both in step.
 */
export const MANIFEST_FILE = 'manifest.json';
export const MANIFEST_VERSION = '1';

/**
 * ok: converted, and its numbers are placed (coverage ≥ 99 %) and add up (no inconsistent table),
 * nothing error-level. partial: converted, but short of that (statusReason says why): amounts
 * unplaced, an inconsistent table, error-severity flags, or tables read only partly. failed: no output.
 * duplicate: same content as `duplicateOf`, not converted again.
 */
export type EntryStatus = 'ok' | 'partial' | 'failed' | 'duplicate';

export interface DocumentCounts {
  /** Per status, plus `inconsistent`: tables whose identities fail so widely that the reading is in doubt. */
  tables: { total: number; known: number; inconsistent: number } & Record<TableStatus, number>;
  /** Numeric cells (= rows in facts.csv). */
  cells: number;
  flags: { error: number; warning: number; info: number };
  checks: { total: number; failed: number };
  /** The ledger: amounts printed, placed in tables, in the narrative, unplaced. */
  coverage?: Coverage;
}

export interface ManifestEntry {
  /** Absolute path of the input file. */
  path: string;
  /** Size in bytes when hashed. */
  size: number | null;
  /** sha256 of the content converted (null when the file could not be read at all). */
  sha256: string | null;
  status: EntryStatus;
  /** For duplicates: the path of the entry whose outputs hold this content. */
  duplicateOf: string | null;
  /** Document id: the outputs' base name (`<id>.json`), also the first column of every dataset CSV. */
  id: string | null;
  /** Files written for this input, relative to the output folder (JSON first). */
  outputs: string[];
  format: 'pdf' | 'text' | null;
  pages: number | null;
  encoding: string | null;
  document: { kind: DocumentKind; year: number | null; department: string | null } | null;
  counts: DocumentCounts | null;
  /** Why a converted document is `partial`, in words (null when ok or failed). */
  statusReason?: string | null;
  /** Why the file failed (no file name in front; the path is above). */
  error: string | null;
  /** Machine-readable reason: empty, binary, not_pdf, damaged, encrypted, no_pages, unreadable, too_large, timeout, vanished, crashed, write_failed */
  errorCode: string | null;
  /** For `crashed`: the stack (a defect of ours) or the converter process's last words. Absent otherwise. */
  stack?: string | null;
  durationMs: number | null;
  toolVersion: string;
  /** When this entry was last written (ISO 8601). */
  at: string;
}

export interface Manifest {
  manifestVersion: typeof MANIFEST_VERSION;
  tool: { name: string; version: string };
  updatedAt: string;
  /** Fingerprint of what the dataset CSVs were last exported from (lets an unchanged re-run skip the export). */
  dataset: { fingerprint: string; bom: boolean; rows: Record<string, number> } | null;
  /** Sorted by path. */
  files: ManifestEntry[];
}

/** Counts and status of one converted document (what the manifest and the exit code need). */
export function summarise(r: CanonicalResult): { status: 'ok' | 'partial'; counts: DocumentCounts; statusReason: string | null } {
  const tables = { total: r.tables.length, known: 0, inconsistent: 0, ok: 0, empty: 0, partial: 0, illegible: 0 };
  let cells = 0;
  for (const t of r.tables) {
    tables[t.status]++;
    if (t.verification?.status === 'inconsistent') tables.inconsistent++;
    if (t.template !== 'other') tables.known++;
    for (const row of t.rows) for (const c of t.columns) if (row.cells[c.key] && row.cells[c.key]!.yuan !== null) cells++;
  }
  const flags = { error: 0, warning: 0, info: 0 };
  for (const f of r.flags) flags[f.severity]++;
  const checks = { total: r.checks.length, failed: r.checks.filter((c) => c.status === 'fail').length };
  // One verdict everywhere (per-file line, manifest, documents.csv, report): the assessment's.
  const assessment = r.assessment ?? assessDocument(r);
  const counts: DocumentCounts = { tables, cells, flags, checks };
  if (r.document.coverage) counts.coverage = r.document.coverage;
  return { status: assessment.status, counts, statusReason: assessment.reasons.length > 0 ? assessment.reasons.join('; ') : null };
}

export function emptyManifest(tool: { name: string; version: string }): Manifest {
  return { manifestVersion: MANIFEST_VERSION, tool, updatedAt: new Date().toISOString(), dataset: null, files: [] };
}

/**
 * Loads `<dir>/manifest.json`. A file that is not a manifest this version understands is moved
 * aside (never silently overwritten) and an empty manifest is returned with a warning.
 */
export async function loadManifest(dir: string, tool: { name: string; version: string }): Promise<{ manifest: Manifest; warning?: string }> {
  const path = join(dir, MANIFEST_FILE);
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch {
    return { manifest: emptyManifest(tool) };
  }
  try {
    const m = JSON.parse(text) as Partial<Manifest>;
    if (m.manifestVersion !== MANIFEST_VERSION || !Array.isArray(m.files)) throw new Error(`manifestVersion ${String(m.manifestVersion)}`);
    return { manifest: { ...emptyManifest(tool), dataset: m.dataset ?? null, files: m.files } };
  } catch (e) {
    const aside = `${path}.unreadable-${Date.now()}`;
    await rename(path, aside);
    return {
      manifest: emptyManifest(tool),
      warning: `${path} could not be read (${e instanceof Error ? e.message : String(e)}); moved it to ${aside} and starting a new manifest`,
    };
  }
}

/**
 * Keeps the manifest in memory (entries only: small) and writes it atomically after each change.
 * Writes never overlap: a change during a write is written right after it, so with many quick
 * changes the writes coalesce instead of queueing up.
 */
export class ManifestStore {
  private readonly entries = new Map<string, ManifestEntry>();
  private writing: Promise<void> | null = null;
  private dirty = false;
  private error: unknown = null;

  constructor(
    readonly dir: string,
    private readonly manifest: Manifest,
  ) {
    for (const e of manifest.files) this.entries.set(e.path, e);
  }

  get(path: string): ManifestEntry | undefined {
    return this.entries.get(path);
  }

  all(): ManifestEntry[] {
    return [...this.entries.values()].sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  }

  get dataset(): Manifest['dataset'] {
    return this.manifest.dataset;
  }

  set dataset(d: Manifest['dataset']) {
    this.manifest.dataset = d;
    this.save();
  }

  set(entry: ManifestEntry): void {
    this.entries.set(entry.path, entry);
    this.save();
  }

  /** Schedules a write; flush() waits for it (and reports a write error). */
  save(): void {
    this.dirty = true;
    if (!this.writing) this.writing = this.loop();
  }

  async flush(): Promise<void> {
    while (this.writing) await this.writing;
    if (this.error) {
      const e = this.error;
      this.error = null;
      throw e;
    }
  }

  private async loop(): Promise<void> {
    try {
      while (this.dirty) {
        this.dirty = false;
        const m: Manifest = { ...this.manifest, updatedAt: new Date().toISOString(), files: this.all() };
        // In chunks, like the documents' JSON: the manifest of a long batch is rewritten after every
        // file, and one string of it each time grew the main process by ~30 MB over 300 files.
        await writeFileAtomic(join(this.dir, MANIFEST_FILE), jsonChunks(m));
        // A later complete write replaces a failed one: the manifest on disk is whole again.
        this.error = null;
      }
    } catch (e) {
      this.error = e;
    } finally {
      this.writing = null;
    }
  }
}
