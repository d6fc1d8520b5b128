import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type pg from 'pg';

/**
 * Versioned schema migrations: src/db/migrations/NNN-name.sql, applied in order, each in its own
 * transaction, each once (recorded in budget_tables_migrations with its checksum). A migration is
 * never edited after it has shipped: change the schema with a new file. Concurrent starts (many
 * workers at once) are serialised by an advisory lock.
 */
/** The schema is not one this version can use (an edited or unknown migration, a missing column): said as it is. */
export class SchemaError extends Error {}

const MIGRATION_FILE = /^(\d{3})-[\w-]+\.sql$/;
/** Arbitrary, fixed: the advisory lock every budget-tables process takes to migrate. */
const LOCK_KEY = 7_311_016;

/** The migrations folder: beside this file when run from src/ (tests), in the package's src/ when run from dist/. */
function migrationsDir(): string {
  const candidates = ['./migrations/', '../../../src/db/migrations/'].map((p) => fileURLToPath(new URL(p, import.meta.url)));
  const dir = candidates.find((d) => existsSync(d));
  if (!dir) throw new SchemaError(`the schema migrations are missing (looked in ${candidates.join(', ')})`);
  return dir;
}

export interface Migration {
  version: number;
  name: string;
  sql: string;
  sha256: string;
}

export function migrations(): Migration[] {
  const dir = migrationsDir();
  return readdirSync(dir)
    .filter((f) => MIGRATION_FILE.test(f))
    .sort()
    .map((name) => {
      const sql = readFileSync(dir + name, 'utf8');
      return { version: Number(MIGRATION_FILE.exec(name)![1]), name, sql, sha256: createHash('sha256').update(sql).digest('hex') };
    });
}

/** Brings the schema up to date; returns the names of the migrations applied now. */
export async function migrate(pool: pg.Pool): Promise<string[]> {
  const client = await pool.connect();
  const applied: string[] = [];
  try {
    await client.query('SELECT pg_advisory_lock($1)', [LOCK_KEY]);
    await client.query(`CREATE TABLE IF NOT EXISTS budget_tables_migrations (
      version integer PRIMARY KEY, name text NOT NULL, sha256 text NOT NULL, applied_at timestamptz NOT NULL DEFAULT now())`);
    const done = new Map(
      (await client.query<{ version: number; name: string; sha256: string }>('SELECT version, name, sha256 FROM budget_tables_migrations')).rows.map((r) => [r.version, r]),
    );
    for (const m of migrations()) {
      const prior = done.get(m.version);
      if (prior) {
        if (prior.sha256 !== m.sha256) throw new SchemaError(`schema migration ${m.name} differs from the one applied to this database (${prior.name}); migrations must not be edited once applied`);
        continue;
      }
      await client.query('BEGIN');
      try {
        await client.query(m.sql);
        await client.query('INSERT INTO budget_tables_migrations (version, name, sha256) VALUES ($1, $2, $3)', [m.version, m.name, m.sha256]);
        await client.query('COMMIT');
      } catch (e) {
        await client.query('ROLLBACK');
        throw new SchemaError(`schema migration ${m.name} failed: ${(e as Error).message}`);
      }
      applied.push(m.name);
    }
    const newer = [...done.keys()].filter((v) => !migrations().some((m) => m.version === v));
    if (newer.length > 0) throw new SchemaError(`this database was migrated by a newer budget-tables (schema version ${Math.max(...newer)}); update the tool on this machine`);
  } finally {
    await client.query('SELECT pg_advisory_unlock($1)', [LOCK_KEY]).catch(() => undefined);
    client.release();
  }
  return applied;
}
