import type pg from 'pg';
import { QUEUE } from './queue.js';

/** Where the shared queue stands: what `budget-tables status` prints. */
export interface QueueStatus {
  queued: number;
  running: number;
  done: { ok: number; partial: number; duplicate: number };
  failed: number;
  /** Documents finished per minute over the last 10 minutes (null when none finished then). */
  perMinute: number | null;
  /** Minutes until the queue is empty at that rate. */
  etaMinutes: number | null;
  workers: { worker: string; running: number; finishedLast10Min: number }[];
  failures: { path: string; error: string | null; errorCode: string | null }[];
}

const WINDOW_MIN = 10;

export async function queueStatus(pool: pg.Pool, o: { failures?: number } = {}): Promise<QueueStatus> {
  const c = (
    await pool.query<Record<string, string | null>>(`
      SELECT count(*) FILTER (WHERE status = 'queued' OR (status = 'duplicate' AND entry IS NULL)) AS queued,
             count(*) FILTER (WHERE status = 'ok') AS ok,
             count(*) FILTER (WHERE status = 'partial') AS partial,
             count(*) FILTER (WHERE status = 'duplicate' AND entry IS NOT NULL) AS duplicate,
             count(*) FILTER (WHERE status = 'failed') AS failed,
             count(*) FILTER (WHERE status IN ('ok', 'partial', 'failed') AND converted_at > now() - interval '${WINDOW_MIN} minutes') AS recent,
             extract(epoch FROM now() - min(started_at) FILTER (WHERE converted_at > now() - interval '${WINDOW_MIN} minutes')) AS recent_span
        FROM documents`)
  ).rows[0]!;
  // Running = the queue's active jobs (pg-boss's own table: a job a vanished worker held stays active until it expires).
  const running = await pool
    .query<{ worker: string | null; n: string }>(
      `SELECT d.worker, count(*) AS n FROM pgboss.job j JOIN documents d ON d.job_id = j.id
        WHERE j.name = $1 AND j.state = 'active' AND d.status = 'queued' GROUP BY d.worker`,
      [QUEUE],
    )
    .then((r) => r.rows, () => [] as { worker: string | null; n: string }[]);
  const finished = (
    await pool.query<{ worker: string; n: string }>(
      `SELECT worker, count(*) AS n FROM documents WHERE worker IS NOT NULL AND converted_at > now() - interval '${WINDOW_MIN} minutes' GROUP BY worker`,
    )
  ).rows;
  const failures = (
    await pool.query<{ path: string; error: string | null; error_code: string | null }>(
      `SELECT path, error, error_code FROM documents WHERE status = 'failed' ORDER BY converted_at DESC NULLS LAST LIMIT $1`,
      [o.failures ?? 10],
    )
  ).rows.map((r) => ({ path: r.path, error: r.error, errorCode: r.error_code }));
  const n = (k: string) => Number(c[k] ?? 0);
  const runningTotal = running.reduce((s, r) => s + Number(r.n), 0);
  const recent = n('recent');
  const spanMin = Math.min(WINDOW_MIN, Math.max(Number(c.recent_span ?? 0) / 60, 1 / 60));
  const perMinute = recent > 0 ? recent / spanMin : null;
  const left = n('queued');
  const workers = new Map<string, { worker: string; running: number; finishedLast10Min: number }>();
  for (const r of running) workers.set(r.worker ?? '?', { worker: r.worker ?? '?', running: Number(r.n), finishedLast10Min: 0 });
  for (const r of finished) {
    const w = workers.get(r.worker) ?? { worker: r.worker, running: 0, finishedLast10Min: 0 };
    w.finishedLast10Min = Number(r.n);
    workers.set(r.worker, w);
  }
  return {
    queued: Math.max(0, left - runningTotal),
    running: runningTotal,
    done: { ok: n('ok'), partial: n('partial'), duplicate: n('duplicate') },
    failed: n('failed'),
    perMinute,
    etaMinutes: left === 0 ? 0 : perMinute ? left / perMinute : null,
    workers: [...workers.values()].sort((a, b) => a.worker.localeCompare(b.worker)),
    failures,
  };
}
