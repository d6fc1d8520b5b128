import { JsonStreamStringify } from 'json-stream-stringify';
import type { CanonicalResult } from '../model/canonical.js';
import { writeFileAtomic } from './atomic.js';

export function toJson(result: CanonicalResult): string {
  return JSON.stringify(result, null, 2) + '\n';
}

/**
 * The same text as toJson, produced in chunks of ~16 KB. JSON.stringify of a large document
 * (shenzhen-da116ac7: 187 pages, a 9.7 MB file) took its converter from ~130 to ~400 MB for a
 * moment, more than the conversion itself; streamed, the write adds nothing measurable.
 */
export async function* jsonChunks(value: unknown): AsyncGenerator<string> {
  yield* new JsonStreamStringify(value, undefined, 2, false, 16 * 1024) as AsyncIterable<string>;
  yield '\n';
}

export async function writeJson(path: string, result: CanonicalResult): Promise<void> {
  await writeFileAtomic(path, jsonChunks(result));
}
