import { describe, expect, it, beforeAll, afterAll } from 'vitest';
import { execFile, spawn } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import iconv from 'iconv-lite';
import Ajv2020 from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';
import { ROOT, CORPUS, schemaErrors } from './helpers.js';
import { DATASET_FACT_COLUMNS, DOCUMENT_COLUMNS, TABLE_COLUMNS, CHECK_COLUMNS, FLAG_COLUMNS } from '../src/emit/dataset.js';
import type { Manifest, ManifestEntry } from '../src/emit/manifest.js';
import type { CanonicalResult } from '../src/model/canonical.js';

/** Batch runs of the built CLI (dist/, built by `npm test` before vitest runs). */

const run = promisify(execFile);
const CLI = join(ROOT, 'dist/src/cli/main.js');

interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

async function cli(args: string[]): Promise<Run> {
  try {
    const { stdout, stderr } = await run(process.execPath, [CLI, ...args], { cwd: ROOT, maxBuffer: 64 << 20 });
    return { code: 0, stdout, stderr };
  } catch (e) {
    const err = e as { code: number; stdout: string; stderr: string };
    return { code: err.code, stdout: err.stdout, stderr: err.stderr };
  }
}

const manifestSchema = JSON.parse(readFileSync(join(ROOT, 'schema/manifest-v1.schema.json'), 'utf8'));
const ajv = new (Ajv2020 as unknown as typeof Ajv2020.default)({ allErrors: true, strict: false });
(addFormats as unknown as typeof addFormats.default)(ajv);
const validateManifest = ajv.compile(manifestSchema);

function readManifest(out: string): Manifest {
  const m = JSON.parse(readFileSync(join(out, 'manifest.json'), 'utf8')) as Manifest;
  expect(validateManifest(m) ? [] : validateManifest.errors).toEqual([]);
  return m;
}

const entry = (m: Manifest, path: string): ManifestEntry => {
  const e = m.files.find((f) => f.path === resolve(path));
  expect(e, `manifest entry for ${path}`).toBeDefined();
  return e!;
};

/** Minimal RFC 4180 parser (quoted fields, doubled quotes, embedded newlines). */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i]!;
    if (quoted) {
      if (ch === '"' && text[i + 1] === '"') (field += '"', i++);
      else if (ch === '"') quoted = false;
      else field += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === ',') (row.push(field), (field = ''));
    else if (ch === '\n') (row.push(field.replace(/\r$/, '')), rows.push(row), (row = []), (field = ''));
    else field += ch;
  }
  if (field !== '' || row.length > 0) (row.push(field), rows.push(row));
  return rows;
}

function readCsv(path: string): { bom: boolean; header: string[]; rows: Record<string, string>[] } {
  const buf = readFileSync(path);
  const bom = buf[0] === 0xef && buf[1] === 0xbb && buf[2] === 0xbf;
  const [header, ...rest] = parseCsv(buf.subarray(bom ? 3 : 0).toString('utf8'));
  return { bom, header: header!, rows: rest.map((r) => Object.fromEntries(header!.map((h, i) => [h, r[i] ?? '']))) };
}

/** Every non-hidden .json in the folder parses (no half-written output). */
function assertAllJsonValid(dir: string): string[] {
  const names = readdirSync(dir).filter((n) => n.endsWith('.json') && !n.startsWith('.'));
  for (const n of names) expect(() => JSON.parse(readFileSync(join(dir, n), 'utf8')), n).not.toThrow();
  return names;
}

const TEXT_SEEDS = readdirSync(CORPUS).filter((f) => f.endsWith('.txt')).sort();
const PDF = join(CORPUS, 'putuo-social-work-2024-final.pdf');

