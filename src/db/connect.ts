import pg from 'pg';

import { redact } from './url.js';

/** Connections to the PostgreSQL server that holds the queue and the dataset. */
export function openPool(url: string, max: number): pg.Pool {
  const pool = new pg.Pool({ connectionString: url, max, application_name: 'budget-tables' });
  // An idle connection the server drops (restart, network) must not crash the process: the next query reconnects.
  pool.on('error', () => undefined);
  return pool;
}

/** A database error in words a researcher can act on. */
export function describeDbError(e: unknown, url: string): string {
  const err = e as { code?: string; message?: string };
  const where = redact(url);
  switch (err?.code) {
    case 'ECONNREFUSED':
      return `cannot reach the database at ${where}: connection refused (is the PostgreSQL server running, and is this the right host and port?)`;
    case 'ENOTFOUND':
    case 'EAI_AGAIN':
      return `cannot reach the database at ${where}: unknown host`;
    case 'ETIMEDOUT':
      return `cannot reach the database at ${where}: timed out`;
    case '28P01':
    case '28000':
      return `the database at ${where} refused the login: ${err.message}`;
    case '3D000':
      return `${err.message} at ${where} (create it first, e.g. createdb)`;
    default:
      return `database error at ${where}: ${err?.message ?? String(e)}`;
  }
}

/** Runs `fn` in a transaction on its own connection: committed if it returns, rolled back if it throws. */
export async function transaction<T>(pool: pg.Pool, fn: (client: pg.PoolClient) => Promise<T>): Promise<T> {
  const client = await pool.connect();
  try {
    await client.query('BEGIN');
    const out = await fn(client);
    await client.query('COMMIT');
    return out;
  } catch (e) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw e;
  } finally {
    client.release();
  }
}
