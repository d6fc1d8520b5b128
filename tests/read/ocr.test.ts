import { execFile } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { CanonicalResult } from '../../src/model/canonical.js';
import { convertFile } from '../../src/pipeline.js';
import { detectOrientation, gridCells, hasImageXObject, ocrScannedPages } from '../../src/read/ocr.js';
import { readPdf } from '../../src/read/pdf.js';
import { getOcrEvidence } from '../../src/read/ocr-evidence.js';
import {
  eraseRules,
  estimateSkew,
  findRules,
  findTableRules,
  isBilevel,
  otsuThreshold,
  smooth,
  rotateQuarter,
  rotateSmall,
  applyAffine,
  whitenPaper,
  type GrayImage,
} from '../../src/read/ocr-image.js';
import { shutdownOcr, traineddataFiles } from '../../src/read/ocr-pool.js';
import { ImagePdf } from '../../src/read/page-images.js';
import { matchName, reviewOcr } from '../../src/validate/ocr-flags.js';
import { fixTitle } from '../../src/read/ocr-titles.js';
import { setOcrEvidence, type OcrToken } from '../../src/read/ocr-evidence.js';
import type { CanonicalCell, CanonicalRow } from '../../src/model/canonical.js';
import { uncodedNames } from '../../src/validate/ocr-vocab.js';
import { actualCells, cellKey, cellKeys, schemaErrors, type Expected, type ExpectedCell } from '../helpers.js';

/**
 * Scanned PDFs (issue 6). The fixtures in tests/fixtures/scan/ are made by scripts/make-scans.sh
 * from corpus/putuo-social-work-2024-final.pdf: page 12 (FA05) at 200 dpi turned 0.7°, page 5
 * (FA01) at 150 dpi upside down; both grey JPEG with noise, wrapped as image-only PDFs. Their
 * cells are compared with the corpus golden file of that PDF.
 */
const root = fileURLToPath(new URL('../../', import.meta.url));
const SCANS = join(root, 'tests', 'fixtures', 'scan');
const FA05_SCAN = join(SCANS, 'putuo-social-work-p12-fa05.pdf');
const FA01_SCAN = join(SCANS, 'putuo-social-work-p5-fa01-upside-down.pdf');
const golden = JSON.parse(readFileSync(join(root, 'corpus', 'expected', 'putuo-social-work-2024-final.pdf.expected.json'), 'utf8')) as Expected;

const OCR_TIMEOUT = 120_000;

/** Cells compared without page numbers (a one-page scan is page 1, the golden page is 12). */
const keyOf = (c: ExpectedCell): string => cellKey(c);

interface Comparison {
  total: number;
  right: number;
  wrong: string[];
  missing: string[];
  extra: string[];
  unexplained: string[];
}

/**
 * Cell-by-cell comparison with the golden cells of one template; a wrong, missing or extra cell
 * is "explained" when a low_ocr_confidence flag covers it or a failing check names it.
 */
