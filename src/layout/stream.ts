import type { TextLine } from '../model/document.js';
import type { Box } from '../model/geometry.js';
import { unionBox } from '../model/geometry.js';
import type { Block, DetectedTable, GridCell, GridRow } from '../model/layout.js';
import { linePhrases, type Phrase } from './phrases.js';

/**
 * Stream detection (unruled tables): finds table regions among a page's lines from the
 * alignment of their phrases, then columns from the x-extents of the phrases, numbers first.
 * Works in any unit: character columns for text dumps, points for PDF pages.
 */
export interface StreamSettings {
  /** Largest gap that joins two runs into one phrase. */
  joinGap: number;
  /** Smallest gap between two phrases that makes them separate cells. */
  cellGap: number;
  /** A single phrase at least this wide is prose, not a table row. */
  proseWidth: number;
  /** Typical line height (for fragment distance). */
  lineHeight: number;
}

interface PLine {
  line: TextLine;
  page: number;
  phrases: Phrase[];
  kind: 'row' | 'short' | 'prose' | 'break';
}

const BREAK = /(^(?:金额)?单位[:：])|(^(?:万元|元)$)|(^(?:部门|填报单位|单位名称|编制单位)[:：])|(^公开\s*[0-9０-９]+\s*表)|(^[(（]?\s*公开表\s*[0-9０-９]+)|(表[)）]?$)|(^注[:：])|(^说明[:：])/u;

export function classifyLines(lines: TextLine[], page: number, s: StreamSettings): PLine[] {
  return lines.map((line) => {
    const phrases = linePhrases(line, s.joinGap);
    const text = line.text.trim();
    let kind: PLine['kind'];
    if (line.heading || BREAK.test(text.replace(/\s+/g, ''))) kind = 'break';
    else if (phrases.length >= 2 && (phrases.some((p) => p.numeric) || phrases.length >= 3 || maxGap(phrases) >= s.cellGap * 2)) kind = 'row';
    else if (phrases.length === 1 && phrases[0]!.numeric) kind = 'row';
    else if (/[。；;]$/.test(text) || (phrases.length === 1 && phrases[0]!.box.x1 - phrases[0]!.box.x0 >= s.proseWidth)) kind = 'prose';
    else kind = 'short';
    return { line, page, phrases, kind };
  });
}

function yOf(pl: PLine): number {
  const r = pl.line.runs[0];
  return r ? (r.box.y0 + r.box.y1) / 2 : 0;
}

function maxGap(ps: Phrase[]): number {
  let g = 0;
  for (let i = 1; i < ps.length; i++) g = Math.max(g, ps[i]!.box.x0 - ps[i - 1]!.box.x1);
  return g;
}

/** Splits classified lines into text blocks and table blocks. */
export function streamBlocks(plines: PLine[], s: StreamSettings): Block[] {
  const blocks: Block[] = [];
  let i = 0;
  while (i < plines.length) {
    const pl = plines[i]!;
    if (pl.kind !== 'row') {
      blocks.push(textBlock(pl));
      i++;
      continue;
    }
    // A region: rows and short lines until prose, a break, or a long run of short lines.
    let j = i;
    let lastRow = i;
    while (j < plines.length) {
      const k = plines[j]!.kind;
      // A wide vertical gap (several blank lines) ends the table as surely as prose does.
      if (j > i && yOf(plines[j]!) - yOf(plines[j - 1]!) > s.lineHeight * 3.5) break;
      if (k === 'row') lastRow = j;
      else if (k !== 'short') break;
      j++;
    }
    const region = plines.slice(i, lastRow + 1);
    const rowsWithNumbers = region.filter((p) => p.phrases.some((ph) => ph.numeric && !ph.code)).length;
    const rowLines = region.filter((p) => p.kind === 'row').length;
    // Short leading lines that belong above a table (headers) were emitted as text already;
    // pull back the short lines just before the region if they sit over its columns.
    if (rowLines >= 2 || rowsWithNumbers >= 1) {
      const pulled: PLine[] = [];
      while (blocks.length > 0) {
        const prev = blocks[blocks.length - 1]!;
        const src = prev.kind === 'text' ? (prev as { __pl?: PLine }).__pl : undefined;
        if (!src || src.kind !== 'short' || pulled.length >= 3) break;
        pulled.unshift(src);
        blocks.pop();
      }
      const table = buildTable([...pulled, ...region], s);
      if (table) {
        blocks.push({ kind: 'table', table });
        i = lastRow + 1;
        continue;
      }
      for (const p of pulled) blocks.push(textBlock(p));
    }
    for (const p of region) blocks.push(textBlock(p));
    i = lastRow + 1;
  }
  for (const b of blocks) delete (b as { __pl?: PLine }).__pl;
  return blocks;
}

