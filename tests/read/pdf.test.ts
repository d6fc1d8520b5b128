import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import type { Page, SourceDocument, TextRun } from '../../src/model/document.js';
import type { Rule } from '../../src/model/geometry.js';
import { PdfReadError, readPdf } from '../../src/read/pdf.js';
import { loadPdfjs, offlineDocumentParams, textOnlyDocumentParams } from '../../src/read/pdfjs.js';
import { buildPdf, ucs2Hex } from './pdf-fixture.js';

const root = fileURLToPath(new URL('../../', import.meta.url));
const CORPUS_PDF = join(root, 'corpus', 'putuo-social-work-2024-final.pdf');
const CORPUS_TXT = join(root, 'corpus', 'hanyang-party-office-2023-final.txt');
const FIXTURES = join(root, 'tests', 'fixtures', 'pdf');

const horizontals = (p: Page): Rule[] => p.rules.filter((r) => r.y0 === r.y1);
const verticals = (p: Page): Rule[] => p.rules.filter((r) => r.x0 === r.x1);
const texts = (p: Page): string[] => p.runs.map((r) => r.text);
const run = (p: Page, text: string): TextRun => {
  const r = p.runs.find((x) => x.text === text);
  if (!r) throw new Error(`no run "${text}" on page ${p.number}: ${texts(p).join(' | ')}`);
  return r;
};
const sortRules = (rules: Rule[]): Rule[] =>
  [...rules].sort((a, b) => Number(a.x0 === a.x1) - Number(b.x0 === b.x1) || a.y0 - b.y0 || a.x0 - b.x0);

async function readError(bytes: Uint8Array, file: string, opts?: { password?: string }): Promise<PdfReadError> {
  try {
    await readPdf(bytes, file, opts);
  } catch (e) {
    expect(e).toBeInstanceOf(PdfReadError);
    return e as PdfReadError;
  }
  throw new Error(`${file}: readPdf did not fail`);
}

