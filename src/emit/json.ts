import type { CanonicalResult } from '../model/canonical.js';
import { writeFileAtomic } from './atomic.js';

export function toJson(result: CanonicalResult): string {
  return JSON.stringify(result, null, 2) + '\n';
}

export async function writeJson(path: string, result: CanonicalResult): Promise<void> {
  await writeFileAtomic(path, toJson(result));
}
