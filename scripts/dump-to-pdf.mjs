#!/usr/bin/env node
// Fixture maker (not part of the product): renders a text dump as a ruled-table HTML page and
// prints it to PDF with Debian's headless Chromium, giving a PDF from another producer (Skia)
// whose truth is the dump's hand-verified golden file. Usage:
//   node scripts/dump-to-pdf.mjs corpus/x.txt out.pdf
import { readFileSync, writeFileSync, mkdtempSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const [input, output] = process.argv.slice(2);
if (!input || !output) {
  console.error('usage: dump-to-pdf.mjs <dump.txt> <out.pdf>');
  process.exit(2);
}
const esc = (s) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
const cell = (s) => esc(s.replace(/<\/?b>/g, '').replace(/\*\*/g, '').trim());
const lines = readFileSync(input, 'utf8').replace(/\r/g, '').split('\n');
const html = [];
let inTable = false;
for (const line of lines) {
  if (line.includes('\t')) {
    if (!inTable) html.push('<table>');
    inTable = true;
    html.push('<tr>' + line.split('\t').map((c) => `<td>${cell(c)}</td>`).join('') + '</tr>');
    continue;
  }
  if (inTable) html.push('</table>');
  inTable = false;
  if (line.trim() === '') continue;
  const h = /^(#{1,6})\s+(.*)$/.exec(line);
  if (h) html.push(`<h${Math.min(3, h[1].length + 1)}>${cell(h[2])}</h${Math.min(3, h[1].length + 1)}>`);
  else html.push(`<p>${cell(line.replace(/^\s*[-*]\s+/, ''))}</p>`);
}
if (inTable) html.push('</table>');
const page = `<!doctype html><html><head><meta charset="utf-8"><style>
@page { size: A4 landscape; margin: 12mm; }
body { font-family: 'Droid Sans Fallback', 'Noto Sans CJK SC', sans-serif; font-size: 9pt; }
table { border-collapse: collapse; margin: 6pt 0; page-break-inside: auto; }
td { border: 0.6pt solid #000; padding: 1pt 4pt; white-space: nowrap; }
h2, h3 { font-size: 11pt; margin: 8pt 0 4pt; }
p { margin: 2pt 0; }
</style></head><body>${html.join('\n')}</body></html>`;
const dir = mkdtempSync(join(tmpdir(), 'dump-to-pdf-'));
const htmlPath = join(dir, 'page.html');
writeFileSync(htmlPath, page);
execFileSync('chromium', ['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync', `--user-data-dir=${join(dir, 'profile')}`, '--no-pdf-header-footer', `--print-to-pdf=${output}`, `file://${htmlPath}`], { stdio: 'ignore' });
console.log(`wrote ${output}`);
