import type { Box } from '../model/geometry.js';
import type { Page, TextRun } from '../model/document.js';
import { groupRunsIntoLines } from '../layout/lines.js';

/**
 * The amount-like tokens a page prints, read from the reader's runs (text layer or OCR) or a
 * dump's lines, independently of how layout and recognition grouped them. What is *not* an
 * amount is recognised here: percentages, dates, ordinals, counts with a measure word. Plain
 * integers are ambiguous (years, page numbers, codes, 栏次/行次, counts): they are `integer`
 * tokens, amounts only where a table cell or the narrative reads them as one, or a unit follows.
 */
export interface AmountToken {
  page: number;
  /** Printed string as the page has it (separators kept). */
  raw: string;
  /** Comparison key: digits, sign and decimal point only, no leading zeros. */
  key: string;
  /** decimal: has a decimal point or thousands separators; integer: digits only. */
  shape: 'decimal' | 'integer';
  /** A unit printed right after it (万元 / 元 / 亿元). */
  unit: string | null;
  box: Box | null;
  line?: number;
}

// Spaces inside numbers are printed too ("2, 024. 59", "1635. 3"): a space may follow a separator.
const NUMBER = /[-−]?(?:\d{1,3}(?:[,，]\s?\d{3})+(?:\.\s?\d+)?|\d+\.\s?\d+|\d+)/g;
/** What follows a number that makes it no amount: %, a measure word, a date part. */
const NOT_AMOUNT_AFTER = /^\s*(?:[万亿](?!元)[\u4e00-\u9fff]|%|％|个百分点|百分点|倍|人|名|辆|台|套|个|次|项|家|户|张|册|件|所|平方米|㎡|公里|千米|米|吨|年|月|日|号|页|期|批|天|小时|元\/|‰)/;
// A bare 万 before punctuation or the line's end is 万元 in budget shorthand ("0.5万/3万",
// "≤16万") or wrapped ("…17,466.65 万" / "元，…"); before a noun it counts things (6.6万户, 15万市民).
const UNIT_AFTER = /^\s*(亿元|万元|元|万(?![\u4e00-\u9fff]))/;
const NOT_AMOUNT_BEFORE = /(第|共|表|附件|公开|\d[-－/.])\s*$/;

export function amountKey(raw: string): string {
  return raw.replace(/[,，\s]/g, '').replace(/^[−－]/, '-').replace(/^(-?)0+(\d)/, '$1$2');
}

/** Tokens of one text with the box of the text (sliced per character when given). */
function tokensOf(text: string, page: number, box: Box | null, line: number | undefined, prevText = '', nextText = ''): AmountToken[] {
  const out: AmountToken[] = [];
  const chars = [...text];
  for (const m of text.matchAll(NUMBER)) {
    const raw = m[0];
    const start = m.index!;
    const end = start + raw.length;
    // Context runs past this run's ends: "13.95" and "%" are often two runs of one line.
    const before = (prevText + text.slice(0, start)).slice(-4);
    const after = (text.slice(end) + nextText).slice(0, 6);
    // Part of a longer token (within the run): a date 2025.01.02, a version 1.2.3, "201-06".
    const runAfter = text.slice(end, end + 3);
    const runBefore = text.slice(Math.max(0, start - 2), start);
    if (/^[.．][0-9]/.test(runAfter) || /[0-9][.．]$/.test(runBefore)) continue;
    if (/^[-－/]\d/.test(runAfter)) continue;
    if (NOT_AMOUNT_AFTER.test(after)) continue;
    if (NOT_AMOUNT_BEFORE.test(before)) continue;
    const decimal = /[.,，]/.test(raw);
    const unit = UNIT_AFTER.exec(after)?.[1] ?? null;
    let b: Box | null = box;
    if (box && chars.length > 0) {
      const w = (box.x1 - box.x0) / chars.length;
      const s = [...text.slice(0, start)].length;
      const e = s + [...raw].length;
      b = { x0: box.x0 + s * w, y0: box.y0, x1: box.x0 + e * w, y1: box.y1 };
    }
    const t: AmountToken = { page, raw, key: amountKey(raw), shape: decimal ? 'decimal' : 'integer', unit, box: b };
    if (line !== undefined) t.line = line;
    out.push(t);
  }
  return out;
}

/**
 * The page's lines (the layout stage's own grouping of runs by baseline), each with neighbouring
 * runs joined where the geometry says they are one printed number: "13,252" then ".62" a hair
 * apart become "13,252.62".
 */
function joinedRuns(runs: TextRun[]): TextRun[][] {
  return groupRunsIntoLines(runs).map((line) => {
    const joined: TextRun[] = [];
    for (const r of line.runs) {
      const c = joined[joined.length - 1];
      if (c) {
        const h = Math.max(1, c.box.y1 - c.box.y0);
        const gap = r.box.x0 - c.box.x1;
        const glue = (/\d$/.test(c.text) && /^[.,，]\d/.test(r.text)) || (/\d[.,，]$/.test(c.text) && /^\d/.test(r.text));
        if (glue && gap < h * 0.35 && gap > -h) {
          joined[joined.length - 1] = { ...c, text: c.text + r.text, box: { x0: c.box.x0, y0: Math.min(c.box.y0, r.box.y0), x1: r.box.x1, y1: Math.max(c.box.y1, r.box.y1) } };
          continue;
        }
      }
      joined.push(r);
    }
    return joined;
  });
}

/** Every amount-like token of a page, in reading order. */
export function pageTokens(page: Page): AmountToken[] {
  if (page.runs.length > 0) {
    return joinedRuns(page.runs).flatMap((line) => line.flatMap((r, i) => tokensOf(r.text, page.number, r.box, undefined, line[i - 1]?.text ?? '', line[i + 1]?.text ?? '')));
  }
  return page.lines.flatMap((l) => (l.cells ? l.cells : [l.text]).flatMap((t) => tokensOf(t, page.number, null, l.lineNo)));
}

/**
 * The keys of the amounts a text states ("资金1550万元", "≤16万", "减少11.95，…"): a table's text
 * cell, label or record. A bare number glued to a few characters ("出1090.22": a wrapped label
 * over a value) is not a usable amount there, so it stays to be placed elsewhere, or unplaced.
 */
export function textAmountKeys(text: string): string[] {
  const glued = /^[^\d]{1,6}[-\d,.]+$/.test(text.replace(/\s+/g, ''));
  return tokensOf(text, 0, null, undefined).filter((t) => t.unit !== null || !glued).map((t) => t.key);
}
