/**
 * Interprets a pdf.js operator list (pdfjs-dist 5.6.x) into placed glyphs and painted paths,
 * in PDF user space (origin bottom-left, y up, before /Rotate). Pure: no pdf.js import, so it
 * can be tested on hand-made operator lists and does not depend on a loaded document.
 *
 * What pdf.js 5.x hands us (checked against 5.6.205, see tests/read/pdf.test.ts):
 * - Paths arrive as `constructPath` with args `[paintOp, [Float32Array | null], minMax]`. The
 *   buffer packs DrawOPS codes followed by their coordinates: moveTo(0) x y, lineTo(1) x y,
 *   curveTo(2) x1 y1 x2 y2 x y, quadraticCurveTo(3) x1 y1 x y, closePath(4). Rectangles (`re`)
 *   are already expanded to moveTo + 3 lineTo + closePath (or moveTo/lineTo/closePath when the
 *   width or height is 0). `paintOp` is the OPS code of the painting operator (stroke, fill,
 *   endPath for a clip-only path, ...). In 4.x the arguments were (sub-ops, coordinates,
 *   minMax) with the painting operator as a separate op: a version bump that changes this
 *   again fails the hand-made grid test in tests/read/pdf.test.ts.
 * - The optimiser may fold `save, transform, constructPath, restore` into one constructPath
 *   whose coordinates are already transformed; tracking the CTM stays correct either way.
 * - `showSpacedText`, `nextLineShowText` and `nextLineSetSpacingShowText` are rewritten into
 *   `nextLine`/spacing ops plus `showText`, whose single argument mixes glyph objects and
 *   numbers (TJ adjustments in thousandths of an em).
 * - Colours are `setFillRGBColor`/`setStrokeRGBColor` with a "#rrggbb" string.
 */

export type Matrix = [number, number, number, number, number, number];

export const IDENTITY: Matrix = [1, 0, 0, 1, 0, 0];

/** The matrix that applies `first`, then `then` (PDF row-vector order: first × then). */
export function compose(first: readonly number[], then: readonly number[]): Matrix {
  const [a, b, c, d, e, f] = first as Matrix;
  const [A, B, C, D, E, F] = then as Matrix;
  return [a * A + b * C, a * B + b * D, c * A + d * C, c * B + d * D, e * A + f * C + E, e * B + f * D + F];
}

export function apply(m: readonly number[], x: number, y: number): [number, number] {
  return [m[0]! * x + m[2]! * y + m[4]!, m[1]! * x + m[3]! * y + m[5]!];
}

/** The subset of a pdf.js font object (page.commonObjs entry) that text placement needs. */
export interface FontInfo {
  name?: string;
  fontMatrix?: ArrayLike<number>;
  ascent?: number;
  descent?: number;
  vertical?: boolean;
  bold?: boolean;
  black?: boolean;
  isType3Font?: boolean;
  defaultVMetrics?: ArrayLike<number>;
}

/** One glyph as painted, in user space. */
export interface PlacedGlyph {
  /** Unicode text of the glyph ("" when the font has none). */
  text: string;
  /** Baseline origin and the end of the glyph's advance (without char/word spacing). */
  ox: number;
  oy: number;
  ex: number;
  ey: number;
  /** Unit vector pointing "up" in the glyph (from baseline towards ascent). */
  ux: number;
  uy: number;
  /** Corners of the glyph cell (advance × [descent, ascent]) as x,y pairs. */
  quad: [number, number, number, number, number, number, number, number];
  /** Effective font size in user-space units (height of an em). */
  size: number;
  fontName: string;
  bold: boolean;
  /** Whitespace glyph: breaks tokens and is not itself output. */
  space: boolean;
}

/** One subpath of a painted path, in user space. Curves are not kept as segments. */
export interface SubPath {
  /** Straight segments as [x0, y0, x1, y1]. */
  segments: [number, number, number, number][];
  /** Every point of the subpath (curve end points included), for its bounding box. */
  points: number[];
  closed: boolean;
  curved: boolean;
}

export type PaintKind = 'stroke' | 'fill' | 'fillStroke';

export interface PaintedPath {
  paint: PaintKind;
  subpaths: SubPath[];
  /** Stroke width in user space (scaled by the CTM); 0 means "thinnest line". */
  lineWidth: number;
  fillColor: string | null;
  strokeColor: string | null;
}

