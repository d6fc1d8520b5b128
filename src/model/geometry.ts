/**
 * Geometry shared by every stage. Coordinates are PDF points with the origin at the
 * TOP-LEFT of the (rotation-corrected) page: x grows right, y grows down. Text dumps use
 * the same shape with x = character column and y = line number, so the layout stage can
 * treat a `pdftotext -layout` dump and a PDF page alike.
 */
export interface Box {
  x0: number;
  y0: number;
  x1: number;
  y1: number;
}

/** A straight ruling line (table border); thin filled rectangles are reported as lines too. */
export interface Rule {
  x0: number;
  y0: number;
  x1: number;
  y1: number;
  /** Stroke width in points, when known. */
  width?: number;
}

export function boxWidth(b: Box): number {
  return b.x1 - b.x0;
}

export function boxHeight(b: Box): number {
  return b.y1 - b.y0;
}

export function unionBox(boxes: readonly Box[]): Box | null {
  if (boxes.length === 0) return null;
  let x0 = Infinity, y0 = Infinity, x1 = -Infinity, y1 = -Infinity;
  for (const b of boxes) {
    if (b.x0 < x0) x0 = b.x0;
    if (b.y0 < y0) y0 = b.y0;
    if (b.x1 > x1) x1 = b.x1;
    if (b.y1 > y1) y1 = b.y1;
  }
  return { x0, y0, x1, y1 };
}

/** Length of the overlap of [a0,a1] and [b0,b1] (0 when disjoint). */
export function overlap1d(a0: number, a1: number, b0: number, b1: number): number {
  return Math.max(0, Math.min(a1, b1) - Math.max(a0, b0));
}
