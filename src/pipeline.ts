import { basename } from 'node:path';
import { readFile } from 'node:fs/promises';
import type { CanonicalResult } from './model/canonical.js';
import type { SourceDocument } from './model/document.js';
import type { LaidOutDocument } from './model/layout.js';
import { SCHEMA_VERSION } from './model/canonical.js';
import { layoutDocument } from './layout/segment.js';
import { readDocument } from './read/index.js';
import { recognise } from './recognise/index.js';
import { validate } from './validate/index.js';
import { TOOL } from './version.js';
import { accountAmounts } from './account/ledger.js';
import { assessDocument } from './account/assess.js';

/** One input file → its canonical result: read → layout → recognise → validate. */
export async function convertFile(path: string): Promise<CanonicalResult> {
  const bytes = new Uint8Array(await readFile(path));
  return convertBytes(bytes, basename(path));
}

export async function convertBytes(bytes: Uint8Array, file: string): Promise<CanonicalResult> {
  return convertDocument(await readDocument(bytes, file));
}

/** The stages after read: layout → recognise → validate (also used on documents read elsewhere, e.g. the OCR benchmark). */
export function convertDocument(doc: SourceDocument): CanonicalResult {
  const laid = layoutDocument(doc);
  const problems = (laid.problems ?? []).map((p) => ({ kind: 'internal_error', severity: 'error' as const, message: `${p.stage}: page ${p.page} could not be laid out (${p.message}); its text is kept as plain lines, without tables`, page: p.page, table: null }));
  // A document with no text anywhere is flagged first, so the assessment sees the flag.
  const validated = flagNoText(recogniseLaidOut(laid, problems), doc);
  // The ledger last: it reads the final cells (corrections included) and the narrative.
  const ledger = accountAmounts(validated, doc);
  validated.document.coverage = ledger.coverage;
  validated.unplaced = ledger.unplaced;
  validated.assessment = assessDocument(validated);
  return validated;
}

/**
 * A document with pages but no text on any of them (after OCR) and no table is not a clean
 * conversion: it is flagged (error severity, so it counts as partial, ⚠) rather than reported ✓
 * with nothing in it. Typical causes: every content stream damaged or zeroed, blank pages.
 */
export function flagNoText(result: CanonicalResult, doc: SourceDocument): CanonicalResult {
  if (doc.pages.length === 0 || result.tables.length > 0) return result;
  const text = doc.pages.some((p) => p.runs.some((r) => r.text.trim() !== '') || p.lines.some((l) => l.text.trim() !== ''));
  if (text) return result;
  result.flags.push({
    kind: 'no_text',
    severity: 'error',
    message: `no readable text on ${doc.pages.length === 1 ? 'its one page' : `any of its ${doc.pages.length} pages`} (not even by OCR), and no table: the file may be damaged, blank or drawn without text`,
    page: null,
    table: null,
  });
  return result;
}

/**
 * Recognise → validate on a laid-out document (the stages after layout, before the ledger, which
 * needs the read document): also what the tests run on saved layouts of real disclosures.
 */
export function recogniseLaidOut(laid: LaidOutDocument, flags: CanonicalResult['flags'] = []): CanonicalResult {
  const rec = recognise(laid);
  const result: CanonicalResult = {
    schemaVersion: SCHEMA_VERSION,
    tool: TOOL,
    source: laid.source,
    pages: laid.pages.map((p) => ({ number: p.number, source: p.source, width: p.width, height: p.height, rotation: p.rotation })),
    document: rec.document,
    tables: rec.tables,
    narrative: [],
    checks: [],
    flags: [...flags, ...rec.flags],
  };
  return validate(result, laid);
}
