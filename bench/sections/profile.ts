import { existsSync, mkdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { corpusPdfs, type Context, type Section } from '../lib/context.js';
import { summariseProfiles, type ProfileSummary } from '../lib/profile.js';
import { CORPUS, ROOT, log, measure, r, table } from '../lib/util.js';

export interface StageTimes {
  pages: number;
  firstRunMs: number;
  readPdf: number;
  ocrCheck: number;
  layout: number;
  recognise: number;
  validate: number;
  json: number;
}

export interface ProfileData {
  /** Warm milliseconds per stage (median of 3 runs after a first), every corpus PDF (bench/stages-child.ts). */
  stages: Record<string, StageTimes>;
  /** Where the .cpuprofile files were left (open them in Chrome DevTools → Performance, or speedscope). */
  dir: string;
  pdf: { file: string; repeat: number; convertMs: number[]; wallS: number; summary: ProfileSummary };
  ocr: { file: string; convertMs: number[]; wallS: number; summary: ProfileSummary } | null;
}

async function profileOne(file: string, repeat: number, dir: string): Promise<{ convertMs: number[]; wallS: number; summary: ProfileSummary }> {
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  const m = await measure(process.execPath, ['--cpu-prof', `--cpu-prof-dir=${dir}`, join(ROOT, 'dist/bench/profile-child.js'), file, String(repeat)]);
  if (m.exitCode !== 0) throw new Error(`profile of ${file} failed: ${m.stderr.slice(-2000)}`);
  const { times } = JSON.parse(m.stdout.trim().split('\n').pop()!) as { times: number[] };
  return { convertMs: times, wallS: r(m.wallS), summary: summariseProfiles(dir) };
}

/** CPU profiles (node --cpu-prof, every thread) of one text-layer PDF and one scanned page, summarised. */
export async function profile(ctx: Context): Promise<Section<ProfileData>> {
  const dir = join(tmpdir(), 'budget-tables-bench-profiles');
  const pdf = join(CORPUS, 'putuo-planning-2024-final.pdf');
  const repeat = ctx.quick ? 1 : 3;
  log(`profile: ${pdf} (${repeat} conversions in one process)`);
  const p = await profileOne(pdf, repeat, join(dir, 'pdf'));
  const scan = join(ROOT, 'tests/fixtures/scan/putuo-social-work-p12-fa05.pdf');
  let o: ProfileData['ocr'] = null;
  if (existsSync(scan)) {
    log(`profile: ${scan} (one scanned page)`);
    o = { file: 'tests/fixtures/scan/putuo-social-work-p12-fa05.pdf', ...(await profileOne(scan, 1, join(dir, 'ocr'))) };
  }
  log('profile: stage times of every corpus PDF (warm, in one process)');
  const st = await measure(process.execPath, [join(ROOT, 'dist/bench/stages-child.js'), ...corpusPdfs()]);
  if (st.exitCode !== 0) throw new Error(`stages-child failed: ${st.stderr.slice(-2000)}`);
  const stages = JSON.parse(st.stdout.trim().split('\n').pop()!) as Record<string, StageTimes>;
  const data: ProfileData = { stages, dir, pdf: { file: 'corpus/putuo-planning-2024-final.pdf', repeat, ...p }, ocr: o };
  const show = (s: ProfileSummary) =>
    table(['category', 'ms', 'share'], s.categories.slice(0, 12).map((c) => [c.category, c.ms, `${c.share}%`])) +
    '\n\n' +
    table(['function (self time)', 'where', 'ms', 'share'], s.top.slice(0, 12).map((t) => [t.fn, t.where, t.selfMs, `${t.share}%`])) +
    '\n\n' +
    table(['function (inclusive time)', 'where', 'ms', 'share'], s.inclusive.slice(0, 12).map((t) => [t.fn, t.where, t.ms, `${t.share}%`]));
  const total = (x: StageTimes) => x.readPdf + x.ocrCheck + x.layout + x.recognise + x.validate + x.json;
  const stageRows = Object.entries(stages).map(([f, x]) => [f, x.pages, x.readPdf, x.ocrCheck, x.layout, x.recognise, x.validate, x.json, total(x), r(total(x) / x.pages, 1), `${Math.round(((x.readPdf + x.ocrCheck) / total(x)) * 100)}%`]);
  const tables = [{ title: 'Stages of a text-layer PDF, warm, ms (read = pdf.js text layer; OCR check = re-opening the PDF for pages with few amounts)', text: table(['file', 'pages', 'read', 'OCR check', 'layout', 'recognise', 'validate', 'JSON', 'total', 'ms/page', 'read share'], stageRows) }];
  tables.push({ title: `Profile: ${data.pdf.file}, ${repeat} conversions (${p.convertMs.join(' / ')} ms), ${p.summary.busyMs} ms busy over ${p.summary.threads} thread(s)`, text: show(p.summary) });
  if (o) tables.push({ title: `Profile: ${o.file}, one scanned page (${o.convertMs.join(' / ')} ms), ${o.summary.busyMs} ms busy over ${o.summary.threads} threads`, text: show(o.summary) });
  return { tables, data, targets: [] };
}
