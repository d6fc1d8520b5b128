import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import type { Context, Section } from '../lib/context.js';
import { goldenFiles, scoreCells, tokenRecall, type CellScore, type GoldenCell } from '../lib/golden.js';
import { readTsv, recogniseNative, tsvToPage } from '../lib/native-ocr.js';
import { actualCells } from '../lib/golden.js';
import { makeScanPdf, DEFAULT_SCAN, type ScanOptions } from '../lib/scan.js';
import { CORPUS, ROOT, log, mapLimit, measure, r, sum, table } from '../lib/util.js';

interface Item {
  name: string;
  pdf: string;
  /** Corpus PDF the bench scans (when `pdf` is empty) and how. */
  source?: string;
  scan?: ScanOptions;
  /** Source pages (in the corpus PDF) of the scan's pages 1..n. */
  sourcePages: number[];
  golden: GoldenCell[];
  origin: string;
}

interface Timing {
  wallS: number;
  cpuS: number;
  sPerPage: number;
  cpuSPerPage: number;
  peakRssMB: number;
}

export interface OcrRow {
  item: string;
  origin: string;
  pages: number;
  goldenCells: number;
  ours: Timing & { convertS: number; convertCpuS: number; workers: number; cells: CellScore; tokens: { found: number; expected: number; share: number }; perPageSeconds: number[] };
  native: (Timing & { cells: CellScore; tokens: { found: number; expected: number; share: number }; turns: number[] }) | null;
  ratioWall: number;
  ratioCpu: number;
}

export interface OcrData {
  method: string;
  nativeCommand: string;
  nativeDefaultThreads: { pages: number; sPerPage: number; cpuSPerPage: number } | null;
  items: OcrRow[];
  overall: {
    pages: number;
    ours: { sPerPage: number; cpuSPerPage: number; exact: number; expected: number; share: number; tokenShare: number };
    native: { sPerPage: number; cpuSPerPage: number; exact: number; expected: number; share: number; tokenShare: number } | null;
    ratioWall: number;
    ratioCpu: number;
  };
}

function goldenFor(corpusPdf: string): GoldenCell[] | null {
  const g = goldenFiles().find((x) => x.file === corpusPdf);
  return g ? g.golden.cells : null;
}

