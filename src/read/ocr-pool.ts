import { createRequire } from 'node:module';
import { availableParallelism, tmpdir } from 'node:os';
import { copyFileSync, mkdtempSync, rmSync, symlinkSync } from 'node:fs';
import { join } from 'node:path';
import type Tesseract from 'tesseract.js';

/**
 * A pool of tesseract.js workers (chi_sim + eng), created lazily on the first OCR job, reused
 * across pages and documents, and terminated by `shutdownOcr()` (the CLI calls it on exit).
 *
 * Offline by construction: the traineddata come from the npm packages @tesseract.js-data/chi_sim
 * and @tesseract.js-data/eng (their `4.0.0_best_int` folders: LSTM-only, integer models, gzipped).
 * tesseract.js reads one `langPath` for all languages, so a private temp folder holds links to the
 * two files; nothing is downloaded and nothing is cached (`cacheMethod: 'none'`), the worker and
 * core scripts load from node_modules.
 *
 * Languages: "chi_sim+chi_sim+eng". tesseract.js-core 7 garbles the name of the first additional
 * language (with "chi_sim+eng", eng is never loaded and "Failed loading language '玂臎'" is
 * printed); repeating chi_sim makes Chinese the primary language and loads eng as a real second one.
 */
export const OCR_LANGS = 'chi_sim+chi_sim+eng';

export type OcrParams = Record<string, string>;

export interface OcrWord {
  text: string;
  /** Index of the word's line in the result (words of a line are in reading order). */
  line: number;
  confidence: number;
  bbox: { x0: number; y0: number; x1: number; y1: number };
  symbols: { text: string; confidence: number; bbox: { x0: number; y0: number; x1: number; y1: number } }[];
  choices: { text: string; confidence: number }[];
}

export interface OcrResult {
  words: OcrWord[];
  confidence: number;
}

interface Pool {
  scheduler: Tesseract.Scheduler;
  size: number;
  langDir: string;
}

let pool: Promise<Pool> | null = null;
let running = 0;
let idleTimer: NodeJS.Timeout | null = null;

/**
 * Safety net for callers that never call shutdownOcr(): worker threads keep Node running, so a
 * pool left idle this long (milliseconds; BUDGET_TABLES_OCR_IDLE_MS, default 15 s) is terminated
 * and started again on the next job.
 */
function idleMs(): number {
  const env = Number(process.env['BUDGET_TABLES_OCR_IDLE_MS']);
  return Number.isFinite(env) && env > 0 ? env : 15_000;
}

function armIdleTimer(): void {
  if (idleTimer) clearTimeout(idleTimer);
  idleTimer = null;
  if (running > 0 || !pool) return;
  idleTimer = setTimeout(() => {
    idleTimer = null;
    if (running === 0) void shutdownOcr();
  }, idleMs());
  idleTimer.unref();
}

/** Number of workers: BUDGET_TABLES_OCR_WORKERS, else the machine's cores (at most 8). */
export function poolSize(): number {
  const env = Number(process.env['BUDGET_TABLES_OCR_WORKERS']);
  if (Number.isInteger(env) && env > 0) return env;
  return Math.max(1, Math.min(8, availableParallelism()));
}

/** Where the traineddata files are (inside node_modules). */
export function traineddataFiles(): { lang: string; file: string }[] {
  const require = createRequire(import.meta.url);
  return ['chi_sim', 'eng'].map((lang) => {
    const pkg = require(`@tesseract.js-data/${lang}`) as { langPath: string; gzip: boolean };
    // The package's default folder (4.0.0) carries the legacy engine too; LSTM-only is in 4.0.0_best_int.
    const dir = pkg.langPath.replace(/4\.0\.0$/, '4.0.0_best_int');
    return { lang, file: join(dir, `${lang}.traineddata${pkg.gzip ? '.gz' : ''}`) };
  });
}