function textBlock(pl: PLine): Block {
  const b: Block & { __pl?: PLine } = {
    kind: 'text',
    text: pl.line.text,
    page: pl.page,
    lineNo: pl.line.lineNo,
    box: unionBox(pl.line.runs.map((r) => r.box)),
  };
  if (pl.line.heading) b.heading = pl.line.heading;
  if (pl.line.bold) b.bold = true;
  if (pl.line.listItem) b.listItem = true;
  b.__pl = pl;
  return b;
}

interface Col {
  x0: number;
  x1: number;
  numeric: boolean;
}

/** Columns from the body's phrases: amounts and codes first, then the text between them. */
export function findColumns(body: PLine[], s: StreamSettings): Col[] {
  const num: Col[] = [];
  const txt: Col[] = [];
  for (const pl of body) for (const p of pl.phrases) (p.numeric ? num : txt).push({ x0: p.box.x0, x1: p.box.x1, numeric: p.numeric });
  const numCols = mergeIntervals(num, s.cellGap * 0.5);
  const textOnly = txt.filter((t) => !numCols.some((c) => overlapRatio(t, c) > 0.5));
  const textCols = mergeIntervals(textOnly, s.cellGap * 0.5).filter((t) => !numCols.some((c) => overlapRatio(c, t) > 0.5));
  // Text columns that cover a numeric column are wide labels spilling over: clip them.
  const cols = [...numCols, ...textCols].sort((a, b) => a.x0 - b.x0);
  for (let k = 1; k < cols.length; k++) {
    const a = cols[k - 1]!, b = cols[k]!;
    if (a.x1 > b.x0) {
      if (a.numeric && !b.numeric) b.x0 = a.x1;
      else a.x1 = b.x0;
    }
  }
  return cols.filter((c) => c.x1 > c.x0);
}

function overlapRatio(a: { x0: number; x1: number }, b: { x0: number; x1: number }): number {
  const o = Math.max(0, Math.min(a.x1, b.x1) - Math.max(a.x0, b.x0));
  return o / Math.max(1e-6, a.x1 - a.x0);
}

function mergeIntervals(items: Col[], tol: number): Col[] {
  const sorted = items.slice().sort((a, b) => a.x0 - b.x0);
  const out: Col[] = [];
  for (const it of sorted) {
    const last = out[out.length - 1];
    if (last && it.x0 < last.x1 + tol * 0.01 && it.x0 < last.x1) last.x1 = Math.max(last.x1, it.x1);
    else out.push({ ...it });
  }
  return out;
}

/**
 * A header phrase spans the run of columns it is centred over: of the contiguous column ranges
 * whose zone (columns plus half the gaps around them) is wide enough to hold it, the one whose
 * centre is nearest the phrase's centre, relative to the range's width. Group headers printed
 * over 预算数/决算数 pairs, or over a 小计/购置费/运行维护费 block, land on exactly those columns.
 */
function spanOf(p: Phrase, cols: Col[]): { col: number; span: number } | null {
  if (cols.length === 0) return null;
  const bounds = cols.slice(1).map((c, i) => (cols[i]!.x1 + c.x0) / 2);
  const left = (k: number) => (k === 0 ? cols[0]!.x0 - ((bounds[0] ?? cols[0]!.x1) - cols[0]!.x1) : bounds[k - 1]!);
  const right = (k: number) => (k === cols.length - 1 ? cols[k]!.x1 + (cols[k]!.x0 - (bounds[k - 1] ?? cols[k]!.x0)) : bounds[k]!);
  const cx = (p.box.x0 + p.box.x1) / 2;
  const w = p.box.x1 - p.box.x0;
  const widths = cols.map((_, k) => right(k) - left(k)).sort((a, b) => a - b);
  const tol = 0.3 * widths[Math.floor(widths.length / 2)]!;
  // The narrowest range that holds the phrase and is centred under it.
  let best: { col: number; span: number; off: number } | null = null;
  for (let span = 1; span <= cols.length && !best; span++) {
    for (let k = 0; k + span <= cols.length; k++) {
      const l = left(k), r = right(k + span - 1);
      if (r <= p.box.x0 || l >= p.box.x1 || r - l < w * 0.8) continue;
      const off = Math.abs((l + r) / 2 - cx);
      if (off <= tol && (!best || off < best.off)) best = { col: k, span, off };
    }
  }
  return best ? { col: best.col, span: best.span } : null;
}

