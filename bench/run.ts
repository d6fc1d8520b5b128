/**
 * `npm run bench`: speed, memory and accuracy of budget-tables against the tools a user would
 * pick instead (pdftotext -layout for text-layer PDFs, native tesseract for scans). Prints
 * tables and writes bench/results.json. See docs/performance.md for what the figures mean.
 *
 * usage: node dist/bench/run.js [--only s1,s2] [--skip s1,s2] [--quick] [--no-install] [--keep] [--out file]
 *        [--real DIR] [--real-count N]   (memory section: the real documents, and the long unattended run)
 *        [--node-versions 22,24]         (node section: the Node.js versions to test, from the npm registry)
 * sections: startup, accuracy, text-pdf, scaling, ocr, profile, report, memory, node (in that order)
 */
import { existsSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ensureTools } from './lib/deps.js';
import type { Context, Section, Target } from './lib/context.js';
import { CLI, ROOT, loadAvg, log, machine, r, scratchRoot, table } from './lib/util.js';
import { accuracy } from './sections/accuracy.js';
import { memory } from './sections/memory.js';
import { node } from './sections/node.js';
import { ocr } from './sections/ocr.js';
import { profile } from './sections/profile.js';
import { report } from './sections/report.js';
import { scaling } from './sections/scaling.js';
import { startup } from './sections/startup.js';
import { textPdf } from './sections/text-pdf.js';
import { TOOL } from '../src/version.js';

const SECTIONS: Record<string, (ctx: Context) => Promise<Section<unknown>>> = {
  startup,
  accuracy,
  'text-pdf': textPdf,
  scaling,
  ocr,
  profile,
  report,
  memory,
  node,
};

function arg(name: string): string | null {
  const i = process.argv.indexOf(name);
  return i >= 0 ? (process.argv[i + 1] ?? null) : null;
}

async function main(): Promise<number> {
  const only = arg('--only')?.split(',').filter(Boolean) ?? null;
  const skip = arg('--skip')?.split(',').filter(Boolean) ?? [];
  const unknown = [...(only ?? []), ...skip].filter((s) => !(s in SECTIONS));
  if (unknown.length) {
    process.stderr.write(`bench: unknown section ${unknown.join(', ')} (sections: ${Object.keys(SECTIONS).join(', ')})\n`);
    return 2;
  }
  const quick = process.argv.includes('--quick');
  const outFile = arg('--out') ?? join(ROOT, 'bench/results.json');
  if (!existsSync(CLI)) {
    process.stderr.write(`bench: ${CLI} is missing: run npm ci (or npm run build) first\n`);
    return 1;
  }
  const started = Date.now();
  const tools = ensureTools({ install: !process.argv.includes('--no-install') });
  for (const m of tools.missing) log(`MISSING ${m}`);
  const ctx: Context = { tools, machine: machine(), quick, work: scratchRoot() };
  log(`machine: ${ctx.machine.cpu}, ${ctx.machine.cores} cores, ${ctx.machine.ramGB} GB, Node ${ctx.machine.node}; load average ${ctx.machine.loadAvgAtStart.join(' ')}`);
  if (quick) log('--quick: fewer copies and pages; the figures are not comparable with a full run');

  const results: Record<string, unknown> = {
    benchVersion: 1,
    tool: TOOL,
    startedAt: new Date(started).toISOString(),
    quick,
    machine: ctx.machine,
    tools: { versions: tools.versions, missing: tools.missing, installedNow: tools.installed, timeMethod: tools.time ? 'GNU time (rusage)' : '/proc polling' },
    sections: {} as Record<string, unknown>,
    targets: [] as Target[],
  };
  const printed: string[] = [];
  const save = () => {
    results['durationS'] = r((Date.now() - started) / 1000, 1);
    writeFileSync(outFile, JSON.stringify(results, null, 2) + '\n');
  };
  let failed = 0;
  for (const [name, fn] of Object.entries(SECTIONS)) {
    if ((only && !only.includes(name)) || skip.includes(name)) continue;
    const t0 = Date.now();
    const load0 = loadAvg()[0];
    try {
      const s = await fn(ctx);
      (results['sections'] as Record<string, unknown>)[name] = { ...(s.data as object), seconds: r((Date.now() - t0) / 1000, 1), loadAvg1min: [load0, loadAvg()[0]] };
      (results['targets'] as Target[]).push(...s.targets);
      for (const t of s.tables) {
        const block = `\n== ${t.title}\n${t.text}\n`;
        printed.push(block);
        process.stdout.write(block);
      }
      if ('skipped' in (s.data as object)) process.stdout.write(`\n== ${name}: skipped: ${(s.data as { skipped: string }).skipped}\n`);
    } catch (e) {
      failed++;
      const msg = e instanceof Error ? (e.stack ?? e.message) : String(e);
      log(`section ${name} failed: ${msg}`);
      (results['sections'] as Record<string, unknown>)[name] = { error: msg.split('\n')[0], seconds: r((Date.now() - t0) / 1000, 1) };
    }
    save();
  }
  const targets = results['targets'] as Target[];
  if (targets.length) {
    const block = `\n== Targets (issue 8)\n${table(['target', 'measured', 'met'], targets.map((t) => [t.target, t.value, t.met === null ? 'not measured' : t.met ? 'yes' : 'NO']), { left: true })}\n`;
    process.stdout.write(block);
  }
  if (tools.missing.length) process.stdout.write(`\nMissing benchmark tools (sections skipped or degraded):\n${tools.missing.map((m) => `  - ${m}`).join('\n')}\n`);
  save();
  process.stdout.write(`\nbench: ${r((Date.now() - started) / 1000, 0)} s; results in ${outFile}\n`);
  if (!process.argv.includes('--keep')) rmSync(ctx.work, { recursive: true, force: true });
  else log(`scratch files kept in ${ctx.work}`);
  return failed ? 1 : 0;
}

main().then(
  (code) => process.exit(code),
  (e) => {
    process.stderr.write(`bench: ${e instanceof Error ? e.stack : String(e)}\n`);
    process.exit(1);
  },
);
