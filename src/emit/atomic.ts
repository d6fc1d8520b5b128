import { randomBytes } from 'node:crypto';
import { mkdir, open, readdir, rename, rm } from 'node:fs/promises';
import { dirname, join, basename } from 'node:path';

/**
 * A write to one of our outputs failed (ENOSPC, EROFS, EIO, EACCES …): the output is named, the
 * input is not to blame. `code` is the errno code; `output` the file we meant to write.
 */
export class OutputError extends Error {
  override readonly name = 'OutputError';
  readonly errorCode = 'write_failed';
  constructor(
    readonly output: string,
    readonly code: string,
    cause: unknown,
  ) {
    super(`could not write ${output} (${code}: ${describeErrno(code, cause)})`, { cause });
  }
}

function describeErrno(code: string, cause: unknown): string {
  switch (code) {
    case 'ENOSPC':
      return 'the disk is full';
    case 'EDQUOT':
      return 'the disk quota is used up';
    case 'EROFS':
      return 'the folder is on a read-only file system';
    case 'EIO':
      return 'the disk failed while writing';
    case 'EACCES':
    case 'EPERM':
      return 'permission denied';
    default:
      return cause instanceof Error ? cause.message : String(cause);
  }
}

/** Wraps an error of writing `output` (already an OutputError: unchanged). */
export function outputError(output: string, e: unknown): OutputError {
  if (e instanceof OutputError) return e;
  const code = (e as NodeJS.ErrnoException)?.code;
  return new OutputError(output, typeof code === 'string' ? code : 'EIO', e);
}

/** Temporary files are hidden siblings of their target: `.<name>.<12 hex>.tmp`. */
const TEMP_NAME = /^\..+\.[0-9a-f]{12}\.tmp$/;

/** A fresh temporary path beside `path` (same folder, so the final rename is atomic). */
export function tempPathFor(path: string): string {
  return join(dirname(path), `.${basename(path)}.${randomBytes(6).toString('hex')}.tmp`);
}

/**
 * Writes a file atomically: a temporary file in the same folder, flushed to disk, then a rename.
 * A reader (or a re-run after a crash or power cut) sees the old file or the new one, never half
 * of one. `data` may come in chunks (an async iterable), so a large output need not be one string.
 */
export async function writeFileAtomic(path: string, data: string | Uint8Array | AsyncIterable<string | Uint8Array>): Promise<void> {
  await mkdir(dirname(path), { recursive: true }).catch((e: unknown) => {
    throw outputError(path, e);
  });
  const tmp = tempPathFor(path);
  try {
    const fh = await open(tmp, 'w');
    try {
      if (typeof data === 'string' || data instanceof Uint8Array) await fh.writeFile(data);
      else for await (const chunk of data) await (typeof chunk === 'string' ? fh.write(chunk, null, 'utf8') : fh.write(chunk));
      await fh.sync();
    } finally {
      await fh.close();
    }
    await rename(tmp, path);
  } catch (e) {
    await rm(tmp, { force: true }).catch(() => undefined);
    // A failure of the chunks themselves (ours, not the disk's) is not a write failure.
    if (typeof (e as NodeJS.ErrnoException)?.code !== 'string' && !(e instanceof OutputError)) throw e;
    throw outputError(path, e);
  }
}

/**
 * Removes temporary files a killed run left in `dir` (not recursive). Call it only while holding
 * the folder's lock, so no live writer's temporary file is removed. Returns how many were removed.
 */
export async function removeStaleTemps(dir: string): Promise<number> {
  const names = await readdir(dir).catch(() => [] as string[]);
  let n = 0;
  for (const name of names) {
    if (!TEMP_NAME.test(name)) continue;
    await rm(join(dir, name), { force: true });
    n++;
  }
  return n;
}
