import type { Command } from 'commander';
import { DB_OPTION, NO_URL, requireUrl, usage, withSession } from './db-common.js';
import { EXIT } from './exit.js';

/** `budget-tables status`: queued / running / done / failed, rate and ETA of the shared queue. */
export function registerStatus(program: Command, setExit: (code: number) => void): void {
  program
    .command('status')
    .description('show the shared queue in PostgreSQL: queued, running, done, failed, documents per minute, time left')
    .option(...DB_OPTION)
    .option('--json', 'print the figures as JSON')
    .action(async (opts: { db?: string; json?: boolean }) => setExit(await run(opts)));
}

const minutes = (m: number): string => (m < 1 ? `${Math.round(m * 60)} s` : m < 120 ? `${Math.round(m)} min` : `${(m / 60).toFixed(1)} h`);

async function run(opts: { db?: string; json?: boolean }): Promise<number> {
  const url = requireUrl(opts.db);
  if (!url) return usage(NO_URL);
  return withSession(url, { boss: false, poolSize: 2 }, async (s) => {
    const { queueStatus } = await import('../db/status.js');
    const st = await queueStatus(s.pool);
    if (opts.json) {
      process.stdout.write(JSON.stringify(st, null, 2) + '\n');
      return EXIT.OK;
    }
    const done = st.done.ok + st.done.partial + st.done.duplicate;
    const lines = [
      `queued   ${st.queued}`,
      `running  ${st.running}`,
      `done     ${done}  (${st.done.ok} ok, ${st.done.partial} partial, ${st.done.duplicate} duplicates)`,
      `failed   ${st.failed}`,
      `rate     ${st.perMinute === null ? '— (nothing finished in the last 10 minutes)' : `${st.perMinute.toFixed(1)} documents per minute (last 10 minutes)`}`,
      `left     ${st.queued + st.running === 0 ? 'nothing: the queue is empty' : st.etaMinutes === null ? 'unknown (no rate yet)' : `about ${minutes(st.etaMinutes)}`}`,
    ];
    if (st.workers.length > 0) lines.push('workers', ...st.workers.map((w) => `  ${w.worker}: ${w.running} running, ${w.finishedLast10Min} finished in the last 10 minutes`));
    if (st.failures.length > 0) lines.push('latest failures', ...st.failures.map((f) => `  ✗ ${f.path}: ${f.error}`));
    process.stdout.write(lines.join('\n') + '\n');
    return EXIT.OK;
  });
}
