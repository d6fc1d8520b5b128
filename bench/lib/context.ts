import { appendFileSync, copyFileSync, readFileSync, readdirSync } from 'node:fs';
import { basename, extname, join } from 'node:path';
import type { Tools } from './deps.js';
import { CORPUS, type Machine } from './util.js';

export interface Context {
  tools: Tools;
  machine: Machine;
  /** Fewer copies and pages: a smoke run of the benchmark itself, not for figures. */
  quick: boolean;
  /** Scratch folder of this run (removed at the end unless --keep). */
  work: string;
}

export interface Target {
  id: string;
  target: string;
  value: string;
  met: boolean | null;
}

export interface Section<T> {
  /** For the printed report. */
  tables: { title: string; text: string }[];
  data: T | { skipped: string };
  targets: Target[];
}

export const corpusPdfs = (): string[] =>
  readdirSync(CORPUS)
    .filter((f) => f.toLowerCase().endsWith('.pdf'))
    .sort()
    .map((f) => join(CORPUS, f));

export const corpusTexts = (): string[] =>
  readdirSync(CORPUS)
    .filter((f) => /\.(txt|text|html?)$/i.test(f))
    .sort()
    .map((f) => join(CORPUS, f));

/**
 * Copies `src` into `dir` as copy number `i`, with distinct content: the CLI converts each
 * content once (a copy with the same sha256 is recorded as a duplicate), so a PDF gets a comment
 * after %%EOF and a text dump `i + 1` extra trailing newlines; neither changes what is read.
 */
export function distinctCopy(src: string, dir: string, i: number, copyFirst = false): string {
  const ext = extname(src);
  const n = String(i).padStart(3, '0');
  // copyFirst names the copy before the source (copy003-x.pdf), so that a folder listed by name
  // (the CLI converts in name order) goes through all sources, then all again.
  const dest = join(dir, copyFirst ? `copy${n}-${basename(src)}` : `${basename(src, ext)}-copy${n}${ext}`);
  copyFileSync(src, dest);
  if (ext.toLowerCase() === '.pdf') appendFileSync(dest, `\n% budget-tables bench copy ${i}\n`);
  else appendFileSync(dest, '\n'.repeat(i + 1));
  return dest;
}

/** Page count of a PDF without poppler: the /Count of the page tree root is not reliable, so count /Type /Page objects. */
export function pdfPagesFallback(path: string): number {
  const s = readFileSync(path).toString('latin1');
  return (s.match(/\/Type\s*\/Page(?![a-z])/g) ?? []).length;
}

/** The `file` events of a --json-log run (stderr), by input path. */
export function fileEvents(stderr: string): { path: string; status: string; durationMs: number; pages?: number; time: string }[] {
  const out: { path: string; status: string; durationMs: number; time: string }[] = [];
  for (const line of stderr.split('\n')) {
    if (!line.startsWith('{')) continue;
    try {
      const e = JSON.parse(line) as { event?: string; path?: string; status?: string; durationMs?: number; time?: string };
      if (e.event === 'file' && e.path) out.push({ path: e.path, status: e.status ?? '', durationMs: e.durationMs ?? NaN, time: e.time ?? '' });
    } catch {
      // not an event line
    }
  }
  return out;
}
