import { describe, expect, it, beforeAll, afterAll } from 'vitest';
import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { createInterface } from 'node:readline';
import { promisify } from 'node:util';
import pg from 'pg';
import { ROOT, CORPUS } from './helpers.js';
import { startCluster, unavailable, type Cluster } from './pg-cluster.js';
import { DATASET_FILES, UNPLACED_COLUMNS } from '../src/emit/dataset.js';
import type { Manifest } from '../src/emit/manifest.js';
import { migrate, migrations } from '../src/db/migrate.js';
import { loadCatalogue } from '../src/db/store.js';

/**
 * The database mode against a real PostgreSQL server: a throw-away cluster on loopback
 * (tests/pg-cluster.ts), the built CLI as separate processes, as on several machines.
 */

const execFileP = promisify(execFile);
const CLI = join(ROOT, 'dist/src/cli/main.js');
const why = unavailable();
// Locally a machine without PostgreSQL skips these tests (and says why); in CI they must run.
if (why && process.env.CI) throw new Error(`the database tests cannot run: ${why}`);
if (why) process.stderr.write(`tests/db.test.ts skipped: ${why}\n`);

interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

async function cli(args: string[]): Promise<Run> {
  try {
    const { stdout, stderr } = await execFileP(process.execPath, [CLI, ...args], { cwd: ROOT, maxBuffer: 64 << 20 });
    return { code: 0, stdout, stderr };
  } catch (e) {
    const err = e as { code: number; stdout: string; stderr: string };
    return { code: err.code, stdout: err.stdout, stderr: err.stderr };
  }
}

interface Worker {
  child: ChildProcess;
  events: Record<string, unknown>[];
  exited: Promise<number | null>;
  onEvent: (fn: (e: Record<string, unknown>) => void) => void;
}

