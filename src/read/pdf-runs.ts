import type { TextRun } from '../model/document.js';
import type { Box, Rule } from '../model/geometry.js';
import type { PlacedGlyph } from './pdf-ops.js';

/**
 * Groups placed glyphs (upright page space, y down) into runs: whitespace-free tokens whose
 * glyphs sit next to each other on one baseline. Positions come from the glyphs themselves
 * (font widths, spacing and TJ adjustments as the renderer applies them), never from the
 * spaces a text extractor would insert, so:
 * - a whitespace glyph ends a token;
 * - a gap wider than `maxGap` em between two glyphs ends a token even without a space
 *   (numbers in neighbouring columns that pdf.js's getTextContent glues into "2563630"
 *   come out as separate runs; letter-spaced labels "行 政 事 业" come out one run per glyph);
 * - a vertical ruling line passing between two glyphs ends a token (a cell border is never
 *   inside a printed token, however tight the spacing);
 * - a glyph that moves back, off the baseline, or changes direction or size ends a token.
 */
export interface RunOptions {
  /** Largest gap (in em of the font size) between two glyphs of one token. */
  maxGap: number;
  /** Largest overlap (em) between two glyphs of one token (tight kerning, bad widths). */
  maxOverlap: number;
  /** Largest baseline shift (em) within one token. */
  maxBaselineShift: number;
}

export const DEFAULT_RUN_OPTIONS: RunOptions = {
  maxGap: 0.15,
  maxOverlap: 0.7,
  maxBaselineShift: 0.25,
};

interface Token {
  glyphs: PlacedGlyph[];
  /** Cleaned text of each glyph. */
  texts: string[];
}

export function glyphsToRuns(
  glyphs: readonly PlacedGlyph[],
  rules: readonly Rule[],
  page: { width: number; height: number },
  options: Partial<RunOptions> = {},
): TextRun[] {
  const opt = { ...DEFAULT_RUN_OPTIONS, ...options };
  const tokens = tokenize(glyphs, opt);
  const verticals = rules.filter((r) => r.x0 === r.x1);
  const split = tokens.flatMap((t) => splitAtRules(t, verticals));
  const runs: TextRun[] = [];
  for (const t of split) {
    const run = toRun(t);
    if (!run) continue;
    const cx = (run.box.x0 + run.box.x1) / 2, cy = (run.box.y0 + run.box.y1) / 2;
    if (cx < 0 || cy < 0 || cx > page.width || cy > page.height) continue; // off the page
    runs.push(run);
  }
  return dedupeOverprint(runs);
}

function tokenize(glyphs: readonly PlacedGlyph[], opt: RunOptions): Token[] {
  const tokens: Token[] = [];
  let cur: Token | null = null;
  for (const g of glyphs) {
    if (g.space) {
      cur = null;
      continue;
    }
    const text = cleanText(g.text);
    if (text === '' || /^\s+$/u.test(text)) {
      // Nothing to show (unmapped glyph, format mark); a whitespace result breaks the token.
      if (text !== '') cur = null;
      continue;
    }
    const prev = cur?.glyphs[cur.glyphs.length - 1];
    if (cur && prev && continues(prev, g, opt)) {
      cur.glyphs.push(g);
      cur.texts.push(text);
    } else {
      cur = { glyphs: [g], texts: [text] };
      tokens.push(cur);
    }
  }
  return tokens;
}

function direction(g: PlacedGlyph): [number, number] {
  const dx = g.ex - g.ox, dy = g.ey - g.oy;
  const len = Math.hypot(dx, dy);
  if (len > 1e-6) return [dx / len, dy / len];
  // Zero-width glyph: reading direction is the up vector turned clockwise (y down).
  return [-g.uy, g.ux];
}

function continues(prev: PlacedGlyph, g: PlacedGlyph, opt: RunOptions): boolean {
  if (prev.ux * g.ux + prev.uy * g.uy < 0.99) return false;
  const size = Math.max(prev.size, g.size);
  if (size <= 0 || Math.min(prev.size, g.size) / size < 0.7) return false;
  const [dx, dy] = direction(prev);
  const gap = (g.ox - prev.ex) * dx + (g.oy - prev.ey) * dy;
  if (gap > opt.maxGap * size || gap < -opt.maxOverlap * size) return false;
  // Distance of g's origin from prev's baseline, measured along the up vector.
  const shift = (g.ox - prev.ox) * prev.ux + (g.oy - prev.oy) * prev.uy;
  return Math.abs(shift) <= opt.maxBaselineShift * size;
}

