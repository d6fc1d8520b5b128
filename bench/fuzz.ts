/**
 * `npm run fuzz`: a few hundred damaged and hostile PDFs, made deterministically from the corpus
 * PDFs (bench/lib/mutate.ts), converted in ONE batch by the real CLI; then a report of outcomes
 * by class of mutation, peak RSS (process tree), and the two things that must never happen:
 * the batch process dying (no complete summary, an exit code other than 0/1/3) and an output
 * that does not validate against the schema. Exits 1 if either happened.
 *
 * usage: node dist/bench/fuzz.js [--per-class N] [--seed S] [--keep] [--out file]
 */
import { mkdirSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import Ajv2020 from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';
import { corpusPdfs } from './lib/context.js';
import { MUTATORS, SYNTHETIC, rng } from './lib/mutate.js';
import { CLI, ROOT, log, measure, r, scratchRoot, table } from './lib/util.js';

function arg(name: string): string | null {
  const i = process.argv.indexOf(name);
  return i >= 0 ? (process.argv[i + 1] ?? null) : null;
}

interface FileEvent {
  path: string;
  status: string;
  errorCode: string | null;
  error: string | null;
  outputs: string[];
  durationMs: number | null;
}

async function main(): Promise<number> {
  const perClass = Number(arg('--per-class') ?? 13);
  const seed = Number(arg('--seed') ?? 18);
  const outFile = arg('--out') ?? join(ROOT, 'bench/fuzz-results.json');
  const work = join(scratchRoot(), 'fuzz');
  const inDir = join(work, 'in');
  const outDir = join(work, 'out');
  mkdirSync(inDir, { recursive: true });
  // The 3 MB Chromium PDF is left out: it would only make the run slower, not different.
  const seeds = corpusPdfs().filter((f) => !f.includes('chromium'));
  const classOf = new Map<string, string>();
  const rand = rng(seed);
  for (const [name, mutate] of Object.entries(MUTATORS)) {
    for (const src of seeds) {
      const bytes = new Uint8Array(readFileSync(src));
      for (let i = 0; i < perClass; i++) {
        const file = `${name}-${basename(src, '.pdf')}-${String(i).padStart(2, '0')}.pdf`;
        writeFileSync(join(inDir, file), mutate(bytes, rand));
        classOf.set(file, name);
      }
    }
  }
  for (const [name, make] of Object.entries(SYNTHETIC)) {
    const file = `${name}.pdf`;
    writeFileSync(join(inDir, file), make());
    classOf.set(file, name.replace(/-\d+mb$/, ''));
  }
  const files = readdirSync(inDir).length;
  log(`fuzz: ${files} files (${Object.keys(MUTATORS).length} mutation classes × ${seeds.length} corpus PDFs × ${perClass}, and ${Object.keys(SYNTHETIC).length} hand-made hostile files), seed ${seed}; one batch, default concurrency`);

  const m = await measure(process.execPath, [CLI, 'extract', inDir, '--out', outDir, '--json', '--json-log', '--timeout', '300'], { sampleMs: 200, timeoutMs: 3 * 3600_000 });
  const events: FileEvent[] = [];
  for (const line of m.stderr.split('\n')) {
    if (!line.startsWith('{')) continue;
    try {
      const e = JSON.parse(line) as FileEvent & { event: string };
      if (e.event === 'file') events.push(e);
    } catch {
      // a converter's own line
    }
  }
  type Summary = { exitCode?: number; inputs?: number; failures?: unknown[] };
  let summary: Summary | null = null;
  try {
    summary = JSON.parse(m.stdout) as Summary;
  } catch {
    summary = null;
  }
  const died = !summary || summary.inputs !== files || ![0, 1, 3].includes(m.exitCode ?? -1) || events.length !== files;

  // Every JSON written validates; so does the manifest.
  const ajv = new (Ajv2020 as unknown as typeof Ajv2020.default)({ allErrors: true, strict: false });
  (addFormats as unknown as typeof addFormats.default)(ajv);
  const canonical = ajv.compile(JSON.parse(readFileSync(join(ROOT, 'schema/canonical-v1.schema.json'), 'utf8')));
  const manifestSchema = ajv.compile(JSON.parse(readFileSync(join(ROOT, 'schema/manifest-v1.schema.json'), 'utf8')));
  const invalid: { file: string; errors: string[] }[] = [];
  for (const e of events) {
    for (const o of e.outputs.filter((x) => x.endsWith('.json'))) {
      let ok = false;
      try {
        ok = canonical(JSON.parse(readFileSync(join(outDir, o), 'utf8'))) as boolean;
      } catch {
        ok = false;
      }
      if (!ok) invalid.push({ file: o, errors: (canonical.errors ?? []).slice(0, 3).map((x) => `${x.instancePath} ${x.message}`) });
    }
  }
  let manifestValid = false;
  try {
    manifestValid = manifestSchema(JSON.parse(readFileSync(join(outDir, 'manifest.json'), 'utf8'))) as boolean;
  } catch {
    manifestValid = false;
  }

  const byClass = new Map<string, Record<string, number>>();
  const crashed: FileEvent[] = [];
  const seconds = new Map<string, number>();
  for (const e of events) {
    const c = classOf.get(basename(e.path)) ?? '?';
    const k = e.status === 'failed' ? `failed:${e.errorCode}` : e.status;
    const row = byClass.get(c) ?? {};
    row[k] = (row[k] ?? 0) + 1;
    byClass.set(c, row);
    seconds.set(c, (seconds.get(c) ?? 0) + (e.durationMs ?? 0) / 1000);
    if (e.errorCode === 'crashed') crashed.push(e);
  }
  const keys = [...new Set([...byClass.values()].flatMap((x) => Object.keys(x)))].sort();
  const text = table(
    ['class', 'files', ...keys, 'converter s'],
    [...byClass.entries()].sort(([a], [b]) => a.localeCompare(b)).map(([c, row]) => [c, Object.values(row).reduce((a, b) => a + b, 0), ...keys.map((k) => row[k] ?? ''), r(seconds.get(c) ?? 0, 0)]),
    { left: true },
  );
  process.stdout.write(`\n== Fuzz: ${files} files in one batch, ${r(m.wallS, 0)} s, peak RSS ${r(m.peakRssMB, 0)} MB (process tree), exit ${m.exitCode}\n${text}\n`);
  process.stdout.write(`\nprocess deaths: ${died ? 1 : 0}; schema-invalid outputs: ${invalid.length}; manifest valid: ${manifestValid}; crashed (defects of ours): ${crashed.length}\n`);
  for (const c of crashed.slice(0, 10)) process.stdout.write(`  crashed: ${basename(c.path)}: ${c.error}\n`);
  for (const i of invalid.slice(0, 10)) process.stdout.write(`  invalid: ${i.file}: ${i.errors.join('; ')}\n`);
  writeFileSync(
    outFile,
    JSON.stringify(
      {
        seed, perClass, files, wallS: r(m.wallS), cpuS: r(m.userS + m.sysS), peakRssMB: r(m.peakRssMB, 0), exitCode: m.exitCode,
        processDeaths: died ? 1 : 0, schemaInvalid: invalid.length, manifestValid, crashed: crashed.map((c) => ({ file: basename(c.path), error: c.error })),
        byClass: Object.fromEntries(byClass), secondsByClass: Object.fromEntries([...seconds].map(([k, v]) => [k, r(v, 1)])), invalid,
      },
      null,
      2,
    ) + '\n',
  );
  process.stdout.write(`fuzz: results in ${outFile}\n`);
  if (!process.argv.includes('--keep')) rmSync(work, { recursive: true, force: true });
  else log(`fuzz: files kept in ${work}`);
  return died || invalid.length > 0 || !manifestValid ? 1 : 0;
}

main().then(
  (code) => process.exit(code),
  (e) => {
    process.stderr.write(`fuzz: ${e instanceof Error ? e.stack : String(e)}\n`);
    process.exit(1);
  },
);
