import PgBoss from 'pg-boss';
import type pg from 'pg';

/**
 * The shared work queue: pg-boss (https://github.com/timgit/pg-boss), in the same database as the
 * dataset (schema `pgboss`). Chosen over a home-made table of jobs because it already does what
 * many machines sharing one queue need: jobs taken with FOR UPDATE SKIP LOCKED (no two workers get
 * the same job), a job whose worker vanished is expired after its expireInSeconds and retried, a
 * bounded number of retries, then a dead-letter queue. Its 10.x line supports Node 20.
 */
export const QUEUE = 'budget-tables-convert';
/** Where a job lands after its last retry (its worker died or could not store the result each time). */
export const DEAD_LETTER = 'budget-tables-convert-dead';

/** What a job carries: enough to convert the file on any machine and record it. */
export interface ConvertJob {
  /** Absolute path as the enqueuing machine saw it (the document's key in the dataset). */
  path: string;
  sha256: string;
  size: number;
  id: string;
  /** The bytes are in the `inputs` table (enqueue --upload), not read from `path`. */
  stored: boolean;
  /** Per-file limit in ms (0 = none), as `extract --timeout`. */
  timeoutMs: number;
  toolVersion: string;
  /** The job's own id (also documents.job_id): a late dead-letter copy of an older job is ignored. */
  jobId: string;
}

/**
 * How long a job may wait in the queue. pg-boss archives jobs not started by then (14 days by
 * default), which would leave their documents queued for ever; a year covers a paused project.
 * (enqueue also puts back any queued document whose job has gone.)
 */
export const QUEUE_RETENTION_DAYS = 365;

export interface BossOptions {
  /** How often this process looks for jobs whose worker vanished (pg-boss maintenance), seconds. */
  maintenanceIntervalSeconds?: number;
  /** Run pg-boss maintenance (expiring stalled jobs) in this process. */
  supervise?: boolean;
  /** Where background errors of the queue are told (stderr by default). */
  onError?: (message: string) => void;
}

/** Starts pg-boss on the database (installs or migrates its schema) and makes sure both queues exist. */
export async function openBoss(url: string, o: BossOptions = {}): Promise<PgBoss> {
  const boss = new PgBoss({
    connectionString: url,
    application_name: 'budget-tables',
    max: 4,
    schedule: false,
    supervise: o.supervise ?? false,
    ...(o.maintenanceIntervalSeconds ? { maintenanceIntervalSeconds: o.maintenanceIntervalSeconds } : {}),
  });
  // pg-boss reports background errors (the database unreachable while polling) as events and keeps
  // trying; say so, once a minute per message, so a worker that cannot work does not look idle.
  const said = new Map<string, number>();
  boss.on('error', (e) => {
    const last = said.get(e.message) ?? 0;
    if (Date.now() - last < 60_000) return;
    said.set(e.message, Date.now());
    (o.onError ?? ((m: string) => process.stderr.write(`budget-tables: ${m}\n`)))(`queue: ${e.message} (retrying)`);
  });
  await boss.start();
  // createQueue is "insert if missing"; two workers starting at once may race on it, so retry once.
  for (let attempt = 0; ; attempt++) {
    try {
      if (!(await boss.getQueue(DEAD_LETTER))) await boss.createQueue(DEAD_LETTER, { name: DEAD_LETTER, retryLimit: 0 });
      if (!(await boss.getQueue(QUEUE))) await boss.createQueue(QUEUE, { name: QUEUE, deadLetter: DEAD_LETTER });
      break;
    } catch (e) {
      if (attempt >= 2) throw e;
      await new Promise((r) => setTimeout(r, 200 + Math.random() * 300));
    }
  }
  return boss;
}

/** pg-boss's way to run its statements on one of our connections (inside our transaction). */
export function onClient(client: pg.PoolClient): PgBoss.Db {
  return { executeSql: (text, values) => client.query(text, values) };
}

/** Of these documents (paths) marked queued, the ones whose job is no longer waiting or running anywhere. */
export async function orphaned(client: pg.PoolClient, paths: string[]): Promise<Set<string>> {
  const { rows } = await client.query<{ path: string }>(
    `SELECT d.path FROM documents d WHERE d.path = ANY($1) AND d.status = 'queued'
        AND NOT EXISTS (SELECT 1 FROM pgboss.job j WHERE j.name IN ($2, $3) AND j.state < 'completed'
                          AND (j.id = d.job_id OR (j.name = $3 AND j.data->>'jobId' = d.job_id::text)))`,
    [paths, QUEUE, DEAD_LETTER],
  );
  return new Set(rows.map((r) => r.path));
}

/** Jobs not finished yet (created, retry or active) in the queue and the dead-letter queue. */
export async function unfinishedJobs(boss: PgBoss): Promise<number> {
  const [a, b] = await Promise.all([
    boss.getQueueSize(QUEUE, { before: 'completed' }),
    boss.getQueueSize(DEAD_LETTER, { before: 'completed' }),
  ]);
  return a + b;
}
