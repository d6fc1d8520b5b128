import type { TextLine, TextRun } from '../model/document.js';
import type { Box, Rule } from '../model/geometry.js';
import type { DetectedTable, GridCell, GridRow } from '../model/layout.js';

/**
 * Lattice detection (ruled tables): cells from the grid of ruling lines, the way Camelot's
 * lattice flavour and pdfplumber's "lines" strategy do. Spanning cells are those whose inner
 * border is missing; text inside a cell (wrapped labels included) is joined. Geometry only.
 */
export interface LatticeSettings {
  /** Lines this close (points) are the same line; a line may stop this short of a crossing. */
  snap: number;
}

const DEFAULTS: LatticeSettings = { snap: 2 };

interface Seg {
  at: number;
  a: number;
  b: number;
}

export interface Lattice {
  table: DetectedTable;
  box: Box;
  /** Runs placed in the table (the caller keeps the others for stream detection). */
  used: Set<TextRun>;
}

function cluster(values: number[], tol: number): number[] {
  const sorted = [...values].sort((a, b) => a - b);
  const out: number[][] = [];
  for (const v of sorted) {
    const last = out[out.length - 1];
    if (last && v - last[last.length - 1]! <= tol) last.push(v);
    else out.push([v]);
  }
  return out.map((g) => g.reduce((s, x) => s + x, 0) / g.length);
}

/** Groups the page's lines into connected grids (each vertical crossing each horizontal). */
function grids(h: Seg[], v: Seg[], tol: number): { h: Seg[]; v: Seg[] }[] {
  const items = [...h.map((s) => ({ o: 'h' as const, s })), ...v.map((s) => ({ o: 'v' as const, s }))];
  const parent = items.map((_, i) => i);
  const find = (i: number): number => (parent[i] === i ? i : (parent[i] = find(parent[i]!)));
  const cross = (hs: Seg, vs: Seg) => vs.at >= hs.a - tol && vs.at <= hs.b + tol && hs.at >= vs.a - tol && hs.at <= vs.b + tol;
  for (let i = 0; i < items.length; i++) {
    for (let j = i + 1; j < items.length; j++) {
      const a = items[i]!, b = items[j]!;
      if (a.o === b.o) continue;
      const ok = a.o === 'h' ? cross(a.s, b.s) : cross(b.s, a.s);
      if (ok) parent[find(i)] = find(j);
    }
  }
  const groups = new Map<number, { h: Seg[]; v: Seg[] }>();
  items.forEach((it, i) => {
    const g = groups.get(find(i)) ?? { h: [], v: [] };
    g[it.o].push(it.s);
    groups.set(find(i), g);
  });
  return [...groups.values()].filter((g) => g.h.length >= 2 && g.v.length >= 2);
}

const covered = (segs: Seg[], at: number, a: number, b: number, tol: number) =>
  segs.some((s) => Math.abs(s.at - at) <= tol && s.a <= a + tol && s.b >= b - tol);

function joinText(runs: TextRun[]): string {
  const sorted = [...runs].sort((p, q) => {
    const dy = (p.box.y0 + p.box.y1) / 2 - (q.box.y0 + q.box.y1) / 2;
    return Math.abs(dy) > Math.min(p.box.y1 - p.box.y0, q.box.y1 - q.box.y0) * 0.5 ? dy : p.box.x0 - q.box.x0;
  });
  let out = '';
  let prev: TextRun | null = null;
  for (const r of sorted) {
    // ASCII tokens side by side keep a space ("2, 024. 59" stays readable); CJK joins directly.
    if (prev && /[\x21-\x7e]$/.test(out) && /^[\x21-\x7e]/.test(r.text) && Math.abs(prev.box.y0 - r.box.y0) < 1 && r.box.x0 - prev.box.x1 > 0.5) out += ' ';
    out += r.text;
    prev = r;
  }
  return out;
}

