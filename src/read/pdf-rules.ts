import type { Rule } from '../model/geometry.js';
import type { PaintedPath, SubPath } from './pdf-ops.js';

/**
 * Turns painted paths (already in upright page space: top-left origin, y down) into ruling
 * lines: horizontal and vertical only, collinear pieces merged.
 *
 * - A stroked segment that is horizontal or vertical (within `axisTolerance`) is a line.
 * - A thin shape (a rectangle or any polygon whose bounding box is thinner than `thinMax`),
 *   filled or stroked, is one line along its long axis (Word and Excel draw borders so).
 * - A larger filled rectangle contributes its four edges (cell shading, boxed headers);
 *   a larger stroked rectangle too, with the stroke width.
 * - Other filled polygons contribute their horizontal and vertical edges.
 * - Diagonal segments and curves are ignored; so are clip-only paths (never passed here)
 *   and shapes painted white (#f8f8f8 and lighter), which are invisible on paper.
 */
export interface RuleOptions {
  /** How far off horizontal/vertical a segment may be, in points. */
  axisTolerance: number;
  /** Shapes thinner than this (points) are lines. */
  thinMax: number;
  /** Collinear lines this close (points) across are the same line. */
  collinearTolerance: number;
  /** Collinear pieces with a gap up to this (points) are joined. */
  joinGap: number;
  /** Lines shorter than this (points) after merging are dropped. */
  minLength: number;
}

export const DEFAULT_RULE_OPTIONS: RuleOptions = {
  axisTolerance: 0.5,
  thinMax: 2,
  collinearTolerance: 0.5,
  joinGap: 1,
  minLength: 2,
};

interface Line {
  /** 'h': y fixed, a..b along x; 'v': x fixed, a..b along y. */
  o: 'h' | 'v';
  at: number;
  a: number;
  b: number;
  width?: number;
}

export function extractRules(
  paths: readonly PaintedPath[],
  page: { width: number; height: number },
  options: Partial<RuleOptions> = {},
): Rule[] {
  const opt = { ...DEFAULT_RULE_OPTIONS, ...options };
  const lines: Line[] = [];
  for (const p of paths) {
    const fills = p.paint !== 'stroke' && !isWhite(p.fillColor);
    const strokes = p.paint !== 'fill' && !isWhite(p.strokeColor);
    if (!fills && !strokes) continue;
    const lw = strokes ? p.lineWidth : 0;
    for (const sp of p.subpaths) collect(sp, fills, strokes, lw, opt, page, lines);
  }
  return merge(lines, opt, page);
}

function collect(
  sp: SubPath,
  fills: boolean,
  strokes: boolean,
  lw: number,
  opt: RuleOptions,
  page: { width: number; height: number },
  out: Line[],
): void {
  let x0 = Infinity, y0 = Infinity, x1 = -Infinity, y1 = -Infinity;
  for (let i = 0; i < sp.points.length; i += 2) {
    const x = sp.points[i]!, y = sp.points[i + 1]!;
    if (x < x0) x0 = x;
    if (x > x1) x1 = x;
    if (y < y0) y0 = y;
    if (y > y1) y1 = y;
  }
  const w = x1 - x0, h = y1 - y0;
  const thin = Math.min(w, h) < opt.thinMax;
  const filledArea = fills && (sp.closed || sp.segments.length >= 2);

  if (thin && !sp.curved && (filledArea || sp.closed || isStraightRun(sp, opt))) {
    // One line along the long axis. A stroked shape is as thick as its stroke on top.
    const thick = (filledArea || sp.closed ? Math.min(w, h) : 0) + (strokes ? lw : 0);
    // A small square (the dot where Word's borders cross) may extend either direction.
    const dot = w < opt.thinMax && h < opt.thinMax;
    if (w >= h || dot) out.push({ o: 'h', at: (y0 + y1) / 2, a: x0, b: x1, width: thick });
    if (h >= w || dot) out.push({ o: 'v', at: (x0 + x1) / 2, a: y0, b: y1, width: thick });
    return;
  }
  // A filled rectangle the size of the page is a background, not a border.
  if (fills && !strokes && w >= page.width * 0.95 && h >= page.height * 0.95) return;
  const rect = !sp.curved && isRect(sp, x0, y0, x1, y1, opt.axisTolerance);
  if (rect && (fills || strokes)) {
    const width = strokes ? lw : undefined;
    out.push(line('h', y0, x0, x1, width), line('h', y1, x0, x1, width), line('v', x0, y0, y1, width), line('v', x1, y0, y1, width));
    return;
  }
  // Edges of any other shape: the straight, axis-aligned ones.
  for (const [ax, ay, bx, by] of sp.segments) {
    if (Math.abs(ay - by) <= opt.axisTolerance && Math.abs(ax - bx) > 0) {
      out.push(line('h', (ay + by) / 2, Math.min(ax, bx), Math.max(ax, bx), strokes ? lw : undefined));
    } else if (Math.abs(ax - bx) <= opt.axisTolerance && Math.abs(ay - by) > 0) {
      out.push(line('v', (ax + bx) / 2, Math.min(ay, by), Math.max(ay, by), strokes ? lw : undefined));
    }
  }
}

