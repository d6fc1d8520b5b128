import { COVERAGE_OK } from '../account/assess.js';
import { createHash } from 'node:crypto';
import { access, mkdir, open, rm, stat } from 'node:fs/promises';
import { join, resolve, basename, sep } from 'node:path';
import PQueue from 'p-queue';
import { outputError, removeStaleTemps, writeFileAtomic } from '../emit/atomic.js';
import type { DatasetResult } from '../emit/dataset.js';
import { lockFolder } from '../emit/lock.js';
import { loadManifest, ManifestStore, MANIFEST_FILE, type DocumentCounts, type ManifestEntry } from '../emit/manifest.js';
import { TOOL } from '../version.js';
import { EXIT } from './exit.js';
import { expandInputs, uniqueName } from './inputs.js';
import { defaultLimits, WorkerPool, type JobReply } from './pool.js';
import { Reporter, type FileEvent } from './progress.js';

export type FailOn = 'error' | 'warning' | 'never';

export interface BatchOptions {
  out: string;
  /** Per-document CSV beside the JSON (the JSON is always written: the manifest and dataset are built from it). */
  csv: boolean;
  /** Per-document workbook `<id>.xlsx`, and dataset.xlsx beside the dataset CSVs. */
  xlsx?: boolean;
  /** UTF-8 byte-order mark on every CSV written (per-document and dataset). */
  bom: boolean;
  concurrency: number;
  /** Per-file limit in seconds; 0 = none. */
  timeout: number;
  force: boolean;
  failOn: FailOn;
  json: boolean;
  jsonLog: boolean;
  dataset: boolean;
}

export interface Input {
  /** As given / found (relative paths stay relative): what the user sees. */
  display: string;
  abs: string;
  size: number;
  sha256: string;
}

export interface Unreadable {
  display: string;
  abs: string;
  error: string;
  errorCode: string;
}

/**
 * Bytes read at a time when hashing an input. Each hashing slot reads into one buffer of its own,
 * reused file after file: a read stream allocates a fresh 64 KB chunk per read, and the chunks of
 * a 200-file batch (~220 MB read in the first seconds) left ~30 MB of freed malloc heap that glibc
 * kept in the main process for the whole batch (docs/performance.md, session 5). 256 KB is above
 * glibc's mmap threshold, so the buffers themselves go back to the system once hashing is done.
 */
const HASH_CHUNK = 256 * 1024;

export async function hashFile(path: string, buf: Buffer = Buffer.allocUnsafe(HASH_CHUNK)): Promise<string> {
  const h = createHash('sha256');
  const fh = await open(path, 'r');
  try {
    for (;;) {
      const { bytesRead } = await fh.read(buf, 0, buf.length, null);
      if (bytesRead === 0) break;
      h.update(buf.subarray(0, bytesRead));
    }
  } finally {
    await fh.close();
  }
  return h.digest('hex');
}

export const plural = (n: number, word: string): string => `${n} ${word}${n === 1 ? '' : 's'}`;

const exists = (p: string) => access(p).then(() => true, () => false);

/** A file-system error in words a journalist can act on. */
/**
 * Size and sha256 of every input, eight at a time, in the order given; an input that cannot be
 * read comes back with its error (described against `outDir`, as describeIoError does).
 */
export async function hashInputs(files: string[], outDir: string): Promise<(Input | Unreadable)[]> {
  const hashed: (Input | Unreadable)[] = new Array(files.length);
  const hq = new PQueue({ concurrency: 8 });
  const buffers: Buffer[] = [];
  await Promise.all(
    files.map((display, i) =>
      hq.add(async () => {
        const abs = resolve(display);
        try {
          const st = await stat(abs);
          if (!st.isFile()) throw Object.assign(new Error('not a file'), { code: 'EISDIR' });
          const buf = buffers.pop() ?? Buffer.allocUnsafe(HASH_CHUNK);
          try {
            hashed[i] = { display, abs, size: st.size, sha256: await hashFile(abs, buf) };
          } finally {
            buffers.push(buf);
          }
        } catch (e) {
          hashed[i] = { display, abs, ...describeIoError(e, outDir) };
        }
      }),
    ),
  );
  return hashed;
}