export interface OperatorListLike {
  fnArray: ArrayLike<number>;
  argsArray: ArrayLike<unknown>;
}

/** The pdf.js OPS table (name → code); passed in so this module never imports pdf.js. */
export type OpsTable = Readonly<Record<string, number>>;

export interface WalkResult {
  glyphs: PlacedGlyph[];
  paths: PaintedPath[];
}

interface GState {
  ctm: Matrix;
  lineWidth: number;
  fillColor: string | null;
  strokeColor: string | null;
  // Text state (part of the graphics state in PDF).
  font: FontInfo | null;
  fontName: string;
  fontSize: number;
  fontDirection: number;
  charSpacing: number;
  wordSpacing: number;
  hScale: number;
  leading: number;
  rise: number;
  renderMode: number;
  // Text object state (canvas.js keeps it in the same record; we do the same so that
  // q/Q inside BT…ET behaves as pdf.js renders it).
  textMatrix: Matrix;
  x: number;
  y: number;
  lineX: number;
  lineY: number;
}

const DEFAULT_FONT_MATRIX = [0.001, 0, 0, 0.001, 0, 0];
const WHITESPACE = /^\s+$/u;
const BOLD_NAME = /bold|black|heavy|semibold|demibold|[-,]?w[6-9]\b/i;

/**
 * Walks an operator list, tracking the graphics and text state, and returns every glyph and
 * every painted (stroked or filled) path. Clip-only paths (`W n`) are not returned.
 */