describe('readPdf on a real final account (putuo-social-work-2024-final.pdf)', () => {
  const bytes = new Uint8Array(readFileSync(CORPUS_PDF));
  let doc: SourceDocument;
  beforeAll(async () => {
    doc = await readPdf(bytes, CORPUS_PDF);
  });

  it('describes the source and every page', () => {
    expect(doc.source).toEqual({
      file: 'putuo-social-work-2024-final.pdf',
      sha256: createHash('sha256').update(bytes).digest('hex'),
      format: 'pdf',
      pageCount: 24,
    });
    expect(doc.pages.map((p) => p.number)).toEqual(Array.from({ length: 24 }, (_, i) => i + 1));
    for (const p of doc.pages) {
      expect(p.source).toBe('text-layer');
      expect(p.lines).toEqual([]);
      expect(p.rotation).toBe(0);
      expect(p.runs.length).toBeGreaterThan(0);
    }
    // Portrait A4 and landscape A4 (the wide tables) as the file declares them.
    expect(doc.pages[4]).toMatchObject({ width: 595.3, height: 841.9 });
    expect(doc.pages[7]).toMatchObject({ width: 841.9, height: 595.3 });
  });

  it('finds the amounts and labels of 收入支出决算总表 inside the page', () => {
    const page = doc.pages.find((p) => texts(p).includes('收入支出决算总表'))!;
    expect(page.number).toBe(5);
    // 一般公共预算财政拨款收入, 本年收入合计, 本年支出合计 and both 总计.
    expect(texts(page).filter((t) => t === '307.82')).toHaveLength(5);
    // The ordinal is printed without a space before the name, so it is part of the run.
    expect(texts(page)).toContain('一、一般公共服务支出');
    expect(texts(page)).toContain('264.87');
    for (const r of page.runs) {
      expect(r.box.x0).toBeGreaterThanOrEqual(0);
      expect(r.box.y0).toBeGreaterThanOrEqual(0);
      expect(r.box.x1).toBeLessThanOrEqual(page.width);
      expect(r.box.y1).toBeLessThanOrEqual(page.height);
      expect(r.box.x1).toBeGreaterThan(r.box.x0);
      expect(r.box.y1).toBeGreaterThan(r.box.y0);
      expect([10.45, 15]).toContain(r.fontSize); // table text; the document title
    }
    // Reading order on the row: label, amount, label, amount (left to right, one baseline).
    const row = ['一、一般公共预算财政拨款收入', '307.82', '一、一般公共服务支出', '264.87'].map((t) => run(page, t));
    for (let i = 1; i < row.length; i++) expect(row[i]!.box.x0).toBeGreaterThan(row[i - 1]!.box.x1);
    for (const r of row) expect((r.box.y0 + r.box.y1) / 2).toBeCloseTo((row[0]!.box.y0 + row[0]!.box.y1) / 2, 0);
  });

  it('finds the ruling lines of the tables, where pdftoppm draws them', () => {
    for (const n of [5, 6, 8, 13]) {
      const p = doc.pages[n - 1]!;
      expect(horizontals(p).length, `page ${n}`).toBeGreaterThan(10);
      expect(verticals(p).length, `page ${n}`).toBeGreaterThan(3);
    }
    for (const n of [1, 2, 3, 17, 18, 19, 20, 21, 22, 23, 24]) expect(doc.pages[n - 1]!.rules, `page ${n}`).toEqual([]);
    // Page 5 rendered at 72 dpi has dark columns at x = 62, 238, 304, 468, 533 and 33 dark rows.
    const p5 = doc.pages[4]!;
    expect(verticals(p5).map((r) => Math.round(r.x0))).toEqual([62, 238, 304, 468, 533]);
    expect(horizontals(p5)).toHaveLength(33);
    // The first 307.82 sits in its cell: between the rules left and right, above and below.
    const amount = run(p5, '307.82');
    const cy = (amount.box.y0 + amount.box.y1) / 2;
    const left = verticals(p5).filter((r) => r.x0 <= amount.box.x0 && r.y0 <= cy && r.y1 >= cy).map((r) => r.x0);
    const right = verticals(p5).filter((r) => r.x0 >= amount.box.x1 && r.y0 <= cy && r.y1 >= cy).map((r) => r.x0);
    expect(Math.max(...left)).toBeCloseTo(238.1, 0);
    expect(Math.min(...right)).toBeCloseTo(303.9, 0);
    const above = horizontals(p5).filter((r) => r.y0 <= amount.box.y0).map((r) => r.y0);
    const below = horizontals(p5).filter((r) => r.y0 >= amount.box.y1).map((r) => r.y0);
    expect(Math.max(...above)).toBeCloseTo(199.7, 0);
    expect(Math.min(...below)).toBeCloseTo(215.8, 0);
    for (const p of doc.pages) {
      for (const r of p.rules) {
        expect(r.x0 === r.x1 || r.y0 === r.y1).toBe(true);
        expect(r.x0).toBeLessThanOrEqual(r.x1);
        expect(r.y0).toBeLessThanOrEqual(r.y1);
        expect(r.x0).toBeGreaterThanOrEqual(0);
        expect(r.x1).toBeLessThanOrEqual(p.width);
        expect(r.y1).toBeLessThanOrEqual(p.height);
      }
    }
    // A merged header cell interrupts the line between 功能分类科目编码 and 科目名称 (page 8).
    expect(verticals(doc.pages[7]!).filter((r) => Math.round(r.x0) === 151)).toHaveLength(2);
  });

  it('decodes the Chinese text: no NUL, no replacement characters, no whitespace in runs', () => {
    let cjk = 0;
    for (const p of doc.pages) {
      for (const r of p.runs) {
        expect(r.text).not.toBe('');
        expect(r.text).not.toMatch(/[\u0000\ufffd\s]/u);
        cjk += (r.text.match(/\p{Script=Han}/gu) ?? []).length;
      }
    }
    expect(cjk).toBeGreaterThan(3000);
    expect(texts(doc.pages[0]!).join('')).toContain('中共上海市普陀区委');
  });

  it("keeps every character pdf.js's getTextContent finds, page by page", async () => {
    const { pdfjs, assets } = await loadPdfjs();
    const task = pdfjs.getDocument({ data: new Uint8Array(bytes), ...assets, cMapPacked: true, isEvalSupported: false, verbosity: 0 });
    try {
      const pdf = await task.promise;
      for (const p of doc.pages) {
        const page = await pdf.getPage(p.number);
        const content = await page.getTextContent();
        const theirs = content.items
          .map((i) => ('str' in i ? i.str : ''))
          .join('')
          .replace(/\s+/g, '');
        const ours = p.runs.map((r) => r.text).join('');
        expect([...ours].sort().join(''), `page ${p.number}`).toBe([...theirs].sort().join(''));
      }
    } finally {
      await task.destroy();
    }
  });

  it('leaves the caller\'s bytes intact (pdf.js gets a copy)', () => {
    expect(bytes.byteLength).toBe(readFileSync(CORPUS_PDF).byteLength);
    expect(createHash('sha256').update(bytes).digest('hex')).toBe(doc.source.sha256);
  });
});

