import { readFile } from 'node:fs/promises';
import { realpathSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import type { Page, SourceDocument } from '../model/document.js';
import { PdfReadError, readPdf } from './pdf.js';

/**
 * Debug listing of what the PDF reader sees on a page: runs with their boxes, then rules.
 *
 *   node dist/src/read/pdf-dump.js FILE.pdf [PAGE[-PAGE]] [--json] [--password PW]
 *
 * Runs are listed top to bottom, left to right (rounded to 0.1 pt); `b` marks bold.
 */
export function formatPage(page: Page, pageCount?: number): string {
  const h = page.rules.filter((r) => r.y0 === r.y1);
  const v = page.rules.filter((r) => r.x0 === r.x1);
  const out: string[] = [];
  out.push(
    `page ${page.number}${pageCount ? `/${pageCount}` : ''}  ${page.width} x ${page.height} pt  rotation ${page.rotation}  ` +
      `runs ${page.runs.length}  rules ${page.rules.length} (${h.length} horizontal, ${v.length} vertical)`,
  );
  out.push('runs:      x0      y0      x1      y1   size  text');
  const runs = [...page.runs].sort((a, b) => a.box.y0 - b.box.y0 || a.box.x0 - b.box.x0);
  for (const r of runs) {
    out.push(
      `  ${f(r.box.x0)} ${f(r.box.y0)} ${f(r.box.x1)} ${f(r.box.y1)} ${f(r.fontSize ?? 0, 6)}${r.bold ? ' b' : '  '} ${JSON.stringify(r.text)}`,
    );
  }
  out.push('horizontal rules:       y      x0      x1  width');
  for (const r of [...h].sort((a, b) => a.y0 - b.y0 || a.x0 - b.x0)) {
    out.push(`                  ${f(r.y0)} ${f(r.x0)} ${f(r.x1)} ${r.width === undefined ? '     -' : f(r.width, 6)}`);
  }
  out.push('vertical rules:         x      y0      y1  width');
  for (const r of [...v].sort((a, b) => a.x0 - b.x0 || a.y0 - b.y0)) {
    out.push(`                  ${f(r.x0)} ${f(r.y0)} ${f(r.y1)} ${r.width === undefined ? '     -' : f(r.width, 6)}`);
  }
  return out.join('\n');
}

export function formatDocument(doc: SourceDocument, pages?: { from: number; to: number }): string {
  const head = `${doc.source.file}  ${doc.source.pageCount} pages  sha256 ${doc.source.sha256.slice(0, 16)}…`;
  const selected = doc.pages.filter((p) => !pages || (p.number >= pages.from && p.number <= pages.to));
  return [head, ...selected.map((p) => formatPage(p, doc.source.pageCount))].join('\n\n');
}

/** Reads a PDF file and returns the listing (or JSON of the selected pages). */
export async function dumpPdf(
  path: string,
  opts: { pages?: { from: number; to: number }; json?: boolean; password?: string } = {},
): Promise<string> {
  const bytes = new Uint8Array(await readFile(path));
  const doc = await readPdf(bytes, path, opts.password === undefined ? {} : { password: opts.password });
  if (opts.json) {
    const pages = doc.pages.filter((p) => !opts.pages || (p.number >= opts.pages.from && p.number <= opts.pages.to));
    return JSON.stringify({ source: doc.source, pages }, null, 1);
  }
  return formatDocument(doc, opts.pages);
}

function f(v: number, width = 7): string {
  return v.toFixed(1).padStart(width);
}

async function main(argv: string[]): Promise<number> {
  const args = [...argv];
  const json = args.includes('--json');
  let password: string | undefined;
  const pw = args.indexOf('--password');
  if (pw >= 0) {
    password = args[pw + 1];
    args.splice(pw, 2);
  }
  const positional = args.filter((a) => a !== '--json');
  const [file, range] = positional;
  if (!file) {
    process.stderr.write('usage: node dist/src/read/pdf-dump.js FILE.pdf [PAGE[-PAGE]] [--json] [--password PW]\n');
    return 2;
  }
  let pages: { from: number; to: number } | undefined;
  if (range) {
    const m = /^(\d+)(?:-(\d+))?$/.exec(range);
    if (!m) {
      process.stderr.write(`bad page range: ${range}\n`);
      return 2;
    }
    pages = { from: Number(m[1]), to: Number(m[2] ?? m[1]) };
  }
  try {
    process.stdout.write((await dumpPdf(file, { pages, json, ...(password === undefined ? {} : { password }) })) + '\n');
    return 0;
  } catch (e) {
    process.stderr.write(`${e instanceof PdfReadError ? `[${e.code}] ` : ''}${e instanceof Error ? e.message : String(e)}\n`);
    return 1;
  }
}

function isMain(): boolean {
  const entry = process.argv[1];
  if (!entry) return false;
  try {
    return import.meta.url === pathToFileURL(realpathSync(entry)).href;
  } catch {
    return false;
  }
}

if (isMain()) {
  main(process.argv.slice(2)).then((code) => {
    process.exitCode = code;
  });
}
