import { databaseUrl, DB_ENV } from '../db/url.js';
import type { Session } from '../db/session.js';
import type { BossOptions } from '../db/queue.js';
import { EXIT } from './exit.js';

/** What the database commands (enqueue, worker, status, export, extract --db) share. */
export const DB_OPTION = ['--db <url>', `PostgreSQL connection URL, e.g. postgres://user:password@host:5432/budget (default: $${DB_ENV})`] as const;

export const usage = (msg: string): number => {
  process.stderr.write(`budget-tables: ${msg}\n`);
  return EXIT.USAGE;
};

/** --db, else $BUDGET_TABLES_DB. */
export const requireUrl = databaseUrl;

export const NO_URL = `no database given: use --db postgres://… or set ${DB_ENV}`;

export function positiveNumber(v: string, name: string, { integer = false, min = 0 } = {}): number | string {
  const n = Number(v);
  if (!Number.isFinite(n) || n < min || (integer && !Number.isInteger(n))) return `${name} must be ${integer ? 'a whole number' : 'a number'} of at least ${min}, not "${v}"`;
  return n;
}

/** Opens the database, runs `fn`, closes it; a database that cannot be used is exit 1 with the reason. */
export async function withSession(url: string, o: { boss?: BossOptions | false; poolSize?: number }, fn: (s: Session) => Promise<number>): Promise<number> {
  // Loaded here, not at start-up: the folder mode never loads the database driver.
  const { DatabaseError, openSession } = await import('../db/session.js');
  let s: Session;
  try {
    s = await openSession(url, o);
  } catch (e) {
    process.stderr.write(`budget-tables: ${e instanceof DatabaseError ? e.message : (e as Error).stack}\n`);
    return EXIT.SOME_FAILED;
  }
  try {
    return await fn(s);
  } finally {
    await s.close();
  }
}