describe('the text reader makes pdf.js skip glyph outlines (memory and time, docs/performance.md)', () => {
  /** Glyph outline paths pdf.js compiled for the document (objects "<font>_path_<glyph>"), and its fonts, after reading every page. */
  async function outlines(textOnly: boolean): Promise<{ paths: number; fonts: number; text: string }> {
    const { pdfjs, assets } = await loadPdfjs();
    const task = pdfjs.getDocument({ ...offlineDocumentParams(assets, new Uint8Array(readFileSync(CORPUS_PDF))), ...(textOnly ? textOnlyDocumentParams() : {}), maxImageSize: 0 });
    try {
      const doc = await task.promise;
      let text = '';
      for (let n = 1; n <= 3; n++) {
        const page = await doc.getPage(n);
        await page.getOperatorList();
        text += (await page.getTextContent()).items.map((i) => ('str' in i ? i.str : '')).join('');
      }
      const page = await doc.getPage(1);
      let paths = 0;
      let fonts = 0;
      for (const [id] of page.commonObjs as unknown as Iterable<[string, unknown]>) {
        if (id.includes('_path_')) paths++;
        else fonts++;
      }
      return { paths, fonts, text };
    } finally {
      await task.destroy();
    }
  }

  it('compiles no outline for any glyph, where pdf.js in Node otherwise compiles one per glyph shown; the fonts and text are the same', async () => {
    const drawn = await outlines(false);
    const read = await outlines(true);
    // The check can fail: pdf.js's Node default does build them (hundreds on three pages of CJK text).
    expect(drawn.paths).toBeGreaterThan(100);
    expect(read.paths).toBe(0);
    expect(read.fonts).toBe(drawn.fonts);
    expect(read.text).toBe(drawn.text);
    expect(read.text.length).toBeGreaterThan(200);
  });
});

