import { describe, expect, it, afterAll } from 'vitest';
import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { CORPUS, ROOT } from './helpers.js';

const run = promisify(execFile);

/**
 * "Install anywhere" (issue 17): the packed tarball carries its dependencies (bundleDependencies),
 * so it installs into a fresh npm prefix with the network off (`--offline`), and the installed
 * `budget-tables` converts a file from any folder. `npx budget-tables` inside the clone keeps working.
 */

// The child npm must not inherit the settings of an `npm test` run around us (prefix, global …).
const env = Object.fromEntries(Object.entries(process.env).filter(([k]) => !/^npm_/i.test(k) || /^npm_config_cache$/i.test(k)));
const dirs: string[] = [];
const tmp = (p: string) => {
  const d = mkdtempSync(join(tmpdir(), p));
  dirs.push(d);
  return d;
};
afterAll(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

describe('installing the tool', () => {
  it('packs a tarball that installs offline into a fresh prefix and runs in any folder', async () => {
    const packs = tmp('bt-pack-');
    const prefix = tmp('bt-prefix-');
    const work = tmp('bt-anywhere-');
    // dist/ is built by `npm test` (and by `npm pack` through `prepare` for a user).
    expect(existsSync(join(ROOT, 'dist/src/cli/main.js'))).toBe(true);
    await run('npm', ['pack', '--ignore-scripts', '--pack-destination', packs], { cwd: ROOT, env, maxBuffer: 64 << 20 });
    const tgz = readdirSync(packs).find((f) => f.endsWith('.tgz'))!;
    expect(tgz).toMatch(/^budget-tables-.*\.tgz$/);
    await run('npm', ['install', '--global', '--prefix', prefix, '--offline', '--no-audit', '--no-fund', join(packs, tgz)], { cwd: work, env, maxBuffer: 64 << 20 });
    const bin = join(prefix, 'bin', 'budget-tables');
    expect(statSync(bin).isFile()).toBe(true);
    // Installed files, not links into the clone.
    const installed = join(prefix, 'lib/node_modules/budget-tables');
    expect(statSync(installed).isSymbolicLink()).toBe(false);
    const version = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')).version;
    expect((await run(bin, ['--version'], { cwd: work, env })).stdout.trim()).toBe(version);
    const { stdout } = await run(bin, ['extract', join(CORPUS, 'hanyang-party-office-2023-final.txt'), '--out', 'data', '--format', 'json,xlsx', '--json'], { cwd: work, env });
    const summary = JSON.parse(stdout);
    expect(summary.exitCode).toBe(0);
    expect(summary.documents.ok + summary.documents.partial).toBe(1);
    for (const f of ['hanyang-party-office-2023-final.json', 'hanyang-party-office-2023-final.xlsx', 'dataset.xlsx', 'facts.csv']) {
      expect(existsSync(join(work, 'data', f)), f).toBe(true);
    }
  }, 240_000);

  it('npx budget-tables works inside the clone without asking the registry', async () => {
    // npx reuses the link it made on an earlier run and does not chmod again: the build must leave
    // the bin executable, or a rebuilt clone says "budget-tables: Permission denied".
    expect(statSync(join(ROOT, 'dist/src/cli/main.js')).mode & 0o111).toBe(0o111);
    const { stdout } = await run('npx', ['--offline', 'budget-tables', '--version'], { cwd: ROOT, env });
    expect(stdout.trim()).toBe(JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')).version);
  }, 60_000);
});
