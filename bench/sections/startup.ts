import { join } from 'node:path';
import type { Context, Section } from '../lib/context.js';
import { CLI, ROOT, log, measure, median, r, table, tmp } from '../lib/util.js';

export interface StartupData {
  runs: number;
  help: { medianS: number; minS: number; maxS: number; peakRssMB: number };
  onePage: { file: string; medianS: number; minS: number; maxS: number; peakRssMB: number };
}

/** Start-up: `--help`, and `extract` of a one-page text dump (one FA01 table), each run several times in a fresh process. */
export async function startup(ctx: Context): Promise<Section<StartupData>> {
  const runs = ctx.quick ? 3 : 7;
  const help: number[] = [], helpRss: number[] = [];
  const one: number[] = [], oneRss: number[] = [];
  const file = join(ROOT, 'bench/fixtures/one-page.txt');
  const out = tmp('startup');
  log(`start-up: --help and a one-page text dump, ${runs} runs each`);
  for (let i = 0; i < runs; i++) {
    const h = await measure(process.execPath, [CLI, '--help']);
    if (h.exitCode !== 0) throw new Error(`--help exited ${h.exitCode}: ${h.stderr}`);
    help.push(h.wallS);
    helpRss.push(h.peakRssMB);
    const o = await measure(process.execPath, [CLI, 'extract', file, '--out', out, '--force']);
    if (o.exitCode !== 0 && o.exitCode !== 3) throw new Error(`extract one-page.txt exited ${o.exitCode}: ${o.stderr}`);
    one.push(o.wallS);
    oneRss.push(o.peakRssMB);
  }
  const data: StartupData = {
    runs,
    help: { medianS: r(median(help), 3), minS: r(Math.min(...help), 3), maxS: r(Math.max(...help), 3), peakRssMB: r(Math.max(...helpRss), 0) },
    onePage: { file: 'bench/fixtures/one-page.txt', medianS: r(median(one), 3), minS: r(Math.min(...one), 3), maxS: r(Math.max(...one), 3), peakRssMB: r(Math.max(...oneRss), 0) },
  };
  const text = table(
    ['command', 'median s', 'min s', 'max s', 'peak RSS MB', 'target'],
    [
      ['budget-tables --help', data.help.medianS, data.help.minS, data.help.maxS, data.help.peakRssMB, '< 0.5 s'],
      ['extract one-page.txt (1 table, writes JSON + dataset)', data.onePage.medianS, data.onePage.minS, data.onePage.maxS, data.onePage.peakRssMB, '< 0.5 s'],
    ],
  );
  return {
    tables: [{ title: `Start-up (median of ${runs} fresh processes)`, text }],
    data,
    targets: [
      { id: 'startup', target: 'start-up (--help, one-page text dump) < 0.5 s', value: `--help ${data.help.medianS} s, one page ${data.onePage.medianS} s`, met: data.help.medianS < 0.5 && data.onePage.medianS < 0.5 },
    ],
  };
}