describe('readPdf on hand-made PDFs', () => {
  // Page 1: 200 × 220 pt. A 2 × 2 grid: the border as a stroked `re`, the middle lines as
  // `m`/`l` strokes (the vertical one through a `cm` translation), a thin filled `re` under
  // the title; plus what is not a rule: a white page background, a clip path, a diagonal
  // and a curve. Text in Helvetica and in a CJK CID font (needs the cMaps).
  const grid = [
    '1 1 1 rg 0 0 200 220 re f',
    '0 0 200 220 re W n',
    '0 0 0 rg',
    'q 0.5 w 20 20 160 160 re S Q',
    'q 0.5 w 20 100 m 180 100 l S Q',
    'q 1 0 0 1 100 0 cm 0.5 w 0 20 m 0 180 l S Q',
    'q 0 0 1 rg 20 195 80 0.4 re f Q',
    'q 1 w 20 20 m 180 180 l S 30 30 m 60 90 90 90 120 30 c S Q',
    'BT /F1 10 Tf 30 150 Td (Total) Tj ET',
    'BT /F1 10 Tf 110 150 Td (256 36 30) Tj ET',
    // "12" ends 0.3 pt left of the rule at x = 100 and "34" starts 0.3 pt right of it: a gap
    // of 0.06 em, which no spacing heuristic would split.
    'BT /F1 10 Tf 88.58 70 Td [(12) -60 (34)] TJ ET',
    `BT /F2 12 Tf 30 70 Td ${ucs2Hex('合计')} Tj ET`,
  ].join('\n');
  // Page 2: portrait media box turned by /Rotate 90, content drawn turned the other way, as
  // landscape pages are usually made: upright once displayed.
  const rotated = 'BT /F1 10 Tf 0 1 -1 0 60 20 Tm (Hello) Tj ET 0.5 w 10 10 30 80 re S';
  // Page 3: the same content without /Rotate: the text reads bottom to top on the page.
  const sideways = 'BT /F1 10 Tf 0 1 -1 0 60 20 Tm (Sideways table header text) Tj ET 0.5 w 10 10 30 80 re S';
  // Page 4: /Rotate 180 with upside-down content.
  const upsideDown = 'BT /F1 10 Tf -1 0 0 -1 150 150 Tm (Hello) Tj ET';
  const bytes = buildPdf([
    { content: grid, mediaBox: [0, 0, 200, 220] },
    { content: rotated, mediaBox: [0, 0, 100, 200], rotate: 90 },
    { content: sideways, mediaBox: [0, 0, 100, 200] },
    { content: upsideDown, rotate: 180 },
  ]);
  let doc: SourceDocument;
  beforeAll(async () => {
    doc = await readPdf(bytes, '/some/where/fixture.pdf');
  });

  it('reports the exact ruling lines of the grid in top-left page coordinates', () => {
    const p = doc.pages[0]!;
    expect(p).toMatchObject({ number: 1, width: 200, height: 220, rotation: 0 });
    expect(sortRules(p.rules)).toEqual([
      { x0: 20, y0: 24.8, x1: 100, y1: 24.8, width: 0.4 },
      { x0: 20, y0: 40, x1: 180, y1: 40, width: 0.5 },
      { x0: 20, y0: 120, x1: 180, y1: 120, width: 0.5 },
      { x0: 20, y0: 200, x1: 180, y1: 200, width: 0.5 },
      { x0: 20, y0: 40, x1: 20, y1: 200, width: 0.5 },
      { x0: 100, y0: 40, x1: 100, y1: 200, width: 0.5 },
      { x0: 180, y0: 40, x1: 180, y1: 200, width: 0.5 },
    ]);
  });

  it('places text runs by the font widths and splits them on spaces and rules', () => {
    const p = doc.pages[0]!;
    expect(doc.source.file).toBe('fixture.pdf');
    expect(texts(p).sort()).toEqual(['12', '256', '30', '34', '36', 'Total', '合计']);
    // Helvetica widths (1/1000 em): T 611 o 556 t 278 a 556 l 222; digits 556; space 278.
    expect(run(p, 'Total').box.x0).toBe(30);
    expect(run(p, 'Total').box.x1).toBeCloseTo(52.23, 2);
    expect([run(p, '256'), run(p, '36'), run(p, '30')].map((r) => [r.box.x0, r.box.x1])).toEqual([
      [110, 126.68],
      [129.46, 140.58],
      [143.36, 154.48],
    ]);
    expect([run(p, '12').box.x0, run(p, '12').box.x1]).toEqual([88.58, 99.7]);
    expect([run(p, '34').box.x0, run(p, '34').box.x1]).toEqual([100.3, 111.42]);
    // Baseline at y = 220 - 150 = 70: the box straddles it, taller above than below.
    const total = run(p, 'Total');
    expect(total.fontSize).toBe(10);
    expect(total.box.y0).toBeGreaterThan(60);
    expect(total.box.y0).toBeLessThan(63);
    expect(total.box.y1).toBeGreaterThan(70);
    expect(total.box.y1).toBeLessThan(73);
    // CJK via the UniGB-UCS2-H cMap, default width 1000: two ems of 12 pt.
    const cjk = run(p, '合计');
    expect([cjk.box.x0, cjk.box.x1, cjk.fontSize]).toEqual([30, 54, 12]);
    expect(cjk.box.y0).toBeLessThan(150);
    expect(cjk.box.y1).toBeGreaterThan(150);
  });

  it('brings a /Rotate 90 page upright: boxes and lines in the displayed page', () => {
    const p = doc.pages[1]!;
    expect(p).toMatchObject({ width: 200, height: 100, rotation: 90 });
    const hello = run(p, 'Hello');
    // Baseline origin (60, 20) in user space is (20, 60) on the displayed page; "Hello" is
    // 22.78 pt wide and about one em tall: upright.
    expect(hello.box.x0).toBe(20);
    expect(hello.box.x1).toBeCloseTo(42.78, 2);
    expect(hello.box.y0).toBeGreaterThan(50);
    expect(hello.box.y1).toBeGreaterThan(60);
    expect(hello.box.y1 - hello.box.y0).toBeLessThan(hello.box.x1 - hello.box.x0);
    expect(sortRules(p.rules)).toEqual([
      { x0: 10, y0: 10, x1: 90, y1: 10, width: 0.5 },
      { x0: 10, y0: 40, x1: 90, y1: 40, width: 0.5 },
      { x0: 10, y0: 10, x1: 10, y1: 40, width: 0.5 },
      { x0: 90, y0: 10, x1: 90, y1: 40, width: 0.5 },
    ]);
  });

  it('turns a page whose text runs sideways without /Rotate, and says so in rotation', () => {
    const p = doc.pages[2]!;
    expect(p).toMatchObject({ width: 200, height: 100, rotation: 90 });
    const words = ['Sideways', 'table', 'header', 'text'].map((t) => run(p, t));
    expect(words[0]!.box.x0).toBe(20);
    for (let i = 1; i < words.length; i++) {
      expect(words[i]!.box.x0).toBeGreaterThan(words[i - 1]!.box.x1);
      expect(words[i]!.box.y0).toBe(words[0]!.box.y0);
    }
    expect(p.rules).toHaveLength(4);
  });

  it('brings a /Rotate 180 page upright', () => {
    const p = doc.pages[3]!;
    expect(p).toMatchObject({ width: 200, height: 200, rotation: 180 });
    const hello = run(p, 'Hello');
    expect(hello.box.x0).toBe(50);
    expect(hello.box.x1).toBeCloseTo(72.78, 2);
    expect(hello.box.y0).toBeLessThan(150);
    expect(hello.box.y1).toBeGreaterThan(150);
    expect(150 - hello.box.y0).toBeGreaterThan(hello.box.y1 - 150); // ascent above the baseline
  });

  it('tolerates junk before the header, within the first kilobyte', async () => {
    const junk = new TextEncoder().encode('garbage from a mail gateway\r\n'.repeat(20));
    const withJunk = new Uint8Array([...junk, ...bytes]);
    const d = await readPdf(withJunk, 'junk.pdf');
    expect(d.pages).toHaveLength(4);
    const tooMuch = new Uint8Array([...new Uint8Array(1100).fill(0x20), ...bytes]);
    expect((await readError(tooMuch, 'late-header.pdf')).code).toBe('not_pdf');
  });
});