function items(ctx: Context): Item[] {
  const out: Item[] = [];
  // 1. Made here: every table page of a corpus PDF with golden cells, "scanned".
  const src = 'putuo-social-work-2024-final.pdf';
  const cells = goldenFor(src);
  if (cells) {
    const pages = [...new Set(cells.map((c) => c.page).filter((p): p is number => typeof p === 'number'))].sort((a, b) => a - b);
    const sel = ctx.quick ? pages.slice(0, 2) : pages;
    const first = sel[0]!, last = sel[sel.length - 1]!;
    const range = Array.from({ length: last - first + 1 }, (_, i) => first + i);
    out.push({ name: `${src.replace(/\.pdf$/, '')}.p${first}-${last}.scan.pdf`, pdf: '', source: src, sourcePages: range, golden: cells.filter((c) => range.includes(c.page!)), origin: `made by the bench: pdftoppm ${DEFAULT_SCAN.dpi} dpi grey, turned ±0.8°, noise σ=${DEFAULT_SCAN.noise}, JPEG q${DEFAULT_SCAN.quality}` });
  }
  // 1b. Dense small print (hanyang, 7-point tables) under three scanners: grey JPEG at 200 dpi,
  // a coarse 150 dpi grey JPEG, and 300 dpi black and white (1 bit per pixel).
  const dense = 'hanyang-party-office-2023-final.chromium.pdf';
  const denseCells = goldenFor(dense);
  if (denseCells && !ctx.quick) {
    // Its golden cells carry no page numbers: the whole document is scanned.
    const pages = [...new Set(denseCells.map((c) => c.page).filter((p): p is number => typeof p === 'number'))].sort((a, b) => a - b);
    const count = Number(/Pages:\s+(\d+)/.exec(spawnSync('pdfinfo', [join(CORPUS, dense)], { encoding: 'utf8' }).stdout)?.[1] ?? 0);
    const first = pages[0] ?? 1, last = pages[pages.length - 1] ?? count;
    const range = Array.from({ length: last - first + 1 }, (_, i) => first + i);
    const variants: [string, ScanOptions, string][] = [
      ['200dpi-grey', DEFAULT_SCAN, `pdftoppm ${DEFAULT_SCAN.dpi} dpi grey, turned ±0.8°, noise σ=${DEFAULT_SCAN.noise}, JPEG q${DEFAULT_SCAN.quality}`],
      ['150dpi-grey', { ...DEFAULT_SCAN, dpi: 150, quality: 50 }, `pdftoppm 150 dpi grey, turned ±0.8°, noise σ=${DEFAULT_SCAN.noise}, JPEG q50`],
      ['300dpi-bw', { ...DEFAULT_SCAN, dpi: 300, noise: 0, mode: 'bilevel' }, 'pdftoppm 300 dpi, turned ±0.8°, black and white (1 bit, Flate)'],
    ];
    for (const [tag, scan, how] of variants) {
      out.push({ name: `${dense.replace(/\.pdf$/, '')}.p${first}-${last}.${tag}.scan.pdf`, pdf: '', source: dense, scan, sourcePages: range, golden: pages.length ? denseCells.filter((c) => range.includes(c.page!)) : denseCells, origin: `made by the bench: ${how}` });
    }
  }
  // 2. The committed scan fixtures (tests/fixtures/scan/<source>-p<N>[-<M>]-….pdf).
  const dir = join(ROOT, 'tests/fixtures/scan');
  if (existsSync(dir) && !ctx.quick) {
    for (const f of readdirSync(dir).filter((x) => x.endsWith('.pdf')).sort()) {
      const m = /^(.+?)-p(\d+)(?:-(\d+))?-/.exec(f);
      if (!m) continue;
      const srcPdf = readdirSync(CORPUS).find((c) => c.endsWith('.pdf') && c.startsWith(m[1]!));
      const g = srcPdf ? goldenFor(srcPdf) : null;
      if (!g) continue;
      const a = Number(m[2]), b = Number(m[3] ?? m[2]);
      const range = Array.from({ length: b - a + 1 }, (_, i) => a + i);
      out.push({ name: f, pdf: join(dir, f), sourcePages: range, golden: g.filter((c) => range.includes(c.page!)), origin: 'tests/fixtures/scan (scripts/make-scans.sh)' });
    }
  }
  return out;
}

/** The page images as stored in a scan PDF (pdfimages -j: JPEGs as they are), with their resolution. */
function pageImages(pdf: string, dir: string): { file: string; dpi: number; width: number; height: number }[] {
  mkdirSync(dir, { recursive: true });
  const r1 = spawnSync('pdfimages', ['-j', '-png', pdf, join(dir, 'img')], { encoding: 'utf8' });
  if (r1.status !== 0) throw new Error(`pdfimages failed: ${r1.stderr}`);
  const list = spawnSync('pdfimages', ['-list', pdf], { encoding: 'utf8' }).stdout.split('\n').slice(2).filter((l) => l.trim());
  const files = readdirSync(dir).filter((f) => f.startsWith('img-')).sort();
  return files.map((f, i) => {
    const cols = (list[i] ?? '').trim().split(/\s+/);
    // page num type width height color comp bpc enc interp object ID x-ppi y-ppi size ratio
    return { file: join(dir, f), width: Number(cols[3]), height: Number(cols[4]), dpi: Math.round(Number(cols[12]) || 200) };
  });
}

const NATIVE_ARGS = ['-l', 'chi_sim+eng', '--psm', '1'];

