import { createHash } from 'node:crypto';
import { basename } from 'node:path';
import type { Page, SourceDocument, TextLine, TextRun } from '../model/document.js';
import { decodeText } from './encoding.js';

/**
 * Reads a text dump (a PDF-to-text conversion) into pages of lines. Handles:
 * - tab-separated rows (the converter's cells),
 * - markdown headings, list bullets, bold, pipe tables,
 * - HTML fragments (<b>, <p>, <br>, <td>),
 * - space-aligned layout text (`pdftotext -layout`), where every whitespace-separated token
 *   becomes a run positioned by character column, so the layout stage can find columns,
 * - form feeds as page breaks.
 */
export function readTextDump(bytes: Uint8Array, file: string): SourceDocument {
  const { text, encoding } = decodeText(bytes);
  const sha256 = createHash('sha256').update(bytes).digest('hex');
  const pageTexts = text.replace(/\r\n?/g, '\n').split('\f');
  // A trailing form feed (pdftotext ends with one) does not start a page.
  if (pageTexts.length > 1 && pageTexts[pageTexts.length - 1]!.trim() === '') pageTexts.pop();
  let lineNo = 0;
  const pages: Page[] = pageTexts.map((pageText, i) => {
    const lines: TextLine[] = [];
    let width = 0;
    const rawLines = pageText.split('\n');
    rawLines.forEach((raw, j) => {
      lineNo++;
      const line = parseLine(raw, lineNo, j);
      if (line) {
        lines.push(line);
        for (const r of line.runs) width = Math.max(width, r.box.x1);
      }
    });
    return { number: i + 1, width, height: rawLines.length, rotation: 0, source: 'text-dump', lines, runs: [], rules: [] };
  });
  return {
    source: { file: basename(file), sha256, format: 'text', pageCount: pages.length, encoding },
    pages,
  };
}

const TAG = /<\/?(?:b|strong|p|br|span|div|font|i|em|u|sup|sub)\b[^>]*>/gi;

export function stripMarkup(s: string): { text: string; bold: boolean } {
  let bold = /<(b|strong)\b/i.test(s) || /\*\*[^*]+\*\*/.test(s);
  let t = s.replace(TAG, '').replace(/\*\*/g, '').replace(/&nbsp;/g, ' ').replace(/&amp;/g, '&').replace(/&lt;/g, '<').replace(/&gt;/g, '>');
  if (t !== s && !bold) bold = false;
  return { text: t, bold };
}

function parseLine(raw: string, lineNo: number, y: number): TextLine | null {
  if (raw.trim() === '') return null;
  // HTML table rows: <tr><td>a</td><td>b</td></tr>
  if (/<t[dh]\b/i.test(raw)) {
    const cells = [...raw.matchAll(/<t[dh]\b[^>]*>([\s\S]*?)(?=<t[dh]\b|<\/tr>|$)/gi)].map((m) =>
      stripMarkup((m[1] ?? '').replace(/<\/t[dh]>/gi, '')).text.trim(),
    );
    return delimited(cells, lineNo, y, raw);
  }
  if (raw.includes('\t')) {
    const cells = raw.split('\t').map((c) => stripMarkup(c).text.trim());
    return delimited(cells, lineNo, y, raw);
  }
  // Markdown pipe tables; separator rows (|---|:--|) carry nothing.
  const trimmed = raw.trim();
  if (/^\|.*\|$/.test(trimmed)) {
    if (/^\|[\s:|-]+\|$/.test(trimmed)) return null;
    const cells = trimmed.slice(1, -1).split('|').map((c) => stripMarkup(c).text.trim());
    return delimited(cells, lineNo, y, raw);
  }
  let heading: number | undefined;
  let body = raw;
  const h = /^\s{0,3}(#{1,6})\s+/.exec(body);
  if (h) {
    heading = h[1]!.length;
    body = body.slice(h[0].length);
  }
  const bullet = /^(\s*)[-*+]\s+(?=\S)/.exec(body);
  if (bullet) body = body.replace(bullet[0], bullet[1]!);
  const { text, bold } = stripMarkup(body);
  if (text.trim() === '') return null;
  const runs = tokenize(text, y);
  const line: TextLine = { lineNo, text: text.trim(), runs };
  if (heading) line.heading = heading;
  if (bullet) line.listItem = true;
  if (bold) line.bold = true;
  return line;
}

function delimited(cells: string[], lineNo: number, y: number, raw: string): TextLine {
  // Runs positioned by cell index so geometry-based code still sees a sensible layout.
  const runs: TextRun[] = [];
  cells.forEach((c, i) => {
    if (c !== '') runs.push({ text: c, box: { x0: i * 10, y0: y, x1: i * 10 + 9, y1: y + 1 } });
  });
  const bold = /<(b|strong)\b/i.test(raw) || undefined;
  const line: TextLine = { lineNo, text: cells.filter((c) => c !== '').join(' '), runs, cells };
  if (bold) line.bold = true;
  return line;
}

/** Whitespace-separated tokens with their character columns (x) on line y. */
function tokenize(text: string, y: number): TextRun[] {
  const runs: TextRun[] = [];
  const chars = [...text];
  let i = 0;
  while (i < chars.length) {
    if (/\s/.test(chars[i]!)) {
      i++;
      continue;
    }
    const start = i;
    while (i < chars.length && !/\s/.test(chars[i]!)) i++;
    runs.push({ text: chars.slice(start, i).join(''), box: { x0: start, y0: y, x1: i, y1: y + 1 } });
  }
  return runs;
}