export function walkOperatorList(
  ops: OperatorListLike,
  OPS: OpsTable,
  getFont: (loadedName: string) => FontInfo | null,
): WalkResult {
  const glyphs: PlacedGlyph[] = [];
  const paths: PaintedPath[] = [];
  const stack: GState[] = [];
  let s: GState = {
    ctm: [...IDENTITY],
    lineWidth: 1,
    fillColor: '#000000',
    strokeColor: '#000000',
    font: null,
    fontName: '',
    fontSize: 0,
    fontDirection: 1,
    charSpacing: 0,
    wordSpacing: 0,
    hScale: 1,
    leading: 0,
    rise: 0,
    renderMode: 0,
    textMatrix: [...IDENTITY],
    x: 0,
    y: 0,
    lineX: 0,
    lineY: 0,
  };
  const fontCache = new Map<string, FontInfo | null>();

  const paintOf = new Map<number, PaintKind>();
  for (const n of ['stroke', 'closeStroke']) if (OPS[n] !== undefined) paintOf.set(OPS[n]!, 'stroke');
  for (const n of ['fill', 'eoFill']) if (OPS[n] !== undefined) paintOf.set(OPS[n]!, 'fill');
  for (const n of ['fillStroke', 'eoFillStroke', 'closeFillStroke', 'closeEOFillStroke']) {
    if (OPS[n] !== undefined) paintOf.set(OPS[n]!, 'fillStroke');
  }

  const save = (): void => {
    stack.push(s);
    s = { ...s, ctm: [...s.ctm] as Matrix, textMatrix: [...s.textMatrix] as Matrix };
  };
  const restore = (): void => {
    const prev = stack.pop();
    if (prev) s = prev;
  };
  const setFont = (name: unknown, size: unknown): void => {
    const loaded = typeof name === 'string' ? name : '';
    let font = fontCache.get(loaded);
    if (font === undefined) {
      font = loaded ? getFont(loaded) : null;
      fontCache.set(loaded, font);
    }
    let sz = typeof size === 'number' && Number.isFinite(size) ? size : 0;
    s.fontDirection = sz < 0 ? -1 : 1;
    if (sz < 0) sz = -sz;
    s.font = font;
    s.fontName = loaded;
    s.fontSize = sz;
  };
  const moveText = (x: number, y: number): void => {
    s.lineX += x;
    s.lineY += y;
    s.x = s.lineX;
    s.y = s.lineY;
  };

  const n = ops.fnArray.length;
  for (let i = 0; i < n; i++) {
    const fn = ops.fnArray[i]!;
    const args = (ops.argsArray[i] ?? []) as unknown[];
    switch (fn) {
      case OPS.save:
        save();
        break;
      case OPS.restore:
        restore();
        break;
      case OPS.transform:
        if (args.length >= 6 && args.every((v) => typeof v === 'number')) {
          s.ctm = compose(args as number[], s.ctm);
        }
        break;
      case OPS.paintFormXObjectBegin: {
        save();
        const m = args[0] as ArrayLike<number> | null | undefined;
        if (m && m.length >= 6) s.ctm = compose(Array.from(m), s.ctm);
        break;
      }
      case OPS.paintFormXObjectEnd:
        restore();
        break;
      case OPS.beginGroup:
        // canvas.js: the group inherits the CTM; the form's matrix comes with the
        // paintFormXObjectBegin that follows.
        save();
        break;
      case OPS.endGroup:
        restore();
        break;
      case OPS.setLineWidth:
        if (typeof args[0] === 'number') s.lineWidth = Math.abs(args[0]);
        break;
      case OPS.setFillRGBColor:
        s.fillColor = typeof args[0] === 'string' ? args[0].toLowerCase() : null;
        break;
      case OPS.setStrokeRGBColor:
        s.strokeColor = typeof args[0] === 'string' ? args[0].toLowerCase() : null;
        break;
      case OPS.setFillColorN:
      case OPS.setFillTransparent:
        s.fillColor = null;
        break;
      case OPS.setStrokeColorN:
      case OPS.setStrokeTransparent:
        s.strokeColor = null;
        break;
      case OPS.setGState: {
        const entries = args[0];
        if (Array.isArray(entries)) {
          for (const e of entries) {
            if (!Array.isArray(e)) continue;
            const [key, value] = e as [unknown, unknown];
            if (key === 'LW' && typeof value === 'number') s.lineWidth = Math.abs(value);
            else if (key === 'Font' && Array.isArray(value)) setFont(value[0], value[1]);
          }
        }
        break;
      }
      case OPS.constructPath: {
        const paint = paintOf.get(args[0] as number);
        if (!paint) break; // endPath: clip only (or nothing) – not painted
        const data = (args[1] as unknown[] | undefined)?.[0];
        if (!data || typeof (data as ArrayLike<number>).length !== 'number') break;
        const subpaths = decodePath(data as ArrayLike<number>, s.ctm);
        if (subpaths.length === 0) break;
        paths.push({
          paint,
          subpaths,
          lineWidth: s.lineWidth * Math.sqrt(Math.abs(s.ctm[0] * s.ctm[3] - s.ctm[1] * s.ctm[2])),
          fillColor: s.fillColor,
          strokeColor: s.strokeColor,
        });
        break;
      }
      case OPS.beginText:
        s.textMatrix = [...IDENTITY];
        s.x = s.y = s.lineX = s.lineY = 0;
        break;
      case OPS.endText:
        break;
      case OPS.setFont:
        setFont(args[0], args[1]);
        break;
      case OPS.setCharSpacing:
        if (typeof args[0] === 'number') s.charSpacing = args[0];
        break;
      case OPS.setWordSpacing:
        if (typeof args[0] === 'number') s.wordSpacing = args[0];
        break;
      case OPS.setHScale:
        if (typeof args[0] === 'number') s.hScale = args[0] / 100;
        break;
      case OPS.setLeading:
        if (typeof args[0] === 'number') s.leading = -args[0];
        break;
      case OPS.setTextRise:
        if (typeof args[0] === 'number') s.rise = args[0];
        break;
      case OPS.setTextRenderingMode:
        if (typeof args[0] === 'number') s.renderMode = args[0];
        break;
      case OPS.moveText:
        moveText(Number(args[0]) || 0, Number(args[1]) || 0);
        break;
      case OPS.setLeadingMoveText:
        s.leading = Number(args[1]) || 0;
        moveText(Number(args[0]) || 0, Number(args[1]) || 0);
        break;
      case OPS.nextLine:
        moveText(0, s.leading);
        break;
      case OPS.setTextMatrix: {
        const m = (args.length === 1 ? args[0] : args) as ArrayLike<number> | undefined;
        if (m && m.length >= 6) {
          s.textMatrix = Array.from(m).slice(0, 6) as Matrix;
          s.x = s.y = s.lineX = s.lineY = 0;
        }
        break;
      }
      case OPS.showText:
      case OPS.showSpacedText: {
        const list = args[0];
        if (Array.isArray(list)) showText(list, s, glyphs);
        break;
      }
      default:
        break;
    }
  }
  return { glyphs, paths };
}

