import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { execFile } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { CORPUS, ROOT } from './helpers.js';
import { defaultLimits } from '../src/cli/pool.js';

/**
 * Converter recycling (src/cli/pool.ts): a converter process is replaced after N files or when it
 * holds too much memory after a file, so that a long unattended batch gives back what large
 * documents left behind. Replacing converters must not change any result.
 */
const run = promisify(execFile);
const CLI = join(ROOT, 'dist/src/cli/main.js');
const FILES = ['putuo-social-work-2024-final.pdf', 'final-account-template-2024.pdf', 'hanyang-party-office-2023-final.txt', 'jianghan-gov-office-2022-budget.txt'];

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'bt-recycle-'));
  mkdirSync(join(dir, 'in'));
  for (const f of FILES) copyFileSync(join(CORPUS, f), join(dir, 'in', f));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function extract(out: string, env: Record<string, string>): Promise<{ converters: { started: number }; files: number }> {
  const { stdout } = await run(process.execPath, [CLI, 'extract', join(dir, 'in'), '--out', out, '--concurrency', '1', '--json'], {
    cwd: ROOT,
    env: { ...process.env, ...env },
    maxBuffer: 64 << 20,
  });
  return JSON.parse(stdout) as { converters: { started: number }; files: number };
}

/** The per-document JSON outputs of a run, by name. */
const outputs = (out: string): Map<string, string> =>
  new Map(
    readdirSync(out)
      .filter((f) => f.endsWith('.json') && f !== 'manifest.json')
      .map((f) => [f, readFileSync(join(out, f), 'utf8')]),
  );

describe('converter recycling', () => {
  it('a converter replaced after every file, or after any file past a memory bound, gives byte-identical documents', async () => {
    const kept = await extract(join(dir, 'kept'), {});
    const everyFile = await extract(join(dir, 'every-file'), { BUDGET_TABLES_RECYCLE_FILES: '1' });
    // 1 MB: every converter holds more than that after a file, so each is replaced.
    const pastBound = await extract(join(dir, 'past-bound'), { BUDGET_TABLES_RECYCLE_RSS_MB: '1' });
    expect(kept.converters.started).toBe(1);
    expect(everyFile.converters.started).toBe(FILES.length);
    expect(pastBound.converters.started).toBe(FILES.length);
    const a = outputs(join(dir, 'kept'));
    expect([...a.keys()].sort()).toHaveLength(FILES.length);
    for (const other of [outputs(join(dir, 'every-file')), outputs(join(dir, 'past-bound'))]) {
      expect([...other.keys()].sort()).toEqual([...a.keys()].sort());
      for (const [name, text] of a) expect(other.get(name), name).toBe(text);
    }
  }, 300_000);
});

describe('converter heap growth', () => {
  const KEY = 'BUDGET_TABLES_WORKER_HEAP_GROWING';
  const saved = process.env[KEY];
  afterAll(() => {
    if (saved === undefined) delete process.env[KEY];
    else process.env[KEY] = saved;
  });
  it('is 100 % past the live heap by default; the variable sets it, 0 leaves V8 its own factor', () => {
    delete process.env[KEY];
    expect(defaultLimits().heapGrowingPercent).toBe(100);
    process.env[KEY] = '50';
    expect(defaultLimits().heapGrowingPercent).toBe(50);
    process.env[KEY] = '0';
    expect(defaultLimits().heapGrowingPercent).toBe(0);
    process.env[KEY] = 'lots';
    expect(defaultLimits().heapGrowingPercent).toBe(100);
  });
});
