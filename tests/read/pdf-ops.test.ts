import { describe, expect, it } from 'vitest';
import { compose, decodePath, walkOperatorList, type FontInfo } from '../../src/read/pdf-ops.js';
import { loadPdfjs } from '../../src/read/pdfjs.js';

// Operator codes of pdfjs-dist 5.6.205 (checked against the installed package below).
const OPS = {
  save: 10, restore: 11, transform: 12, stroke: 20, fill: 22, endPath: 28, beginText: 31, endText: 32,
  setCharSpacing: 33, setWordSpacing: 34, setHScale: 35, setFont: 37, setTextRenderingMode: 38,
  moveText: 40, setTextMatrix: 42, showText: 44, setLineWidth: 2, setFillRGBColor: 59,
  paintFormXObjectBegin: 74, paintFormXObjectEnd: 75, constructPath: 91,
};
const helvetica: FontInfo = { name: 'Helvetica', fontMatrix: [0.001, 0, 0, 0.001, 0, 0], ascent: 0.75, descent: -0.25 };
const glyph = (unicode: string, width: number, isSpace = false) => ({ unicode, width, isSpace });

describe('pdf-ops', () => {
  it('uses the OPS codes of the installed pdf.js', async () => {
    const { pdfjs } = await loadPdfjs();
    for (const [name, code] of Object.entries(OPS)) expect((pdfjs.OPS as Record<string, number>)[name], name).toBe(code);
  });

  it('composes matrices in PDF order (first, then)', () => {
    expect(compose([2, 0, 0, 2, 0, 0], [1, 0, 0, 1, 10, 20])).toEqual([2, 0, 0, 2, 10, 20]);
    expect(compose([1, 0, 0, 1, 10, 20], [2, 0, 0, 2, 0, 0])).toEqual([2, 0, 0, 2, 20, 40]);
  });

  it('decodes the 5.x packed path buffer: moveTo, lineTo, curveTo, closePath', () => {
    // A rectangle as pdf.js 5.x expands `re`, then an open polyline with a curve.
    const buf = new Float32Array([0, 10, 10, 1, 30, 10, 1, 30, 20, 1, 10, 20, 4, 0, 0, 0, 2, 1, 1, 2, 2, 3, 3, 1, 5, 3]);
    const [rect, poly] = decodePath(buf, [1, 0, 0, 1, 0, 0]);
    expect(rect!.closed).toBe(true);
    expect(rect!.segments).toEqual([
      [10, 10, 30, 10],
      [30, 10, 30, 20],
      [30, 20, 10, 20],
      [10, 20, 10, 10],
    ]);
    expect(poly!.curved).toBe(true);
    expect(poly!.segments).toEqual([[3, 3, 5, 3]]);
  });

  it('tracks the CTM through save/restore, cm and form XObjects; skips clip-only paths', () => {
    const ops = {
      fnArray: [OPS.save, OPS.transform, OPS.paintFormXObjectBegin, OPS.setLineWidth, OPS.constructPath, OPS.paintFormXObjectEnd, OPS.constructPath, OPS.restore, OPS.constructPath],
      argsArray: [
        null,
        [1, 0, 0, 1, 100, 0],
        [new Float32Array([2, 0, 0, 2, 0, 0]), null],
        [0.5],
        [OPS.stroke, [new Float32Array([0, 0, 0, 1, 10, 0])], null],
        null,
        [OPS.endPath, [new Float32Array([0, 0, 0, 1, 10, 0, 1, 10, 10, 4])], null],
        null,
        [OPS.fill, [new Float32Array([0, 0, 0, 1, 10, 0, 1, 10, 10, 4])], null],
      ],
    };
    const { paths } = walkOperatorList(ops, OPS, () => null);
    expect(paths).toHaveLength(2);
    expect(paths[0]!).toMatchObject({ paint: 'stroke', lineWidth: 1 }); // 0.5 scaled by the form matrix
    expect(paths[0]!.subpaths[0]!.segments).toEqual([[100, 0, 120, 0]]);
    expect(paths[1]!.paint).toBe('fill');
    expect(paths[1]!.subpaths[0]!.points).toEqual([0, 0, 10, 0, 10, 10]); // back to identity
  });

  it('places glyphs as the renderer does: widths, TJ adjustments, Tc, Tw, Tz', () => {
    const ops = {
      fnArray: [OPS.beginText, OPS.setFont, OPS.setTextMatrix, OPS.setCharSpacing, OPS.setWordSpacing, OPS.setHScale, OPS.showText, OPS.moveText, OPS.showText, OPS.endText],
      argsArray: [
        null,
        ['g_f1', 10],
        [new Float32Array([1, 0, 0, 1, 50, 100])],
        [1],
        [2],
        [50],
        [[glyph('A', 600), -1000, glyph(' ', 250, true), glyph('B', 600)]],
        [0, -20],
        [[glyph('C', 500)]],
        null,
      ],
    };
    const { glyphs } = walkOperatorList(ops, OPS, (n) => (n === 'g_f1' ? helvetica : null));
    // Horizontal scale 50%: A is 3 pt wide; + Tc 1 → 2 pt after scaling... per the PDF spec:
    // tx = ((w0 - Tj/1000) * Tfs + Tc + Tw) * Th.
    const x = glyphs.map((g) => [g.text, g.ox, g.ex]);
    expect(x[0]).toEqual(['A', 50, 53]); // (6) * 0.5 = 3
    const afterA = 50 + (6 + 1) * 0.5; // A + Tc
    const afterTJ = afterA + 10 * 0.5; // -1000 thousandths of an em = +10 pt, scaled
    expect(x[1]![1]).toBeCloseTo(afterTJ, 5);
    expect(glyphs[1]!.space).toBe(true);
    const afterSpace = afterTJ + (2.5 + 1 + 2) * 0.5; // space width + Tc + Tw
    expect(x[2]![1]).toBeCloseTo(afterSpace, 5);
    // Td moves relative to the start of the line; C's box spans descent..ascent.
    expect([glyphs[3]!.ox, glyphs[3]!.oy]).toEqual([50, 80]);
    expect(glyphs[3]!.quad).toEqual([50, 77.5, 52.5, 77.5, 52.5, 87.5, 50, 87.5]);
    expect(glyphs.every((g) => g.size === 10)).toBe(true);
  });
});
