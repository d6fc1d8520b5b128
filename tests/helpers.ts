import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import Ajv2020 from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';
import { goldenFiles, type Golden as Expected } from '../bench/lib/golden.js';

export const ROOT = new URL('..', import.meta.url).pathname;
export const CORPUS = join(ROOT, 'corpus');

const schema = JSON.parse(readFileSync(join(ROOT, 'schema/canonical-v1.schema.json'), 'utf8'));
const ajv = new (Ajv2020 as unknown as typeof Ajv2020.default)({ allErrors: true, strict: false });
(addFormats as unknown as typeof addFormats.default)(ajv);
const validateFn = ajv.compile(schema);

/** Schema errors of a result (empty when valid). */
export function schemaErrors(result: unknown): string[] {
  return validateFn(result) ? [] : (validateFn.errors ?? []).map((e) => `${e.instancePath} ${e.message}`);
}

// The golden comparison (cell shape, keys, the result's cells) is the benchmark's: one definition
// for the tests and bench/ (bench/lib/golden.ts).
export type { GoldenCell as ExpectedCell, Golden as Expected } from '../bench/lib/golden.js';
export { actualCells, cellKey, keyed as cellKeys } from '../bench/lib/golden.js';

/** Corpus inputs that have an expected file. */
export function goldenCases(): { input: string; expected: Expected }[] {
  return goldenFiles().map((g) => ({ input: g.input, expected: g.golden }));
}
