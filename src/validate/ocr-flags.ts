import type { CanonicalCell, CanonicalResult, CanonicalRow, CanonicalTable, Flag } from '../model/canonical.js';
import type { Box } from '../model/geometry.js';
import { FINAL_ACCOUNT_PAIRS, FINAL_ACCOUNT_SUMS } from '../../extractors/checks/final-account.js';
import { parseAmount, toYuan } from '../normalise/amount.js';
import { getOcrEvidence, type OcrEvidence, type OcrToken } from '../read/ocr-evidence.js';
import { templateById } from '../recognise/registry.js';
import { declaredSumChecks, pairwiseChecks, tableChecks } from './checks.js';
import { nameOfCode, uncodedNames } from './ocr-vocab.js';

/**
 * Post-recognition review of what OCR read (a no-op for documents without OCR'd pages):
 *
 * 1. every cell on an OCR'd page carries the confidence of the OCR tokens it was built from;
 * 2. row labels are matched against the known names (line items, 功能分类/经济分类 classes): a
 *    label with OCR debris around a known name ("、一般公共预算财政拨款收入", "十一城乡社区支出"
 *    whose "、" was lost) or a near miss takes the known name, recorded in an `ocr_label` flag
 *    with the reading and the score; a code whose listed name differs from its row's label is
 *    flagged `code_name_mismatch`;
 * 3. where cells break the table identities and one OCR alternative of one cell (the other
 *    reading of the two OCR passes, tesseract's choices) restores them without breaking another,
 *    that alternative is applied with a Correction of kind 'ocr' keeping the original reading;
 *    otherwise the number stays as read and the failing check says so;
 * 4. cells and pages read with low confidence are flagged `low_ocr_confidence` with page and box;
 *    each OCR'd page gets an `ocr_page` note (how it was read), pages OCR failed on `ocr_failed`.
 *
 * Runs in the validate stage before the checks, so the checks see corrected amounts and labels.
 */
export const LOW_CELL_CONFIDENCE = 80;
export const LOW_PAGE_CONFIDENCE = 70;

export function reviewOcr(result: CanonicalResult): void {
  const ev = getOcrEvidence(result.source);
  if (!ev) return;
  const flags: Flag[] = [];
  pageFlags(ev, flags);
  const cellTokens = attachConfidence(result, ev);
  matchLabels(result, ev, flags);
  applyCorrections(result, cellTokens, flags);
  for (const t of result.tables) {
    for (const row of t.rows) {
      for (const col of t.columns) {
        const c = row.cells[col.key];
        if (!c || c.confidence === undefined || c.confidence >= LOW_CELL_CONFIDENCE || c.raw === '') continue;
        // Text of tables of no known template is not a number anyone relies on.
        if (t.template === 'other' && c.yuan === null) continue;
        const alts = (cellTokens.get(c) ?? []).flatMap((tk) => tk.alternatives).filter((a) => a.text !== c.raw);
        flags.push({
          kind: 'low_ocr_confidence',
          severity: 'warning',
          message: `${t.template} ${rowTitle(row)}, ${col.label}: "${c.raw}" read by OCR with confidence ${c.confidence}` + (alts.length ? ` (other reading${alts.length > 1 ? 's' : ''}: ${alts.map((a) => `"${a.text}"`).join(', ')})` : ''),
          page: c.page,
          table: t.template,
          box: c.box,
        });
      }
    }
  }
  result.flags.push(...flags);
}

function pageFlags(ev: OcrEvidence, flags: Flag[]): void {
  for (const p of ev.pages) {
    const how = p.method === 'embedded-image' ? `its scanned image (${p.scanDpi !== undefined ? `${p.scanDpi} dpi, read at ${p.dpi}` : `${p.dpi} dpi`})` : `the page rendered at ${p.dpi} dpi`;
    const kind = p.kind === 'image-only' ? 'no text layer (image only)' : `text layer plus images over ${Math.round(p.imageCoverage * 100)}% of the page (mixed): images read by OCR`;
    flags.push({
      kind: 'ocr_page',
      severity: 'info',
      message: `page ${p.page}: ${kind}; OCR of ${how}, turned ${p.orientation}°, deskewed ${p.skew}°, ${p.rules} ruling lines, ${p.words} words, mean confidence ${p.meanConfidence}, ${p.seconds} s`,
      page: p.page,
      table: null,
    });
    if (p.words > 0 && p.meanConfidence < LOW_PAGE_CONFIDENCE) {
      flags.push({
        kind: 'low_ocr_confidence',
        severity: 'warning',
        message: `page ${p.page}: OCR mean word confidence ${p.meanConfidence} (below ${LOW_PAGE_CONFIDENCE}); check the page against the source`,
        page: p.page,
        table: null,
        box: null,
      });
    }
  }
  for (const t of ev.tokens) {
    if (t.original === undefined) continue;
    flags.push({
      kind: 'ocr_title',
      severity: 'info',
      message: `page ${t.page}: title read by OCR as "${t.original}" taken as "${t.text}" (the known table title it differs from by at most two characters)`,
      page: t.page,
      table: null,
      box: t.box,
    });
  }
  for (const e of ev.errors) {
    flags.push({ kind: 'ocr_failed', severity: 'error', message: `page ${e.page}: needed OCR but could not be read: ${e.message}`, page: e.page, table: null });
  }
}

