/** Where the database is (no driver loaded here: the folder mode's start-up does not pay for pg). */

/**
 * The address of the PostgreSQL server that holds the queue and the dataset is a
 * standard connection URL (postgres://user:password@host:port/database, ?host=/socket/dir for a
 * unix socket), from --db or the BUDGET_TABLES_DB environment variable.
 */
export const DB_ENV = 'BUDGET_TABLES_DB';

export function databaseUrl(option: string | undefined): string | null {
  return option ?? process.env[DB_ENV] ?? null;
}

/** The URL without its password, for messages and logs. */
export function redact(url: string): string {
  try {
    const u = new URL(url);
    if (u.password) u.password = '***';
    return u.toString();
  } catch {
    return url.replace(/:[^:@/]*@/, ':***@');
  }
}

