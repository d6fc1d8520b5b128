/**
 * Grayscale page images for OCR: conversion from pdf.js image data, quarter turns, deskew,
 * ruling-line detection and removal, crops, and PGM encoding (tesseract reads PNM directly,
 * so images are handed over without compression).
 *
 * Pure and synchronous; pixel values are 0 (black) … 255 (white), rows top to bottom.
 */
export interface GrayImage {
  width: number;
  height: number;
  data: Uint8Array;
}

/** 2×3 affine map [a, b, c, d, e, f]: (x, y) → (a·x + c·y + e, b·x + d·y + f), as in PDF. */
export type Affine = [number, number, number, number, number, number];

export function applyAffine(m: readonly number[], x: number, y: number): [number, number] {
  return [m[0]! * x + m[2]! * y + m[4]!, m[1]! * x + m[3]! * y + m[5]!];
}

/** `first` then `then`. */
export function composeAffine(first: readonly number[], then: readonly number[]): Affine {
  const [a, b, c, d, e, f] = first as Affine;
  const [A, B, C, D, E, F] = then as Affine;
  return [a * A + b * C, a * B + b * D, c * A + d * C, c * B + d * D, e * A + f * C + E, e * B + f * D + F];
}

export function invertAffine(m: readonly number[]): Affine {
  const [a, b, c, d, e, f] = m as Affine;
  const det = a * d - b * c;
  if (Math.abs(det) < 1e-12) throw new Error('singular transform');
  return [d / det, -b / det, -c / det, a / det, (c * f - d * e) / det, (b * e - a * f) / det];
}

export function blankImage(width: number, height: number, value = 255): GrayImage {
  return { width, height, data: new Uint8Array(width * height).fill(value) };
}

/** pdf.js ImageKind: 1 = 1 bit per pixel (packed rows, 1 = white), 2 = RGB 24 bit, 3 = RGBA 32 bit. */
export function grayFromPdfImage(img: { width: number; height: number; kind?: number; data: ArrayLike<number> }): GrayImage {
  const { width, height, data } = img;
  const out = new Uint8Array(width * height);
  const n = width * height;
  if (img.kind === 1) {
    const stride = (width + 7) >> 3;
    for (let y = 0; y < height; y++) {
      for (let x = 0; x < width; x++) {
        const byte = data[y * stride + (x >> 3)]!;
        out[y * width + x] = (byte >> (7 - (x & 7))) & 1 ? 255 : 0;
      }
    }
  } else if (img.kind === 2 || data.length === n * 3) {
    for (let i = 0, j = 0; i < n; i++, j += 3) out[i] = (data[j]! * 77 + data[j + 1]! * 150 + data[j + 2]! * 29) >> 8;
  } else if (data.length === n * 4) {
    for (let i = 0, j = 0; i < n; i++, j += 4) {
      const a = data[j + 3]! / 255;
      const g = (data[j]! * 77 + data[j + 1]! * 150 + data[j + 2]! * 29) >> 8;
      out[i] = Math.round(g * a + 255 * (1 - a)); // transparent = white paper
    }
  } else if (data.length === n) {
    out.set(data as ArrayLike<number>);
  } else {
    throw new Error(`unsupported image data (${width}×${height}, ${data.length} bytes, kind ${img.kind})`);
  }
  return { width, height, data: out };
}

/** Gray from canvas RGBA pixels (alpha composited over white). */
export function grayFromRgba(width: number, height: number, rgba: ArrayLike<number>): GrayImage {
  return grayFromPdfImage({ width, height, kind: 3, data: rgba });
}

/**
 * Quarter turns clockwise. Returns the image and the map from the turned image's pixel
 * coordinates back to the original's.
 */
export function rotateQuarter(img: GrayImage, degrees: number): { image: GrayImage; toSource: Affine } {
  const k = (((Math.round(degrees / 90) % 4) + 4) % 4) as 0 | 1 | 2 | 3;
  const { width: w, height: h, data } = img;
  if (k === 0) return { image: img, toSource: [1, 0, 0, 1, 0, 0] };
  const ow = k === 2 ? w : h, oh = k === 2 ? h : w;
  const out = new Uint8Array(w * h);
  for (let y = 0; y < h; y++) {
    const row = y * w;
    for (let x = 0; x < w; x++) {
      let nx: number, ny: number;
      if (k === 1) { nx = h - 1 - y; ny = x; }
      else if (k === 2) { nx = w - 1 - x; ny = h - 1 - y; }
      else { nx = y; ny = w - 1 - x; }
      out[ny * ow + nx] = data[row + x]!;
    }
  }
  // Continuous coordinates (pixel edges): new (X, Y) → old (x, y).
  const toSource: Affine = k === 1 ? [0, -1, 1, 0, 0, h] : k === 2 ? [-1, 0, 0, -1, w, h] : [0, 1, -1, 0, w, 0];
  return { image: { width: ow, height: oh, data: out }, toSource };
}