describe('budget-tables extract: batch runs (built CLI)', () => {
  let dir: string;
  let input: string;
  let out: string;
  const bad = { zero: '', garbage: '', truncated: '', encrypted: '' };
  let dup: string;
  let gbk: string;
  let first: Run;

  beforeAll(async () => {
    expect(existsSync(CLI)).toBe(true);
    dir = mkdtempSync(join(tmpdir(), 'bt-batch-'));
    input = join(dir, 'in');
    mkdirSync(join(input, 'sub'), { recursive: true });
    for (const f of TEXT_SEEDS) copyFileSync(join(CORPUS, f), join(input, f));
    copyFileSync(PDF, join(input, 'putuo-social-work-2024-final.pdf'));
    dup = join(input, 'sub', 'copy-of-hanyang.txt');
    copyFileSync(join(CORPUS, 'hanyang-party-office-2023-final.txt'), dup);
    bad.zero = join(input, 'zero.pdf');
    writeFileSync(bad.zero, '');
    bad.garbage = join(input, 'garbage.pdf');
    writeFileSync(bad.garbage, 'this is text garbage, saved with a .pdf name\n'.repeat(20));
    bad.truncated = join(input, 'truncated.pdf');
    const pdf = readFileSync(PDF);
    writeFileSync(bad.truncated, pdf.subarray(0, Math.floor(pdf.length / 2)));
    bad.encrypted = join(input, 'encrypted.pdf');
    copyFileSync(join(ROOT, 'tests/fixtures/pdf/encrypted-user-password.pdf'), bad.encrypted);
    gbk = join(input, 'edz-gbk.txt');
    writeFileSync(gbk, iconv.encode(readFileSync(join(CORPUS, 'wuhan-edz-party-office-2024-final.txt'), 'utf8'), 'gbk'));
    out = join(dir, 'out');
    first = await cli(['extract', input, '--out', out, '--format', 'json,csv', '--json']);
  });

  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('converts the good files, records each bad one with its reason, and exits 1', () => {
    expect(first.code).toBe(1);
    const s = JSON.parse(first.stdout); // --json: stdout is exactly one JSON document
    const converted = TEXT_SEEDS.length + 2; // seeds + GBK copy + PDF
    expect(s).toMatchObject({ exitCode: 1, inputs: converted + 5, converted, failed: 4, duplicates: 1, skipped: 0 });
    expect(s.failures.map((f: { path: string }) => f.path).sort()).toEqual([bad.encrypted, bad.garbage, bad.truncated, bad.zero].sort());
    expect(first.stderr).toMatch(/✗ .*zero\.pdf: .*empty/);
    expect(first.stderr).toMatch(/✗ .*garbage\.pdf: .*not a PDF/);
    expect(first.stderr).toMatch(/✗ .*truncated\.pdf: .*(damaged|incomplete)/);
    expect(first.stderr).toMatch(/✗ .*encrypted\.pdf: .*(encrypted|password)/);

    const m = readManifest(out);
    expect(m.files).toHaveLength(converted + 5);
    expect(entry(m, bad.zero)).toMatchObject({ status: 'failed', outputs: [] });
    expect(entry(m, bad.zero).error).toMatch(/empty/);
    expect(entry(m, bad.garbage).error).toMatch(/not a PDF/);
    expect(entry(m, bad.truncated).error).toMatch(/damaged|incomplete/);
    expect(entry(m, bad.encrypted)).toMatchObject({ status: 'failed', errorCode: 'encrypted' });
    for (const b of Object.values(bad)) expect(existsSync(join(out, `${entry(m, b).id}.json`))).toBe(false);

    const hanyang = entry(m, join(input, 'hanyang-party-office-2023-final.txt'));
    expect(entry(m, dup)).toMatchObject({ status: 'duplicate', duplicateOf: hanyang.path, id: hanyang.id, sha256: hanyang.sha256 });
    expect(existsSync(join(out, 'copy-of-hanyang.json'))).toBe(false);

    const g = entry(m, gbk);
    const edz = entry(m, join(input, 'wuhan-edz-party-office-2024-final.txt'));
    expect(g.encoding).toBe('GB18030');
    expect(g.status).toBe(edz.status);
    expect(g.counts).toEqual(edz.counts);
    expect(g.counts!.cells).toBeGreaterThan(100);

    for (const e of m.files.filter((f) => f.status === 'ok' || f.status === 'partial')) {
      expect(e.outputs).toEqual([`${e.id}.json`, `${e.id}.csv`]);
      const json = JSON.parse(readFileSync(join(out, e.outputs[0]!), 'utf8'));
      expect(schemaErrors(json)).toEqual([]);
      expect(json.source.sha256).toBe(e.sha256);
      expect(e.toolVersion).toBe(json.tool.version);
      // One verdict: the manifest's status is the document's assessment (✓ only when placed and consistent).
      expect(e.status).toBe(json.assessment.status);
      expect(e.statusReason ?? null).toBe(json.assessment.reasons.length > 0 ? json.assessment.reasons.join('; ') : null);
      if (e.status === 'ok') expect(e.counts!.coverage!.share).toBeGreaterThanOrEqual(0.99);
    }
    expect(readdirSync(out).filter((n) => n.endsWith('.tmp') || n.endsWith('.lock'))).toEqual([]);
  });

  it('exports the dataset: stable columns, one row per numeric cell with exact amounts, BOM by default', () => {
    const m = readManifest(out);
    const facts = readCsv(join(out, 'facts.csv'));
    expect(facts.bom).toBe(true);
    expect(facts.header).toEqual([...DATASET_FACT_COLUMNS]);
    expect(readCsv(join(out, 'documents.csv')).header).toEqual([...DOCUMENT_COLUMNS]);
    expect(readCsv(join(out, 'tables.csv')).header).toEqual([...TABLE_COLUMNS]);
    expect(readCsv(join(out, 'checks.csv')).header).toEqual([...CHECK_COLUMNS]);
    expect(readCsv(join(out, 'flags.csv')).header).toEqual([...FLAG_COLUMNS]);

    const docs = readCsv(join(out, 'documents.csv')).rows;
    expect(docs).toHaveLength(m.files.length);
    expect(docs.find((d) => d.path === dup)).toMatchObject({ status: 'duplicate', duplicate_of: entry(m, join(input, 'hanyang-party-office-2023-final.txt')).path });
    expect(docs.find((d) => d.path === bad.zero)?.error).toMatch(/empty/);

    const converted = m.files.filter((e) => e.status === 'ok' || e.status === 'partial');
    expect(facts.rows).toHaveLength(converted.reduce((n, e) => n + e.counts!.cells, 0));
    // Every fact equals its JSON cell, exactly (strings, no float rounding), duplicates counted once.
    for (const e of converted) {
      const r = JSON.parse(readFileSync(join(out, `${e.id}.json`), 'utf8')) as CanonicalResult;
      const expected: string[] = [];
      for (const [i, t] of r.tables.entries()) {
        // Tables of no known template are facts too (every number kept).
        for (const row of t.rows) for (const c of t.columns) if (row.cells[c.key]?.yuan != null) expected.push(`${i}|${t.template}|${row.label}|${c.key}|${row.cells[c.key]!.yuan}|${row.cells[c.key]!.raw}`);
      }
      const actual = facts.rows.filter((f) => f.document_id === e.id).map((f) => `${f.table_index}|${f.template}|${f.row_label}|${f.column_key}|${f.yuan}|${f.raw}`);
      expect(actual, e.id!).toEqual(expected);
      expect(readCsv(join(out, 'tables.csv')).rows.filter((t) => t.document_id === e.id)).toHaveLength(r.tables.length);
    }
    const hanyang = facts.rows.filter((f) => f.document_id === 'hanyang-party-office-2023-final');
    expect(hanyang.some((f) => f.yuan === '6655400' && f.raw === '665.54' && f.declared_unit === '万元')).toBe(true);
    expect(hanyang[0]).toMatchObject({ department: '中国共产党武汉市汉阳区委员会办公室', year: '2023', kind: 'final_account' });
  });

  it('re-running skips everything unchanged and leaves the outputs untouched', async () => {
    const m0 = readManifest(out);
    const id = entry(m0, join(input, 'hanyang-party-office-2023-final.txt')).id!;
    const before = statSync(join(out, `${id}.json`)).mtimeMs;
    const r = await cli(['extract', input, '--out', out, '--format', 'json,csv', '--json']);
    expect(r.code).toBe(1); // the bad files are tried again and fail again
    const s = JSON.parse(r.stdout);
    expect(s).toMatchObject({ converted: 0, skipped: TEXT_SEEDS.length + 2, duplicates: 1, failed: 4 });
    expect(s.dataset.regenerated).toBe(false); // same failures, same outputs: nothing to re-export
    expect(statSync(join(out, `${id}.json`)).mtimeMs).toBe(before);
    expect(readManifest(out).files).toHaveLength(m0.files.length);
  });

  it('--force converts again (each content once) and --excel keeps the BOM; --no-bom drops it', async () => {
    const r = await cli(['extract', input, '--out', out, '--format', 'json,csv', '--json', '--force', '--excel', '--concurrency', '3']);
    expect(r.code).toBe(1);
    expect(JSON.parse(r.stdout)).toMatchObject({ converted: TEXT_SEEDS.length + 2, skipped: 0, duplicates: 1, failed: 4 });
    expect(readCsv(join(out, 'facts.csv')).bom).toBe(true);

    const out2 = join(dir, 'out-nobom');
    const r2 = await cli(['extract', join(input, 'hanyang-party-office-2023-final.txt'), '--out', out2, '--format', 'json,csv', '--no-bom']);
    expect(r2.code).toBe(0);
    expect(readCsv(join(out2, 'facts.csv')).bom).toBe(false);
    expect(readCsv(join(out2, 'hanyang-party-office-2023-final.csv')).bom).toBe(false);
    expect((await cli(['extract', input, '--out', out2, '--no-bom', '--excel'])).code).toBe(2);
  });

  it('killed mid-run: only complete JSON files remain, and the next run finishes without redoing them', async () => {
    const src = join(dir, 'many');
    mkdirSync(src);
    // 14 distinct inputs (trailing blank lines make each content unique), converted one at a time.
    for (let i = 1; i <= 14; i++) {
      const seed = TEXT_SEEDS[i % TEXT_SEEDS.length]!;
      writeFileSync(join(src, `doc-${String(i).padStart(2, '0')}.txt`), readFileSync(join(CORPUS, seed), 'utf8') + '\n'.repeat(i));
    }
    const kout = join(dir, 'killed');
    const child = spawn(process.execPath, [CLI, 'extract', src, '--out', kout, '--concurrency', '1'], { cwd: ROOT, stdio: 'ignore' });
    const exited = new Promise<number | null>((res) => child.on('exit', (code) => res(code)));
    let done = false;
    void exited.then(() => (done = true));
    while (!done && !existsSync(join(kout, 'manifest.json'))) await new Promise((r) => setTimeout(r, 5));
    child.kill('SIGKILL');
    await exited;

    const recorded = readManifest(kout).files.length;
    expect(recorded).toBeGreaterThan(0);
    expect(recorded).toBeLessThan(14);
    assertAllJsonValid(kout);

    const r = await cli(['extract', src, '--out', kout, '--concurrency', '2', '--json']);
    expect(r.code).toBe(0);
    const s = JSON.parse(r.stdout);
    expect(s.skipped).toBeGreaterThanOrEqual(recorded);
    expect(s.skipped + s.converted).toBe(14);
    const m = readManifest(kout);
    expect(m.files.filter((e) => e.status === 'ok' || e.status === 'partial')).toHaveLength(14);
    expect(assertAllJsonValid(kout)).toHaveLength(15); // 14 documents + manifest
    expect(readdirSync(kout).filter((n) => n.startsWith('.'))).toEqual([]); // no temporary files, no lock
    expect(readCsv(join(kout, 'documents.csv')).rows).toHaveLength(14);
  });

  it('--fail-on decides whether findings make the exit code 3; --json-log writes one JSON event per line', async () => {
    const src = join(dir, 'fail-on');
    mkdirSync(src);
    // A document with no table bodies but a known title: the national set's other tables are reported missing (warnings).
    writeFileSync(join(src, 'tiny.txt'), '武汉市某某局2023年部门决算\n\n一、收入支出决算总表\n单位：万元\n项目\t决算数\n一般公共预算财政拨款收入\t1,234.56\n本年收入合计\t1,234.56\n');
    const fout = join(dir, 'fail-on-out');
    const never = await cli(['extract', src, '--out', fout, '--json', '--fail-on', 'never']);
    expect(never.code).toBe(0);
    const c = entry(readManifest(fout), join(src, 'tiny.txt')).counts!;
    expect(c.flags.warning).toBeGreaterThan(0);
    const errorLevel = c.flags.error > 0 || c.checks.failed > 0 || c.tables.partial + c.tables.illegible > 0;

    const onWarning = await cli(['extract', src, '--out', fout, '--json', '--fail-on', 'warning']);
    expect(onWarning.code).toBe(3);
    expect(JSON.parse(onWarning.stdout)).toMatchObject({ exitCode: 3, failOn: 'warning', skipped: 1, findings: { documents: 1 } });
    expect((await cli(['extract', src, '--out', fout, '--fail-on', 'error'])).code).toBe(errorLevel ? 3 : 0);
    expect((await cli(['extract', src, '--out', fout, '--fail-on', 'sometimes'])).code).toBe(2);

    const log = await cli(['extract', src, join(dir, 'missing.txt'), '--out', fout, '--json-log']);
    expect(log.code).toBe(1); // a missing input is a failure, whatever --fail-on says
    expect(log.stdout).toBe('');
    const events = log.stderr.trim().split('\n').map((l) => JSON.parse(l));
    expect(events.map((e) => e.event)).toEqual(['start', 'file', 'file', 'summary']);
    expect(events.find((e) => e.status === 'skipped')).toMatchObject({ path: join(src, 'tiny.txt'), id: 'tiny' });
    expect(events.find((e) => e.status === 'failed')).toMatchObject({ errorCode: 'missing', error: 'no such file or folder' });
    expect(events[3]).toMatchObject({ exitCode: 1, inputs: 2 });
  });

  it('abandons a file that exceeds --timeout and names the reason', async () => {
    const tout = join(dir, 'timeout');
    const r = await cli(['extract', PDF, '--out', tout, '--timeout', '0.05']);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/putuo-social-work-2024-final\.pdf: timed out after 0\.05 s/);
    const e = entry(readManifest(tout), PDF);
    expect(e).toMatchObject({ status: 'failed', errorCode: 'timeout', error: 'timed out after 0.05 s', outputs: [] });
    expect(readdirSync(tout).filter((n) => n.startsWith('.') || n.startsWith('putuo'))).toEqual([]);
  });

  it('records a file that vanishes mid-run as failed and converts the rest', async () => {
    const src = join(dir, 'vanish');
    mkdirSync(src);
    for (let i = 1; i <= 10; i++) writeFileSync(join(src, `v${String(i).padStart(2, '0')}.txt`), readFileSync(join(CORPUS, TEXT_SEEDS[i % TEXT_SEEDS.length]!), 'utf8') + ' '.repeat(i));
    const vout = join(dir, 'vanish-out');
    const child = spawn(process.execPath, [CLI, 'extract', src, '--out', vout, '--concurrency', '1', '--json'], { cwd: ROOT, stdio: ['ignore', 'pipe', 'ignore'] });
    let stdout = '';
    child.stdout.on('data', (d) => (stdout += d));
    const exited = new Promise<number | null>((res) => child.on('exit', (code) => res(code)));
    while (!existsSync(join(vout, 'manifest.json'))) await new Promise((r) => setTimeout(r, 5));
    rmSync(join(src, 'v10.txt'));
    expect(await exited).toBe(1);
    const e = entry(readManifest(vout), join(src, 'v10.txt'));
    expect(e).toMatchObject({ status: 'failed', errorCode: 'vanished' });
    expect(e.error).toMatch(/disappeared/);
    expect(JSON.parse(stdout)).toMatchObject({ converted: 9, failed: 1 });
  });

  it('takes quoted globs, fails fast on an unusable output folder, and refuses a folder another run holds', async () => {
    const gout = join(dir, 'glob');
    const r = await cli(['extract', join(input, '*-final.txt'), join(input, 'nothing-*.pdf'), '--out', gout, '--json']);
    expect(r.code).toBe(1);
    const s = JSON.parse(r.stdout);
    expect(s).toMatchObject({ inputs: 3, converted: 2, failed: 1 });
    expect(s.failures[0]).toMatchObject({ errorCode: 'missing', error: 'no file matches this pattern' });

    const file = join(dir, 'a-file');
    writeFileSync(file, 'x');
    const blocked = await cli(['extract', input, '--out', join(file, 'out'), '--json']);
    expect(blocked.code).toBe(1);
    expect(blocked.stderr).toMatch(/cannot write to the output folder .*a-file/);
    expect(JSON.parse(blocked.stdout)).toMatchObject({ exitCode: 1 });

    writeFileSync(join(gout, '.budget-tables.lock'), JSON.stringify({ pid: process.pid, startedAt: 'now' }));
    const locked = await cli(['extract', input, '--out', gout]);
    expect(locked.code).toBe(1);
    expect(locked.stderr).toMatch(/another budget-tables run is writing to/);
    rmSync(join(gout, '.budget-tables.lock'));
  });
});
