import { existsSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import type { Context, Section } from '../lib/context.js';
import { CLI, CORPUS, ROOT, log, measure, median, r, table, tmp } from '../lib/util.js';

/** A 40-page budget with ten tables on 18 of its pages: issue 17's "typical 40-page document". */
const DOC = 'field/hangzhou-sifaju-2026-budget.pdf';
const MAX_BYTES = 1.5 * 1024 * 1024;
const MAX_CPU_S = 2;

interface Spread {
  min: number;
  median: number;
  max: number;
}

export interface ReportData {
  file: string;
  pages: number;
  runs: number;
  bytes: number;
  pageImages: number;
  imageBytes: number;
  /** The whole `budget-tables report` process, seconds (CPU: user + system, every thread). */
  cpuS: Spread;
  wallS: Spread;
  /** In one process (bench/report-child.ts), CPU seconds per stage, median over the runs. */
  stages: { load: number; json: number; pages: number; html: number; write: number };
  noPages: { bytes: number; cpuS: Spread };
}

const spread = (xs: number[], digits = 2): Spread => ({ min: r(Math.min(...xs), digits), median: r(median(xs), digits), max: r(Math.max(...xs), digits) });

/**
 * `budget-tables report` of one 40-page PDF's output, in fresh processes: size and CPU time
 * against issue 17's target (under 1.5 MB and 2 s), with and without page images, and where the
 * time goes (bench/report-child.ts: loading, page images, HTML, writing).
 */
export async function report(ctx: Context): Promise<Section<ReportData>> {
  const pdf = join(CORPUS, DOC);
  if (!existsSync(pdf)) return { tables: [], data: { skipped: `${pdf} is missing` }, targets: [] };
  const out = tmp('report');
  log(`report: extracting ${DOC}`);
  const x = await measure(process.execPath, [CLI, 'extract', pdf, '--out', out, '--force', '--no-dataset']);
  if (x.exitCode !== 0 && x.exitCode !== 3) throw new Error(`extract ${DOC} exited ${x.exitCode}: ${x.stderr.slice(-2000)}`);
  const json = join(out, DOC.replace(/^.*\//, '').replace(/\.pdf$/, '.json'));
  const html = json.replace(/\.json$/, '.html');
  const result = JSON.parse(readFileSync(json, 'utf8')) as { source: { pageCount: number } };
  const runs = ctx.quick ? 2 : 7;
  const cpu: number[] = [];
  const wall: number[] = [];
  const cpuNo: number[] = [];
  const stageRuns: ReportData['stages'][] = [];
  let bytes = 0;
  let noBytes = 0;
  let images = { pageImages: 0, imageBytes: 0 };
  log(`report: ${runs} runs of budget-tables report (with page images, without, and the stages in one process, in turn)`);
  // Interleaved, so that a change in the machine's load touches all three alike.
  for (let i = 0; i < runs; i++) {
    const m = await measure(process.execPath, [CLI, 'report', json, '--source', join(CORPUS, 'field'), '--no-index']);
    if (m.exitCode !== 0) throw new Error(`report exited ${m.exitCode}: ${m.stderr.slice(-2000)}`);
    cpu.push(m.userS + m.sysS);
    wall.push(m.wallS);
    bytes = statSync(html).size;
    const n = await measure(process.execPath, [CLI, 'report', json, '--no-pages', '--no-index']);
    if (n.exitCode !== 0) throw new Error(`report --no-pages exited ${n.exitCode}: ${n.stderr.slice(-2000)}`);
    cpuNo.push(n.userS + n.sysS);
    noBytes = statSync(html).size;
    const s = await measure(process.execPath, [join(ROOT, 'dist/bench/report-child.js'), json, pdf, join(out, 'child.html')]);
    if (s.exitCode !== 0) throw new Error(`report-child exited ${s.exitCode}: ${s.stderr.slice(-2000)}`);
    const parsed = JSON.parse(s.stdout.trim().split('\n').pop()!) as ReportData['stages'] & { pageImages: number; imageBytes: number };
    images = { pageImages: parsed.pageImages, imageBytes: parsed.imageBytes };
    stageRuns.push({ load: parsed.load, json: parsed.json, pages: parsed.pages, html: parsed.html, write: parsed.write });
  }
  const med = (k: keyof ReportData['stages']) => r(median(stageRuns.map((s) => s[k])), 2);
  const data: ReportData = {
    file: `corpus/${DOC}`,
    pages: result.source.pageCount,
    runs,
    bytes,
    ...images,
    cpuS: spread(cpu),
    wallS: spread(wall),
    stages: { load: med('load'), json: med('json'), pages: med('pages'), html: med('html'), write: med('write') },
    noPages: { bytes: noBytes, cpuS: spread(cpuNo) },
  };
  const mb = (b: number) => r(b / 1024 / 1024, 2);
  const text = table(
    ['report', 'MB', 'page images', 'CPU s min', 'median', 'max', 'wall s median'],
    [
      ['with page images', mb(bytes), `${images.pageImages} (${r(images.imageBytes / 1024, 0)} KB)`, data.cpuS.min, data.cpuS.median, data.cpuS.max, data.wallS.median],
      ['--no-pages', mb(noBytes), 0, data.noPages.cpuS.min, data.noPages.cpuS.median, data.noPages.cpuS.max, ''],
    ],
  );
  const stages = table(
    ['stage (one process, CPU s, median)', 's'],
    [
      ['load modules', data.stages.load],
      ['read the JSON', data.stages.json],
      ['page images (pdf.js draws, gray PNG encodes)', data.stages.pages],
      ['HTML', data.stages.html],
      ['write', data.stages.write],
    ],
    { left: true },
  );
  const met = bytes < MAX_BYTES && data.cpuS.median < MAX_CPU_S;
  return {
    tables: [
      { title: `Review report of ${data.file} (${data.pages} pages), ${runs} fresh processes each`, text },
      { title: 'Where a report\'s time goes', text: stages },
    ],
    data,
    targets: [
      {
        id: 'report',
        target: `report of a ${data.pages}-page document < 1.5 MB and < ${MAX_CPU_S} s CPU (issue 17)`,
        value: `${mb(bytes)} MB, ${data.cpuS.median} s CPU (min ${data.cpuS.min}, max ${data.cpuS.max}; wall ${data.wallS.median} s)`,
        met,
      },
    ],
  };
}
