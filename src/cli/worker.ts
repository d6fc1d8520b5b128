/**
 * Converter process of a batch run (forked by src/cli/pool.ts): converts one file at a time and
 * writes its outputs (atomically), then reports a small summary to the main process. Running
 * conversions in their own process lets a file that takes too long, or too much memory, be
 * abandoned for real (the process is killed) without touching the batch, and gives the memory
 * of a large document back to the system when the process is replaced.
 */
import { readFile } from 'node:fs/promises';
import { basename, join } from 'node:path';
import { convertBytes } from '../pipeline.js';
import { writeJson } from '../emit/json.js';
import { writeCsv } from '../emit/csv.js';
import { summarise } from '../emit/manifest.js';
import { setOcrStartGate, shutdownOcr } from '../read/ocr-pool.js';
import { summaryLine } from './summary.js';
import { classifyError, firstNonFinite } from './failure.js';
import type { JobRequest, JobReply, JobFailure } from './pool.js';

if (!process.send) throw new Error('worker.ts must run as a forked converter process');
const send = (m: unknown) => process.send!(m as object);

/** The job in progress and how to end it early (a stray rejection inside pdf.js). */
let current: { job: JobRequest; started: number; done: boolean } | null = null;

/**
 * OCR takes turns across the batch's converters: the first OCR job of a document asks the main
 * process for the one OCR lease, and the document's OCR engine is stopped (its 200–300 MB freed)
 * and the lease handed back when the document is done. Two scanned documents at once would
 * otherwise hold two engines' memory besides everything else.
 */
let leased = false;
let granted: (() => void) | null = null;
setOcrStartGate(() => {
  if (leased) return Promise.resolve();
  return new Promise<void>((resolve) => {
    granted = () => {
      leased = true;
      // The text layer was read: what it left is garbage. Collected now (pool.ts starts converters
      // with --expose-gc), the engine's 100 MB and the page images come on top of the live heap,
      // not of a heap V8 would let grow another 100 % first.
      (globalThis as { gc?: () => void }).gc?.();
      resolve();
    };
    send({ ocrLease: 'request' });
  });
});
async function returnLease(): Promise<void> {
  if (!leased) return;
  await shutdownOcr();
  leased = false;
  send({ ocrLease: 'release' });
}

process.on('message', (m: JobRequest | { ocrLease: 'granted' }) => {
  if ('ocrLease' in m) {
    const g = granted;
    granted = null;
    g?.();
    return;
  }
  const job = m;
  current = { job, started: Date.now(), done: false };
  const mine = current;
  void run(job).then(async (reply) => {
    await returnLease().catch(() => undefined);
    // The document's garbage is collected before the reply, so that the resident memory the main
    // process reads after it (to recycle this converter) is what stays, and a converter waits for
    // its next file holding ~120 MB instead of up to 200 (measured on the real documents).
    (globalThis as { gc?: () => void }).gc?.();
    if (mine.done) return;
    mine.done = true;
    send(reply);
  });
});

/**
 * pdf.js rejects some promises of its own that nobody awaits when a file is damaged
 * (XRefEntryException, FormatError …). They are about the file in progress: it fails as
 * `damaged` with the reason (or `crashed` with the stack if the error is ours), and this
 * process retires, since pdf.js's state after such an error cannot be trusted.
 */
const stray = (e: unknown) => {
  const c = current;
  if (!c || c.done) {
    // pdf.js may reject a second promise of the damaged file just reported (its failure is on
    // record): this process only retires, without a stack on the user's screen. Anything else
    // is ours, and its stack is printed.
    if (c && classifyError(e).code === 'damaged') process.exit(70);
    process.stderr.write(`budget-tables converter: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`);
    process.exit(70);
  }
  c.done = true;
  send({ ...failure(c.job, e, c.started), retire: true } satisfies JobFailure);
};
process.on('unhandledRejection', stray);
process.on('uncaughtException', stray);
// Ctrl-C reaches the whole process group: the main process decides (it stops us and records nothing for the file).
process.on('SIGINT', () => undefined);
process.on('SIGTERM', () => undefined);
// The main process went away (killed): nothing to report to any more.
process.on('disconnect', () => process.exit(0));

function failure(job: JobRequest, e: unknown, started: number): JobFailure {
  const c = classifyError(e);
  return {
    job: job.job,
    ok: false,
    message: c.message,
    code: c.code,
    ...(c.output ? { output: c.output } : {}),
    ...(c.stack ? { stack: c.stack } : {}),
    durationMs: Date.now() - started,
  };
}

async function run(job: JobRequest): Promise<JobReply> {
  const started = Date.now();
  try {
    const bytes = new Uint8Array(await readFile(job.path));
    const result = await convertBytes(bytes, basename(job.path));
    // Never write what the schema rejects: a non-finite number here is a defect of ours.
    const bad = firstNonFinite(result);
    if (bad) throw new Error(`internal error: the result holds a non-finite number at ${bad}; nothing was written`);
    const outputs: string[] = [`${job.id}.json`];
    await writeJson(join(job.out, `${job.id}.json`), result);
    if (job.csv) {
      await writeCsv(join(job.out, `${job.id}.csv`), result, job.bom);
      outputs.push(`${job.id}.csv`);
    }
    if (job.xlsx) {
      // Loaded on first use: a converter that writes no workbook does not pay ExcelJS's start-up.
      const { writeDocumentXlsx } = await import('../emit/xlsx.js');
      await writeDocumentXlsx(join(job.out, `${job.id}.xlsx`), result);
      outputs.push(`${job.id}.xlsx`);
    }
    const { status, counts, statusReason } = summarise(result);
    return {
      job: job.job,
      ok: true,
      status,
      statusReason,
      counts,
      outputs,
      sha256: result.source.sha256,
      size: bytes.length,
      format: result.source.format,
      pages: result.source.pageCount,
      encoding: result.source.encoding ?? null,
      document: result.document,
      line: summaryLine(result, join(job.outLabel, `${job.id}.json`), Date.now() - started, status),
      durationMs: Date.now() - started,
    };
  } catch (e) {
    return failure(job, e, started);
  }
}

send({ ready: true });