/** Ruled tables on one page, with the runs they contain. */
export function detectLattices(rules: readonly Rule[], runs: readonly TextRun[], page: number, settings: Partial<LatticeSettings> = {}): Lattice[] {
  const { snap } = { ...DEFAULTS, ...settings };
  const h: Seg[] = [], v: Seg[] = [];
  for (const r of rules) {
    if (Math.abs(r.y0 - r.y1) <= 0.5) h.push({ at: (r.y0 + r.y1) / 2, a: Math.min(r.x0, r.x1), b: Math.max(r.x0, r.x1) });
    else if (Math.abs(r.x0 - r.x1) <= 0.5) v.push({ at: (r.x0 + r.x1) / 2, a: Math.min(r.y0, r.y1), b: Math.max(r.y0, r.y1) });
  }
  const out: Lattice[] = [];
  for (const g of grids(h, v, snap)) {
    const xs = cluster(g.v.map((s) => s.at), snap);
    const ys = cluster(g.h.map((s) => s.at), snap);
    if (xs.length < 3 || ys.length < 3) continue; // at least 2×2 cells
    const box: Box = { x0: xs[0]!, y0: ys[0]!, x1: xs[xs.length - 1]!, y1: ys[ys.length - 1]! };
    const within = runs.filter((r) => {
      const cx = (r.box.x0 + r.box.x1) / 2, cy = (r.box.y0 + r.box.y1) / 2;
      return cx > box.x0 && cx < box.x1 && cy > box.y0 && cy < box.y1;
    });
    if (within.length === 0) continue;
    const used = new Set<TextRun>(within);
    const inside = splitOverflow(within);
    const at = anchors(inside);
    const rows: GridRow[] = [];
    // Row bands: a horizontal border missing across the whole band means merged rows; keep bands
    // per printed line and let a cell's runs fall into the band that holds their centre.
    for (let i = 0; i + 1 < ys.length; i++) {
      const y0 = ys[i]!, y1 = ys[i + 1]!;
      const cells: GridCell[] = [];
      let j = 0;
      while (j + 1 < xs.length) {
        // Extend the cell right while the border between it and the next column is absent here.
        let k = j + 1;
        while (k + 1 < xs.length && !covered(g.v, xs[k]!, y0, y1, snap)) k++;
        const cb: Box = { x0: xs[j]!, y0, x1: xs[k]!, y1 };
        const mine = inside.filter((r) => {
          const { cx, cy } = at.get(r)!;
          return cx > cb.x0 && cx < cb.x1 && cy > cb.y0 && cy < cb.y1;
        });
        if (mine.length > 0) {
          const conf = mine.filter((r) => r.confidence !== undefined).map((r) => r.confidence!);
          const cell: GridCell = { text: joinText(mine), col: j, span: k - j, page, box: cb };
          if (mine.every((r) => r.bold)) cell.bold = true;
          if (conf.length > 0) cell.confidence = Math.min(...conf);
          cells.push(cell);
        }
        j = k;
      }
      if (cells.length > 0) rows.push({ cells, page, box: { x0: box.x0, y0, x1: box.x1, y1 } });
    }
    if (rows.length < 2) continue;
    out.push({
      table: { method: 'lattice', pages: [page], rows, columnCount: xs.length - 1, boxes: [{ page, box }], confidence: 0.9 },
      box,
      used,
    });
  }
  return out;
}

const CJK = /[\u4e00-\u9fff]/;
/** Label text: Chinese, or the closing bracket of a label drawn past its border ("机关资本性支出（一" + "）"). */
const LABEL_TEXT = /[\u4e00-\u9fff）)]/;
const continues = (q: TextRun, r: TextRun) => q !== r && CJK.test(q.text) && Math.abs(q.box.x1 - r.box.x0) <= 0.5 && q.box.x0 < r.box.x0 && Math.abs(q.box.y0 - r.box.y0) < 1 && Math.abs(q.box.y1 - r.box.y1) < 1;

/**
 * A label drawn past its cell's border and the amount printed in the next cell, read as one run
 * ("机关事业单位职业年金" + "缴费支出43608.96"): the words go back to the label, the amount stays
 * (split where the text ends, by the share of characters).
 */
function splitOverflow(runs: TextRun[]): TextRun[] {
  const out: TextRun[] = [];
  for (const r of runs) {
    const m = /^([^\d\s-]*[\u4e00-\u9fff）)][^\d\s-]*?)\s*(-?[\d,]+(?:\.\d+)?)$/.exec(r.text);
    if (!m || !runs.some((q) => continues(q, r))) {
      out.push(r);
      continue;
    }
    const at = r.box.x0 + ((r.box.x1 - r.box.x0) * m[1]!.length) / r.text.length;
    out.push({ ...r, text: m[1]!, box: { ...r.box, x1: at } }, { ...r, text: m[2]!, box: { ...r.box, x0: at } });
  }
  return out;
}

/**
 * The point that places each run in a cell: its centre, except for a text fragment that carries
 * on a run without a gap (a label drawn past its cell's border, "…养老保险缴费" + "支" over the
 * 合计 column): it goes where the run it continues goes.
 */
function anchors(runs: TextRun[]): Map<TextRun, { cx: number; cy: number }> {
  const out = new Map<TextRun, { cx: number; cy: number }>();
  const sorted = [...runs].sort((a, b) => a.box.x0 - b.box.x0);
  for (const r of sorted) {
    const centre = { cx: (r.box.x0 + r.box.x1) / 2, cy: (r.box.y0 + r.box.y1) / 2 };
    const prev = LABEL_TEXT.test(r.text) && !/\d/.test(r.text) ? sorted.find((q) => out.has(q) && continues(q, r)) : undefined;
    out.set(r, prev ? out.get(prev)! : centre);
  }
  return out;
}

export function linesOutside(lines: TextLine[], used: Set<TextRun>): TextLine[] {
  return lines
    .map((l) => ({ ...l, runs: l.runs.filter((r) => !used.has(r)) }))
    .filter((l) => l.runs.length > 0)
    .map((l) => ({ ...l, text: l.runs.map((r) => r.text).join(' ') }));
}
