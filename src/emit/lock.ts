import { hostname } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { linkSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';

/** One run at a time per output folder: two runs would race on the manifest and the dataset. */
export const LOCK_FILE = '.budget-tables.lock';
/** Held for the instant a stale lock is replaced, so that two runs cannot both take it over. */
const TAKEOVER_FILE = '.budget-tables.lock.takeover';
/** A lock that cannot be read (written by an older version, damaged) is left alone this long (ms). */
export const UNREADABLE_LOCK_GRACE_MS = 60_000;

export interface FolderLock {
  path: string;
  /** Removes the lock if it is still ours; returns a problem in words (never throws). */
  release(): string | null;
}

interface Holder {
  pid?: number;
  host?: string;
  startedAt?: string;
  token?: string;
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
  // A killed process can linger as a zombie until its parent reaps it (Linux: state Z or X).
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return !/^\S+ \(.*\) [ZX]/s.test(stat);
  } catch {
    return true;
  }
}

function read(path: string): { text: string; holder: Holder | null } | null {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch {
    return null; // gone
  }
  try {
    const h = JSON.parse(text) as Holder;
    return { text, holder: h && typeof h === 'object' && typeof h.pid === 'number' ? h : null };
  } catch {
    return { text, holder: null };
  }
}

/** Creates `path` with `content`, complete or not at all, failing with EEXIST if it exists (temp file + hard link). */
function createExclusive(dir: string, path: string, content: string): void {
  const tmp = join(dir, `.budget-tables.lock.${randomBytes(6).toString('hex')}.tmp`);
  writeFileSync(tmp, content, { flag: 'wx' });
  try {
    linkSync(tmp, path);
  } finally {
    rmSync(tmp, { force: true });
  }
}

/** Who holds the lock, in words, when its owner is (or may be) alive; null when the owner is provably gone. */
function liveOwner(path: string, found: { text: string; holder: Holder | null }): string | null {
  const h = found.holder;
  if (!h) {
    // Not ours to judge: an unreadable lock is taken over only once it is old.
    let age = Infinity;
    try {
      age = Date.now() - statSync(path).mtimeMs;
    } catch {
      return null;
    }
    return age > UNREADABLE_LOCK_GRACE_MS ? null : 'a lock file that cannot be read, written less than a minute ago';
  }
  const sameHost = h.host === undefined || h.host === hostname();
  if (!sameHost) return `process ${h.pid} on ${h.host}, started ${h.startedAt ?? '?'}`;
  if (h.pid !== process.pid && alive(h.pid!)) return `process ${h.pid}, started ${h.startedAt ?? '?'}`;
  if (h.pid === process.pid) return `this process (another run in it), started ${h.startedAt ?? '?'}`;
  return null;
}

/**
 * Takes the output folder's lock, or explains who holds it. The lock file is created complete or
 * not at all (written to a temporary file, then hard-linked into place: link fails if the lock
 * exists), so no run can ever read a half-written lock and take it for stale. A lock whose owner
 * is provably gone (same host, process no longer running) is taken over — under a second,
 * short-lived lock, so two runs finding the same stale lock cannot both take it. A lock of another
 * host is never taken over (its process cannot be checked from here). Synchronous so that
 * release() can run in an exit handler.
 */
export function lockFolder(dir: string): FolderLock | { heldBy: string } | { error: string } {
  const path = join(dir, LOCK_FILE);
  const token = randomBytes(8).toString('hex');
  const me = JSON.stringify({ pid: process.pid, host: hostname(), startedAt: new Date().toISOString(), token });
  const held = (): FolderLock => ({
    path,
    release: () => releaseLock(path, me),
  });
  try {
    for (let attempt = 0; attempt < 3; attempt++) {
      try {
        createExclusive(dir, path, me);
        return held();
      } catch (e) {
        if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
      }
      const found = read(path);
      if (!found) continue; // released meanwhile: try again
      const owner = liveOwner(path, found);
      if (owner) return { heldBy: owner };
      // Stale. Replace it under the takeover lock, if the lock is still the one judged stale.
      const takeover = join(dir, TAKEOVER_FILE);
      try {
        createExclusive(dir, takeover, me);
      } catch (e) {
        if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
        const t = read(takeover);
        if (t && liveOwner(takeover, t)) return { heldBy: 'another run taking over a stale lock' };
        // The taker died in that instant: remove its takeover lock if it is still that one, and try again.
        if (t && read(takeover)?.text === t.text) rmSync(takeover, { force: true });
        continue;
      }
      try {
        const again = read(path);
        if (again && again.text !== found.text) continue; // changed meanwhile: judge again
        const tmp = join(dir, `.budget-tables.lock.${token}.tmp`);
        writeFileSync(tmp, me);
        renameSync(tmp, path); // atomic replace: there is never a moment without a lock
        return held();
      } finally {
        releaseLock(takeover, me);
      }
    }
    return { heldBy: 'another process (the lock could not be taken)' };
  } catch (e) {
    return { error: (e as Error).message };
  }
}

/** Removes `path` only if it still holds `content` (ours). Never throws: a problem comes back in words. */
function releaseLock(path: string, content: string): string | null {
  try {
    const found = read(path);
    if (!found || found.text !== content) return found ? `${path} was taken over by another run; left it in place` : null;
    rmSync(path, { force: true });
    return null;
  } catch (e) {
    const err = e as NodeJS.ErrnoException;
    return `could not remove the lock ${path} (${err.code ?? err.message}); delete it by hand if no run is using the folder`;
  }
}