interface GlyphLike {
  unicode?: string;
  width?: number;
  vmetric?: ArrayLike<number> | null;
  isSpace?: boolean;
}

/** Places one showText operation's glyphs; mirrors canvas.js `showText`. */
function showText(list: unknown[], s: GState, out: PlacedGlyph[]): void {
  const font = s.font;
  const fontSize = s.fontSize;
  if (fontSize === 0) return;
  const fm = font?.fontMatrix && font.fontMatrix.length >= 6 ? font.fontMatrix : DEFAULT_FONT_MATRIX;
  const vertical = !!font?.vertical;
  const textHScale = s.hScale * s.fontDirection;
  const widthAdvanceScale = fontSize * (fm[0] || 0.001);
  const spacingDir = vertical ? 1 : -1;
  let ascent = font?.ascent ?? 0.88;
  let descent = font?.descent ?? -0.12;
  if (!(ascent > 0.5 && ascent < 1.3)) ascent = 0.88;
  if (!(descent <= 0 && descent > -0.6)) descent = -0.12;
  const bold =
    !!(font?.bold || font?.black || (font?.name && BOLD_NAME.test(font.name))) ||
    (s.renderMode & 3) === 2; // fill + stroke: the usual "fake bold" of CJK fonts

  // Text space → user space for this operation.
  const tm = compose(s.textMatrix, s.ctm);
  const size = fontSize * Math.hypot(tm[2], tm[3]);
  const upLen = Math.hypot(tm[2], tm[3]) || 1;
  const ux = tm[2] / upLen;
  const uy = tm[3] / upLen;
  const defaultVM = font?.defaultVMetrics;

  let x = 0; // advance along the line in unscaled text units (canvas.js `x`)
  for (const g of list) {
    if (typeof g === 'number') {
      x += (spacingDir * g * fontSize) / 1000;
      continue;
    }
    if (!g || typeof g !== 'object') continue;
    const glyph = g as GlyphLike;
    const unicode = typeof glyph.unicode === 'string' ? glyph.unicode : '';
    const spacing = (glyph.isSpace ? s.wordSpacing : 0) + s.charSpacing;
    let width = typeof glyph.width === 'number' && Number.isFinite(glyph.width) ? glyph.width : 0;
    let corners: number[];
    let ox: number, oy: number, ex: number, ey: number;
    if (!vertical) {
      const w = width * widthAdvanceScale;
      const x0 = s.x + x * textHScale;
      const x1 = s.x + (x + w) * textHScale;
      const yb = s.y + s.rise;
      corners = [x0, yb + descent * fontSize, x1, yb + descent * fontSize, x1, yb + ascent * fontSize, x0, yb + ascent * fontSize];
      ox = x0;
      oy = yb;
      ex = x1;
      ey = yb;
    } else {
      const vm = glyph.vmetric ?? defaultVM ?? null;
      const vx = -(glyph.vmetric ? glyph.vmetric[1]! : width * 0.5) * widthAdvanceScale;
      const vy = (vm ? vm[2]! : 880) * widthAdvanceScale;
      const hw = width * widthAdvanceScale;
      width = vm ? -vm[0]! : width;
      const top = s.y + s.rise - x; // vertical text advances downwards in text space
      const gx0 = s.x + vx * s.hScale;
      const gx1 = gx0 + hw * s.hScale;
      const base = top - vy;
      corners = [gx0, base + descent * fontSize, gx1, base + descent * fontSize, gx1, base + ascent * fontSize, gx0, base + ascent * fontSize];
      const adv = width * widthAdvanceScale;
      ox = (gx0 + gx1) / 2;
      oy = top;
      ex = ox;
      ey = top - adv;
    }
    const charWidth = vertical
      ? width * widthAdvanceScale - spacing * s.fontDirection
      : width * widthAdvanceScale + spacing * s.fontDirection;
    x += charWidth;

    const q: number[] = [];
    for (let k = 0; k < 8; k += 2) q.push(...apply(tm, corners[k]!, corners[k + 1]!));
    const [pox, poy] = apply(tm, ox, oy);
    const [pex, pey] = apply(tm, ex, ey);
    out.push({
      text: unicode,
      ox: pox,
      oy: poy,
      ex: pex,
      ey: pey,
      ux,
      uy,
      quad: q as PlacedGlyph['quad'],
      size,
      fontName: s.fontName,
      bold,
      space: unicode === '' ? !!glyph.isSpace : WHITESPACE.test(unicode),
    });
  }
  if (vertical) s.y -= x;
  else s.x += x * textHScale;
}