/** Tokens a cell was built from: on its page, centre inside the cell's box. */
function tokensOf(cell: CanonicalCell, byPage: Map<number, OcrToken[]>): OcrToken[] {
  if (cell.page === null || !cell.box) return [];
  const b = grow(cell.box, 1);
  return (byPage.get(cell.page) ?? []).filter((t) => {
    const x = (t.box.x0 + t.box.x1) / 2, y = (t.box.y0 + t.box.y1) / 2;
    return x >= b.x0 && x <= b.x1 && y >= b.y0 && y <= b.y1;
  });
}

function attachConfidence(result: CanonicalResult, ev: OcrEvidence): Map<CanonicalCell, OcrToken[]> {
  const byPage = new Map<number, OcrToken[]>();
  for (const t of ev.tokens) {
    const list = byPage.get(t.page) ?? [];
    list.push(t);
    byPage.set(t.page, list);
  }
  const out = new Map<CanonicalCell, OcrToken[]>();
  for (const t of result.tables) {
    for (const row of t.rows) {
      for (const c of Object.values(row.cells)) {
        const tokens = tokensOf(c, byPage);
        if (tokens.length === 0) continue;
        out.set(c, tokens);
        c.confidence ??= Math.min(...tokens.map((k) => k.confidence));
      }
    }
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
// Labels

// "十二、" read as "+=" or "+t.": an ordinal's numerals come out as look-alike signs and letters.
const JUNK_PREFIX = /^[\s、，,.．。:：;；·•\-—_+=＝~～*'"“”‘’|()（）\[\]【】a-zA-Z0-9一二三四五六七八九十]{1,5}/u;

function editDistance(a: string, b: string): number {
  const x = [...a], y = [...b];
  let prev = Array.from({ length: y.length + 1 }, (_, j) => j);
  for (let i = 1; i <= x.length; i++) {
    const cur = [i];
    for (let j = 1; j <= y.length; j++) cur[j] = Math.min(prev[j]! + 1, cur[j - 1]! + 1, prev[j - 1]! + (x[i - 1] === y[j - 1] ? 0 : 1));
    prev = cur;
  }
  return prev[y.length]!;
}

/** 1 for equal strings, falling with the edit distance relative to the longer one. */
export function similarity(a: string, b: string): number {
  const n = Math.max([...a].length, [...b].length);
  return n === 0 ? 1 : 1 - editDistance(a, b) / n;
}

/**
 * The known name a label read by OCR stands for, or null: exact after removing OCR debris in
 * front (stray punctuation, a lost ordinal's numerals, Latin noise), else the single closest name
 * with similarity ≥ 0.8 (labels of 4 characters or more).
 */
export function matchName(label: string, names: readonly string[]): { name: string; score: number } | null {
  const clean = label.replace(/\s+/g, '');
  if (names.includes(clean)) return { name: clean, score: 1 };
  const prefix = JUNK_PREFIX.exec(clean)?.[0] ?? '';
  for (let k = 1; k <= prefix.length; k++) {
    const rest = clean.slice(k);
    if (names.includes(rest)) return { name: rest, score: Math.round(similarity(clean, rest) * 100) / 100 };
  }
  if ([...clean].length < 4) return null;
  let best: { name: string; score: number } | null = null, second = 0;
  for (const n of names) {
    const s = Math.max(similarity(clean, n), similarity(clean.slice(prefix.length), n) - 0.05);
    if (!best || s > best.score) {
      second = best?.score ?? 0;
      best = { name: n, score: s };
    } else if (s > second) second = s;
  }
  if (!best || best.score < 0.8 || best.score - second < 0.1) return null;
  return { name: best.name, score: Math.round(best.score * 100) / 100 };
}

function matchLabels(result: CanonicalResult, ev: OcrEvidence, flags: Flag[]): void {
  const ocrPages = new Set(ev.pages.map((p) => p.page));
  const names = uncodedNames();
  for (const t of result.tables) {
    if (t.template === 'other') continue;
    for (const row of t.rows) {
      if (row.page === null || !ocrPages.has(row.page) || row.label === '') continue;
      if (row.code) {
        const listed = nameOfCode(row.code);
        if (!listed || listed === row.label) continue;
        const m = matchName(row.label, [listed]);
        if (m && (m.score >= 0.6 || JUNK_PREFIX.test(row.label))) {
          labelFlag(flags, t, row, listed, m.score);
          row.label = listed;
        } else if (similarity(row.label, listed) < 0.6) {
          flags.push({
            kind: 'code_name_mismatch',
            severity: 'warning',
            message: `${t.template} code ${row.code} is "${listed}" in the national classification but the row reads "${row.label}" (OCR); the code or the name is misread`,
            page: row.page,
            table: t.template,
          });
        }
        continue;
      }
      const m = matchName(row.label, names);
      if (m && m.name !== row.label) {
        labelFlag(flags, t, row, m.name, m.score);
        row.label = m.name;
        if (/合计|总计|小计/.test(m.name)) row.total = true;
      }
    }
  }
}

function labelFlag(flags: Flag[], t: CanonicalTable, row: CanonicalRow, name: string, score: number): void {
  flags.push({
    kind: 'ocr_label',
    severity: 'info',
    message: `${t.template}${row.code ? ` ${row.code}` : ''}: row label read by OCR as "${row.label}" matched to the known name "${name}" (score ${score})`,
    page: row.page,
    table: t.template,
  });
}

// ---------------------------------------------------------------------------------------------
// Corrections

/** Ids of the failing checks the validate stage would report on the tables as they are now. */
function failingChecks(result: CanonicalResult): Set<string> {
  const out = new Set<string>();
  try {
    const checks = [];
    for (const t of result.tables) {
      if (t.template === 'other' || t.status === 'illegible' || t.status === 'empty') continue;
      const tpl = templateById(t.template);
      if (!tpl) continue;
      checks.push(...tableChecks(t, tpl));
    }
    if (result.document.kind === 'final_account') checks.push(...declaredSumChecks(result, FINAL_ACCOUNT_SUMS), ...pairwiseChecks(result, FINAL_ACCOUNT_PAIRS));
    for (const c of checks) if (c.status === 'fail') out.add(c.id);
  } catch {
    // A check that cannot run decides nothing here; the validate stage reports it.
  }
  return out;
}

function applyCorrections(result: CanonicalResult, cellTokens: Map<CanonicalCell, OcrToken[]>, flags: Flag[]): void {
  const before = failingChecks(result);
  if (before.size === 0) return;
  const candidates: { table: CanonicalTable; row: CanonicalRow; column: string; cell: CanonicalCell; to: string; yuan: string; fixed: string[] }[] = [];
  for (const t of result.tables) {
    if (t.template === 'other') continue;
    for (const row of t.rows) {
      for (const [column, cell] of Object.entries(row.cells)) {
        const tokens = cellTokens.get(cell);
        if (!tokens || tokens.length !== 1 || cell.corrections?.length) continue;
        const alternatives = [...new Set(tokens[0]!.alternatives.map((a) => a.text.replace(/\s+/g, '')))].filter((a) => a !== cell.raw);
        for (const alt of alternatives) {
          const p = parseAmount(alt);
          if (p.kind !== 'number') continue;
          const yuan = toYuan(p.value, t.unit.applied);
          const saved = { raw: cell.raw, yuan: cell.yuan };
          cell.raw = alt;
          cell.yuan = yuan;
          const after = failingChecks(result);
          cell.raw = saved.raw;
          cell.yuan = saved.yuan;
          const fixed = [...before].filter((id) => !after.has(id));
          const broken = [...after].filter((id) => !before.has(id));
          if (fixed.length > 0 && broken.length === 0) candidates.push({ table: t, row, column, cell, to: alt, yuan, fixed });
        }
      }
    }
  }
  for (const c of candidates) {
    // Only when no other alternative (of this or another cell) would fix the same checks.
    const rivals = candidates.filter((o) => o !== c && o.fixed.some((id) => c.fixed.includes(id)));
    if (rivals.length > 0) continue;
    const from = c.cell.raw;
    const reason = `OCR alternative: "${from}" breaks ${c.fixed.join(', ')}; the other OCR reading "${c.to}" makes ${c.fixed.length > 1 ? 'them' : 'it'} hold and breaks no other check`;
    (c.cell.corrections ??= []).push({ kind: 'ocr', from, to: c.to, reason });
    c.cell.raw = c.to;
    c.cell.yuan = c.yuan;
    flags.push({
      kind: 'ocr_correction',
      severity: 'warning',
      message: `${c.table.template} ${rowTitle(c.row)}, ${c.column}: ${reason}`,
      page: c.cell.page,
      table: c.table.template,
      box: c.cell.box,
    });
  }
}

function rowTitle(row: CanonicalRow): string {
  return [row.side, row.code, row.label].filter(Boolean).join(' ');
}

function grow(b: Box, d: number): Box {
  return { x0: b.x0 - d, y0: b.y0 - d, x1: b.x1 + d, y1: b.y1 + d };
}