/** Indexes of the columns a phrase covers (spanning header cells cover several). */
function placePhrase(p: Phrase, cols: Col[], allowSpan: boolean): { col: number; span: number } {
  if (allowSpan) {
    const sp = spanOf(p, cols);
    if (sp) return sp;
  }
  const hits: number[] = [];
  cols.forEach((c, k) => {
    const o = Math.max(0, Math.min(p.box.x1, c.x1) - Math.max(p.box.x0, c.x0));
    if (o > 0 && (o >= 0.3 * (c.x1 - c.x0) || o >= 0.5 * (p.box.x1 - p.box.x0))) hits.push(k);
  });
  if (hits.length === 0) {
    // In a gap: nearest column by centre.
    const cx = (p.box.x0 + p.box.x1) / 2;
    let best = 0, bd = Infinity;
    cols.forEach((c, k) => {
      const d = cx < c.x0 ? c.x0 - cx : cx > c.x1 ? cx - c.x1 : 0;
      if (d < bd) { bd = d; best = k; }
    });
    return { col: best, span: 1 };
  }
  if (!allowSpan || hits.length === 1) {
    let best = hits[0]!, bo = -1;
    for (const k of hits) {
      const c = cols[k]!;
      const o = Math.min(p.box.x1, c.x1) - Math.max(p.box.x0, c.x0);
      if (o > bo) { bo = o; best = k; }
    }
    return { col: best, span: 1 };
  }
  return { col: hits[0]!, span: hits[hits.length - 1]! - hits[0]! + 1 };
}

function isDataLine(pl: PLine): boolean {
  return pl.phrases.some((p) => p.numeric) && pl.kind === 'row';
}

