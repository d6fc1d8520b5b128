import { readFileSync } from 'node:fs';
import type { CanonicalResult } from '../../src/model/canonical.js';
import type { Page, SourceDocument, TextRun } from '../../src/model/document.js';
import { convertDocument } from '../../src/pipeline.js';

/**
 * Native tesseract's output run through the project's own layout, recognise and validate
 * stages, so that its cell accuracy can be measured against the golden files exactly like ours.
 *
 * Glue, kept to what any integration would need (nothing that improves recognition):
 * - TSV words (level 5) → TextRuns in page space (points, top-left origin), confidence kept;
 * - tesseract's --psm 1 reads a turned page but reports boxes on the image as stored: the quarter
 *   turn is inferred from the reading direction of its lines and undone;
 * - the residual skew (median slope of its lines) is undone around the page centre, as the
 *   project's OCR reader deskews its images;
 * - word heights are normalised to the page's typical ideograph height, as the project's OCR
 *   reader does for its own words (digits hug the ink and would not group into lines).
 * No ruling lines are given (tesseract does not report them): the layout stage finds columns
 * from the alignment of words alone.
 */
export interface TsvWord {
  block: number;
  par: number;
  line: number;
  x0: number;
  y0: number;
  x1: number;
  y1: number;
  conf: number;
  text: string;
}

export function parseTsv(tsv: string): TsvWord[] {
  const out: TsvWord[] = [];
  for (const row of tsv.split('\n').slice(1)) {
    const f = row.split('\t');
    if (f.length < 12 || f[0] !== '5') continue;
    const text = f.slice(11).join('\t').trim();
    if (text === '') continue;
    const [left, top, width, height] = [f[6], f[7], f[8], f[9]].map(Number) as [number, number, number, number];
    out.push({ block: Number(f[2]), par: Number(f[3]), line: Number(f[4]), x0: left, y0: top, x1: left + width, y1: top + height, conf: Number(f[10]), text });
  }
  return out;
}

type Pt = [number, number];

/** Reading direction of tesseract's lines (radians, image space, y down): word centres first → last. */
function lineVectors(words: TsvWord[]): { dx: number; dy: number; n: number }[] {
  const lines = new Map<string, TsvWord[]>();
  for (const w of words) {
    const k = `${w.block}/${w.par}/${w.line}`;
    lines.set(k, [...(lines.get(k) ?? []), w]);
  }
  const out: { dx: number; dy: number; n: number }[] = [];
  for (const ws of lines.values()) {
    if (ws.length < 3) continue;
    const a = ws[0]!, b = ws[ws.length - 1]!;
    const dx = (b.x0 + b.x1) / 2 - (a.x0 + a.x1) / 2, dy = (b.y0 + b.y1) / 2 - (a.y0 + a.y1) / 2;
    if (Math.hypot(dx, dy) > 0) out.push({ dx, dy, n: ws.length });
  }
  return out;
}

/** Clockwise quarter turn the page content shows (0, 90, 180, 270), from the reading direction. */
export function inferTurn(words: TsvWord[]): number {
  let sx = 0, sy = 0;
  for (const v of lineVectors(words)) {
    const len = Math.hypot(v.dx, v.dy);
    sx += (v.dx / len) * v.n;
    sy += (v.dy / len) * v.n;
  }
  if (Math.abs(sx) >= Math.abs(sy)) return sx >= 0 ? 0 : 180;
  return sy > 0 ? 90 : 270;
}

/** Maps image points to the upright page for a content turned `turn` degrees clockwise. */
function uprightMap(turn: number, w: number, h: number): { map: (p: Pt) => Pt; width: number; height: number } {
  switch (turn) {
    case 180:
      return { map: ([x, y]) => [w - x, h - y], width: w, height: h };
    case 90: // reads downwards: turn back counter-clockwise
      return { map: ([x, y]) => [y, w - x], width: h, height: w };
    case 270: // reads upwards: turn back clockwise
      return { map: ([x, y]) => [h - y, x], width: h, height: w };
    default:
      return { map: (p) => p, width: w, height: h };
  }
}

