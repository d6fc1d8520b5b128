import { describe, expect, it } from 'vitest';
import type { PlacedGlyph } from '../../src/read/pdf-ops.js';
import { cleanText, glyphsToRuns } from '../../src/read/pdf-runs.js';

const page = { width: 600, height: 800 };
/** Upright glyphs on one baseline (page space, y down), each `w` wide, separated by `gaps`. */
function line(text: string, x: number, baseline: number, size = 10, w = 5, gaps: number[] = []): PlacedGlyph[] {
  const out: PlacedGlyph[] = [];
  [...text].forEach((ch, i) => {
    const ox = x;
    out.push({
      text: ch, ox, oy: baseline, ex: ox + w, ey: baseline, ux: 0, uy: -1,
      quad: [ox, baseline + 0.2 * size, ox + w, baseline + 0.2 * size, ox + w, baseline - 0.8 * size, ox, baseline - 0.8 * size],
      size, fontName: 'f', bold: false, space: /\s/.test(ch),
    });
    x += w + (gaps[i] ?? 0);
  });
  return out;
}
const texts = (g: PlacedGlyph[], rules = []) => glyphsToRuns(g, rules, page).map((r) => r.text);

describe('glyphsToRuns', () => {
  it('splits on whitespace glyphs and keeps positions from the glyphs', () => {
    const runs = glyphsToRuns(line('256 36', 100, 50), [], page);
    expect(runs).toEqual([
      { text: '256', box: { x0: 100, y0: 42, x1: 115, y1: 52 }, fontSize: 10 },
      { text: '36', box: { x0: 120, y0: 42, x1: 130, y1: 52 }, fontSize: 10 },
    ]);
  });

  it('splits numbers glued without a space when the gap is wider than 0.15 em', () => {
    expect(texts(line('25636', 100, 50, 10, 5, [0, 0, 2]))).toEqual(['256', '36']); // 0.2 em
    expect(texts(line('25636', 100, 50, 10, 5, [0, 0, 1]))).toEqual(['25636']); // 0.1 em: one token
  });

  it('keeps letter-spaced CJK labels (distributed alignment) together up to 0.15 em', () => {
    expect(texts(line('社会保障和就', 100, 50, 10, 10, [1.2, 1.2, 1.2, 1.2, 1.2]))).toEqual(['社会保障和就']);
  });

  it('splits a token where a vertical rule passes between two glyphs', () => {
    const glyphs = line('1234', 88, 50, 10, 5.56, [0, 0.6, 0]);
    expect(texts(glyphs, [{ x0: 100, y0: 0, x1: 100, y1: 100 }] as never)).toEqual(['12', '34']);
    // A rule that does not cross the text's line does not split it.
    expect(texts(glyphs, [{ x0: 100, y0: 60, x1: 100, y1: 100 }] as never)).toEqual(['1234']);
  });

  it('splits on a new baseline, a backwards jump and a size change', () => {
    expect(texts([...line('ab', 100, 50), ...line('cd', 110, 62)])).toEqual(['ab', 'cd']);
    expect(texts([...line('ab', 100, 50), ...line('cd', 90, 50)])).toEqual(['ab', 'cd']);
    expect(texts([...line('ab', 100, 50), ...line('cd', 110, 50, 20)])).toEqual(['ab', 'cd']);
  });

  it('drops a second copy painted over the first (fake bold) and marks the run bold', () => {
    const runs = glyphsToRuns([...line('合计', 100, 50, 10, 10), ...line('合计', 100.3, 50, 10, 10)], [], page);
    expect(runs).toEqual([{ text: '合计', box: { x0: 100, y0: 42, x1: 120, y1: 52 }, fontSize: 10, bold: true }]);
  });

  it('drops runs off the page', () => {
    expect(texts(line('ab', -50, 50))).toEqual([]);
  });
});

describe('cleanText', () => {
  it('folds Kangxi radicals and compatibility ideographs, drops format characters', () => {
    expect(cleanText('\u2f00般公共')).toBe('一般公共');
    expect(cleanText('\uf900')).toBe('\u8c48');
    expect(cleanText('合\u200b计\ufeff')).toBe('合计');
    expect(cleanText('ﬁ')).toBe('fi');
  });
  it('keeps full-width digits and punctuation as printed', () => {
    expect(cleanText('１２３，（一）')).toBe('１２３，（一）');
  });
});