/** Rotates by a small angle (degrees, counter-clockwise positive as seen on screen) about the centre; bilinear, white fill. */
export function rotateSmall(img: GrayImage, degrees: number): GrayImage {
  if (Math.abs(degrees) < 1e-3) return img;
  const { width: w, height: h, data } = img;
  const out = new Uint8Array(w * h);
  const t = (degrees * Math.PI) / 180;
  const cos = Math.cos(t), sin = Math.sin(t);
  const cx = w / 2, cy = h / 2;
  for (let y = 0; y < h; y++) {
    const dy = y + 0.5 - cy;
    // Source of output pixel (x, y): rotate back by -t. Screen y points down, so a
    // counter-clockwise turn on screen is (x, y) → (x cos + y sin, -x sin + y cos).
    let sx = cx - 0.5 + (0.5 - cx) * cos - dy * sin;
    let sy = cy - 0.5 + (0.5 - cx) * sin + dy * cos;
    for (let x = 0; x < w; x++, sx += cos, sy += sin) {
      const x0 = Math.floor(sx), y0 = Math.floor(sy);
      if (x0 < 0 || y0 < 0 || x0 >= w - 1 || y0 >= h - 1) {
        out[y * w + x] = 255;
        continue;
      }
      const fx = sx - x0, fy = sy - y0;
      const i = y0 * w + x0;
      const top = data[i]! + (data[i + 1]! - data[i]!) * fx;
      const bot = data[i + w]! + (data[i + w + 1]! - data[i + w]!) * fx;
      out[y * w + x] = top + (bot - top) * fy + 0.5;
    }
  }
  return { width: w, height: h, data: out };
}

/** Box-filter downscale by an integer factor. */
export function downscale(img: GrayImage, factor: number): GrayImage {
  const f = Math.max(1, Math.floor(factor));
  if (f === 1) return img;
  const w = Math.floor(img.width / f), h = Math.floor(img.height / f);
  const out = new Uint8Array(w * h);
  const area = f * f;
  for (let y = 0; y < h; y++) {
    for (let x = 0; x < w; x++) {
      let s = 0;
      for (let j = 0; j < f; j++) {
        const row = (y * f + j) * img.width + x * f;
        for (let i = 0; i < f; i++) s += img.data[row + i]!;
      }
      out[y * w + x] = s / area;
    }
  }
  return { width: w, height: h, data: out };
}

/**
 * Bilinear upscale by an integer factor: tesseract's LSTM reads small print (digits under about
 * 30 pixels high) far better enlarged; a decimal point of two pixels is otherwise dropped.
 */
export function upscale(img: GrayImage, factor: number): GrayImage {
  const f = Math.max(1, Math.floor(factor));
  if (f === 1 || img.width === 0 || img.height === 0) return img;
  const w = img.width * f, h = img.height * f;
  const out = new Uint8Array(w * h);
  const src = img.data, sw = img.width;
  for (let y = 0; y < h; y++) {
    const sy = Math.min(img.height - 1, Math.max(0, (y + 0.5) / f - 0.5));
    const y0 = Math.floor(sy), y1 = Math.min(img.height - 1, y0 + 1), fy = sy - y0;
    for (let x = 0; x < w; x++) {
      const sx = Math.min(sw - 1, Math.max(0, (x + 0.5) / f - 0.5));
      const x0 = Math.floor(sx), x1 = Math.min(sw - 1, x0 + 1), fx = sx - x0;
      const top = src[y0 * sw + x0]! * (1 - fx) + src[y0 * sw + x1]! * fx;
      const bottom = src[y1 * sw + x0]! * (1 - fx) + src[y1 * sw + x1]! * fx;
      out[y * w + x] = Math.round(top * (1 - fy) + bottom * fy);
    }
  }
  return { width: w, height: h, data: out };
}

/**
 * True for a black-and-white scan (CCITT/JBIG2 fax-style images, thresholded exports): almost
 * every pixel pure black or pure white.
 */
