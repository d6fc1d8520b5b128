#!/usr/bin/env node
// Saves the layout stage's output of real PDFs (table blocks and the short text lines around them:
// titles, units, labels) as test fixtures, so recognition and column mapping are tested on real
// tables without the PDFs. usage: npm run build && node scripts/save-layout.mjs OUT_DIR FILE.pdf…
import { readFile, writeFile } from 'node:fs/promises';
import { basename } from 'node:path';
import { gzipSync } from 'node:zlib';
import { readDocument } from '../dist/src/read/index.js';
import { layoutDocument } from '../dist/src/layout/segment.js';

const [out, ...files] = process.argv.slice(2);
for (const f of files) {
  const doc = await readDocument(new Uint8Array(await readFile(f)), basename(f));
  const laid = layoutDocument(doc);
  // Prose is not needed to recognise tables, but sentences end a table's continuation: keep
  // their first characters (enough for the rules that look at them).
  const blocks = laid.blocks.map((b) => (b.kind === 'text' && b.text.length > 80 ? { ...b, text: b.text.slice(0, 80) + '。' } : b));
  const json = JSON.stringify({ ...laid, blocks });
  await writeFile(`${out}/${basename(f, '.pdf')}.layout.json.gz`, gzipSync(json, { level: 9 }));
  console.log(basename(f), json.length, 'bytes');
}