export function describeIoError(e: unknown, outDir: string): { error: string; errorCode: string } {
  const err = e as NodeJS.ErrnoException;
  const code = err?.code ?? 'unreadable';
  const inOut = typeof err?.path === 'string' && resolve(err.path).startsWith(outDir + sep);
  if (inOut) return { error: `could not write the output (${err.message})`, errorCode: 'write_failed' };
  switch (code) {
    case 'ENOENT':
      return { error: 'the file disappeared before it could be converted (moved or deleted during the run)', errorCode: 'vanished' };
    case 'EACCES':
    case 'EPERM':
      return { error: 'permission denied: the file cannot be read', errorCode: 'unreadable' };
    case 'EISDIR':
      return { error: 'is a folder, not a file', errorCode: 'unreadable' };
    case 'EIO':
      return { error: 'read error (EIO): the disk or network share failed while reading', errorCode: 'unreadable' };
    default:
      return { error: `cannot read the file (${err?.message ?? String(e)})`, errorCode: 'unreadable' };
  }
}

/** The converter's messages start with the file name; the manifest and ✗ line already name the file. */
export function reason(message: string, file: string): string {
  const prefix = `${basename(file)}: `;
  return message.startsWith(prefix) ? message.slice(prefix.length) : message;
}

/** Does a document's finding reach the --fail-on threshold? Failed checks and partly read tables count as errors. */
export function reachesThreshold(c: DocumentCounts | null, failOn: FailOn): boolean {
  if (!c || failOn === 'never') return false;
  const error = c.flags.error > 0 || c.checks.failed > 0 || c.tables.partial > 0 || c.tables.illegible > 0 ||
    (c.tables.inconsistent ?? 0) > 0 || (c.coverage !== undefined && c.coverage.share < COVERAGE_OK);
  return error || (failOn === 'warning' && c.flags.warning > 0);
}

/** Checks before any work that the output folder exists (or can be made) and can be written. */
async function prepareOut(out: string): Promise<string | null> {
  try {
    await mkdir(out, { recursive: true });
    const st = await stat(out);
    if (!st.isDirectory()) return 'it is not a folder';
    const probe = join(out, `.budget-tables-write-test-${process.pid}`);
    const fh = await open(probe, 'w');
    await fh.close();
    await rm(probe, { force: true });
    return null;
  } catch (e) {
    const err = e as NodeJS.ErrnoException;
    return err.code === 'EEXIST' || err.code === 'ENOTDIR' ? 'a file is in the way (not a folder)' : err.message;
  }
}