export function isBilevel(img: GrayImage): boolean {
  let mid = 0;
  const n = img.data.length;
  const step = Math.max(1, Math.floor(n / 200_000));
  let seen = 0;
  for (let i = 0; i < n; i += step, seen++) {
    const v = img.data[i]!;
    if (v > 16 && v < 239) mid++;
  }
  return seen > 0 && mid / seen < 0.005;
}

/**
 * 3×3 box blur. Tesseract's LSTM reads the staircase edges of a black-and-white scan poorly
 * (a title read as "FEIN RFR"); softened to grey they read as the print did.
 */
export function smooth(img: GrayImage): GrayImage {
  const { width: w, height: h, data } = img;
  const rows = new Uint16Array(w * h);
  for (let y = 0; y < h; y++) {
    const r = y * w;
    for (let x = 0; x < w; x++) rows[r + x] = data[r + Math.max(0, x - 1)]! + data[r + x]! + data[r + Math.min(w - 1, x + 1)]!;
  }
  const out = new Uint8Array(w * h);
  for (let y = 0; y < h; y++) {
    const up = Math.max(0, y - 1) * w, r = y * w, down = Math.min(h - 1, y + 1) * w;
    for (let x = 0; x < w; x++) out[r + x] = Math.round((rows[up + x]! + rows[r + x]! + rows[down + x]!) / 9);
  }
  return { width: w, height: h, data: out };
}

export function crop(img: GrayImage, x0: number, y0: number, x1: number, y1: number): GrayImage {
  const ax = Math.max(0, Math.floor(x0)), ay = Math.max(0, Math.floor(y0));
  const bx = Math.min(img.width, Math.ceil(x1)), by = Math.min(img.height, Math.ceil(y1));
  const w = Math.max(0, bx - ax), h = Math.max(0, by - ay);
  const out = new Uint8Array(w * h);
  for (let y = 0; y < h; y++) out.set(img.data.subarray((ay + y) * img.width + ax, (ay + y) * img.width + ax + w), y * w);
  return { width: w, height: h, data: out };
}

/** Pads with white on every side. */
export function pad(img: GrayImage, border: number): GrayImage {
  const w = img.width + 2 * border, h = img.height + 2 * border;
  const out = new Uint8Array(w * h).fill(255);
  for (let y = 0; y < img.height; y++) out.set(img.data.subarray(y * img.width, (y + 1) * img.width), (y + border) * w + border);
  return { width: w, height: h, data: out };
}

/** Binary PGM (P5): read by Leptonica inside tesseract without any decoding library. */
export function encodePgm(img: GrayImage): Uint8Array {
  const header = new TextEncoder().encode(`P5\n${img.width} ${img.height}\n255\n`);
  const out = new Uint8Array(header.length + img.data.length);
  out.set(header, 0);
  out.set(img.data, header.length);
  return out;
}

/** Otsu's threshold over the histogram: pixels ≤ threshold are ink. */
export function otsuThreshold(img: GrayImage): number {
  const hist = new Float64Array(256);
  for (let i = 0; i < img.data.length; i += 1) hist[img.data[i]!]! += 1;
  const total = img.data.length;
  let sum = 0;
  for (let t = 0; t < 256; t++) sum += t * hist[t]!;
  let sumB = 0, wB = 0, best = 0, bestT = 128;
  for (let t = 0; t < 256; t++) {
    wB += hist[t]!;
    if (wB === 0) continue;
    const wF = total - wB;
    if (wF === 0) break;
    sumB += t * hist[t]!;
    const mB = sumB / wB, mF = (sum - sumB) / wF;
    const between = wB * wF * (mB - mF) * (mB - mF);
    if (between > best) { best = between; bestT = t; }
  }
  // Clean paper scans are bimodal; keep the cut away from the paper's noise.
  return Math.min(bestT, 200);
}

/** Share of ink pixels (≤ threshold) in the image. */
export function inkShare(img: GrayImage, threshold: number): number {
  let n = 0;
  for (let i = 0; i < img.data.length; i++) if (img.data[i]! <= threshold) n++;
  return n / Math.max(1, img.data.length);
}

/**
 * Skew of the text lines in degrees (counter-clockwise positive: rotate the image by minus
 * this to straighten it), by the projection profile: the angle at which the row sums of the
 * ink pixels vary most (text lines and ruling lines then fall into the fewest rows).
 * Searched over ±maxDegrees on a downscaled copy, coarse then fine.
 */
