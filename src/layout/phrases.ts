import type { TextLine, TextRun } from '../model/document.js';
import type { Box } from '../model/geometry.js';
import { isAmountText } from '../normalise/amount.js';
import { isCode } from '../normalise/code.js';

/** Runs close enough together to read as one cell's text. */
export interface Phrase {
  text: string;
  box: Box;
  runs: TextRun[];
  /** An amount ("3,927.98", "0") or a classification code ("2013101"). */
  numeric: boolean;
  code: boolean;
}

/**
 * Joins a line's runs into phrases. `gap` is the largest horizontal gap that still joins
 * two runs (one space in a text dump; about half a character in a PDF). Two amounts are
 * never joined: "0.00 0.00" are two cells even when a single space separates them.
 */
export function linePhrases(line: TextLine, gap: number): Phrase[] {
  const out: Phrase[] = [];
  for (const r of line.runs) {
    const last = out[out.length - 1];
    const lastRun = last?.runs[last.runs.length - 1];
    if (last && lastRun && r.box.x0 - lastRun.box.x1 <= gap && !(isAmountText(lastRun.text) && isAmountText(r.text)) && !isCode(lastRun.text)) {
      const sep = r.box.x0 - lastRun.box.x1 > gap * 0.3 && /[\x21-\x7e]$/.test(last.text) && /^[\x21-\x7e]/.test(r.text) ? ' ' : '';
      last.text += sep + r.text;
      last.runs.push(r);
      last.box = { x0: last.box.x0, y0: Math.min(last.box.y0, r.box.y0), x1: Math.max(last.box.x1, r.box.x1), y1: Math.max(last.box.y1, r.box.y1) };
    } else {
      out.push({ text: r.text, box: { ...r.box }, runs: [r], numeric: false, code: false });
    }
  }
  for (const p of out) {
    p.code = isCode(p.text);
    p.numeric = p.code || isAmountText(p.text);
  }
  return out;
}