export async function runBatch(inputs: string[], o: BatchOptions): Promise<number> {
  const t0 = Date.now();
  const { files, missing } = await expandInputs(inputs);
  if (files.length === 0 && missing.length === 0) {
    process.stderr.write('budget-tables: no input files found (looked for .pdf, .txt, .text, .htm, .html)\n');
    return EXIT.USAGE;
  }
  const reporter = new Reporter({ json: o.json, jsonLog: o.jsonLog, stdout: process.stdout, stderr: process.stderr });
  const outAbs = resolve(o.out);
  const fatal = (message: string, code: number = EXIT.SOME_FAILED): number => {
    reporter.stop();
    if (o.jsonLog) process.stderr.write(JSON.stringify({ time: new Date().toISOString(), event: 'error', message }) + '\n');
    else process.stderr.write(`budget-tables: ${message}\n`);
    if (o.json) process.stdout.write(JSON.stringify({ tool: TOOL, out: outAbs, exitCode: code, error: message }, null, 2) + '\n');
    return code;
  };

  // Fail fast, before any work.
  const outProblem = await prepareOut(outAbs);
  if (outProblem) return fatal(`cannot write to the output folder ${o.out}: ${outProblem}`);
  const lock = lockFolder(outAbs);
  if ('error' in lock) return fatal(`cannot lock the output folder ${o.out}: ${lock.error}`);
  if ('heldBy' in lock) return fatal(`another budget-tables run is writing to ${o.out} (${lock.heldBy}); wait for it to finish`);
  const releaseOnExit = () => lock.release();
  process.on('exit', releaseOnExit);
  // If the event loop ever empties while this run is unfinished (a write that can never finish),
  // the process must not end with exit 0 as if all were done.
  let finished = false;
  const unfinished = () => {
    if (finished) return;
    finished = true;
    fatal('internal error: the run stopped before it finished (a pending write never completed); nothing more was written — run the same command again');
    process.exitCode = EXIT.SOME_FAILED;
  };
  process.once('beforeExit', unfinished);

  let interrupted: NodeJS.Signals | null = null;
  let pool: WorkerPool | null = null;
  let queue: PQueue | null = null;
  const onSignal = (sig: NodeJS.Signals) => {
    const code = sig === 'SIGINT' ? EXIT.INTERRUPTED : EXIT.TERMINATED;
    if (interrupted) process.exit(code);
    interrupted = sig;
    queue?.clear();
    void pool?.destroy();
    reporter.stop();
    if (!o.jsonLog) process.stderr.write(`\nbudget-tables: ${sig}: stopping; finished files are kept — run the same command again to convert the rest\n`);
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);

  try {
    const loaded = await loadManifest(outAbs, TOOL);
    const store = new ManifestStore(outAbs, loaded.manifest);
    if (loaded.warning) reporter.warn(loaded.warning);
    await removeStaleTemps(outAbs);

    // 1. Hash every input (streamed: memory does not grow with file size).
    const hashed = await hashInputs(files, outAbs);

    // 2. Plan: skip what is unchanged, convert each content once, convert the rest.
    const bySha = new Map<string, ManifestEntry[]>();
    for (const e of store.all()) if (e.sha256) bySha.set(e.sha256, [...(bySha.get(e.sha256) ?? []), e]);
    const runSha = new Map(hashed.filter((h): h is Input => 'sha256' in h).map((h) => [h.abs, h.sha256]));
    const used = new Set(store.all().flatMap((e) => (e.id ? [e.id.toLowerCase()] : [])));
    const reusable = async (e: ManifestEntry | undefined, sha: string): Promise<boolean> => {
      if (!e || (e.status !== 'ok' && e.status !== 'partial') || !e.id) return false;
      if (e.sha256 !== sha || e.toolVersion !== TOOL.version) return false;
      const need = [`${e.id}.json`, ...(o.csv ? [`${e.id}.csv`] : []), ...(o.xlsx ? [`${e.id}.xlsx`] : [])];
      for (const n of need) if (!e.outputs.includes(n) || !(await exists(join(outAbs, n)))) return false;
      return true;
    };
    type Claim = { abs: string; display: string; converting: boolean };
    const claimed = new Map<string, Claim>();
    const toConvert: { input: Input; id: string }[] = [];
    const skipped: { input: Input; entry: ManifestEntry }[] = [];
    const dupNow: { input: Input; first: ManifestEntry; firstDisplay: string }[] = [];
    const dupLater = new Map<string, Input[]>();
    const unreadable: Unreadable[] = [];
    for (const h of hashed) {
      if (!('sha256' in h)) {
        unreadable.push(h);
        continue;
      }
      const old = store.get(h.abs);
      const claim = h.size > 0 ? claimed.get(h.sha256) : undefined;
      if (claim) {
        if (claim.converting) dupLater.set(claim.abs, [...(dupLater.get(claim.abs) ?? []), h]);
        else dupNow.push({ input: h, first: store.get(claim.abs)!, firstDisplay: claim.display });
        continue;
      }
      if (!o.force && (await reusable(old, h.sha256))) {
        skipped.push({ input: h, entry: old! });
        claimed.set(h.sha256, { abs: h.abs, display: h.display, converting: false });
        continue;
      }
      if (!o.force && h.size > 0) {
        let other: ManifestEntry | undefined;
        for (const e of bySha.get(h.sha256) ?? []) {
          if (e.path === h.abs || (runSha.has(e.path) && runSha.get(e.path) !== h.sha256)) continue;
          if (await reusable(e, h.sha256)) {
            other = e;
            break;
          }
        }
        if (other) {
          dupNow.push({ input: h, first: other, firstDisplay: other.path });
          claimed.set(h.sha256, { abs: other.path, display: other.path, converting: false });
          continue;
        }
      }
      const id = old?.id && !old.duplicateOf ? old.id : uniqueName(h.display, used);
      used.add(id.toLowerCase());
      toConvert.push({ input: h, id });
      claimed.set(h.sha256, { abs: h.abs, display: h.display, converting: true });
    }

    const dupCount = dupNow.length + [...dupLater.values()].reduce((n, l) => n + l.length, 0);
    reporter.start({
      inputs: files.length + missing.length,
      toConvert: toConvert.length,
      skipped: skipped.length,
      duplicates: dupCount,
      unreadable: unreadable.length,
      missing: missing.length,
      concurrency: o.concurrency,
      out: o.out,
      version: TOOL.version,
    });

    // Results of this run, by input path: the final status of each input.
    const finalStatus = new Map<string, { status: FileEvent['status']; rep: string }>();
    const now = () => new Date().toISOString();
    const event = (e: Omit<FileEvent, 'event'>, convertedNow = false) => reporter.file({ event: 'file', ...e }, convertedNow);

    for (const m of missing) {
      const glob = /[*?[\]{}]/.test(m);
      event({ path: m, status: 'failed', id: null, outputs: [], sha256: null, duplicateOf: null, counts: null, error: glob ? 'no file matches this pattern' : 'no such file or folder', errorCode: 'missing', durationMs: null });
    }
    const recordFailure = async (input: { display: string; abs: string; size?: number; sha256?: string | null }, id: string | null, error: string, errorCode: string, durationMs: number | null, stack: string | null = null) => {
      const old = store.get(input.abs);
      // Outputs of an earlier successful conversion of this path no longer match it: remove them.
      if (old && (old.status === 'ok' || old.status === 'partial')) for (const f of old.outputs) await rm(join(outAbs, f), { force: true });
      if (id) for (const ext of ['json', 'csv', 'xlsx']) await rm(join(outAbs, `${id}.${ext}`), { force: true });
      const same = old?.status === 'failed' && old.sha256 === (input.sha256 ?? null) && old.id === id && old.error === error && old.errorCode === errorCode && old.toolVersion === TOOL.version;
      // The same failure again: the entry stays as it was (and the dataset need not be redone).
      if (!same) {
        store.set({
          path: input.abs, size: input.size ?? null, sha256: input.sha256 ?? null, status: 'failed', duplicateOf: null, id,
          outputs: [], format: null, pages: null, encoding: null, document: null, counts: null, error, errorCode, ...(stack ? { stack } : {}), durationMs,
          toolVersion: TOOL.version, at: now(),
        });
      }
      finalStatus.set(input.abs, { status: 'failed', rep: input.abs });
      event({ path: input.display, status: 'failed', id, outputs: [], sha256: input.sha256 ?? null, duplicateOf: null, counts: null, error, errorCode, durationMs, ...(stack ? { stack } : {}) });
    };
    const recordDuplicate = (input: Input, first: ManifestEntry, firstDisplay: string) => {
      const failed = first.status === 'failed';
      const entry: ManifestEntry = {
        path: input.abs, size: input.size, sha256: input.sha256, status: 'duplicate', duplicateOf: first.path, id: first.id,
        outputs: failed ? [] : first.outputs, format: first.format, pages: first.pages, encoding: null, document: first.document,
        counts: null, error: failed ? `same content as ${first.path}, which failed: ${first.error}` : null,
        errorCode: failed ? first.errorCode : null, durationMs: 0, toolVersion: TOOL.version, at: now(),
      };
      const old = store.get(input.abs);
      // Unchanged since the last run: the entry stays as it was (and the dataset need not be redone).
      if (!old || JSON.stringify({ ...old, at: '' }) !== JSON.stringify({ ...entry, at: '' })) store.set(entry);
      finalStatus.set(input.abs, { status: 'duplicate', rep: first.path });
      event({ path: input.display, status: 'duplicate', id: first.id, outputs: failed ? [] : first.outputs, sha256: input.sha256, duplicateOf: firstDisplay, counts: null, error: entry.error, errorCode: entry.errorCode, durationMs: 0 });
    };

    for (const u of unreadable) await recordFailure(u, store.get(u.abs)?.id ?? null, u.error, u.errorCode, null);
    for (const s of skipped) {
      finalStatus.set(s.input.abs, { status: 'skipped', rep: s.input.abs });
      event({ path: s.input.display, status: 'skipped', id: s.entry.id, outputs: s.entry.outputs, sha256: s.entry.sha256, duplicateOf: null, counts: s.entry.counts, error: null, errorCode: null, durationMs: 0 });
    }
    for (const d of dupNow) recordDuplicate(d.input, d.first, d.firstDisplay);

    // 3. Convert, `concurrency` files at a time, each in a converter process.
    pool = new WorkerPool(o.concurrency, (chunk) => {
      if (!o.jsonLog) process.stderr.write(chunk);
    }, defaultLimits(), toConvert.length);
    queue = new PQueue({ concurrency: o.concurrency });
    const convert = async ({ input, id }: { input: Input; id: string }) => {
      if (interrupted) return;
      const reply: JobReply = await pool!.run({ path: input.abs, out: outAbs, outLabel: o.out, id, csv: o.csv, xlsx: o.xlsx === true, bom: o.bom }, o.timeout * 1000, async (why) => {
        // The file stopped its converter: on record before it is tried again (a run killed meanwhile
        // then knows), and said in the log.
        reporter.warn(`${input.display}: stopped (${why}); trying once more alone with larger memory bounds`);
        store.set({
          path: input.abs, size: input.size, sha256: input.sha256, status: 'failed', duplicateOf: null, id, outputs: [], format: null, pages: null,
          encoding: null, document: null, counts: null, error: `stopped its converter (${why}); being tried again`, errorCode: 'too_large', durationMs: null,
          toolVersion: TOOL.version, at: now(),
        });
        await store.flush().catch(() => undefined);
      });
      if (!reply.ok && reply.code === 'interrupted') return; // not recorded: the next run converts it
      if (reply.ok) {
        store.set({
          path: input.abs, size: reply.size, sha256: reply.sha256, status: reply.status, duplicateOf: null, id, outputs: reply.outputs,
          format: reply.format, pages: reply.pages, encoding: reply.encoding, document: reply.document, counts: reply.counts,
          statusReason: reply.statusReason, error: null, errorCode: null, durationMs: reply.durationMs, toolVersion: TOOL.version, at: now(),
        });
        finalStatus.set(input.abs, { status: reply.status, rep: input.abs });
        event({ path: input.display, status: reply.status, id, outputs: reply.outputs, sha256: reply.sha256, duplicateOf: null, counts: reply.counts, error: null, errorCode: null, durationMs: reply.durationMs, line: reply.line }, true);
      } else {
        // errno codes come from reading the input; our outputs' write errors arrive as write_failed.
        const io = reply.code && /^E[A-Z]+$/.test(reply.code) ? describeIoError({ code: reply.code, message: reply.message, path: input.abs }, outAbs) : null;
        await recordFailure(input, id, io?.error ?? reason(reply.message, input.abs), io?.errorCode ?? reply.code ?? 'crashed', reply.durationMs, reply.code === 'crashed' ? (reply.stack ?? null) : null);
      }
      for (const d of dupLater.get(input.abs) ?? []) recordDuplicate(d, store.get(input.abs)!, input.display);
    };
    for (const job of toConvert) {
      if (interrupted) break;
      await queue.onSizeLessThan(o.concurrency);
      void queue.add(() =>
        convert(job).catch((e: unknown) => {
          // A bug or an unexpected file-system error while recording: report it, keep going.
          reporter.warn(`${job.input.display}: ${(e as Error)?.stack ?? String(e)}`);
          finalStatus.set(job.input.abs, { status: 'failed', rep: job.input.abs });
        }),
      );
    }
    await queue.onIdle();
    const converters = { started: pool.started, peakRssMB: Math.round(pool.peakWorkerMb) };
    await pool.destroy();
    // Writes to our own outputs that failed (disk full, read-only, I/O error): exit 1, named, in the summary.
    const outputErrors: { path: string; error: string; errorCode: 'write_failed' }[] = [];
    const outputFailed = (path: string, e: unknown) => {
      const err = outputError(path, e);
      outputErrors.push({ path, error: err.message, errorCode: 'write_failed' });
      reporter.warn(err.message);
    };
    try {
      await store.flush();
    } catch (e) {
      outputFailed(join(outAbs, MANIFEST_FILE), e);
    }
    // Workers abandoned on a time-out may have left a temporary file; no writer is running now.
    await removeStaleTemps(outAbs);

    if (interrupted) {
      const done = [...finalStatus.values()].length;
      reporter.finish(`interrupted after ${((Date.now() - t0) / 1000).toFixed(1)} s: ${done} of ${files.length} files recorded in ${join(o.out, MANIFEST_FILE)}; run the same command again to finish`, {
        tool: TOOL, out: outAbs, exitCode: interrupted === 'SIGINT' ? EXIT.INTERRUPTED : EXIT.TERMINATED, interrupted: true,
      });
      return interrupted === 'SIGINT' ? EXIT.INTERRUPTED : EXIT.TERMINATED;
    }

    // 4. The dataset, from the JSON outputs the manifest lists (all of them, not only this run's).
    let dataset: DatasetResult | null = null;
    // Loaded only now: fast-csv and the codebook are ~8 MB of the main process's memory, which it
    // would otherwise hold through the whole conversion beside the converters.
    const { DATASET_FILES, exportDataset } = await import('../emit/dataset.js');
    if (o.dataset && outputErrors.length === 0) {
      const { CODEBOOK_FILE, codebookCsv } = await import('../codebook/index.js');
      try {
        dataset = await exportDataset(outAbs, store.all(), { bom: o.bom, previous: store.dataset?.fingerprint ?? null });
        for (const p of dataset.problems) reporter.warn(`dataset: left out ${p}`);
        await writeFileAtomic(join(outAbs, CODEBOOK_FILE), await codebookCsv(o.bom));
        // ExcelJS is loaded only when a workbook is asked for: it is a quarter of a second of start-up for every command.
        if (o.xlsx) {
          const { DATASET_XLSX, writeDatasetXlsx } = await import('../emit/xlsx-dataset.js');
          if (!dataset.skipped || !(await exists(join(outAbs, DATASET_XLSX)))) await writeDatasetXlsx(outAbs);
        }
        if (dataset.skipped && store.dataset?.rows) dataset.rows = { ...dataset.rows, ...store.dataset.rows };
        else store.dataset = dataset.problems.length === 0 ? { fingerprint: dataset.fingerprint, bom: o.bom, rows: dataset.rows } : null;
        await store.flush();
      } catch (e) {
        const target = (e as { output?: unknown }).output;
        outputFailed(typeof target === 'string' ? target : join(outAbs, 'documents.csv'), e);
        dataset = null;
      }
    }

    // 5. Exit code and summary, over this run's inputs (unchanged ones included, each content once).
    const counts = { ok: 0, partial: 0, failed: missing.length, skipped: 0, duplicate: 0 };
    for (const s of finalStatus.values()) counts[s.status]++;
    const reps = new Set([...finalStatus.values()].map((s) => s.rep));
    const findings = { documents: 0, errorFlags: 0, warningFlags: 0, failedChecks: 0, partialDocuments: 0, inconsistentTables: 0 };
    // The ledger over every document of the run: amounts printed, placed (cells or narrative), unplaced.
    const coverage = { amounts: 0, placed: 0, unplaced: 0, share: 1 };
    const documents = { ok: 0, partial: 0, failed: 0 };
    for (const p of reps) {
      const e = store.get(p);
      if (!e || e.status === 'failed' || e.status === 'duplicate') {
        documents.failed++;
        continue;
      }
      documents[e.status]++;
      if (e.status === 'partial') findings.partialDocuments++;
      if (!e.counts) continue;
      findings.inconsistentTables += e.counts.tables.inconsistent ?? 0;
      if (e.counts.coverage) {
        coverage.amounts += e.counts.coverage.amounts;
        coverage.placed += e.counts.coverage.inTables + e.counts.coverage.inNarrative;
        coverage.unplaced += e.counts.coverage.unplaced;
      }
      findings.errorFlags += e.counts.flags.error;
      findings.warningFlags += e.counts.flags.warning;
      findings.failedChecks += e.counts.checks.failed;
      if (reachesThreshold(e.counts, o.failOn)) findings.documents++;
    }
    coverage.share = coverage.amounts === 0 ? 1 : Math.floor((coverage.placed / coverage.amounts) * 10000) / 10000;
    const anyFailed = counts.failed > 0 || documents.failed > 0 || outputErrors.length > 0;
    const exitCode = anyFailed ? EXIT.SOME_FAILED : findings.documents > 0 ? EXIT.FINDINGS : EXIT.OK;
    const failures = store
      .all()
      .filter((e) => finalStatus.get(e.path)?.status === 'failed')
      .map((e) => ({ path: e.path, error: e.error, errorCode: e.errorCode }));
    for (const m of missing) failures.push({ path: resolve(m), error: /[*?[\]{}]/.test(m) ? 'no file matches this pattern' : 'no such file or folder', errorCode: 'missing' });
    const durationMs = Date.now() - t0;
    const summary = {
      tool: TOOL,
      out: outAbs,
      manifest: join(outAbs, MANIFEST_FILE),
      exitCode,
      failOn: o.failOn,
      durationMs,
      inputs: files.length + missing.length,
      converted: counts.ok + counts.partial,
      ok: counts.ok,
      partial: counts.partial,
      failed: counts.failed,
      skipped: counts.skipped,
      duplicates: counts.duplicate,
      documents,
      findings,
      coverage,
      dataset: dataset && {
        bom: o.bom,
        regenerated: !dataset.skipped,
        files: Object.fromEntries(Object.entries(DATASET_FILES).map(([k, d]) => [k, { path: join(outAbs, d.file), rows: dataset!.rows[k as keyof typeof DATASET_FILES] }])),
      },
      failures,
      outputErrors,
      converters,
    };
    const parts = [`${counts.ok} ok`, `${counts.partial} partial`, `${counts.failed} failed`];
    if (outputErrors.length) parts.push(`${plural(outputErrors.length, 'output')} not written`);
    if (counts.duplicate) parts.push(plural(counts.duplicate, 'duplicate'));
    if (counts.skipped) parts.push(`${counts.skipped} unchanged`);
    const data = !dataset
      ? ''
      : dataset.skipped
        ? '; dataset unchanged'
        : `; dataset: ${dataset.rows.documents} documents, ${dataset.rows.tables} tables, ${dataset.rows.facts} facts, ${dataset.rows.checks} checks, ${dataset.rows.flags} flags`;
    const line =
      // ✓ only when every file converted cleanly: a partial document (⚠ on its own line) makes the batch ⚠.
      `${anyFailed ? '✗' : exitCode === EXIT.FINDINGS || counts.partial > 0 ? '⚠' : '✓'} ${plural(summary.inputs, 'file')} in ${(durationMs / 1000).toFixed(1)} s: ${parts.join(', ')}` +
      ` · findings: ${plural(findings.errorFlags, 'error flag')}, ${plural(findings.failedChecks, 'failed check')}, ${plural(findings.warningFlags, 'warning')}` +
      `${o.failOn !== 'never' ? ` (${plural(findings.documents, 'document')} at or above --fail-on ${o.failOn})` : ''}${data} → ${o.out} (exit ${exitCode})`;
    reporter.finish(line, summary);
    return exitCode;
  } finally {
    await pool?.destroy();
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
    process.off('exit', releaseOnExit);
    process.off('beforeExit', unfinished);
    finished = true;
    const problem = lock.release();
    if (problem) reporter.warn(problem);
  }
}