function splitAtRules(t: Token, verticals: readonly Rule[]): Token[] {
  if (t.glyphs.length < 2 || verticals.length === 0) return [t];
  const [dx, dy] = direction(t.glyphs[0]!);
  if (!(dx > 0.99 && Math.abs(dy) < 0.05)) return [t]; // only left-to-right horizontal text
  const boxes = t.glyphs.map(glyphBox);
  const y0 = Math.min(...boxes.map((b) => b.y0)), y1 = Math.max(...boxes.map((b) => b.y1));
  const cy = (y0 + y1) / 2;
  const crossing = verticals.filter((r) => r.y0 <= cy && r.y1 >= cy && r.x0 > boxes[0]!.x0 && r.x0 < boxes[boxes.length - 1]!.x1);
  if (crossing.length === 0) return [t];
  const out: Token[] = [];
  let start = 0;
  for (let i = 0; i + 1 < boxes.length; i++) {
    const a = (boxes[i]!.x0 + boxes[i]!.x1) / 2, b = (boxes[i + 1]!.x0 + boxes[i + 1]!.x1) / 2;
    if (crossing.some((r) => r.x0 > a && r.x0 < b)) {
      out.push({ glyphs: t.glyphs.slice(start, i + 1), texts: t.texts.slice(start, i + 1) });
      start = i + 1;
    }
  }
  out.push({ glyphs: t.glyphs.slice(start), texts: t.texts.slice(start) });
  return out;
}

function glyphBox(g: PlacedGlyph): Box {
  const q = g.quad;
  return {
    x0: Math.min(q[0], q[2], q[4], q[6]),
    y0: Math.min(q[1], q[3], q[5], q[7]),
    x1: Math.max(q[0], q[2], q[4], q[6]),
    y1: Math.max(q[1], q[3], q[5], q[7]),
  };
}

function toRun(t: Token): TextRun | null {
  const text = t.texts.join('');
  if (text === '') return null;
  let x0 = Infinity, y0 = Infinity, x1 = -Infinity, y1 = -Infinity;
  for (const g of t.glyphs) {
    const b = glyphBox(g);
    if (b.x0 < x0) x0 = b.x0;
    if (b.y0 < y0) y0 = b.y0;
    if (b.x1 > x1) x1 = b.x1;
    if (b.y1 > y1) y1 = b.y1;
  }
  const sizes = t.glyphs.map((g) => g.size).sort((a, b) => a - b);
  const run: TextRun = {
    text,
    box: { x0: round(x0), y0: round(y0), x1: round(x1), y1: round(y1) },
    fontSize: round(sizes[Math.floor(sizes.length / 2)]!),
  };
  if (t.glyphs.filter((g) => g.bold).length * 2 > t.glyphs.length) run.bold = true;
  return run;
}

/**
 * Some producers fake bold by painting the same text twice, a fraction of a point apart.
 * Keep the first copy (marked bold), drop the others.
 */
function dedupeOverprint(runs: TextRun[]): TextRun[] {
  const byText = new Map<string, TextRun[]>();
  const out: TextRun[] = [];
  for (const r of runs) {
    const same = byText.get(r.text);
    const h = r.box.y1 - r.box.y0;
    const tol = Math.max(0.5, h * 0.15);
    const twin = same?.find(
      (o) =>
        Math.abs(o.box.x0 - r.box.x0) <= tol &&
        Math.abs(o.box.x1 - r.box.x1) <= tol &&
        Math.abs(o.box.y0 - r.box.y0) <= tol &&
        Math.abs(o.box.y1 - r.box.y1) <= tol,
    );
    if (twin) {
      twin.bold = true;
      continue;
    }
    if (same) same.push(r);
    else byText.set(r.text, [r]);
    out.push(r);
  }
  return out;
}

// Unicode clean-up of one glyph's text:
// - format characters (zero-width space, joiners, BOM, soft hyphen's kin) are dropped;
// - compatibility characters some CJK fonts map to are folded (NFKC) into the ideographs
//   printed: Kangxi radicals (U+2F00–U+2FDF, "⼀" for "一"), CJK compatibility ideographs,
//   ligatures (ﬁ) and the few characters pdf.js normalises (µ, Ω);
// - everything else, full-width digits and punctuation included, stays as printed.
const FORMAT = /\p{Cf}/gu;
const FOLD = /[\u00b5\u2126\u2f00-\u2fdf\uf900-\ufaff\ufb00-\ufb4f\u{2f800}-\u{2fa1f}]/gu;

export function cleanText(s: string): string {
  return s.replace(FORMAT, '').replace(FOLD, (c) => c.normalize('NFKC'));
}

function round(v: number): number {
  return Math.round(v * 100) / 100 + 0;
}
