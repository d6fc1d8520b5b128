import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { hashInputs } from '../src/cli/batch.js';
import { CORPUS } from './helpers.js';

/**
 * hashInputs reads every input into one reused buffer per slot (src/cli/batch.ts): a file longer
 * than the buffer, one shorter than what the buffer held before, an empty one and a missing one,
 * more files than slots, each hashed as a whole.
 */
const dir = mkdtempSync(join(tmpdir(), 'bt-hash-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('hashInputs', () => {
  it('gives each file the sha256 and size of its whole content', async () => {
    const files: string[] = [];
    const big = readFileSync(join(CORPUS, 'putuo-planning-2024-final.pdf'));
    for (let i = 0; i < 20; i++) {
      const f = join(dir, `f${i}.bin`);
      // Sizes around the 256 KB buffer and far from it; distinct content in every file.
      const bytes = Buffer.concat([Buffer.from(`file ${i}\n`), big.subarray(0, [0, 7, 262_144, 262_145, 600_000][i % 5]! * (1 + (i % 3)))]);
      writeFileSync(f, bytes);
      files.push(f);
    }
    files.push(join(dir, 'missing.bin'));
    const hashed = await hashInputs(files, '\0');
    for (let i = 0; i < 20; i++) {
      const bytes = readFileSync(files[i]!);
      expect(hashed[i]).toMatchObject({ size: bytes.length, sha256: createHash('sha256').update(bytes).digest('hex') });
    }
    expect(hashed[20]).toMatchObject({ errorCode: 'vanished' });
  });
});
