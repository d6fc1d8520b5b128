import { Option, type Command } from 'commander';
import type { EnqueueItem } from '../db/enqueue.js';
import { TOOL } from '../version.js';
import { DB_OPTION, NO_URL, positiveNumber, requireUrl, usage, withSession } from './db-common.js';
import { EXIT } from './exit.js';
import { DEFAULT_TIMEOUT_S } from './extract.js';

interface EnqueueCliOptions {
  db?: string;
  upload?: boolean;
  uploadLimit: string;
  timeout: string;
  stallTimeout?: string;
  retries: string;
  force?: boolean;
  json?: boolean;
}

/** Default for --upload-limit: large enough for any text dump and most PDFs, small enough for a job row. */
export const DEFAULT_UPLOAD_LIMIT_MB = 32;

/** Seconds a job may stay with a worker beyond its per-file limit before another worker gets it. */
export const STALL_GRACE_S = 60;
/** pg-boss refuses expirations of a day or more. */
const MAX_STALL_S = 23 * 3600;

/** `budget-tables enqueue`: files, folders and globs → jobs on the shared queue in the database. */
export function registerEnqueue(program: Command, setExit: (code: number) => void): void {
  program
    .command('enqueue')
    .description('put files, folders or globs on the shared queue in PostgreSQL, for `budget-tables worker` on any machine to convert')
    .argument('<inputs...>', 'files, folders (searched recursively) or quoted globs; paths must be readable by every worker unless --upload')
    .option(...DB_OPTION)
    .option('--upload', 'store each file\'s bytes in the database with its job, so workers need no access to the path')
    .addOption(new Option('--upload-limit <MB>', 'largest file --upload stores').default(String(DEFAULT_UPLOAD_LIMIT_MB)))
    .addOption(new Option('--timeout <seconds>', 'per-file limit the workers apply, as in extract (0 = no limit)').default(String(DEFAULT_TIMEOUT_S)))
    .option('--stall-timeout <seconds>', `a job not finished after this long (its worker killed or its machine lost) goes to another worker (default: --timeout + ${STALL_GRACE_S})`)
    .addOption(new Option('--retries <n>', 'how many times a job whose worker vanished is given to another worker before it is recorded as failed').default('2'))
    .option('--force', 'queue again even documents that are unchanged since they were converted')
    .option('--json', 'print a JSON summary on stdout')
    .action(async (inputs: string[], opts: EnqueueCliOptions) => setExit(await run(inputs, opts)));
}

async function run(inputs: string[], opts: EnqueueCliOptions): Promise<number> {
  const url = requireUrl(opts.db);
  if (!url) return usage(NO_URL);
  const timeout = positiveNumber(opts.timeout, '--timeout');
  const limit = positiveNumber(opts.uploadLimit, '--upload-limit', { min: 0.001 });
  const retries = positiveNumber(opts.retries, '--retries', { integer: true });
  for (const v of [timeout, limit, retries]) if (typeof v === 'string') return usage(v);
  const stall = opts.stallTimeout === undefined ? Math.min(MAX_STALL_S, (timeout as number) > 0 ? Math.ceil((timeout as number) + STALL_GRACE_S) : MAX_STALL_S) : positiveNumber(opts.stallTimeout, '--stall-timeout', { integer: true, min: 1 });
  if (typeof stall === 'string') return usage(stall);
  if (stall > MAX_STALL_S) return usage(`--stall-timeout can be at most ${MAX_STALL_S} s`);
  return withSession(url, { poolSize: 2 }, async (s) => {
    const [{ enqueue }, { plural }] = await Promise.all([import('../db/enqueue.js'), import('./batch.js')]);
    const t0 = Date.now();
    const { items, missing } = await enqueue(s.pool, s.boss!, s.catalogue, inputs, {
      force: opts.force === true,
      upload: opts.upload === true,
      uploadLimit: (limit as number) * 1048576,
      timeoutMs: (timeout as number) * 1000,
      stallSeconds: stall,
      retries: retries as number,
    });
    if (items.length === 0 && missing.length === 0) return usage('no input files found (looked for .pdf, .txt, .text, .htm, .html)');
    const out = opts.json ? process.stderr : process.stdout;
    const count = (k: EnqueueItem['outcome']) => items.filter((i) => i.outcome === k).length;
    for (const i of items) {
      if (i.outcome === 'failed') process.stderr.write(`✗ ${i.display}: ${i.error}\n`);
      else if (i.outcome === 'duplicate') out.write(`= ${i.display}: same content as ${i.duplicateOf}, converted once\n`);
      else if (i.outcome === 'unchanged') out.write(`· ${i.display}: unchanged since it was converted or queued\n`);
      else out.write(`+ ${i.display} → ${i.id}\n`);
    }
    for (const m of missing) process.stderr.write(`✗ ${m}: ${/[*?[\]{}]/.test(m) ? 'no file matches this pattern' : 'no such file or folder'}\n`);
    const failed = count('failed') + missing.length;
    const code = failed > 0 ? EXIT.SOME_FAILED : EXIT.OK;
    const line = `${failed ? '✗' : '✓'} ${plural(items.length + missing.length, 'input')} in ${((Date.now() - t0) / 1000).toFixed(1)} s: ${count('queued')} queued, ${plural(count('duplicate'), 'duplicate')}, ${count('unchanged')} unchanged, ${failed} failed${opts.upload ? ' (bytes stored with the jobs)' : ''} (exit ${code})`;
    if (opts.json) {
      process.stderr.write(line + '\n');
      process.stdout.write(JSON.stringify({ tool: TOOL, exitCode: code, queued: count('queued'), duplicates: count('duplicate'), unchanged: count('unchanged'), failed, items, missing }, null, 2) + '\n');
    } else process.stdout.write(line + '\n');
    return code;
  });
}