/**
 * Awaited before the pool starts: lets a batch's converter processes take turns at OCR (each
 * tesseract.js worker holds 200–300 MB), see src/cli/worker.ts. None by default.
 */
let startGate: (() => Promise<void>) | null = null;
export function setOcrStartGate(gate: (() => Promise<void>) | null): void {
  startGate = gate;
}

async function createPool(): Promise<Pool> {
  if (startGate) await startGate();
  const require = createRequire(import.meta.url);
  const T = require('tesseract.js') as typeof Tesseract;
  const langDir = mkdtempSync(join(tmpdir(), 'budget-tables-tessdata-'));
  for (const { lang, file } of traineddataFiles()) {
    const target = join(langDir, `${lang}.traineddata.gz`);
    try {
      symlinkSync(file, target);
    } catch {
      copyFileSync(file, target);
    }
  }
  const size = poolSize();
  const scheduler = T.createScheduler();
  try {
    const workers = await Promise.all(
      Array.from({ length: size }, () =>
        T.createWorker(OCR_LANGS, T.OEM.LSTM_ONLY, {
          langPath: langDir,
          gzip: true,
          cacheMethod: 'none',
          cachePath: langDir,
          errorHandler: () => undefined,
        }),
      ),
    );
    for (const w of workers) scheduler.addWorker(w);
  } catch (e) {
    await scheduler.terminate().catch(() => undefined);
    rmSync(langDir, { recursive: true, force: true });
    throw new Error(`could not start the OCR engine (tesseract.js): ${e instanceof Error ? e.message : String(e)}`);
  }
  return { scheduler, size, langDir };
}

function getPool(): Promise<Pool> {
  pool ??= createPool();
  pool.catch(() => {
    pool = null;
  });
  return pool;
}

/** Number of OCR workers (starts the pool). */
export async function ocrWorkers(): Promise<number> {
  return (await getPool()).size;
}

/**
 * Recognises one image (PGM/PNG/JPEG bytes). `params` are tesseract variables for this job only
 * (page segmentation mode, character whitelist …); they are restored after the job.
 */
export async function recognize(image: Uint8Array, params: OcrParams = {}): Promise<OcrResult> {
  running++;
  if (idleTimer) clearTimeout(idleTimer);
  try {
    return await recognizeNow(image, params);
  } finally {
    running--;
    armIdleTimer();
  }
}

async function recognizeNow(image: Uint8Array, params: OcrParams): Promise<OcrResult> {
  const { scheduler } = await getPool();
  // debug_file: tesseract's diagnostics ("Detected 91 diacritics") go nowhere instead of stdout.
  const jobParams = { debug_file: '/dev/null', ...params };
  const res = await scheduler.addJob('recognize', Buffer.from(image.buffer, image.byteOffset, image.byteLength), jobParams as Partial<Tesseract.RecognizeOptions>, {
    blocks: true,
    text: false,
  });
  const words: OcrWord[] = [];
  let line = 0;
  for (const b of res.data.blocks ?? []) {
    for (const p of b.paragraphs) {
      for (const l of p.lines) {
        line++;
        for (const w of l.words) {
          words.push({
            text: w.text,
            line,
            confidence: w.confidence,
            bbox: w.bbox,
            symbols: (w.symbols ?? []).map((s) => ({ text: s.text, confidence: s.confidence, bbox: s.bbox })),
            choices: (w.choices ?? []).map((c) => ({ text: c.text, confidence: c.confidence })),
          });
        }
      }
    }
  }
  return { words, confidence: res.data.confidence };
}

/** Terminates the OCR workers, if any were started. Safe to call more than once. */
export async function shutdownOcr(): Promise<void> {
  if (idleTimer) clearTimeout(idleTimer);
  idleTimer = null;
  const p = pool;
  pool = null;
  if (!p) return;
  try {
    const { scheduler, langDir } = await p;
    await scheduler.terminate();
    rmSync(langDir, { recursive: true, force: true });
  } catch {
    // The pool never started: nothing to stop.
  }
}
