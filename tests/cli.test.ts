import { describe, expect, it, beforeAll } from 'vitest';
import { execFile } from 'node:child_process';
import { mkdtempSync, writeFileSync, readFileSync, existsSync, mkdirSync, copyFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { ROOT, CORPUS, schemaErrors } from './helpers.js';

const run = promisify(execFile);
const CLI = join(ROOT, 'dist/src/cli/main.js');

async function cli(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await run(process.execPath, [CLI, ...args], { cwd: ROOT });
    return { code: 0, stdout, stderr };
  } catch (e) {
    const err = e as { code: number; stdout: string; stderr: string };
    return { code: err.code, stdout: err.stdout, stderr: err.stderr };
  }
}

describe('budget-tables CLI (built by npm test before vitest runs)', () => {
  let dir: string;
  beforeAll(() => {
    expect(existsSync(CLI)).toBe(true);
    dir = mkdtempSync(join(tmpdir(), 'bt-cli-'));
  });

  it('prints help and exits 0', async () => {
    const r = await cli(['extract', '--help']);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('--out');
    expect(r.stdout).toContain('Exit codes');
  });

  it('exits 2 on a usage error', async () => {
    expect((await cli(['extract', 'corpus'])).code).toBe(2);
    expect((await cli(['frobnicate'])).code).toBe(2);
    expect((await cli(['extract', 'corpus', '--out', join(dir, 'x'), '--format', 'xml'])).code).toBe(2);
  });

  it('converts a folder, one schema-valid JSON and a BOM CSV per document, exit 0', async () => {
    const input = join(dir, 'in');
    mkdirSync(input);
    copyFileSync(join(CORPUS, 'hanyang-party-office-2023-final.txt'), join(input, 'hanyang-party-office-2023-final.txt'));
    const out = join(dir, 'out');
    const r = await cli(['extract', input, '--out', out, '--format', 'json,csv']);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/✓ hanyang-party-office-2023-final\.txt .*FA01/);
    const json = JSON.parse(readFileSync(join(out, 'hanyang-party-office-2023-final.json'), 'utf8'));
    expect(schemaErrors(json)).toEqual([]);
    const csv = readFileSync(join(out, 'hanyang-party-office-2023-final.csv'));
    expect([...csv.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    expect(csv.toString('utf8')).toContain('FA06,');
    expect(csv.toString('utf8')).toContain(',6655400,665.54,');
  });

  it('exits 1 when one document fails, names the file and reason, and still converts the rest', async () => {
    const input = join(dir, 'mixed');
    mkdirSync(input);
    writeFileSync(join(input, 'empty.txt'), '');
    writeFileSync(join(input, 'binary.txt'), Buffer.from([0, 1, 2, 3, 0, 0, 255]));
    copyFileSync(join(CORPUS, 'wuhan-edz-party-office-2024-final.txt'), join(input, 'edz.txt'));
    const out = join(dir, 'out2');
    const r = await cli(['extract', input, join(dir, 'does-not-exist.txt'), '--out', out]);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/empty\.txt.*empty/);
    expect(r.stderr).toMatch(/binary\.txt.*binary/);
    expect(r.stderr).toMatch(/does-not-exist\.txt: no such file/);
    expect(existsSync(join(out, 'edz.json'))).toBe(true);
    expect(existsSync(join(out, 'empty.json'))).toBe(false);
  });
});
