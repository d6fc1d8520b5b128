import { enqueue } from '../db/enqueue.js';
import { startWorkerLoop } from '../db/worker-loop.js';
import { TOOL } from '../version.js';
import { plural } from './batch.js';
import { withSession } from './db-common.js';
import { printer, untilDone } from './db-worker.js';
import { EXIT } from './exit.js';
import { STALL_GRACE_S } from './enqueue.js';

/**
 * `extract … --db URL`: the same conversion, into the database instead of a folder. It is
 * `enqueue` followed by a worker on this machine that stops when the queue is empty, so it also
 * helps with (and waits for) whatever else is queued; other machines' workers may join in.
 */
export interface DbExtractOptions {
  url: string;
  concurrency: number;
  timeout: number;
  force: boolean;
  json: boolean;
  jsonLog: boolean;
}

export async function runDbExtract(inputs: string[], o: DbExtractOptions): Promise<number> {
  const p = printer(o.jsonLog);
  return withSession(o.url, { poolSize: o.concurrency + 2, boss: { supervise: true, maintenanceIntervalSeconds: 30, onError: p.onError } }, async (s) => {
    const t0 = Date.now();
    const { items, missing } = await enqueue(s.pool, s.boss!, s.catalogue, inputs, {
      force: o.force, upload: false, uploadLimit: 0, timeoutMs: o.timeout * 1000,
      stallSeconds: o.timeout > 0 ? Math.ceil(o.timeout + STALL_GRACE_S) : 23 * 3600, retries: 2,
    });
    if (items.length === 0 && missing.length === 0) {
      process.stderr.write('budget-tables: no input files found (looked for .pdf, .txt, .text, .htm, .html)\n');
      return EXIT.USAGE;
    }
    for (const m of missing) process.stderr.write(`✗ ${m}: ${/[*?[\]{}]/.test(m) ? 'no file matches this pattern' : 'no such file or folder'}\n`);
    for (const i of items) if (i.outcome === 'failed') process.stderr.write(`✗ ${i.display}: ${i.error}\n`);
    const loop = await startWorkerLoop(s.pool, s.boss!, s.catalogue, { concurrency: o.concurrency, drain: true, pollSeconds: 0.5, ...p });
    const interrupted = await untilDone(loop);
    if (interrupted !== null) return interrupted;
    // The outcome of every input of this run, as recorded.
    const paths = items.map((i) => i.path);
    const { rows } = await s.pool.query<{ status: string; n: string }>('SELECT status, count(*) AS n FROM documents WHERE path = ANY($1) GROUP BY status', [paths]);
    const n = (k: string) => Number(rows.find((r) => r.status === k)?.n ?? 0);
    const failed = n('failed') + missing.length + items.filter((i) => i.outcome === 'failed' && i.errorCode === 'too_large').length;
    const code = failed > 0 || n('queued') > 0 ? EXIT.SOME_FAILED : EXIT.OK;
    const line = `${code ? '✗' : '✓'} ${plural(items.length + missing.length, 'file')} in ${((Date.now() - t0) / 1000).toFixed(1)} s: ${n('ok')} ok, ${n('partial')} partial, ${failed} failed, ${plural(n('duplicate'), 'duplicate')} (${items.filter((i) => i.outcome === 'unchanged').length} unchanged) → database (exit ${code})`;
    if (o.json) {
      process.stderr.write(line + '\n');
      process.stdout.write(JSON.stringify({ tool: TOOL, exitCode: code, ok: n('ok'), partial: n('partial'), failed, duplicates: n('duplicate'), items, missing }, null, 2) + '\n');
    } else process.stderr.write(line + '\n');
    return code;
  });
}