function line(o: 'h' | 'v', at: number, a: number, b: number, width?: number): Line {
  return width === undefined ? { o, at, a, b } : { o, at, a, b, width };
}

/** Every segment horizontal, or every segment vertical (a polyline along one axis). */
function isStraightRun(sp: SubPath, opt: RuleOptions): boolean {
  if (sp.segments.length === 0) return false;
  const allH = sp.segments.every(([, ay, , by]) => Math.abs(ay - by) <= opt.axisTolerance);
  const allV = sp.segments.every(([ax, , bx]) => Math.abs(ax - bx) <= opt.axisTolerance);
  return allH || allV;
}

/** All points on the corners of the bounding box and all segments axis-aligned. */
function isRect(sp: SubPath, x0: number, y0: number, x1: number, y1: number, tol: number): boolean {
  if (sp.segments.length < 3) return false;
  for (let i = 0; i < sp.points.length; i += 2) {
    const x = sp.points[i]!, y = sp.points[i + 1]!;
    const onX = Math.abs(x - x0) <= tol || Math.abs(x - x1) <= tol;
    const onY = Math.abs(y - y0) <= tol || Math.abs(y - y1) <= tol;
    if (!onX || !onY) return false;
  }
  return sp.segments.every(([ax, ay, bx, by]) => Math.abs(ax - bx) <= tol || Math.abs(ay - by) <= tol);
}

function isWhite(color: string | null): boolean {
  if (!color || !/^#[0-9a-f]{6}$/.test(color)) return false;
  const v = parseInt(color.slice(1), 16);
  return ((v >> 16) & 255) >= 248 && ((v >> 8) & 255) >= 248 && (v & 255) >= 248;
}

/** Merges collinear overlapping (or nearly touching) pieces, clips to the page, rounds. */
function merge(lines: Line[], opt: RuleOptions, page: { width: number; height: number }): Rule[] {
  const rules: Rule[] = [];
  for (const o of ['h', 'v'] as const) {
    const limitAlong = o === 'h' ? page.width : page.height;
    const limitAcross = o === 'h' ? page.height : page.width;
    const group = lines
      .filter((l) => l.o === o && l.at >= -opt.collinearTolerance && l.at <= limitAcross + opt.collinearTolerance)
      .map((l) => ({ ...l, a: Math.max(0, Math.min(l.a, l.b)), b: Math.min(limitAlong, Math.max(l.a, l.b)) }))
      .filter((l) => l.b >= l.a)
      .sort((p, q) => p.at - q.at || p.a - q.a);
    // Bands of collinear lines: consecutive `at` values within the tolerance of the band start.
    let i = 0;
    while (i < group.length) {
      let j = i + 1;
      while (j < group.length && group[j]!.at - group[i]!.at <= opt.collinearTolerance) j++;
      const band = group.slice(i, j).sort((p, q) => p.a - q.a);
      let cur: { a: number; b: number; sum: number; weight: number; width?: number } | null = null;
      const flush = (): void => {
        if (!cur) return;
        const length = cur.b - cur.a;
        if (length >= opt.minLength) {
          const at = round(cur.weight > 0 ? cur.sum / cur.weight : 0);
          const rule: Rule =
            o === 'h' ? { x0: round(cur.a), y0: at, x1: round(cur.b), y1: at } : { x0: at, y0: round(cur.a), x1: at, y1: round(cur.b) };
          if (cur.width !== undefined) rule.width = round(cur.width);
          rules.push(rule);
        }
        cur = null;
      };
      for (const l of band) {
        const weight = Math.max(l.b - l.a, 0.01);
        if (cur && l.a <= cur.b + opt.joinGap) {
          cur.b = Math.max(cur.b, l.b);
          cur.sum += l.at * weight;
          cur.weight += weight;
          if (l.width !== undefined) cur.width = Math.max(cur.width ?? 0, l.width);
        } else {
          flush();
          cur = { a: l.a, b: l.b, sum: l.at * weight, weight };
          if (l.width !== undefined) cur.width = l.width;
        }
      }
      flush();
      i = j;
    }
  }
  return rules;
}

function round(v: number): number {
  return Math.round(v * 100) / 100 + 0; // + 0 turns -0 into 0
}