/** A `budget-tables worker --drain --json-log` process; its events are collected as they come. */
function startWorker(url: string, extra: string[] = []): Worker {
  const child = spawn(process.execPath, [CLI, 'worker', '--db', url, '-c', '1', '--drain', '--json-log', '--poll', '0.5', '--check-stalled-every', '1', ...extra], {
    cwd: ROOT,
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  const events: Record<string, unknown>[] = [];
  const listeners: ((e: Record<string, unknown>) => void)[] = [];
  createInterface({ input: child.stderr! }).on('line', (line) => {
    let e: Record<string, unknown>;
    try {
      e = JSON.parse(line) as Record<string, unknown>;
    } catch {
      e = { event: 'text', line };
    }
    events.push(e);
    for (const l of listeners) l(e);
  });
  const exited = new Promise<number | null>((r) => child.on('exit', (code) => r(code)));
  return { child, events, exited, onEvent: (fn) => listeners.push(fn) };
}

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

/** A dataset CSV as rows, with the columns that name a moment (converted_at) blanked: they differ between runs. */
function datasetRows(dir: string, file: string): string[][] {
  const [header, ...rows] = parseCsv(readFileSync(join(dir, file), 'utf8').replace(/^\uFEFF/, ''));
  const at = header!.indexOf('converted_at');
  return [header!, ...rows.map((r) => r.map((v, i) => (i === at ? '' : v)))];
}

const withoutTimes = (m: Manifest) => m.files.map(({ at: _at, durationMs: _d, ...rest }) => rest);

const TEXT_SEEDS = readdirSync(CORPUS).filter((f) => f.endsWith('.txt')).sort();

describe.skipIf(why !== null)('budget-tables with PostgreSQL (a throw-away cluster on loopback)', () => {
  let cluster: Cluster;
  let dir: string;
  let input: string;
  let local: string;
  const bad = { zero: '', garbage: '', truncated: '', encrypted: '' };

  beforeAll(async () => {
    cluster = await startCluster();
    dir = mkdtempSync(join(tmpdir(), 'bt-db-'));
    // The corpus, a second copy of one file, and the batch tests' bad inputs.
    input = join(dir, 'in');
    mkdirSync(join(input, 'sub'), { recursive: true });
    for (const f of readdirSync(CORPUS).filter((f) => /\.(txt|pdf)$/.test(f))) copyFileSync(join(CORPUS, f), join(input, f));
    copyFileSync(join(CORPUS, 'hanyang-party-office-2023-final.txt'), join(input, 'sub', 'copy-of-hanyang.txt'));
    bad.zero = join(input, 'zero.pdf');
    writeFileSync(bad.zero, '');
    bad.garbage = join(input, 'garbage.pdf');
    writeFileSync(bad.garbage, 'this is text garbage, saved with a .pdf name\n'.repeat(20));
    bad.truncated = join(input, 'truncated.pdf');
    const pdf = readFileSync(join(CORPUS, 'putuo-social-work-2024-final.pdf'));
    writeFileSync(bad.truncated, pdf.subarray(0, Math.floor(pdf.length / 2)));
    bad.encrypted = join(input, 'encrypted.pdf');
    copyFileSync(join(ROOT, 'tests/fixtures/pdf/encrypted-user-password.pdf'), bad.encrypted);
    local = join(dir, 'local');
    const r = await cli(['extract', input, '--out', local, '-c', '2']);
    expect(r.code, r.stderr).toBe(1); // the bad inputs fail
  }, 120_000);

  afterAll(() => {
    cluster?.stop();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('3 workers, one killed with SIGKILL in the middle of a file: every document is recorded once, and the export equals the local run', async () => {
    await cluster.createDatabase('multi');
    const url = cluster.url('multi');
    // A PDF first (jobs are taken oldest first), so the first job is one that takes seconds: the
    // kill surely lands while it is being converted.
    const slow = join(input, 'putuo-planning-2024-final.pdf');
    const q1 = await cli(['enqueue', slow, '--db', url, '--timeout', '120', '--stall-timeout', '20']);
    expect(q1.code, q1.stderr).toBe(0);
    const q = await cli(['enqueue', input, '--db', url, '--timeout', '120', '--stall-timeout', '20', '--json']);
    expect(q.code, q.stderr).toBe(0);
    expect(JSON.parse(q.stdout)).toMatchObject({ queued: 12, unchanged: 1, duplicates: 1, failed: 0 });

    // The first worker is killed as soon as it starts on a file: the job stays "active" with a dead
    // worker until its stall timeout. The other two start once it is waiting for work.
    const workers = [startWorker(url)];
    const killed = new Promise<string>((resolveKill) =>
      workers[0]!.onEvent((e) => {
        if (e.event === 'ready') workers.push(startWorker(url), startWorker(url));
        if (e.event === 'start' && workers[0]!.child.exitCode === null) {
          workers[0]!.child.kill('SIGKILL');
          resolveKill(String(e.path));
        }
      }),
    );
    const killedPath = await killed;
    while (workers.length < 3) await new Promise((r) => setTimeout(r, 50));
    expect(await workers[0]!.exited).toBe(null); // killed by the signal, no exit code
    const codes = await Promise.all(workers.slice(1).map((w) => w.exited));
    expect(codes).toEqual([0, 0]);

    const db = new pg.Client({ connectionString: url });
    await db.connect();
    try {
      // The killed file: fetched again by another worker after the stall timeout, and recorded by it.
      expect(killedPath).toBe(slow);
      const k = (await db.query(
        `SELECT d.status, d.worker, d.attempts, j.retry_count FROM documents d JOIN pgboss.job j ON j.id = d.job_id WHERE d.path = $1`,
        [killedPath],
      )).rows[0];
      expect(k.retry_count).toBeGreaterThanOrEqual(1);
      expect(k.status).not.toBe('queued');
      expect(String(k.worker)).not.toMatch(new RegExp(`:${workers[0]!.child.pid}$`));
      const done = workers.slice(1).flatMap((w) => w.events.filter((e) => e.event === 'file').map((e) => e.path));
      expect(done.filter((p) => p === killedPath)).toHaveLength(1);
      // Every input exactly once, nothing left in the queue.
      const rows = (await db.query('SELECT path, status FROM documents ORDER BY path')).rows as { path: string; status: string }[];
      expect(rows.map((r) => r.path).sort()).toEqual([...(readdirSync(input).filter((f) => f !== 'sub').map((f) => join(input, f))), join(input, 'sub', 'copy-of-hanyang.txt')].sort());
      expect(rows.filter((r) => r.status === 'queued')).toEqual([]);
      // The unplaced amounts of every converted document (JSON unplaced[]), one row each.
      const unplacedLocal = readdirSync(local).filter((f) => f.endsWith('.json') && f !== 'manifest.json')
        .reduce((n, f) => n + ((JSON.parse(readFileSync(join(local, f), 'utf8')) as { unplaced?: unknown[] }).unplaced?.length ?? 0), 0);
      expect(unplacedLocal).toBeGreaterThan(0);
      expect((await db.query('SELECT count(*)::int AS n FROM unplaced u JOIN documents d ON d.document_id = u.document_id AND d.status IN (\'ok\', \'partial\')')).rows[0].n).toBe(unplacedLocal);
      // Every document converted once: 13 distinct contents, 13 conversions recorded by the surviving workers.
      expect(done).toHaveLength(13);
      expect(new Set(done).size).toBe(13);
    } finally {
      await db.end();
    }

    const st = await cli(['status', '--db', url, '--json']);
    expect(JSON.parse(st.stdout)).toMatchObject({ queued: 0, running: 0, failed: 4, done: { duplicate: 1 } });

    const out = join(dir, 'export');
    const x = await cli(['export', '--db', url, '--out', out]);
    expect(x.code, x.stderr).toBe(0);
    for (const d of Object.values(DATASET_FILES)) expect(datasetRows(out, d.file), d.file).toEqual(datasetRows(local, d.file));
    // Byte for byte, apart from the conversion time.
    for (const d of Object.values(DATASET_FILES)) if (d.file !== 'documents.csv') expect(readFileSync(join(out, d.file)).equals(readFileSync(join(local, d.file))), d.file).toBe(true);
    const jsons = readdirSync(local).filter((f) => f.endsWith('.json') && f !== 'manifest.json').sort();
    expect(readdirSync(out).filter((f) => f.endsWith('.json') && f !== 'manifest.json').sort()).toEqual(jsons);
    for (const f of jsons) expect(readFileSync(join(out, f), 'utf8'), f).toBe(readFileSync(join(local, f), 'utf8'));
    const lm = JSON.parse(readFileSync(join(local, 'manifest.json'), 'utf8')) as Manifest;
    const xm = JSON.parse(readFileSync(join(out, 'manifest.json'), 'utf8')) as Manifest;
    expect(withoutTimes(xm)).toEqual(withoutTimes(lm));

    // Bad inputs: failed, with the local run's reason and code.
    for (const b of Object.values(bad)) {
      const l = lm.files.find((e) => e.path === b)!;
      const d = xm.files.find((e) => e.path === b)!;
      expect(l.status).toBe('failed');
      expect({ status: d.status, error: d.error, errorCode: d.errorCode }).toEqual({ status: 'failed', error: l.error, errorCode: l.errorCode });
    }
    expect(xm.files.find((e) => e.path === bad.encrypted)!.errorCode).toBe('encrypted');
    expect(xm.files.find((e) => e.path === bad.zero)!.error).toMatch(/empty/);
  }, 150_000);

  it('a job whose worker dies on every attempt ends failed after its retries, never in a loop', async () => {
    await cluster.createDatabase('poison');
    const url = cluster.url('poison');
    const file = join(input, 'putuo-planning-2024-final.pdf'); // seconds to convert: killed while at it
    expect((await cli(['enqueue', file, '--db', url, '--stall-timeout', '2', '--retries', '1'])).code).toBe(0);
    // Two workers in turn, each killed as it starts on the file: 1 try + 1 retry used up.
    for (let i = 0; i < 2; i++) {
      const w = startWorker(url);
      await new Promise<void>((r) => w.onEvent((e) => e.event === 'start' && (w.child.kill('SIGKILL'), r())));
      await w.exited;
    }
    const last = startWorker(url);
    expect(await last.exited).toBe(0);
    const failed = last.events.find((e) => e.event === 'file');
    expect(failed).toMatchObject({ path: resolve(file), status: 'failed', errorCode: 'crashed' });
    expect(String(failed!.error)).toMatch(/given up after 2 attempts/);
    const st = JSON.parse((await cli(['status', '--db', url, '--json'])).stdout);
    expect(st).toMatchObject({ queued: 0, running: 0, failed: 1 });
  }, 60_000);

  it('extract --db: one process, idempotent by content and tool version; --upload needs no access to the path', async () => {
    await cluster.createDatabase('single');
    const url = cluster.url('single');
    const small = join(dir, 'small');
    mkdirSync(small);
    for (const f of TEXT_SEEDS.slice(0, 2)) copyFileSync(join(CORPUS, f), join(small, f));
    const first = await cli(['extract', small, '--db', url, '--json', '-c', '2']);
    expect(first.code, first.stderr).toBe(0);
    expect(JSON.parse(first.stdout)).toMatchObject({ failed: 0 });
    const db = new pg.Client({ connectionString: url });
    await db.connect();
    try {
      const count = async () => (await db.query('SELECT (SELECT count(*) FROM facts)::int AS facts, (SELECT max(converted_at) FROM documents) AS at')).rows[0];
      const before = await count();
      expect(before.facts).toBeGreaterThan(0);
      // The same content again: nothing converted, nothing written.
      const again = await cli(['extract', small, '--db', url, '--json']);
      expect(again.code).toBe(0);
      expect(JSON.parse(again.stdout).items.map((i: { outcome: string }) => i.outcome)).toEqual(['unchanged', 'unchanged']);
      expect(await count()).toEqual(before);
      // yuan is numeric: exact amounts, summable in SQL.
      const types = (await db.query(`SELECT data_type FROM information_schema.columns WHERE table_name = 'facts' AND column_name = 'yuan'`)).rows[0];
      expect(types.data_type).toBe('numeric');

      // --upload: the bytes travel with the job; the worker converts them after the file is gone.
      const up = join(dir, 'upload');
      mkdirSync(up);
      const name = TEXT_SEEDS[2]!;
      copyFileSync(join(CORPUS, name), join(up, name));
      const q = await cli(['enqueue', up, '--db', url, '--upload']);
      expect(q.code, q.stderr).toBe(0);
      rmSync(up, { recursive: true });
      const w = startWorker(url);
      expect(await w.exited).toBe(0);
      expect(w.events.find((e) => e.event === 'file')).toMatchObject({ path: join(up, name), status: expect.stringMatching(/^(ok|partial)$/) });
      expect((await db.query('SELECT count(*)::int AS n FROM inputs')).rows[0].n).toBe(0); // stored bytes removed once converted
      // Too large for --upload: refused with the reason, nothing queued.
      const big = join(dir, 'big.txt');
      writeFileSync(big, 'x'.repeat(3 * 1048576));
      const tooBig = await cli(['enqueue', big, '--db', url, '--upload', '--upload-limit', '1']);
      expect(tooBig.code).toBe(1);
      expect(tooBig.stderr).toMatch(/big\.txt: too large to store with the job/);
    } finally {
      await db.end();
    }
  }, 60_000);

  it('the per-file timeout fails a file as in a local run; a queued document whose job vanished is queued again', async () => {
    await cluster.createDatabase('limits');
    const url = cluster.url('limits');
    const pdf = join(input, 'putuo-planning-2024-final.pdf');
    const localOut = join(dir, 'local-timeout');
    expect((await cli(['extract', pdf, '--out', localOut, '--timeout', '0.05'])).code).toBe(1);
    const l = (JSON.parse(readFileSync(join(localOut, 'manifest.json'), 'utf8')) as Manifest).files[0]!;
    expect(l.errorCode).toBe('timeout');
    expect((await cli(['enqueue', pdf, '--db', url, '--timeout', '0.05'])).code).toBe(0);
    const w = startWorker(url);
    expect(await w.exited).toBe(0);
    expect(w.events.find((e) => e.event === 'file')).toMatchObject({ path: pdf, status: 'failed', error: l.error, errorCode: 'timeout' });

    // A job lost from the queue (pg-boss archives jobs that wait too long) leaves its document
    // queued; enqueueing again puts it back instead of calling it unchanged.
    const txt = join(input, TEXT_SEEDS[0]!);
    expect((await cli(['enqueue', txt, '--db', url])).code).toBe(0);
    const db = new pg.Client({ connectionString: url });
    await db.connect();
    try {
      await db.query(`DELETE FROM pgboss.job WHERE data->>'path' = $1`, [txt]);
      const again = JSON.parse((await cli(['enqueue', txt, '--db', url, '--json'])).stdout);
      expect(again.items.map((i: { outcome: string }) => i.outcome)).toEqual(['queued']);
      const unchanged = JSON.parse((await cli(['enqueue', txt, '--db', url, '--json'])).stdout);
      expect(unchanged.items.map((i: { outcome: string }) => i.outcome)).toEqual(['unchanged']);
      const w2 = startWorker(url);
      expect(await w2.exited).toBe(0);
      expect((await db.query('SELECT status FROM documents WHERE path = $1', [txt])).rows[0].status).toMatch(/^(ok|partial)$/);
    } finally {
      await db.end();
    }
  }, 60_000);

  it('the schema: migrations apply once, and every dataset CSV column has a typed column', async () => {
    await cluster.createDatabase('schema');
    const pool = new pg.Pool({ connectionString: cluster.url('schema') });
    try {
      expect(await migrate(pool)).toEqual(migrations().map((m) => m.name));
      expect(await migrate(pool)).toEqual([]); // already applied
      const cat = await loadCatalogue(pool); // throws if a CSV column has no database column
      for (const [name, d] of Object.entries(DATASET_FILES)) for (const c of d.columns) expect(cat[name as keyof typeof cat].has(c), `${name}.${c}`).toBe(true);
      expect(cat.facts.get('yuan')).toBe('numeric');
      expect(cat.checks.get('difference')).toBe('numeric');
      // Announced for issue 14: present already, so that change needs no migration.
      for (const c of ['amounts', 'amounts_placed', 'amounts_unplaced', 'coverage', 'tables_inconsistent', 'status_reason']) expect(cat.documents.has(c), c).toBe(true);
      for (const c of UNPLACED_COLUMNS) expect(cat.unplaced.has(c), `unplaced.${c}`).toBe(true);
    } finally {
      await pool.end();
    }
  });
});
