import { describe, expect, it } from 'vitest';
import type { PaintedPath, SubPath } from '../../src/read/pdf-ops.js';
import { extractRules } from '../../src/read/pdf-rules.js';

const page = { width: 600, height: 800 };
function sub(points: number[], closed = false): SubPath {
  const segments: SubPath['segments'] = [];
  for (let i = 2; i < points.length; i += 2) segments.push([points[i - 2]!, points[i - 1]!, points[i]!, points[i + 1]!]);
  if (closed) segments.push([points[points.length - 2]!, points[points.length - 1]!, points[0]!, points[1]!]);
  return { segments, points, closed, curved: false };
}
const rect = (x: number, y: number, w: number, h: number): SubPath => sub([x, y, x + w, y, x + w, y + h, x, y + h], true);
const stroke = (subpaths: SubPath[], lineWidth = 0.5, color = '#000000'): PaintedPath => ({ paint: 'stroke', subpaths, lineWidth, fillColor: '#000000', strokeColor: color });
const fill = (subpaths: SubPath[], color = '#000000'): PaintedPath => ({ paint: 'fill', subpaths, lineWidth: 1, fillColor: color, strokeColor: '#000000' });

describe('extractRules', () => {
  it('merges per-cell border pieces into one line, keeps real gaps', () => {
    const rules = extractRules(
      [stroke([sub([62.45, 100, 238.15, 100])]), stroke([sub([238.1, 100.2, 303.9, 100.2])]), stroke([sub([304.4, 100, 400, 100])]), stroke([sub([420, 100, 500, 100])])],
      page,
    );
    expect(rules).toEqual([
      { x0: 62.45, y0: 100.04, x1: 400, y1: 100.04, width: 0.5 },
      { x0: 420, y0: 100, x1: 500, y1: 100, width: 0.5 },
    ]);
  });

  it('reads Word-style borders: thin filled rectangles and the little squares at crossings', () => {
    const rules = extractRules(
      [fill([rect(62.3, 707.02, 0.48, 0.48)]), fill([rect(62.78, 707.02, 237.86, 0.48)]), fill([rect(300.65, 707.02, 0.48, 0.48)]), fill([rect(301.13, 707.02, 231.53, 0.48)]), fill([rect(62.3, 600, 0.48, 107.5)])],
      page,
    );
    expect(rules).toEqual([
      { x0: 62.3, y0: 707.26, x1: 532.66, y1: 707.26, width: 0.48 },
      { x0: 62.54, y0: 600, x1: 62.54, y1: 707.5, width: 0.48 },
    ]);
  });

  it('takes the four edges of a larger rectangle, filled or stroked', () => {
    expect(extractRules([fill([rect(100, 100, 50, 20)], '#d9d9d9')], page)).toEqual([
      { x0: 100, y0: 100, x1: 150, y1: 100 },
      { x0: 100, y0: 120, x1: 150, y1: 120 },
      { x0: 100, y0: 100, x1: 100, y1: 120 },
      { x0: 150, y0: 100, x1: 150, y1: 120 },
    ]);
    expect(extractRules([stroke([rect(100, 100, 50, 20)], 1)], page)).toHaveLength(4);
  });

  it('ignores white paint, page backgrounds, diagonals, curves and tiny marks', () => {
    const curve: SubPath = { ...sub([10, 10, 60, 10]), curved: true, segments: [] };
    expect(
      extractRules(
        [fill([rect(100, 100, 50, 20)], '#ffffff'), stroke([sub([0, 0, 300, 300])], 1, '#000000'), stroke([sub([10, 10, 60, 10])], 1, '#FFFFFF'.toLowerCase()), fill([rect(0, 0, 600, 800)], '#eeeeee'), stroke([curve]), stroke([sub([5, 5, 6, 5])])],
        page,
      ),
    ).toEqual([]);
  });

  it('clips lines to the page and drops those off it', () => {
    expect(extractRules([stroke([sub([-50, 10, 700, 10])]), stroke([sub([10, 900, 100, 900])])], page)).toEqual([{ x0: 0, y0: 10, x1: 600, y1: 10, width: 0.5 }]);
  });
});