function compare(result: CanonicalResult, template: string): Comparison {
  const want = cellKeys(golden.cells.filter((c) => c.template === template), keyOf);
  const gotCells = actualCells(result).filter((c) => c.template === template);
  const got = cellKeys(gotCells, keyOf);
  const wrong = [...want.keys()].filter((k) => got.has(k) && got.get(k)!.yuan !== want.get(k)!.yuan);
  const missing = [...want.keys()].filter((k) => !got.has(k));
  const extra = [...got.keys()].filter((k) => !want.has(k));
  const table = result.tables.find((t) => t.template === template);
  const explained = (key: string): boolean => {
    const [, side, id, column] = key.replace(/#\d+$/, '').split('|');
    const row = table?.rows.find((r) => (r.side ?? '') === side && (r.code ?? r.label.replace(/\s+/g, '')) === id);
    const cell = row?.cells[column!];
    if (!cell) return false;
    const lowConf = result.flags.some((f) => f.kind === 'low_ocr_confidence' && f.table === template && f.box && cell.box && f.box.x0 === cell.box.x0 && f.box.y0 === cell.box.y0);
    const failing = result.checks.some((c) => c.status === 'fail' && (c.cells ?? []).some((r) => r.table === template && r.column === column && r.box && cell.box && r.box.x0 === cell.box.x0 && r.box.y0 === cell.box.y0));
    return lowConf || failing;
  };
  return {
    total: want.size,
    right: want.size - wrong.length - missing.length,
    wrong: wrong.map((k) => `${k}: want ${want.get(k)!.raw} got ${got.get(k)!.raw}`),
    missing,
    extra,
    unexplained: [...wrong, ...extra].filter((k) => !explained(k)),
  };
}

/**
 * A one-page PDF with a text line ("Scanned tables follow", Helvetica, text layer) and the JPEG of
 * a scan fixture drawn at 80% of the page size below it.
 */
function mixedPdf(scanPdf: Buffer): Uint8Array {
  const dict = scanPdf.indexOf('/DCTDecode');
  const start = scanPdf.indexOf('stream\n', dict) + 'stream\n'.length;
  const end = scanPdf.indexOf('\nendstream', start);
  const jpeg = scanPdf.subarray(start, end);
  const w = /\/Width (\d+)/.exec(scanPdf.subarray(dict, start).toString('latin1'))![1]!;
  const h = /\/Height (\d+)/.exec(scanPdf.subarray(dict, start).toString('latin1'))![1]!;
  const content = 'BT /F1 14 Tf 72 800 Td (Scanned tables follow) Tj ET q 476.352 0 0 673.632 60 60 cm /Im0 Do Q';
  const objects: Buffer[] = [
    Buffer.from('<< /Type /Catalog /Pages 2 0 R >>'),
    Buffer.from('<< /Type /Pages /Kids [3 0 R] /Count 1 >>'),
    Buffer.from('<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595.44 842.04] /Contents 4 0 R /Resources << /Font << /F1 5 0 R >> /XObject << /Im0 6 0 R >> >> >>'),
    Buffer.from(`<< /Length ${content.length} >>\nstream\n${content}\nendstream`),
    Buffer.from('<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>'),
    Buffer.concat([
      Buffer.from(`<< /Type /XObject /Subtype /Image /Width ${w} /Height ${h} /ColorSpace /DeviceGray /BitsPerComponent 8 /Filter /DCTDecode /Length ${jpeg.length} >>\nstream\n`, 'latin1'),
      jpeg,
      Buffer.from('\nendstream'),
    ]),
  ];
  const parts: Buffer[] = [Buffer.from('%PDF-1.4\n')];
  const offsets: number[] = [];
  let pos = parts[0]!.length;
  objects.forEach((o, i) => {
    offsets.push(pos);
    const b = Buffer.concat([Buffer.from(`${i + 1} 0 obj\n`), o, Buffer.from('\nendobj\n')]);
    parts.push(b);
    pos += b.length;
  });
  const xref = ['xref', `0 ${objects.length + 1}`, '0000000000 65535 f ', ...offsets.map((o) => `${String(o).padStart(10, '0')} 00000 n `)].join('\n');
  parts.push(Buffer.from(`${xref}\ntrailer << /Size ${objects.length + 1} /Root 1 0 R >>\nstartxref\n${pos}\n%%EOF\n`));
  return new Uint8Array(Buffer.concat(parts));
}

describe('OCR image helpers (no OCR)', () => {
  /** A white page with a ruled 3×4 grid and a few dark blocks for text. */
  function grid(): GrayImage {
    const w = 600, h = 400;
    const data = new Uint8Array(w * h).fill(255);
    const line = (x0: number, y0: number, x1: number, y1: number) => {
      for (let y = y0; y <= y1; y++) for (let x = x0; x <= x1; x++) data[y * w + x] = 0;
    };
    for (const y of [50, 150, 250, 350]) line(50, y, 550, y + 2);
    for (const x of [50, 250, 400, 550]) line(x, 50, x + 2, 352);
    for (const [x, y] of [[80, 90], [280, 190], [430, 290]] as const) line(x, y, x + 60, y + 14);
    return { width: w, height: h, data };
  }

  it('finds ruling lines and the grid cells they close', () => {
    const img = grid();
    const rules = findRules(img, { threshold: 128, minLength: 60, maxThickness: 6, maxGap: 2 });
    // Lines 3 pixels thick on rows 50–52: centred at 51.5 (pixel edges are whole numbers).
    expect(rules.filter((r) => r.o === 'h').map((r) => r.at)).toEqual([51.5, 151.5, 251.5, 351.5]);
    expect(rules.filter((r) => r.o === 'v').map((r) => r.at)).toEqual([51.5, 251.5, 401.5, 551.5]);
    expect(rules.every((r) => r.thickness === 3)).toBe(true);
    const cells = gridCells(rules);
    expect(cells).toHaveLength(9);
    const clean = eraseRules(img, rules, 128);
    expect(findRules(clean, { threshold: 128, minLength: 60, maxThickness: 6, maxGap: 2 })).toEqual([]);
    // The text blocks survive erasing.
    expect(clean.data[97 * 600 + 100]).toBe(0);
  });

  it('follows a thin border that drifts between two pixel columns to its end', () => {
    const w = 200, h = 300;
    const data = new Uint8Array(w * h).fill(255);
    // Column 100 carries the line down to y=200, then it moves to column 101 (JPEG, residual
    // tilt), with every fourth pixel too light: no single column is solid below y=200.
    for (let y = 20; y <= 280; y++) {
      const x = y <= 200 ? 100 : 101;
      if (y > 200 && y % 4 === 0) continue;
      data[y * w + x] = 40;
    }
    const [v] = findRules({ width: w, height: h, data }, { threshold: 128, minLength: 60, maxThickness: 6, maxGap: 2 });
    expect(v?.a).toBe(20);
    expect(v?.b).toBe(280); // the last ink is on row 279 (280 is one of the light pixels)
  });

  it('keeps a cell border shorter than a line only where it joins two lines', () => {
    const w = 400, h = 200;
    const data = new Uint8Array(w * h).fill(255);
    const line = (x0: number, y0: number, x1: number, y1: number) => {
      for (let y = y0; y <= y1; y++) for (let x = x0; x <= x1; x++) data[y * w + x] = 0;
    };
    line(20, 50, 380, 51);
    line(20, 80, 380, 81);
    line(20, 50, 21, 81);
    line(379, 50, 380, 81);
    line(200, 50, 201, 81); // a header cell's border, one row (30 px) high
    line(300, 55, 301, 76); // a character's stroke inside a cell: touches neither line
    const opts = { threshold: 128, minLength: 60, maxThickness: 6, maxGap: 2 };
    const img = { width: w, height: h, data };
    expect(findRules(img, opts).filter((r) => r.o === 'v')).toHaveLength(0);
    const vs = findTableRules(img, opts).filter((r) => r.o === 'v').map((r) => Math.round(r.at));
    expect(vs).toEqual([21, 201, 380]);
  });

  it('puts right table titles OCR misread by a character or two, and nothing else', () => {
    expect(fixTitle('2023年度财政掺束收入支出决算总表')?.text).toBe('2023年度财政拨款收入支出决算总表');
    // The closing 表 itself misread.
    expect(fixTitle('2024 年度收入决算梢')?.text).toBe('2024年度收入决算表');
    expect(fixTitle('2024年度收入决算表')).toBeNull();
    expect(fixTitle('二、收入决算情况说明')).toBeNull();
    expect(fixTitle('2024年度收入决算情况')).toBeNull();
  });

  it('softens black-and-white scans before OCR, and only those', () => {
    const w = 40, h = 10;
    const bw = new Uint8Array(w * h).fill(255);
    for (let x = 10; x < 30; x++) bw[5 * w + x] = 0;
    const grey = Uint8Array.from(bw, (v, i) => (v === 255 ? 230 + (i % 7) : 40 + (i % 5)));
    expect(isBilevel({ width: w, height: h, data: bw })).toBe(true);
    expect(isBilevel({ width: w, height: h, data: grey })).toBe(false);
    const s = smooth({ width: w, height: h, data: bw });
    expect(s.data[5 * w + 20]).toBe(170); // a third of the 3×3 window is ink
    expect(s.data[4 * w + 20]).toBe(170);
    expect(s.data[2 * w + 20]).toBe(255);
  });

  it('does not open a text PDF a second time when it holds no image', async () => {
    const text = new Uint8Array(readFileSync(join(root, 'corpus', 'putuo-social-work-2024-final.pdf')));
    expect(hasImageXObject(text)).toBe(false);
    expect(hasImageXObject(new Uint8Array(readFileSync(FA05_SCAN)))).toBe(true);
    const doc = await readPdf(text, 'putuo.pdf');
    const open = vi.spyOn(ImagePdf, 'open');
    try {
      expect(await ocrScannedPages(doc, text)).toBe(doc);
      expect(open).not.toHaveBeenCalled();
    } finally {
      open.mockRestore();
    }
  });

  it('measures skew by the projection profile and straightens it', () => {
    const img = grid();
    // rotateSmall turns counter-clockwise for positive angles; the estimate says how far.
    const tilted = rotateSmall(img, 1.2);
    expect(estimateSkew(tilted)).toBeCloseTo(1.2, 0);
    expect(Math.abs(estimateSkew(rotateSmall(tilted, -estimateSkew(tilted))))).toBeLessThanOrEqual(0.15);
    expect(estimateSkew(rotateSmall(img, -2.5))).toBeCloseTo(-2.5, 0);
  });

  it('turns images by quarter turns and maps turned pixels back', () => {
    const img: GrayImage = { width: 3, height: 2, data: Uint8Array.from([1, 2, 3, 4, 5, 6]) };
    const cw = rotateQuarter(img, 90);
    expect([cw.image.width, cw.image.height]).toEqual([2, 3]);
    expect([...cw.image.data]).toEqual([4, 1, 5, 2, 6, 3]);
    // Pixel (0,0) of the turned image is pixel (0,1) of the original: centre (0.5,0.5) ↦ (0.5,1.5).
    expect(applyAffine(cw.toSource, 0.5, 0.5)).toEqual([0.5, 1.5]);
    expect([...rotateQuarter(img, 180).image.data]).toEqual([6, 5, 4, 3, 2, 1]);
    expect([...rotateQuarter(rotateQuarter(img, 270).image, 90).image.data]).toEqual([...img.data]);
  });

  it('matches OCR-damaged row labels to the known names, and only close ones', () => {
    const names = uncodedNames();
    expect(matchName('、一般公共预算财政拨款收入', names)).toEqual({ name: '一般公共预算财政拨款收入', score: 0.92 });
    expect(matchName('十一城乡社区支出', names)?.name).toBe('城乡社区支出');
    expect(matchName('+h住房保障支出', names)?.name).toBe('住房保障支出');
    // "十二、" read as "+=".
    expect(matchName('+=农林水支出', names)?.name).toBe('农林水支出');
    expect(matchName('一般公共服务支出', names)).toEqual({ name: '一般公共服务支出', score: 1 });
    expect(matchName('本年收入合汁', names)?.name).toBe('本年收入合计');
    expect(matchName('某某专项业务费', names)).toBeNull();
  });

  /**
   * A FA05 slice as OCR would give it: 21011's total read "271" (other reading "2.71"), which
   * breaks 210 = Σ款, 21011 = Σ项 and the row identity total = basic + project.
   */
  function fa05Slice(alternatives: Record<string, string[]>): { result: CanonicalResult; cell: (code: string, col: string) => CanonicalCell } {
    const source = { file: 'scan.pdf', sha256: 'x', format: 'pdf' as const, pageCount: 1 };
    const tokens: OcrToken[] = [];
    let y = 100;
    const row = (code: string, label: string, total: string, basic: string): CanonicalRow => {
      y += 30;
      const cells: Record<string, CanonicalCell> = {};
      for (const [key, raw, x] of [['total', total, 280], ['basic', basic, 360]] as const) {
        const box = { x0: x, y0: y, x1: x + 30, y1: y + 10 };
        const p = parseFloat(raw);
        cells[key] = { raw, yuan: Number.isNaN(p) || !/^\d+(\.\d+)?$/.test(raw) ? null : String(Math.round(p * 10000)), page: 1, box };
        tokens.push({ page: 1, box, text: raw, confidence: 90, alternatives: (alternatives[`${code}.${key}`] ?? []).map((text) => ({ text, confidence: 60 })), numeric: true });
      }
      return { code, label, level: code.length === 3 ? 1 : code.length === 5 ? 2 : 3, page: 1, cells };
    };
    const rows = [row('210', '卫生健康支出', '2.71', '2.71'), row('21011', '行政事业单位医疗', '271', '2.71'), row('2101101', '行政单位医疗', '2.22', '2.22'), row('2101102', '事业单位医疗', '0.49', '0.49')];
    const result: CanonicalResult = {
      schemaVersion: '1',
      tool: { name: 'budget-tables', version: 'test' },
      source,
      pages: [{ number: 1, source: 'ocr', width: 595, height: 842, rotation: 0 }],
      document: { kind: 'budget', year: 2024, department: null },
      tables: [
        {
          template: 'FA05', templateName: '一般公共预算财政拨款支出决算表', title: '一般公共预算财政拨款支出决算表', pages: [1], status: 'ok',
          unit: { declared: '万元', applied: '万元', reason: null },
          columns: [{ key: 'total', label: '合计' }, { key: 'basic', label: '基本支出' }, { key: 'project', label: '项目支出' }],
          rows, notes: [], detection: null,
        },
      ],
      narrative: [], checks: [], flags: [],
    };
    setOcrEvidence(source, { pages: [{ page: 1, kind: 'image-only', method: 'embedded-image', dpi: 200, orientation: 0, skew: 0, words: 8, meanConfidence: 90, rules: 0, imageCoverage: 1, seconds: 1 }], tokens, errors: [] });
    const cell = (code: string, col: string) => rows.find((r) => r.code === code)!.cells[col]!;
    return { result, cell };
  }

  it('applies the one OCR alternative that restores the broken identities, keeping the original reading', () => {
    const { result, cell } = fa05Slice({ '21011.total': ['2.71'] });
    reviewOcr(result);
    const c = cell('21011', 'total');
    expect(c.raw).toBe('2.71');
    expect(c.yuan).toBe('27100');
    expect(c.corrections).toHaveLength(1);
    expect(c.corrections![0]).toMatchObject({ kind: 'ocr', from: '271', to: '2.71' });
    expect(c.corrections![0]!.reason).toMatch(/FA05\.tree\[210\]\.total/);
    expect(result.flags.filter((f) => f.kind === 'ocr_correction')).toHaveLength(1);
    expect(result.flags.some((f) => f.kind === 'ocr_page' && f.page === 1)).toBe(true);
  });

  it('leaves the number as read when two alternatives would each restore it', () => {
    // 2.71 and 2.70 (within rounding) both make the identities hold: no way to choose.
    const { result, cell } = fa05Slice({ '21011.total': ['2.71', '2.70'] });
    reviewOcr(result);
    expect(cell('21011', 'total').raw).toBe('271');
    expect(cell('21011', 'total').corrections).toBeUndefined();
  });

  it('flags low-confidence cells with page and box', () => {
    const { result, cell } = fa05Slice({});
    const c = cell('2101101', 'basic');
    const ev = getOcrEvidence(result.source)!;
    ev.tokens.find((t) => t.box === c.box)!.confidence = 41;
    reviewOcr(result);
    expect(c.confidence).toBe(41);
    const f = result.flags.find((x) => x.kind === 'low_ocr_confidence')!;
    expect(f).toMatchObject({ severity: 'warning', page: 1, table: 'FA05', box: c.box });
    expect(f.message).toMatch(/2101101.*"2\.22" read by OCR with confidence 41/);
  });

  it('uses the traineddata shipped in node_modules', () => {
    for (const { lang, file } of traineddataFiles()) {
      expect(file).toContain(join('node_modules', '@tesseract.js-data', lang));
      expect(existsSync(file)).toBe(true);
    }
  });
});

describe('scanned PDFs by OCR (tesseract.js, offline)', () => {
  let fa05: CanonicalResult;
  let fa05Seconds = 0;

  beforeAll(async () => {
    const t = performance.now();
    fa05 = await convertFile(FA05_SCAN);
    fa05Seconds = (performance.now() - t) / 1000;
  }, OCR_TIMEOUT);

  afterAll(async () => {
    await shutdownOcr();
  });

  it('classifies the page as image-only, reads its scan and reports how', () => {
    expect(schemaErrors(fa05)).toEqual([]);
    expect(fa05.pages).toEqual([{ number: 1, source: 'ocr', width: 595.44, height: 842.04, rotation: 0 }]);
    const ev = getOcrEvidence(fa05.source)!;
    expect(ev.pages).toHaveLength(1);
    const p = ev.pages[0]!;
    expect(p).toMatchObject({ page: 1, kind: 'image-only', method: 'embedded-image', dpi: 200, orientation: 0 });
    // make-scans turned the page 0.7° clockwise: the reader straightens it back.
    expect(p.skew).toBeCloseTo(-0.7, 0);
    expect(p.rules).toBeGreaterThan(20);
    expect(fa05.flags.find((f) => f.kind === 'ocr_page')?.message).toMatch(/image only.*scanned image \(200 dpi\)/);
    console.info(`OCR FA05 scan: ${fa05Seconds.toFixed(1)} s for 1 page (pool start included); page ${p.seconds} s, ${p.words} words, mean confidence ${p.meanConfidence}`);
  });

  it('finds FA05 and reads ≥ 99% of its numeric cells as the golden file has them; every wrong cell is flagged', () => {
    expect(fa05.tables.map((t) => t.template)).toContain('FA05');
    const cmp = compare(fa05, 'FA05');
    console.info(`OCR FA05 scan: ${cmp.right}/${cmp.total} numeric cells right`, cmp.wrong, cmp.missing, cmp.extra);
    expect(cmp.total).toBe(39);
    expect(cmp.right / cmp.total).toBeGreaterThanOrEqual(0.99);
    expect(cmp.unexplained).toEqual([]);
    // Nothing invented: no cells the page does not print.
    expect(cmp.extra).toEqual([]);
  });

  it('keeps the OCR confidence and the box (PDF points) of every cell', () => {
    const t = fa05.tables.find((x) => x.template === 'FA05')!;
    const cells = t.rows.flatMap((r) => Object.values(r.cells));
    expect(cells.length).toBeGreaterThan(30);
    for (const c of cells) {
      expect(c.confidence).toBeGreaterThanOrEqual(0);
      expect(c.page).toBe(1);
      expect(c.box!.x0).toBeGreaterThan(250);
      expect(c.box!.x1).toBeLessThan(500);
    }
    // 合计 basic 105.58: its box (the word, or the ruled cell around it) holds where the text
    // layer prints it (x 357.0–385.0, y 645.9–655.1 pt), within a cell's size.
    const total = t.rows.find((r) => r.label === '合计')!.cells['basic']!;
    expect(total.raw).toBe('105.58');
    const b = total.box!;
    expect(b.x0).toBeLessThanOrEqual(359);
    expect(b.x1).toBeGreaterThanOrEqual(383);
    expect(b.y0).toBeLessThanOrEqual(648);
    expect(b.y1).toBeGreaterThanOrEqual(653);
    expect(b.x1 - b.x0).toBeLessThan(100);
    expect(b.y1 - b.y0).toBeLessThan(30);
  });

  it('turns an upside-down scan the right way up and reads FA01', async () => {
    const t = performance.now();
    const r = await convertFile(FA01_SCAN);
    const seconds = (performance.now() - t) / 1000;
    expect(r.pages[0]).toMatchObject({ source: 'ocr', rotation: 180 });
    expect(r.flags.find((f) => f.kind === 'ocr_page')?.message).toMatch(/scanned image \(150 dpi, read at 300\)/);
    const cmp = compare(r, 'FA01');
    console.info(`OCR FA01 upside-down scan (150 dpi, read at 300): ${seconds.toFixed(1)} s; ${cmp.right}/${cmp.total} numeric cells right`, cmp.wrong, cmp.missing, cmp.extra);
    expect(cmp.right / cmp.total).toBeGreaterThanOrEqual(0.99);
    expect(cmp.unexplained).toEqual([]);
    // Every row label is the printed one (directly, or matched to the known line items with an
    // ocr_label flag saying so): the cells above are keyed by label.
    const fa01 = r.tables.find((t) => t.template === 'FA01')!;
    const labelled = r.flags.filter((f) => f.kind === 'ocr_label').map((f) => /known name "([^"]+)"/.exec(f.message)?.[1]);
    for (const name of labelled) expect(fa01.rows.map((row) => row.label)).toContain(name);
  }, OCR_TIMEOUT);

  it('reads a mixed page (text layer plus a table pasted as a picture) by rendering the image region', async () => {
    // The FA05 scan's JPEG placed at 80% size under a text-layer line: a "mixed" page.
    const bytes = mixedPdf(readFileSync(FA05_SCAN));
    const t = performance.now();
    const { convertBytes } = await import('../../src/pipeline.js');
    const r = await convertBytes(bytes, 'mixed.pdf');
    const seconds = (performance.now() - t) / 1000;
    const ev = getOcrEvidence(r.source)!;
    expect(ev.pages[0]).toMatchObject({ page: 1, kind: 'mixed', method: 'rendered', dpi: 300 });
    expect(r.pages[0]).toMatchObject({ source: 'ocr', rotation: 0 });
    const cmp = compare(r, 'FA05');
    console.info(`OCR mixed page (rendered 300 dpi): ${seconds.toFixed(1)} s; ${cmp.right}/${cmp.total} numeric cells right`, cmp.wrong, cmp.missing);
    expect(cmp.right / cmp.total).toBeGreaterThanOrEqual(0.99);
    expect(cmp.unexplained).toEqual([]);
    // Boxes land where the picture shows the numbers: x = 60 + 0.8·x, y = 108.37 + 0.8·y (points).
    const total = r.tables.find((x) => x.template === 'FA05')!.rows.find((row) => row.label === '合计')!.cells['basic']!;
    expect(total.raw).toBe('105.58');
    expect(total.box!.x0).toBeLessThanOrEqual(60 + 0.8 * 358 + 1);
    expect(total.box!.x1).toBeGreaterThanOrEqual(60 + 0.8 * 384 - 1);
    expect(total.box!.y0).toBeLessThanOrEqual(108.37 + 0.8 * 648 + 1);
    expect(total.box!.y1).toBeGreaterThanOrEqual(108.37 + 0.8 * 654 - 1);
    expect(total.box!.x1 - total.box!.x0).toBeLessThan(80);
  }, OCR_TIMEOUT);

  it('detects a sideways page (quarter turn) from text-line samples', async () => {
    const pdf = await ImagePdf.open(new Uint8Array(readFileSync(FA05_SCAN)));
    try {
      const { info, page } = await pdf.pageImages(1, 0);
      const pixels = (await pdf.imagePixels(page, info.images[0]!))!;
      const threshold = otsuThreshold(pixels);
      const white = whitenPaper(pixels, threshold);
      const clean = eraseRules(white, findRules(white, { threshold, minLength: 60, maxThickness: 5, maxGap: 2 }), threshold);
      // Content turned a quarter clockwise needs three more quarters (270°) to be upright.
      expect(await detectOrientation(rotateQuarter(clean, 90).image, threshold, 200)).toBe(270);
      expect(await detectOrientation(clean, threshold, 200)).toBe(0);
    } finally {
      await pdf.close();
    }
  }, OCR_TIMEOUT);

  it('works with the network unplugged (no download, no fetch) in a separate process', async () => {
    const dist = join(root, 'dist', 'src', 'pipeline.js');
    if (!existsSync(dist)) throw new Error('dist/ is missing: run `npm test` (it builds first) or `npm run build`');
    const { stdout } = await promisify(execFile)(
      process.execPath,
      ['--require', join(root, 'tests', 'read', 'ocr-offline.cjs'), join(root, 'tests', 'read', 'ocr-offline-run.mjs'), FA01_SCAN],
      { cwd: root, env: { ...process.env, HTTP_PROXY: 'http://127.0.0.1:9', HTTPS_PROXY: 'http://127.0.0.1:9' }, timeout: OCR_TIMEOUT },
    );
    const out = JSON.parse(stdout.trim().split('\n').pop()!) as { fetchBlocked: boolean; pages: string[]; cells: { template: string; label: string; raw: string }[]; notes: string[] };
    expect(out.fetchBlocked).toBe(true);
    expect(out.pages).toEqual(['ocr']);
    expect(out.notes.join('\n')).not.toMatch(/could not be read/);
    expect(out.cells.filter((c) => c.template === 'FA01' && c.raw !== '').map((c) => `${c.label}=${c.raw}`)).toContain('一般公共服务支出=264.87');
  }, OCR_TIMEOUT);
});