/** Decodes a pdf.js 5.x packed path buffer into subpaths, transformed by `ctm`. */
export function decodePath(buf: ArrayLike<number>, ctm: readonly number[]): SubPath[] {
  const out: SubPath[] = [];
  let cur: SubPath | null = null;
  let startX = 0, startY = 0, lastX = 0, lastY = 0;
  const begin = (x: number, y: number): void => {
    cur = { segments: [], points: [x, y], closed: false, curved: false };
    out.push(cur);
    startX = lastX = x;
    startY = lastY = y;
  };
  for (let k = 0; k < buf.length; ) {
    const op = buf[k++];
    switch (op) {
      case 0: {
        // moveTo
        const [x, y] = apply(ctm, buf[k]!, buf[k + 1]!);
        k += 2;
        begin(x, y);
        break;
      }
      case 1: {
        // lineTo
        const [x, y] = apply(ctm, buf[k]!, buf[k + 1]!);
        k += 2;
        if (!cur) begin(lastX, lastY);
        cur!.segments.push([lastX, lastY, x, y]);
        cur!.points.push(x, y);
        lastX = x;
        lastY = y;
        break;
      }
      case 2: {
        // curveTo: keep only the end point
        const [x, y] = apply(ctm, buf[k + 4]!, buf[k + 5]!);
        k += 6;
        if (!cur) begin(lastX, lastY);
        cur!.curved = true;
        cur!.points.push(x, y);
        lastX = x;
        lastY = y;
        break;
      }
      case 3: {
        // quadraticCurveTo
        const [x, y] = apply(ctm, buf[k + 2]!, buf[k + 3]!);
        k += 4;
        if (!cur) begin(lastX, lastY);
        cur!.curved = true;
        cur!.points.push(x, y);
        lastX = x;
        lastY = y;
        break;
      }
      case 4: {
        // closePath
        if (cur) {
          const c: SubPath = cur;
          if (lastX !== startX || lastY !== startY) c.segments.push([lastX, lastY, startX, startY]);
          c.closed = true;
          lastX = startX;
          lastY = startY;
          cur = null; // a following lineTo starts a new subpath at the start point
        }
        break;
      }
      default:
        // Unknown code: the packing changed. Stop rather than read garbage.
        return out;
    }
  }
  return out.filter((p) => p.points.length >= 4);
}

/** Maps a walk result through `m` (e.g. the page viewport transform: user space → page space). */
export function mapWalkResult(r: WalkResult, m: readonly number[]): WalkResult {
  const scale = Math.sqrt(Math.abs(m[0]! * m[3]! - m[1]! * m[2]!));
  const glyphs = r.glyphs.map((g): PlacedGlyph => {
    const q: number[] = [];
    for (let k = 0; k < 8; k += 2) q.push(...apply(m, g.quad[k]!, g.quad[k + 1]!));
    const [ox, oy] = apply(m, g.ox, g.oy);
    const [ex, ey] = apply(m, g.ex, g.ey);
    const ux0 = m[0]! * g.ux + m[2]! * g.uy;
    const uy0 = m[1]! * g.ux + m[3]! * g.uy;
    const ul = Math.hypot(ux0, uy0) || 1;
    return { ...g, ox, oy, ex, ey, ux: ux0 / ul, uy: uy0 / ul, quad: q as PlacedGlyph['quad'], size: g.size * scale };
  });
  const paths = r.paths.map(
    (p): PaintedPath => ({
      ...p,
      lineWidth: p.lineWidth * scale,
      subpaths: p.subpaths.map((sp) => {
        const points: number[] = [];
        for (let k = 0; k < sp.points.length; k += 2) points.push(...apply(m, sp.points[k]!, sp.points[k + 1]!));
        const segments = sp.segments.map(([ax, ay, bx, by]) => [...apply(m, ax, ay), ...apply(m, bx, by)] as [number, number, number, number]);
        return { ...sp, points, segments };
      }),
    }),
  );
  return { glyphs, paths };
}