export function estimateSkew(img: GrayImage, maxDegrees = 3): number {
  const factor = Math.max(1, Math.floor(Math.max(img.width, img.height) / 1000));
  const small = downscale(img, factor);
  const threshold = Math.min(otsuThreshold(small), 180);
  const xs: number[] = [], ys: number[] = [];
  for (let y = 0; y < small.height; y++) {
    for (let x = 0; x < small.width; x++) {
      if (small.data[y * small.width + x]! <= threshold) { xs.push(x); ys.push(y); }
    }
  }
  if (xs.length < 50) return 0;
  const cx = small.width / 2;
  const score = (deg: number): number => {
    const t = (deg * Math.PI) / 180;
    const tan = Math.tan(t);
    const bins = new Float64Array(small.height * 2 + 4);
    const off = small.height / 2 + 2;
    // Row of a pixel once the image is turned by -deg: y - (x - cx)·tan(deg) (screen y down;
    // a counter-clockwise skew raises the right end of a line).
    for (let i = 0; i < xs.length; i++) {
      const r = Math.round(ys[i]! + (xs[i]! - cx) * tan + off);
      if (r >= 0 && r < bins.length) bins[r]!++;
    }
    let s = 0;
    for (let i = 1; i < bins.length; i++) { const d = bins[i]! - bins[i - 1]!; s += d * d; }
    return s;
  };
  let best = 0, bestScore = score(0);
  for (let d = -maxDegrees; d <= maxDegrees + 1e-9; d += 0.5) {
    const s = score(d);
    if (s > bestScore) { bestScore = s; best = d; }
  }
  const coarse = best;
  for (let d = coarse - 0.5; d <= coarse + 0.5 + 1e-9; d += 0.05) {
    const s = score(d);
    if (s > bestScore) { bestScore = s; best = d; }
  }
  return Math.round(best * 100) / 100;
}

/** A ruling line found in an image, in pixels: 'h' at y = `at` from a to b along x; 'v' likewise. */
export interface PixelRule {
  o: 'h' | 'v';
  at: number;
  a: number;
  b: number;
  thickness: number;
}

export interface RuleFindOptions {
  /** Ink threshold (0–255); Otsu's by default. */
  threshold?: number;
  /** Shortest run of ink that is a line, in pixels. */
  minLength: number;
  /** Thickest line, in pixels (thicker runs are filled areas, not lines). */
  maxThickness: number;
  /** Largest gap in a line (broken print, JPEG noise), in pixels. */
  maxGap: number;
  /** Smallest share of a line's length that is ink (gaps bridged count against it). */
  minFill?: number;
}

/**
 * Ruling lines: runs of ink at least `minLength` long along rows (horizontal) or columns
 * (vertical), with small gaps bridged, grouped across neighbouring rows into lines.
 * Characters' strokes are far shorter than a table's borders, so a minimum length of a few
 * character widths separates them.
 */
export function findRules(img: GrayImage, opts: Partial<RuleFindOptions> & { minLength: number }): PixelRule[] {
  const threshold = opts.threshold ?? otsuThreshold(img);
  const maxThickness = opts.maxThickness ?? 12;
  const maxGap = opts.maxGap ?? 3;
  const out: PixelRule[] = [];
  for (const o of ['h', 'v'] as const) {
    const lines = o === 'h' ? img.height : img.width;
    const along = o === 'h' ? img.width : img.height;
    const at = (line: number, pos: number): number => (o === 'h' ? img.data[line * img.width + pos]! : img.data[pos * img.width + line]!);
    // Segments per scan line: solid runs of ink (a ruling line is continuous; a row of text
    // crossing many strokes has gaps at every character, which must not add up to a line).
    const minFill = opts.minFill ?? 0.97;
    const segs: { line: number; a: number; b: number }[] = [];
    for (let line = 0; line < lines; line++) {
      let start = -1, lastInk = -1, gaps = 0;
      for (let p = 0; p <= along; p++) {
        const ink = p < along && at(line, p) <= threshold;
        if (ink) {
          if (start < 0) {
            start = p;
            gaps = 0;
          } else gaps += p - lastInk - 1;
          lastInk = p;
        } else if (start >= 0 && p - lastInk > maxGap) {
          const len = lastInk - start + 1;
          if (len >= opts.minLength && 1 - gaps / len >= minFill) segs.push({ line, a: start, b: lastInk + 1 });
          start = -1;
        }
      }
    }
    // Group segments on adjacent scan lines that overlap along the line.
    const open: { first: number; last: number; a: number; b: number; sumAt: number; ink: number }[] = [];
    const flush = (g: (typeof open)[number]): void => {
      // Thickness as ink per unit of length: a thin line left slightly tilted spans a few more
      // scan lines end to end than it is thick.
      const thickness = Math.max(1, Math.round(g.ink / Math.max(1, g.b - g.a)));
      if (thickness <= maxThickness) out.push({ o, at: g.sumAt / g.ink + 0.5, a: g.a, b: g.b, thickness });
    };
    let k = 0;
    for (let line = 0; line <= lines; line++) {
      // Close groups that did not continue to this scan line.
      for (let i = open.length - 1; i >= 0; i--) {
        if (open[i]!.last < line - 1) { flush(open[i]!); open.splice(i, 1); }
      }
      while (k < segs.length && segs[k]!.line === line) {
        const s = segs[k++]!;
        const g = open.find((q) => q.last === line - 1 && s.a < q.b && s.b > q.a);
        if (g) {
          g.last = line;
          g.a = Math.min(g.a, s.a);
          g.b = Math.max(g.b, s.b);
          g.sumAt += line * (s.b - s.a);
          g.ink += s.b - s.a;
        } else {
          open.push({ first: line, last: line, a: s.a, b: s.b, sumAt: line * (s.b - s.a), ink: s.b - s.a });
        }
      }
    }
    for (const g of open) flush(g);
  }
  return mergeRules(out, opts.minLength).map((r) => traceRule(img, r, threshold, maxGap));
}