describe('readPdf errors', () => {
  const spies: ReturnType<typeof vi.spyOn>[] = [];
  afterEach(() => {
    for (const s of spies.splice(0)) s.mockRestore();
  });

  it('refuses an encrypted PDF without its password, opens it with the password', async () => {
    const bytes = new Uint8Array(readFileSync(join(FIXTURES, 'encrypted-user-password.pdf')));
    const e = await readError(bytes, join(FIXTURES, 'encrypted-user-password.pdf'));
    expect(e.code).toBe('encrypted');
    expect(e.file).toBe('encrypted-user-password.pdf');
    expect(e.message).toContain('encrypted-user-password.pdf');
    expect(e.message).toMatch(/password/);
    const wrong = await readError(bytes, 'encrypted-user-password.pdf', { password: 'guess' });
    expect(wrong.code).toBe('encrypted');
    expect(wrong.message).toMatch(/password given does not open it/);
    const doc = await readPdf(bytes, 'encrypted-user-password.pdf', { password: 'secret' });
    expect(doc.source.pageCount).toBe(3);
    expect(texts(doc.pages[0]!)).toContain('Total');
    expect(doc.pages[0]!.rules.length).toBe(7);
  });

  it('opens a PDF encrypted with an owner password only (permissions, no user password)', async () => {
    const doc = await readPdf(new Uint8Array(readFileSync(join(FIXTURES, 'encrypted-owner-only.pdf'))), 'owner-only.pdf');
    expect(texts(doc.pages[0]!)).toContain('合计');
  });

  it('reports a truncated PDF as damaged, printing nothing', async () => {
    for (const method of ['log', 'info', 'warn', 'error'] as const) spies.push(vi.spyOn(console, method));
    spies.push(vi.spyOn(process.stdout, 'write'));
    const full = readFileSync(CORPUS_PDF);
    const half = new Uint8Array(full.subarray(0, Math.floor(full.length / 2)));
    const e = await readError(half, 'half.pdf');
    expect(e.code).toBe('damaged');
    expect(e.message).toMatch(/^half\.pdf: .*damaged/);
    for (const s of spies) expect(s).not.toHaveBeenCalled();
  });

  it('reports a text file as not a PDF', async () => {
    const e = await readError(new Uint8Array(readFileSync(CORPUS_TXT)), CORPUS_TXT);
    expect(e.code).toBe('not_pdf');
    expect(e.message).toMatch(/^hanyang-party-office-2023-final\.txt: not a PDF/);
  });

  it('reports an empty file as not a PDF', async () => {
    const e = await readError(new Uint8Array(0), 'empty.pdf');
    expect(e.code).toBe('not_pdf');
    expect(e.message).toMatch(/empty/);
  });

  it('reports a PDF without pages', async () => {
    const e = await readError(buildPdf([]), 'blank.pdf');
    expect(e.code).toBe('no_pages');
    expect(e.message).toContain('blank.pdf');
  });
});
