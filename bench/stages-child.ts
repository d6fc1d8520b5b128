/**
 * Child process of the profile section: where the time of a text-layer PDF goes, stage by stage,
 * in one warm process (the CLI's worker threads are warm after their first file).
 *
 * usage: node dist/bench/stages-child.js <file.pdf>... (prints one JSON object)
 */
import { readFileSync } from 'node:fs';
import { basename } from 'node:path';
import { SCHEMA_VERSION, type CanonicalResult } from '../src/model/canonical.js';
import { readDocument } from '../src/read/index.js';
import { readPdf } from '../src/read/pdf.js';
import { layoutDocument } from '../src/layout/segment.js';
import { recognise } from '../src/recognise/index.js';
import { validate } from '../src/validate/index.js';
import { toJson } from '../src/emit/json.js';
import { TOOL } from '../src/version.js';

const REPEAT = 4;
const out: Record<string, Record<string, number>> = {};
for (const file of process.argv.slice(2)) {
  const bytes = new Uint8Array(readFileSync(file));
  const name = basename(file);
  const runs: Record<string, number>[] = [];
  for (let i = 0; i < REPEAT; i++) {
    const t: number[] = [performance.now()];
    await readPdf(bytes, name);
    t.push(performance.now());
    const doc = await readDocument(bytes, name);
    t.push(performance.now());
    const laid = layoutDocument(doc);
    t.push(performance.now());
    const rec = recognise(laid);
    t.push(performance.now());
    const result: CanonicalResult = { schemaVersion: SCHEMA_VERSION, tool: TOOL, source: doc.source, pages: [], document: rec.document, tables: rec.tables, narrative: [], checks: [], flags: rec.flags };
    validate(result, laid);
    t.push(performance.now());
    toJson(result);
    t.push(performance.now());
    const readMs = t[1]! - t[0]!;
    runs.push({ pages: doc.pages.length, readPdf: readMs, ocrCheck: t[2]! - t[1]! - readMs, layout: t[3]! - t[2]!, recognise: t[4]! - t[3]!, validate: t[5]! - t[4]!, json: t[6]! - t[5]! });
  }
  // Warm figures: the median of the runs after the first.
  const warm = runs.slice(1);
  const med = (k: string) => {
    const xs = warm.map((r) => r[k]!).sort((a, b) => a - b);
    return Math.round(xs[Math.floor(xs.length / 2)]!);
  };
  out[name] = { pages: runs[0]!.pages!, firstRunMs: Math.round(Object.entries(runs[0]!).filter(([k]) => k !== 'pages').reduce((s, [, v]) => s + v, 0)), readPdf: med('readPdf'), ocrCheck: Math.max(0, med('ocrCheck')), layout: med('layout'), recognise: med('recognise'), validate: med('validate'), json: med('json') };
}
process.stdout.write(JSON.stringify(out) + '\n');
