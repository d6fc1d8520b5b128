import { spawnSync } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { basename, join } from 'node:path';
import { distinctCopy, fileEvents, pdfPagesFallback, type Context, type Section } from '../lib/context.js';
import { corpusPdfs } from '../lib/context.js';
import { CLI, log, mapLimit, measure, median, r, sum, table, times, tmp } from '../lib/util.js';

interface Run {
  wallS: number;
  cpuS: number;
  peakRssMB: number;
  pagesPerS: number;
}

export interface TextPdfRow {
  file: string;
  pages: number;
  copies: number;
  ours: Run & { medianConvertMs: number };
  pdftotext: Run;
  /** Our wall time / pdftotext's, the same copies at the same parallelism. */
  ratioWall: number;
  ratioCpu: number;
  /** One copy in a fresh process each (start-up included). */
  single: { oursS: number; pdftotextS: number; ratio: number };
}

export interface TextPdfData {
  concurrency: number;
  copies: number;
  method: string;
  files: TextPdfRow[];
  overall: { pages: number; oursWallS: number; pdftotextWallS: number; ratioWall: number; oursCpuS: number; pdftotextCpuS: number; ratioCpu: number; oursPagesPerS: number; pdftotextPagesPerS: number; peakRssMB: number; singleRatio: number };
}

function pdfPages(path: string, poppler: boolean): number {
  if (poppler) {
    const m = /Pages:\s+(\d+)/.exec(spawnSync('pdfinfo', [path], { encoding: 'utf8' }).stdout ?? '');
    if (m) return Number(m[1]);
  }
  return pdfPagesFallback(path);
}

/**
 * Text-layer PDFs: each corpus PDF copied N times (distinct content) into a folder and converted
 * by the real CLI in one run (default concurrency = cores, --force), against `pdftotext -layout`
 * on the same copies run as many at a time.
 */