const CJK = /[\u3400-\u9fff\uf900-\ufaff]/u;

/** One page image's TSV → a Page (source 'ocr') in points. */
export function tsvToPage(words: TsvWord[], number: number, imgW: number, imgH: number, dpi: number): { page: Page; turn: number; skewDeg: number } {
  const turn = inferTurn(words);
  const up = uprightMap(turn, imgW, imgH);
  let boxes = words.map((w) => {
    const a = up.map([w.x0, w.y0]), b = up.map([w.x1, w.y1]);
    return { x0: Math.min(a[0], b[0]), y0: Math.min(a[1], b[1]), x1: Math.max(a[0], b[0]), y1: Math.max(a[1], b[1]) };
  });
  // Residual skew: median slope of lines in the upright frame.
  const slopes: number[] = [];
  const turned = words.map((w, i) => ({ ...w, x0: boxes[i]!.x0, y0: boxes[i]!.y0, x1: boxes[i]!.x1, y1: boxes[i]!.y1 }));
  for (const v of lineVectors(turned)) if (Math.abs(v.dx) > 200 && Math.abs(v.dy / v.dx) < 0.1) slopes.push(Math.atan2(v.dy, v.dx));
  slopes.sort((a, b) => a - b);
  const skew = slopes.length >= 3 ? slopes[Math.floor(slopes.length / 2)]! : 0;
  if (Math.abs(skew) > 0.0005) {
    const cx = up.width / 2, cy = up.height / 2, c = Math.cos(-skew), s = Math.sin(-skew);
    boxes = boxes.map((b) => {
      const mx = (b.x0 + b.x1) / 2 - cx, my = (b.y0 + b.y1) / 2 - cy;
      const nx = cx + mx * c - my * s, ny = cy + mx * s + my * c;
      const hw = (b.x1 - b.x0) / 2, hh = (b.y1 - b.y0) / 2;
      return { x0: nx - hw, y0: ny - hh, x1: nx + hw, y1: ny + hh };
    });
  }
  const k = 72 / dpi;
  const runs: TextRun[] = words.map((w, i) => {
    const b = boxes[i]!;
    return { text: w.text, box: { x0: b.x0 * k, y0: b.y0 * k, x1: b.x1 * k, y1: b.y1 * k }, confidence: Math.round(w.conf) };
  });
  normaliseHeights(runs);
  const page: Page = { number, width: round(up.width * k), height: round(up.height * k), rotation: turn, source: 'ocr', lines: [], runs, rules: [] };
  return { page, turn, skewDeg: (skew * 180) / Math.PI };
}

function normaliseHeights(runs: TextRun[]): void {
  const cjk = runs.filter((r) => CJK.test(r.text)).map((r) => r.box.y1 - r.box.y0).sort((a, b) => a - b);
  const h = cjk[Math.floor(cjk.length / 2)];
  if (!h) return;
  for (const r of runs) {
    const cur = r.box.y1 - r.box.y0;
    if (cur < h) {
      const cy = (r.box.y0 + r.box.y1) / 2;
      r.box = { ...r.box, y0: round(cy - h / 2), y1: round(cy + h / 2) };
    }
    r.fontSize = round(Math.max(cur, h));
  }
}

function round(v: number): number {
  return Math.round(v * 100) / 100;
}

/** The project's stages after read (as src/pipeline.ts composes them) over native tesseract's pages. */
export function recogniseNative(pages: Page[], file: string): CanonicalResult {
  const doc: SourceDocument = { source: { file, sha256: '', format: 'pdf', pageCount: pages.length }, pages };
  return convertDocument(doc);
}

export function readTsv(path: string): TsvWord[] {
  return parseTsv(readFileSync(path, 'utf8'));
}