function buildTable(region: PLine[], s: StreamSettings): DetectedTable | null {
  let firstData = region.findIndex(isDataLine);
  // A table printed without data (header only) is still a table: its header gives the columns.
  const headerOnly = firstData < 0;
  if (headerOnly) {
    if (region.filter((p) => p.kind === 'row').length < 2) return null;
    firstData = region.length;
  }
  const body = region.slice(firstData);
  const cols = findColumns((headerOnly ? region : body).filter((p) => p.kind === 'row'), s);
  if (cols.length < 2) return null;
  const codedLines = body.filter((p) => p.phrases[0]?.code).length;
  const dataLines = body.filter(isDataLine).length;
  const coded = codedLines >= Math.max(2, dataLines * 0.4);

  const rows: GridRow[] = [];
  // For placing header phrases, a column also covers the leaf header label printed over it
  // alone (预算数 over its numbers), so group labels centred over several columns read as such.
  const headerCols = cols.map((c) => ({ ...c }));
  const leaf = region.slice(0, firstData).filter((pl) => pl.phrases.length >= cols.length / 2).pop();
  for (const pl of leaf ? [leaf] : []) {
    for (const p of pl.phrases) {
      const hit = cols.map((c, k) => (p.box.x1 > c.x0 && p.box.x0 < c.x1 ? k : -1)).filter((k) => k >= 0);
      if (hit.length !== 1) continue;
      const k = hit[0]!;
      const lo = k > 0 ? cols[k - 1]!.x1 : -Infinity;
      const hi = k < cols.length - 1 ? cols[k + 1]!.x0 : Infinity;
      headerCols[k]!.x0 = Math.max(lo, Math.min(headerCols[k]!.x0, p.box.x0));
      headerCols[k]!.x1 = Math.min(hi, Math.max(headerCols[k]!.x1, p.box.x1));
    }
  }
  const toRow = (pl: PLine, header: boolean): GridRow => {
    const cells: GridCell[] = [];
    for (const p of pl.phrases) {
      const { col, span } = placePhrase(p, header ? headerCols : cols, header);
      const existing = cells.find((c) => c.col === col);
      if (existing && !header) {
        existing.text += ' ' + p.text;
        existing.box = unionBox([existing.box!, p.box]);
      } else {
        cells.push({ text: p.text, col, span, page: pl.page, box: { ...p.box }, lineNo: pl.line.lineNo });
      }
    }
    cells.sort((a, b) => a.col - b.col);
    return { cells, page: pl.page, lineNo: pl.line.lineNo, box: unionBox(pl.phrases.map((p) => p.box)) };
  };
  // In a coded table, a lone text line right above the first row whose label cell is empty is
  // the first part of that row's wrapped label, not a header line.
  let headerEnd = firstData;
  const firstRow = region[firstData];
  const prev = region[firstData - 1];
  if (coded && firstRow && prev && prev.phrases.length === 1 && !prev.phrases[0]!.numeric && yOf(firstRow) - yOf(prev) <= s.lineHeight * 1.6) {
    const col = placePhrase(prev.phrases[0]!, cols, false).col;
    if (!cols[col]!.numeric && !firstRow.phrases.some((p) => placePhrase(p, cols, false).col === col)) headerEnd = firstData - 1;
  }
  for (const pl of region.slice(0, headerEnd)) rows.push(toRow(pl, true));

  // Body: in a coded table every real row carries a code (or is a total with amounts); a
  // text-only line is a wrapped part of a neighbouring row's label.
  const bodyRows: { row: GridRow; pl: PLine; data: boolean; prefixed: boolean }[] = [];
  const fragments: { pl: PLine; idx: number }[] = [];
  region.slice(headerEnd).forEach((pl) => {
    const data = isDataLine(pl);
    if (coded && !data) fragments.push({ pl, idx: bodyRows.length });
    else bodyRows.push({ row: toRow(pl, false), pl, data, prefixed: false });
  });
  for (const f of fragments) {
    const above = bodyRows[f.idx - 1];
    const below = bodyRows[f.idx];
    const fy = yOf(f.pl);
    const da = above ? Math.abs(fy - yOf(above.pl)) : Infinity;
    const db = below ? Math.abs(fy - yOf(below.pl)) : Infinity;
    if (Math.min(da, db) > s.lineHeight * 2.6) {
      // Too far from any row: keep it as a row of its own rather than guess.
      bodyRows.splice(f.idx, 0, { row: toRow(f.pl, false), pl: f.pl, data: false, prefixed: false });
      continue;
    }
    let target: typeof above;
    let prefix: boolean;
    if (Math.abs(da - db) > s.lineHeight * 0.25) {
      target = da < db ? above : below;
      prefix = target === below;
    } else if (above?.prefixed) {
      target = above; prefix = false;
    } else if (below && !hasTextIn(below.row, f.pl, cols)) {
      target = below; prefix = true;
    } else {
      target = above ?? below; prefix = target === below;
    }
    if (!target) continue;
    mergeFragment(target.row, toRow(f.pl, false), prefix);
    if (prefix) target.prefixed = true;
  }
  rows.push(...bodyRows.map((b) => b.row));

  const pages = [...new Set(region.map((p) => p.page))];
  const boxes = pages.map((page) => ({ page, box: unionBox(region.filter((p) => p.page === page).flatMap((p) => p.phrases.map((ph) => ph.box))) as Box }));
  const alignedShare = dataLines / Math.max(1, body.length);
  return { method: 'stream', pages, rows, columnCount: cols.length, boxes, confidence: Math.min(1, 0.5 + alignedShare / 2) };
}

/** Does the row already have text in the columns the fragment line occupies? */
function hasTextIn(row: GridRow, frag: PLine, cols: Col[]): boolean {
  const fragCols = new Set(frag.phrases.map((p) => placePhrase(p, cols, false).col));
  return row.cells.some((c) => fragCols.has(c.col) && c.text.trim() !== '');
}

function mergeFragment(target: GridRow, frag: GridRow, prefix: boolean): void {
  for (const fc of frag.cells) {
    const tc = target.cells.find((c) => c.col === fc.col);
    if (tc) {
      tc.text = prefix ? fc.text + tc.text : tc.text + fc.text;
      tc.box = unionBox([tc.box!, fc.box!]);
    } else {
      target.cells.push({ ...fc });
      target.cells.sort((a, b) => a.col - b.col);
    }
  }
  target.box = unionBox([target.box!, frag.box!].filter(Boolean) as Box[]);
}
