import { availableParallelism } from 'node:os';
import { mkdir, readdir, readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { runBatch } from '../cli/batch.js';
import type { ManifestEntry } from '../emit/manifest.js';
import { MANIFEST_FILE } from '../emit/manifest.js';
import type { CanonicalResult } from '../model/canonical.js';
import { INPUT_EXTENSIONS } from './security.js';

/**
 * A desk session lives in one folder: uploads in `<dir>/inputs/`, everything `extract` writes in
 * `<dir>/output/` (the same manifest.json, per-document JSON/CSV/xlsx, dataset CSVs, dataset.xlsx,
 * codebook.csv). Conversions run one batch at a time through runBatch, exactly as `extract`
 * would, so a restarted desk finds its earlier work in the manifest and converts only what is new.
 */
export interface FileState {
  name: string;
  size: number;
  phase: 'queued' | 'converting' | 'done';
  status: string | null;
  id: string | null;
  error: string | null;
  outputs: string[];
  duplicateOf: string | null;
  document: ManifestEntry['document'];
  coverage: { amounts: number; inTables: number; inNarrative: number; unplaced: number; share: number } | null;
  statusReason: string | null;
  tables: { template: string; name: string; title: string; status: string; verification: string | null }[];
  checks: { total: number; failed: number } | null;
  flags: { error: number; warning: number; info: number } | null;
}

export class Session {
  readonly inputs: string;
  readonly output: string;
  private queued = new Set<string>();
  private converting = new Set<string>();
  private running: Promise<void> | null = null;
  private readonly summaries = new Map<string, { at: string; tables: FileState['tables']; coverage: FileState['coverage'] }>();
  batches = 0;

  constructor(readonly dir: string) {
    this.inputs = join(dir, 'inputs');
    this.output = join(dir, 'output');
  }

  async open(): Promise<void> {
    await mkdir(this.inputs, { recursive: true });
    await mkdir(this.output, { recursive: true });
    // Resume: anything in inputs/ goes through a batch; unchanged files are skipped by the manifest.
    const names = await this.inputNames();
    if (names.length) this.enqueue(...names);
  }

  async inputNames(): Promise<string[]> {
    const list = await readdir(this.inputs, { withFileTypes: true }).catch(() => []);
    return list
      .filter((e) => e.isFile() && !e.name.startsWith('.') && INPUT_EXTENSIONS.some((x) => e.name.toLowerCase().endsWith(x)))
      .map((e) => e.name)
      .sort();
  }

  enqueue(...names: string[]): void {
    for (const n of names) this.queued.add(n);
    if (!this.running) this.running = this.drain();
  }

  /** Resolves when nothing is queued or converting. */
  async idle(): Promise<void> {
    while (this.running) await this.running;
  }

  private async drain(): Promise<void> {
    try {
      while (this.queued.size > 0) {
        const batch = [...this.queued];
        this.queued.clear();
        for (const n of batch) this.converting.add(n);
        try {
          await runBatch(batch.map((n) => join(this.inputs, n)), {
            out: this.output, csv: true, xlsx: true, bom: true, concurrency: Math.max(1, availableParallelism()),
            timeout: 600, force: false, failOn: 'never', json: false, jsonLog: false, dataset: true,
          });
        } catch (e) {
          process.stderr.write(`budget-tables serve: batch failed: ${e instanceof Error ? e.message : String(e)}\n`);
        } finally {
          for (const n of batch) this.converting.delete(n);
          this.batches++;
        }
      }
    } finally {
      this.running = null;
    }
  }

  async manifest(): Promise<ManifestEntry[]> {
    try {
      return (JSON.parse(await readFile(join(this.output, MANIFEST_FILE), 'utf8')) as { files: ManifestEntry[] }).files ?? [];
    } catch {
      return [];
    }
  }

  async state(uploadErrors: { name: string; error: string }[]): Promise<{ files: FileState[]; dataset: string[]; busy: boolean }> {
    const entries = new Map((await this.manifest()).map((e) => [e.path, e]));
    const files: FileState[] = [];
    for (const name of await this.inputNames()) {
      const path = join(this.inputs, name);
      const size = (await stat(path).catch(() => null))?.size ?? 0;
      const e = entries.get(path);
      const phase = this.converting.has(name) ? 'converting' : this.queued.has(name) ? 'queued' : e ? 'done' : 'queued';
      const f: FileState = {
        name, size, phase, status: e && phase === 'done' ? e.status : null, id: e?.id ?? null, error: e?.error ?? null,
        outputs: e?.outputs ?? [], duplicateOf: e?.duplicateOf ? (e.duplicateOf.split(/[\\/]/).pop() ?? null) : null,
        document: e?.document ?? null, coverage: null, statusReason: (e as { statusReason?: string | null } | undefined)?.statusReason ?? null,
        tables: [], checks: e?.counts?.checks ?? null, flags: e?.counts?.flags ?? null,
      };
      const target = e?.status === 'duplicate' ? [...entries.values()].find((x) => x.path === e.duplicateOf) : e;
      if (phase === 'done' && target?.id && (target.status === 'ok' || target.status === 'partial')) {
        const s = await this.summary(target);
        if (s) {
          f.tables = s.tables;
          f.coverage = s.coverage;
        }
        if (!f.checks) f.checks = target.counts?.checks ?? null;
        if (!f.flags) f.flags = target.counts?.flags ?? null;
        if (e?.status === 'duplicate') f.outputs = target.outputs;
      }
      files.push(f);
    }
    for (const u of uploadErrors) {
      files.push({ name: u.name, size: 0, phase: 'done', status: 'refused', id: null, error: u.error, outputs: [], duplicateOf: null, document: null, coverage: null, statusReason: null, tables: [], checks: null, flags: null });
    }
    const present = await readdir(this.output).catch(() => [] as string[]);
    const dataset = ['dataset.xlsx', 'documents.csv', 'tables.csv', 'facts.csv', 'checks.csv', 'flags.csv', 'codebook.csv'].filter((f) => present.includes(f));
    return { files, dataset, busy: this.running !== null };
  }

  /** Tables and coverage of a converted document (read from its JSON once per conversion). */
  private async summary(e: ManifestEntry): Promise<{ tables: FileState['tables']; coverage: FileState['coverage'] } | null> {
    const cached = this.summaries.get(e.id!);
    if (cached && cached.at === e.at) return cached;
    try {
      const r = JSON.parse(await readFile(join(this.output, `${e.id}.json`), 'utf8')) as CanonicalResult;
      const s = {
        at: e.at,
        coverage: (r.document as { coverage?: FileState['coverage'] }).coverage ?? null,
        tables: r.tables.map((t) => ({
          template: t.template, name: t.templateName, title: t.title, status: t.status,
          verification: (t as { verification?: { status?: string } }).verification?.status ?? null,
        })),
      };
      this.summaries.set(e.id!, s);
      return s;
    } catch {
      return null;
    }
  }
}
