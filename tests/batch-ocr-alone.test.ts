import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { CORPUS, ROOT } from './helpers.js';

/**
 * OCR runs alone (src/cli/pool.ts, `ocrAlone`): a converter is given the OCR lease only once the
 * other converters have finished their files, idle converters are stopped, no file is admitted
 * while it OCRs, and it is replaced after that document. The schedule must not change any result.
 * The pool is the built one (dist/): it forks dist/src/cli/worker.js.
 */
type Pool = typeof import('../src/cli/pool.js');
const FILES = [
  join(CORPUS, 'putuo-planning-2024-final.pdf'),
  join(ROOT, 'tests/fixtures/scan/putuo-social-work-p12-fa05.pdf'),
  join(CORPUS, 'hanyang-party-office-2023-final.txt'),
  join(CORPUS, 'putuo-social-work-2024-final.pdf'),
];

let dir: string;
let pool: Pool;
beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'bt-ocr-alone-'));
  pool = (await import(pathToFileURL(join(ROOT, 'dist/src/cli/pool.js')).href)) as Pool;
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Converts FILES two at a time, as the batch does; returns the lease grants seen and the pool. */
async function convert(out: string, ocrAlone: boolean) {
  mkdirSync(out, { recursive: true });
  const p = new pool.WorkerPool(2, () => undefined, { ...pool.defaultLimits(), ocrAlone }, FILES.length);
  const grants: { live: number; working: number }[] = [];
  p.onOcrGranted = (others) => grants.push(others);
  let next = 0;
  const lane = async () => {
    while (next < FILES.length) {
      const i = next++;
      const reply = await p.run({ path: FILES[i]!, out, outLabel: out, id: `f${i}`, csv: false, bom: false }, 300_000);
      expect(reply.ok, JSON.stringify(reply)).toBe(true);
    }
  };
  await Promise.all([lane(), lane()]);
  await p.destroy();
  return { grants, started: p.started, ocrDocuments: p.ocrDocuments };
}

/** Outputs by name, without the seconds OCR took (in the page report and its flag: the only timing in them). */
const outputs = (out: string): Map<string, string> =>
  new Map(readdirSync(out).map((f) => [f, readFileSync(join(out, f), 'utf8').replace(/"seconds":\s*[\d.]+/g, '"seconds":0').replace(/, [\d.]+ s"/g, ', 0 s"')]));

describe('OCR runs alone', () => {
  it('the lease waits for the other converter, stops it, and the OCR converter is replaced; results are those of the overlapping schedule', async () => {
    const alone = await convert(join(dir, 'alone'), true);
    // One scanned document: one grant, with no other converter alive (the other one finished its file and was stopped).
    expect(alone.ocrDocuments).toBe(1);
    expect(alone.grants).toEqual([{ live: 0, working: 0 }]);
    // Two at the start, the one stopped for the lease and the OCR one replaced: at least three.
    expect(alone.started).toBeGreaterThanOrEqual(3);
    const mixed = await convert(join(dir, 'mixed'), false);
    expect(mixed.ocrDocuments).toBe(1);
    const a = outputs(join(dir, 'alone'));
    const b = outputs(join(dir, 'mixed'));
    expect([...a.keys()].sort()).toEqual(['f0.json', 'f1.json', 'f2.json', 'f3.json']);
    expect([...b.keys()].sort()).toEqual([...a.keys()].sort());
    for (const [name, text] of a) expect(b.get(name), name).toBe(text);
    // The scan was read by OCR in both.
    expect(a.get('f1.json')).toMatch(/"source": *"ocr"/);
  }, 600_000);
});