export async function textPdf(ctx: Context): Promise<Section<TextPdfData>> {
  const copies = ctx.quick ? 3 : 10;
  const conc = ctx.machine.cores;
  const rows: TextPdfRow[] = [];
  for (const pdf of corpusPdfs()) {
    const name = basename(pdf);
    const pages = pdfPages(pdf, ctx.tools.poppler);
    const dir = join(ctx.work, 'text-pdf', name);
    mkdirSync(dir, { recursive: true });
    const files = Array.from({ length: copies }, (_, i) => distinctCopy(pdf, dir, i));
    log(`text-layer PDF: ${name} (${pages} pages) × ${copies}: budget-tables extract`);
    const out = tmp('textpdf-out');
    const ours = await measure(process.execPath, [CLI, 'extract', dir, '--out', out, '--force', '--json-log']);
    if (ours.exitCode !== 0 && ours.exitCode !== 3) throw new Error(`extract ${name} copies exited ${ours.exitCode}: ${ours.stderr.slice(-2000)}`);
    const events = fileEvents(ours.stderr);
    const failed = events.filter((e) => e.status === 'failed');
    if (failed.length) throw new Error(`${failed.length} copies of ${name} failed`);
    const single = await measure(process.execPath, [CLI, 'extract', files[0]!, '--out', tmp('textpdf-single'), '--force']);
    let pt: Run = { wallS: NaN, cpuS: NaN, peakRssMB: NaN, pagesPerS: NaN };
    let ptSingle = NaN;
    if (ctx.tools.poppler) {
      // pdftotext takes a fraction of a second: the best of three runs, so that a busy moment of the machine does not decide the ratio.
      log(`text-layer PDF: ${name} × ${copies}: pdftotext -layout, ${conc} at a time, best of 3`);
      for (let rep = 0; rep < 3; rep++) {
        const t0 = process.hrtime.bigint();
        const each = await mapLimit(files, conc, (f) => measure('pdftotext', ['-layout', f, join(out, `${basename(f)}.txt`)]));
        const wall = Number(process.hrtime.bigint() - t0) / 1e9;
        if (each.some((m) => m.exitCode !== 0)) throw new Error(`pdftotext failed on ${name}`);
        if (!(wall >= pt.wallS)) pt = { wallS: wall, cpuS: sum(each.map((m) => m.userS + m.sysS)), peakRssMB: Math.max(...each.map((m) => m.peakRssMB)), pagesPerS: (pages * copies) / wall };
        const one = (await measure('pdftotext', ['-layout', files[0]!, join(out, 'single.txt')])).wallS;
        if (!(one >= ptSingle)) ptSingle = one;
      }
    }
    rows.push({
      file: name,
      pages,
      copies,
      ours: { wallS: r(ours.wallS), cpuS: r(ours.userS + ours.sysS), peakRssMB: r(ours.peakRssMB, 0), pagesPerS: r((pages * copies) / ours.wallS, 1), medianConvertMs: Math.round(median(events.map((e) => e.durationMs))) },
      pdftotext: { wallS: r(pt.wallS, 3), cpuS: r(pt.cpuS, 3), peakRssMB: r(pt.peakRssMB, 0), pagesPerS: r(pt.pagesPerS, 1) },
      ratioWall: r(ours.wallS / pt.wallS, 1),
      ratioCpu: r((ours.userS + ours.sysS) / pt.cpuS, 1),
      single: { oursS: r(single.wallS), pdftotextS: r(ptSingle, 3), ratio: r(single.wallS / ptSingle, 1) },
    });
  }
  const P = sum(rows.map((x) => x.pages * x.copies));
  const ow = sum(rows.map((x) => x.ours.wallS)), pw = sum(rows.map((x) => x.pdftotext.wallS));
  const oc = sum(rows.map((x) => x.ours.cpuS)), pc = sum(rows.map((x) => x.pdftotext.cpuS));
  const data: TextPdfData = {
    concurrency: conc,
    copies,
    method: `each PDF copied ${copies}× (distinct content) into a folder; budget-tables extract <folder> --out <tmp> --force --json-log (default concurrency = ${conc} cores), one run, vs pdftotext -layout on the same copies, ${conc} processes at a time, best of 3 runs; single file: one copy in a fresh process (pdftotext: best of 3); wall time by the monotonic clock, CPU and peak RSS by GNU time (or /proc)`,
    files: rows,
    overall: {
      pages: P,
      oursWallS: r(ow),
      pdftotextWallS: r(pw, 3),
      ratioWall: r(ow / pw, 1),
      oursCpuS: r(oc),
      pdftotextCpuS: r(pc, 3),
      ratioCpu: r(oc / pc, 1),
      oursPagesPerS: r(P / ow, 1),
      pdftotextPagesPerS: r(P / pw, 1),
      peakRssMB: Math.max(...rows.map((x) => x.ours.peakRssMB)),
      singleRatio: r(sum(rows.map((x) => x.single.oursS)) / sum(rows.map((x) => x.single.pdftotextS)), 1),
    },
  };
  const text = table(
    ['file', 'pages×copies', 'ours s', 'ours pages/s', 'ours CPU s', 'peak RSS MB', 'pdftotext s', 'pdftotext pages/s', 'ratio wall', 'ratio CPU', 'single file: ours s / pdftotext s'],
    [
      ...rows.map((x) => [x.file, `${x.pages}×${x.copies}`, x.ours.wallS, x.ours.pagesPerS, x.ours.cpuS, x.ours.peakRssMB, x.pdftotext.wallS, x.pdftotext.pagesPerS, times(x.ratioWall), times(x.ratioCpu), Number.isFinite(x.single.ratio) ? `${x.single.oursS} / ${x.single.pdftotextS} = ${x.single.ratio}×` : `${x.single.oursS} / –`]),
      ['overall', String(P) + ' pages', data.overall.oursWallS, data.overall.oursPagesPerS, data.overall.oursCpuS, data.overall.peakRssMB, data.overall.pdftotextWallS, data.overall.pdftotextPagesPerS, times(data.overall.ratioWall), times(data.overall.ratioCpu), times(data.overall.singleRatio)],
    ],
  );
  return {
    tables: [{ title: `Text-layer PDFs: budget-tables extract vs pdftotext -layout (${copies} copies per file, ${conc} at a time)`, text }],
    data,
    targets: [
      {
        id: 'text-pdf',
        target: 'text-layer PDF end to end within 3× of pdftotext -layout wall time',
        value: ctx.tools.poppler ? `${data.overall.ratioWall}× overall (per file ${rows.map((x) => `${x.ratioWall}×`).join(', ')}); single file cold ${data.overall.singleRatio}×` : 'pdftotext missing',
        met: ctx.tools.poppler ? data.overall.ratioWall <= 3 : null,
      },
    ],
  };
}
