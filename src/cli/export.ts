import { resolve } from 'node:path';
import { Option, type Command } from 'commander';
import { lockFolder } from '../emit/lock.js';
import { DB_OPTION, NO_URL, requireUrl, usage, withSession } from './db-common.js';
import { EXIT } from './exit.js';

interface ExportCliOptions {
  db?: string;
  out: string;
  format: string;
  bom: boolean;
  excel?: boolean;
}

/** `budget-tables export`: the dataset in the database → the folder a local run writes. */
export function registerExport(program: Command, setExit: (code: number) => void): void {
  program
    .command('export')
    .description('write the dataset held in PostgreSQL as a local run would: <out>/<id>.json, manifest.json, documents.csv, tables.csv, facts.csv, checks.csv, flags.csv')
    .option(...DB_OPTION)
    .requiredOption('-o, --out <dir>', 'output folder (created if needed)')
    .addOption(new Option('-f, --format <list>', 'per-document outputs: json, csv (JSON is always written)').default('json'))
    .option('--no-bom', 'write every CSV without the UTF-8 byte-order mark (for scripts)')
    .option('--excel', 'write every CSV with a byte-order mark, for Excel/WPS (the default)')
    .action(async (opts: ExportCliOptions) => setExit(await run(opts)));
}

async function run(opts: ExportCliOptions): Promise<number> {
  const url = requireUrl(opts.db);
  if (!url) return usage(NO_URL);
  const formats = opts.format.split(',').map((f) => f.trim()).filter(Boolean);
  const bad = formats.filter((f) => f !== 'json' && f !== 'csv');
  if (bad.length > 0) return usage(`unknown format ${bad.join(', ')} (choose from json, csv)`);
  if (opts.excel && !opts.bom) return usage('--excel and --no-bom contradict each other');
  return withSession(url, { boss: false, poolSize: 3 }, async (s) => {
    const out = resolve(opts.out);
    const { mkdir } = await import('node:fs/promises');
    const { exportDatabase } = await import('../db/export.js');
    await mkdir(out, { recursive: true });
    const lock = lockFolder(out);
    if ('error' in lock) {
      process.stderr.write(`budget-tables: cannot lock the output folder ${opts.out}: ${lock.error}\n`);
      return EXIT.SOME_FAILED;
    }
    if ('heldBy' in lock) {
      process.stderr.write(`budget-tables: another budget-tables run is writing to ${opts.out} (${lock.heldBy}); wait for it to finish\n`);
      return EXIT.SOME_FAILED;
    }
    try {
      const t0 = Date.now();
      const r = await exportDatabase(s.pool, out, { bom: opts.bom, csv: formats.includes('csv') });
      const pending = r.pending > 0 ? ` · ${r.pending} documents still queued are not in it yet` : '';
      process.stdout.write(
        `✓ exported in ${((Date.now() - t0) / 1000).toFixed(1)} s: ${r.json} JSON documents; dataset: ${r.rows.documents} documents, ${r.rows.tables} tables, ${r.rows.facts} facts, ${r.rows.checks} checks, ${r.rows.flags} flags${pending} → ${opts.out}\n`,
      );
      return EXIT.OK;
    } finally {
      const problem = lock.release();
      if (problem) process.stderr.write(`budget-tables: ${problem}\n`);
    }
  });
}