/**
 * Table lines, long and short: the lines `findRules` finds, plus cell borders shorter than its
 * minimum length (a header cell one row high, the last rows of a table at a page's foot) kept
 * only where both their ends touch a long line across them. A character's stroke stops short
 * of the lines around its cell, so it never touches both.
 */
export function findTableRules(img: GrayImage, opts: Partial<RuleFindOptions> & { minLength: number }): PixelRule[] {
  const long = findRules(img, opts);
  const shortMin = Math.max(8, Math.round(opts.minLength / 5));
  const candidates = findRules(img, { ...opts, minLength: shortMin }).filter((r) => r.b - r.a < opts.minLength);
  const touches = (r: PixelRule, end: number): boolean =>
    long.some((l) => l.o !== r.o && Math.abs(l.at - end) <= l.thickness / 2 + 1.5 && r.at >= l.a - 2 && r.at <= l.b + 2);
  const borders = candidates.filter((r) => touches(r, r.a) && touches(r, r.b - 1));
  return borders.length ? mergeRules([...long, ...borders], opts.minLength) : long;
}

/**
 * Follows a line past both ends while ink continues within its width (gaps of at most `maxGap`):
 * a thin border that JPEG noise or a residual tilt moves between two pixel rows fails the fill
 * test on either row, which leaves the last row or two of a column unbounded.
 */
function traceRule(img: GrayImage, r: PixelRule, threshold: number, maxGap: number): PixelRule {
  const half = r.thickness / 2 + 1;
  const lo = Math.max(0, Math.floor(r.at - half)), hi = Math.min((r.o === 'h' ? img.height : img.width) - 1, Math.ceil(r.at + half));
  const along = r.o === 'h' ? img.width : img.height;
  const inkAt = (pos: number): boolean => {
    for (let line = lo; line <= hi; line++) {
      const v = r.o === 'h' ? img.data[line * img.width + pos]! : img.data[pos * img.width + line]!;
      if (v <= threshold) return true;
    }
    return false;
  };
  const walk = (from: number, step: 1 | -1): number => {
    let last = from, gap = 0;
    for (let p = from + step; p >= 0 && p < along; p += step) {
      if (inkAt(p)) {
        last = p;
        gap = 0;
      } else if (++gap > maxGap) break;
    }
    return last;
  };
  const b = walk(Math.min(along - 1, Math.ceil(r.b) - 1), 1) + 1;
  const a = walk(Math.max(0, Math.floor(r.a)), -1);
  return { ...r, a: Math.min(r.a, a), b: Math.max(r.b, b) };
}

