import type pg from 'pg';
import type PgBoss from 'pg-boss';
import { describeDbError, openPool } from './connect.js';
import { migrate, SchemaError } from './migrate.js';
import { openBoss, type BossOptions } from './queue.js';
import { loadCatalogue, type Catalogue } from './store.js';

/** An open database: the schema migrated, the dataset tables' column types read, the queue started if asked. */
export interface Session {
  url: string;
  pool: pg.Pool;
  catalogue: Catalogue;
  boss: PgBoss | null;
  close: () => Promise<void>;
}

export class DatabaseError extends Error {}

export async function openSession(url: string, o: { boss?: BossOptions | false; poolSize?: number } = {}): Promise<Session> {
  const pool = openPool(url, o.poolSize ?? 4);
  let boss: PgBoss | null = null;
  try {
    await migrate(pool);
    const catalogue = await loadCatalogue(pool);
    if (o.boss !== false) boss = await openBoss(url, o.boss ?? {});
    return {
      url,
      pool,
      catalogue,
      boss,
      close: async () => {
        await boss?.stop({ graceful: false, wait: true, timeout: 5000 }).catch(() => undefined);
        await pool.end().catch(() => undefined);
      },
    };
  } catch (e) {
    await boss?.stop({ graceful: false }).catch(() => undefined);
    await pool.end().catch(() => undefined);
    throw new DatabaseError(e instanceof SchemaError ? e.message : describeDbError(e, url));
  }
}
