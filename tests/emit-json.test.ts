import { mkdtempSync, readdirSync, readFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { convertFile } from '../src/pipeline.js';
import { jsonChunks, toJson, writeJson } from '../src/emit/json.js';
import { writeFileAtomic } from '../src/emit/atomic.js';
import { FontCache } from '../src/read/pdf.js';

const input = join(import.meta.dirname, '..', 'corpus', 'field', 'changsha-xinfangju-2026-budget.pdf');

describe('the JSON output, written in chunks', () => {
  it('is the same text as JSON.stringify with two spaces, chunk by chunk and on disk', async () => {
    const result = await convertFile(input);
    let streamed = '';
    let chunks = 0;
    for await (const c of jsonChunks(result)) {
      streamed += c;
      chunks++;
    }
    expect(chunks).toBeGreaterThan(10);
    expect(streamed).toBe(toJson(result));
    const dir = mkdtempSync(join(tmpdir(), 'bt-json-'));
    await writeJson(join(dir, 'out.json'), result);
    expect(readFileSync(join(dir, 'out.json'), 'utf8')).toBe(toJson(result));
    expect(readdirSync(dir)).toEqual(['out.json']);
  });

  it('leaves neither the file nor a temporary file when the chunks fail half-way', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'bt-json-'));
    async function* failing(): AsyncGenerator<string> {
      yield '{"a": 1,';
      throw new Error('serialiser failed');
    }
    await expect(writeFileAtomic(join(dir, 'out.json'), failing())).rejects.toThrow(/serialiser failed/);
    expect(existsSync(join(dir, 'out.json'))).toBe(false);
    expect(readdirSync(dir)).toEqual([]);
  });
});

describe("pdf.js's document font cache", () => {
  const SET_FONT = 37;
  const fonts = new FontCache({ OPS: { setFont: SET_FONT } } as never);
  const page = (...names: string[]) => ({ fnArray: names.map(() => SET_FONT), argsArray: names.map((n) => [n, 10]) }) as never;

  it('is emptied once pages have brought eight fonts not seen before', () => {
    expect(fonts.seen(page('f1', 'f2', 'f3'))).toBe(false);
    expect(fonts.seen(page('f4', 'f5', 'f6'))).toBe(false);
    expect(fonts.seen(page('f7', 'f8', 'f9'))).toBe(true);
    expect(fonts.seen(page('f10'))).toBe(false);
  });

  it('is kept when every page sets the same dozen fonts', () => {
    const shared = new FontCache({ OPS: { setFont: SET_FONT } } as never);
    const dozen = Array.from({ length: 12 }, (_, i) => `g${i}`);
    for (let p = 0; p < 20; p++) expect(shared.seen(page(...dozen))).toBe(false);
  });
});