/**
 * OCR: scanned pages through the project's OCR path (tesseract.js pool, src/read/ocr*.ts), run
 * in a child process (bench/ocr-child.ts) under GNU time, against native tesseract on the same
 * page images (the JPEGs stored in the scan PDFs), one process per page, as many at a time as
 * there are cores, each limited to one thread (OMP_THREAD_LIMIT=1, its fastest setting for
 * throughput; see nativeDefaultThreads for its out-of-the-box OpenMP setting).
 */
export async function ocr(ctx: Context): Promise<Section<OcrData>> {
  if (!ctx.tools.poppler) return { tables: [], data: { skipped: 'poppler-utils missing (pdftoppm/pdfimages are needed to make and unpack the scans)' }, targets: [{ id: 'ocr', target: 'OCR within 1.5× of native tesseract per page at equal or better cell accuracy', value: 'not measured (poppler-utils missing)', met: null }] };
  const child = join(ROOT, 'dist/bench/ocr-child.js');
  const rows: OcrRow[] = [];
  let nativeDefault: OcrData['nativeDefaultThreads'] = null;
  for (const it of items(ctx)) {
    const work = join(ctx.work, 'ocr', it.name);
    mkdirSync(work, { recursive: true });
    if (!it.pdf) {
      log(`OCR: making ${it.name} (${it.sourcePages.length} pages)`);
      it.pdf = join(work, it.name);
      mkdirSync(join(work, 'render'), { recursive: true });
      await makeScanPdf(join(CORPUS, it.source!), it.sourcePages[0]!, it.sourcePages[it.sourcePages.length - 1]!, it.pdf, join(work, 'render'), it.scan ?? DEFAULT_SCAN);
    }
    const pages = it.sourcePages.length;
    log(`OCR: ${it.name}: budget-tables (tesseract.js), ${pages} pages`);
    const outJson = join(work, 'ours.json');
    const m = await measure(process.execPath, [child, it.pdf, outJson]);
    if (m.exitCode !== 0) throw new Error(`ocr-child failed on ${it.name}: ${m.stderr.slice(-2000)}`);
    const o = JSON.parse(readFileSync(outJson, 'utf8')) as { convertS: number; convertCpuS: number; ocrWorkers: number; ocrPages: { page: number; seconds: number }[]; tokens: { text: string }[]; cells: GoldenCell[] };
    const ours: OcrRow['ours'] = {
      wallS: r(m.wallS),
      cpuS: r(m.userS + m.sysS),
      sPerPage: r(m.wallS / pages),
      cpuSPerPage: r((m.userS + m.sysS) / pages),
      peakRssMB: r(m.peakRssMB, 0),
      convertS: r(o.convertS),
      convertCpuS: r(o.convertCpuS),
      workers: o.ocrWorkers,
      cells: scoreCells(it.golden, o.cells),
      tokens: tokenRecall(it.golden, o.tokens.map((t) => t.text)),
      perPageSeconds: o.ocrPages.map((p) => r(p.seconds)),
    };
    let native: OcrRow['native'] = null;
    if (ctx.tools.tesseract) {
      const imgs = pageImages(it.pdf, join(work, 'images'));
      if (imgs.length !== pages) throw new Error(`${it.name}: ${imgs.length} images for ${pages} pages`);
      log(`OCR: ${it.name}: native tesseract ${NATIVE_ARGS.join(' ')}, ${ctx.machine.cores} pages at a time`);
      const env = { ...process.env, OMP_THREAD_LIMIT: '1' };
      const t0 = process.hrtime.bigint();
      const each = await mapLimit(imgs, ctx.machine.cores, (img, i) => measure('tesseract', [img.file, join(work, `native-${i + 1}`), ...NATIVE_ARGS, '--dpi', String(img.dpi), 'tsv'], { env }));
      const wall = Number(process.hrtime.bigint() - t0) / 1e9;
      if (each.some((x) => x.exitCode !== 0)) throw new Error(`tesseract failed on ${it.name}: ${each.find((x) => x.exitCode !== 0)!.stderr}`);
      const words = imgs.map((_, i) => readTsv(join(work, `native-${i + 1}.tsv`)));
      const built = imgs.map((img, i) => tsvToPage(words[i]!, i + 1, img.width, img.height, img.dpi));
      const res = recogniseNative(built.map((b) => b.page), it.name);
      writeFileSync(join(work, 'native-result.json'), JSON.stringify(res));
      const cpu = sum(each.map((x) => x.userS + x.sysS));
      native = {
        wallS: r(wall),
        cpuS: r(cpu),
        sPerPage: r(wall / pages),
        cpuSPerPage: r(cpu / pages),
        peakRssMB: r(Math.max(...each.map((x) => x.peakRssMB)), 0),
        cells: scoreCells(it.golden, actualCells(res)),
        tokens: tokenRecall(it.golden, words.flat().map((w) => w.text)),
        turns: built.map((b) => b.turn),
      };
      if (!nativeDefault && !ctx.quick) {
        const sample = imgs.slice(0, 2);
        log(`OCR: native tesseract with its default threads (OpenMP), ${sample.length} pages one at a time`);
        const runs = [];
        for (const [i, img] of sample.entries()) runs.push(await measure('tesseract', [img.file, join(work, `native-default-${i + 1}`), ...NATIVE_ARGS, '--dpi', String(img.dpi), 'tsv']));
        nativeDefault = { pages: sample.length, sPerPage: r(sum(runs.map((x) => x.wallS)) / sample.length), cpuSPerPage: r(sum(runs.map((x) => x.userS + x.sysS)) / sample.length) };
      }
    }
    rows.push({ item: it.name, origin: it.origin, pages, goldenCells: it.golden.length, ours, native, ratioWall: native ? r(ours.wallS / native.wallS, 1) : NaN, ratioCpu: native ? r(ours.cpuS / native.cpuS, 1) : NaN });
  }
  const P = sum(rows.map((x) => x.pages));
  const E = sum(rows.map((x) => x.ours.cells.expected));
  const T = sum(rows.map((x) => x.ours.tokens.expected));
  const haveNative = rows.every((x) => x.native);
  const data: OcrData = {
    method:
      'ours: node dist/bench/ocr-child.js <scan.pdf> (src/pipeline.ts convertBytes: pdf.js, OCR of image-only pages by the tesseract.js pool, layout, recognise, validate) under GNU time; wall and CPU of the whole process (start-up, traineddata loading and worker start included) per page. ' +
      'native: tesseract <page image> <out> ' + NATIVE_ARGS.join(' ') + ' --dpi <dpi> tsv, one process per page, OMP_THREAD_LIMIT=1, as many at a time as there are cores; its TSV words go through the project\'s layout/recognise/validate (bench/lib/native-ocr.ts). ' +
      'Cells: golden cells of the scanned pages reproduced with the same amount and printed string. Tokens: share of the golden printed numbers found among the OCR words (multiset, thousands separators and spaces ignored).',
    nativeCommand: `OMP_THREAD_LIMIT=1 tesseract <image> <out> ${NATIVE_ARGS.join(' ')} --dpi <dpi> tsv`,
    nativeDefaultThreads: nativeDefault,
    items: rows,
    overall: {
      pages: P,
      ours: {
        sPerPage: r(sum(rows.map((x) => x.ours.wallS)) / P),
        cpuSPerPage: r(sum(rows.map((x) => x.ours.cpuS)) / P),
        exact: sum(rows.map((x) => x.ours.cells.exact)),
        expected: E,
        share: r(sum(rows.map((x) => x.ours.cells.exact)) / E, 4),
        tokenShare: r(sum(rows.map((x) => x.ours.tokens.found)) / T, 4),
      },
      native: haveNative
        ? {
            sPerPage: r(sum(rows.map((x) => x.native!.wallS)) / P),
            cpuSPerPage: r(sum(rows.map((x) => x.native!.cpuS)) / P),
            exact: sum(rows.map((x) => x.native!.cells.exact)),
            expected: E,
            share: r(sum(rows.map((x) => x.native!.cells.exact)) / E, 4),
            tokenShare: r(sum(rows.map((x) => x.native!.tokens.found)) / T, 4),
          }
        : null,
      ratioWall: haveNative ? r(sum(rows.map((x) => x.ours.wallS)) / sum(rows.map((x) => x.native!.wallS)), 1) : NaN,
      ratioCpu: haveNative ? r(sum(rows.map((x) => x.ours.cpuS)) / sum(rows.map((x) => x.native!.cpuS)), 1) : NaN,
    },
  };
  const pct = (x: number) => (Number.isFinite(x) ? `${(x * 100).toFixed(1)}%` : '–');
  const text = table(
    ['scan', 'pages', 'tool', 's/page (wall)', 'CPU s/page', 'peak RSS MB', 'cells exact', 'numbers found (tokens)'],
    [
      ...rows.flatMap((x) => [
        [basename(x.item), x.pages, `budget-tables (tesseract.js ×${x.ours.workers})`, x.ours.sPerPage, x.ours.cpuSPerPage, x.ours.peakRssMB, `${x.ours.cells.exact}/${x.ours.cells.expected} ${pct(x.ours.cells.share)}`, `${x.ours.tokens.found}/${x.ours.tokens.expected} ${pct(x.ours.tokens.share)}`],
        ...(x.native ? [['', '', 'native tesseract 5 (OMP=1)', x.native.sPerPage, x.native.cpuSPerPage, x.native.peakRssMB, `${x.native.cells.exact}/${x.native.cells.expected} ${pct(x.native.cells.share)}`, `${x.native.tokens.found}/${x.native.tokens.expected} ${pct(x.native.tokens.share)}`]] : []),
        ...(x.native ? [['', '', 'ratio ours/native', `${x.ratioWall}×`, `${x.ratioCpu}×`, '', '', '']] : []),
      ]),
      ['all', P, 'budget-tables', data.overall.ours.sPerPage, data.overall.ours.cpuSPerPage, '', `${data.overall.ours.exact}/${E} ${pct(data.overall.ours.share)}`, pct(data.overall.ours.tokenShare)],
      ...(data.overall.native ? [['', '', 'native tesseract', data.overall.native.sPerPage, data.overall.native.cpuSPerPage, '', `${data.overall.native.exact}/${E} ${pct(data.overall.native.share)}`, pct(data.overall.native.tokenShare)], ['', '', 'ratio ours/native', `${data.overall.ratioWall}×`, `${data.overall.ratioCpu}×`, '', '', '']] : []),
    ],
  );
  const tables = [{ title: `OCR: scanned pages, budget-tables (tesseract.js) vs native tesseract on the same page images (${ctx.machine.cores} cores each)`, text }];
  if (nativeDefault) tables.push({ title: 'Native tesseract out of the box (OpenMP threads, one page at a time)', text: table(['pages', 's/page', 'CPU s/page'], [[nativeDefault.pages, nativeDefault.sPerPage, nativeDefault.cpuSPerPage]]) });
  const n = data.overall.native;
  return {
    tables,
    data,
    targets: [
      {
        id: 'ocr',
        target: 'OCR within 1.5× of native tesseract per page at equal or better cell accuracy',
        value: n
          ? `${data.overall.ratioWall}× wall, ${data.overall.ratioCpu}× CPU per page vs native at OMP_THREAD_LIMIT=1 (${data.overall.ours.sPerPage} vs ${n.sPerPage} s/page)` +
            (nativeDefault ? `; ${r(data.overall.ours.sPerPage / nativeDefault.sPerPage, 2)}× vs native out of the box (${nativeDefault.sPerPage} s/page)` : '') +
            `; cells exact ${pct(data.overall.ours.share)} vs ${pct(n.share)} (numbers found ${pct(data.overall.ours.tokenShare)} vs ${pct(n.tokenShare)})`
          : 'native tesseract missing',
        met: n ? data.overall.ratioWall <= 1.5 && data.overall.ours.share >= n.share : null,
      },
    ],
  };
}