/** Joins collinear pieces of one line (split by a crossing or a gap). */
function mergeRules(rules: PixelRule[], minLength: number): PixelRule[] {
  const out: PixelRule[] = [];
  for (const o of ['h', 'v'] as const) {
    const group = rules.filter((r) => r.o === o).sort((p, q) => p.at - q.at || p.a - q.a);
    const used = new Array<boolean>(group.length).fill(false);
    for (let i = 0; i < group.length; i++) {
      if (used[i]) continue;
      const cur = { ...group[i]! };
      used[i] = true;
      let grown = true;
      while (grown) {
        grown = false;
        for (let j = i + 1; j < group.length; j++) {
          if (used[j]) continue;
          const r = group[j]!;
          if (r.at - cur.at > Math.max(3, cur.thickness)) break;
          if (Math.abs(r.at - cur.at) <= Math.max(2, (cur.thickness + r.thickness) / 2) && r.a <= cur.b + minLength / 2 && r.b >= cur.a - minLength / 2) {
            const la = cur.b - cur.a, lb = r.b - r.a;
            cur.at = (cur.at * la + r.at * lb) / (la + lb);
            cur.a = Math.min(cur.a, r.a);
            cur.b = Math.max(cur.b, r.b);
            cur.thickness = Math.max(cur.thickness, r.thickness);
            used[j] = true;
            grown = true;
          }
        }
      }
      out.push(cur);
    }
  }
  return out;
}

/** A copy with the ruling lines painted white (a pixel or two wider than found). */
export function eraseRules(img: GrayImage, rules: readonly PixelRule[], threshold: number): GrayImage {
  const data = img.data.slice();
  const w = img.width, h = img.height;
  for (const r of rules) {
    const half = r.thickness / 2 + 2;
    const lo = Math.max(0, Math.floor(r.at - half)), hi = Math.min((r.o === 'h' ? h : w) - 1, Math.ceil(r.at + half));
    const a = Math.max(0, Math.floor(r.a) - 1), b = Math.min((r.o === 'h' ? w : h) - 1, Math.ceil(r.b) + 1);
    for (let line = lo; line <= hi; line++) {
      for (let p = a; p <= b; p++) {
        const i = r.o === 'h' ? line * w + p : p * w + line;
        // Only the line's own ink: keep pixels of strokes that cross it faintly? They are
        // lost either way; whiten what is darker than paper.
        if (data[i]! <= Math.max(threshold + 40, 200)) data[i] = 255;
      }
    }
  }
  return { width: w, height: h, data };
}

/** Number of ink pixels in a rectangle. */
export function inkCount(img: GrayImage, x0: number, y0: number, x1: number, y1: number, threshold: number): number {
  const ax = Math.max(0, Math.floor(x0)), ay = Math.max(0, Math.floor(y0));
  const bx = Math.min(img.width, Math.ceil(x1)), by = Math.min(img.height, Math.ceil(y1));
  let n = 0;
  for (let y = ay; y < by; y++) for (let x = ax; x < bx; x++) if (img.data[y * img.width + x]! <= threshold) n++;
  return n;
}

/** Bounding box of the ink in a rectangle, or null when there is none. */
export function inkBox(img: GrayImage, x0: number, y0: number, x1: number, y1: number, threshold: number): { x0: number; y0: number; x1: number; y1: number } | null {
  const ax = Math.max(0, Math.floor(x0)), ay = Math.max(0, Math.floor(y0));
  const bx = Math.min(img.width, Math.ceil(x1)), by = Math.min(img.height, Math.ceil(y1));
  let minX = Infinity, minY = Infinity, maxX = -Infinity, maxY = -Infinity;
  for (let y = ay; y < by; y++) {
    for (let x = ax; x < bx; x++) {
      if (img.data[y * img.width + x]! <= threshold) {
        if (x < minX) minX = x;
        if (x > maxX) maxX = x;
        if (y < minY) minY = y;
        if (y > maxY) maxY = y;
      }
    }
  }
  return maxX < 0 ? null : { x0: minX, y0: minY, x1: maxX + 1, y1: maxY + 1 };
}

/** Ink (≤ threshold) black, everything else white. */
export function binarise(img: GrayImage, threshold: number): GrayImage {
  const data = new Uint8Array(img.data.length);
  for (let i = 0; i < data.length; i++) data[i] = img.data[i]! <= threshold ? 0 : 255;
  return { width: img.width, height: img.height, data };
}

/**
 * Paper made white: pixels clearly lighter than the ink threshold (scanner noise, JPEG artefacts,
 * a grey paper tone) become 255; ink and the anti-aliased edges of strokes are kept.
 */
export function whitenPaper(img: GrayImage, threshold: number): GrayImage {
  const cut = Math.min(235, threshold + Math.max(20, (255 - threshold) / 2));
  const data = img.data.slice();
  for (let i = 0; i < data.length; i++) if (data[i]! >= cut) data[i] = 255;
  return { width: img.width, height: img.height, data };
}
