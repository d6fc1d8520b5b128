import { hostname } from 'node:os';
import { join } from 'node:path';
import { readFileSync, rmSync, writeFileSync } from 'node:fs';

/** One run at a time per output folder: two runs would race on the manifest and the dataset. */
export const LOCK_FILE = '.budget-tables.lock';

export interface FolderLock {
  path: string;
  release(): void;
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

/**
 * Takes the output folder's lock, or explains who holds it. A lock left by a run that was killed
 * (its process is gone) is taken over. Synchronous so that release() can run in an exit handler.
 */
export function lockFolder(dir: string): FolderLock | { heldBy: string } {
  const path = join(dir, LOCK_FILE);
  const me = JSON.stringify({ pid: process.pid, host: hostname(), startedAt: new Date().toISOString() });
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      writeFileSync(path, me, { flag: 'wx' });
      let released = false;
      return {
        path,
        release: () => {
          if (released) return;
          released = true;
          rmSync(path, { force: true });
        },
      };
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
    }
    let holder: { pid?: number; host?: string; startedAt?: string } = {};
    try {
      holder = JSON.parse(readFileSync(path, 'utf8')) as typeof holder;
    } catch {
      // Unreadable lock (killed while writing it): stale.
    }
    const sameHost = holder.host === undefined || holder.host === hostname();
    if (typeof holder.pid === 'number' && holder.pid !== process.pid && (!sameHost || alive(holder.pid))) {
      return { heldBy: `process ${holder.pid}${sameHost ? '' : ` on ${holder.host}`}, started ${holder.startedAt ?? '?'}` };
    }
    rmSync(path, { force: true });
  }
  return { heldBy: 'another process (the lock could not be taken)' };
}
