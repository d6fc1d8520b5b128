import { availableParallelism } from 'node:os';
import { Option, type Command } from 'commander';
import type { FailOn } from './batch.js';
import { EXIT } from './exit.js';

const FORMATS = ['json', 'csv', 'xlsx'] as const;
const FAIL_ON = ['error', 'warning', 'never'] as const;
export const DEFAULT_TIMEOUT_S = 600;

interface ExtractOptions {
  out?: string;
  db?: string;
  format: string;
  bom: boolean;
  excel?: boolean;
  concurrency: string;
  timeout: string;
  force?: boolean;
  failOn: FailOn;
  json?: boolean;
  jsonLog?: boolean;
  dataset: boolean;
}

const usage = (msg: string): number => {
  process.stderr.write(`budget-tables: ${msg}\n`);
  return EXIT.USAGE;
};

export const EXIT_CODES_HELP = `
Exit codes:
  0    every input was converted (and nothing reached --fail-on)
  1    at least one input failed or was missing, an output could not be written (write_failed),
       or the output folder cannot be written
  2    usage error (unknown option, missing --out, bad value)
  3    every input was converted, but some document has findings at or above --fail-on
  130  interrupted (Ctrl-C; 143 for SIGTERM): finished files are kept, run the same command again`;

/** `budget-tables extract`: files, folders and globs → per-document JSON (+CSV), manifest.json and the dataset CSVs. */
export function registerExtract(program: Command, setExit: (code: number) => void): void {
  program
    .command('extract')
    .description('convert files, folders or globs of disclosures into <out>/<name>.json (and .csv), a manifest and dataset CSVs')
    .argument('<inputs...>', 'files, folders (searched recursively for .pdf, .txt, .text, .htm, .html) or quoted globs ("downloads/**/*.pdf")')
    .option('-o, --out <dir>', 'output folder (created if needed; holds manifest.json, the outputs and the dataset); required unless --db')
    .option('--db <url>', 'write into PostgreSQL instead of a folder (postgres://user:password@host:5432/database; see `budget-tables enqueue`)')
    .addOption(new Option('-f, --format <list>', 'per-document outputs: json, csv, xlsx (JSON is always written; xlsx also writes dataset.xlsx)').default('json'))
    .option('--no-bom', 'write every CSV without the UTF-8 byte-order mark (for scripts; Excel/WPS then garble Chinese)')
    .option('--excel', 'write every CSV as UTF-8 with a byte-order mark, for Excel/WPS (the default; cannot be combined with --no-bom). For Excel workbooks (.xlsx) use --format xlsx')
    .addOption(new Option('-c, --concurrency <n>', 'files converted at the same time').default(String(availableParallelism()), 'number of CPU cores'))
    .addOption(new Option('--timeout <seconds>', 'give up on a file after this long (decimals allowed; 0 = no limit)').default(String(DEFAULT_TIMEOUT_S)))
    .option('--force', 'convert again even the inputs that are unchanged since the last run')
    .addOption(new Option('--fail-on <level>', 'findings that make the exit code 3: error (error flags, failed checks, partly read tables), warning (also warnings), never').choices(FAIL_ON).default('never'))
    .option('--json', 'print a JSON summary on stdout (and nothing else on stdout)')
    .option('--json-log', 'log one JSON object per line on stderr (start, file, warning, summary events) instead of text and progress bar')
    .option('--no-dataset', 'do not write documents.csv, tables.csv, facts.csv, checks.csv, flags.csv')
    .addHelpText('after', EXIT_CODES_HELP)
    .action(async (inputs: string[], opts: ExtractOptions) => {
      setExit(await extract(inputs, opts));
    });
}

async function extract(inputs: string[], opts: ExtractOptions): Promise<number> {
  const formats = opts.format.split(',').map((s) => s.trim()).filter(Boolean);
  const bad = formats.filter((f) => !(FORMATS as readonly string[]).includes(f));
  if (bad.length > 0) return usage(`unknown format ${bad.join(', ')} (choose from ${FORMATS.join(', ')})`);
  if (opts.excel && !opts.bom) return usage('--excel and --no-bom contradict each other');
  const concurrency = Number(opts.concurrency);
  if (!Number.isInteger(concurrency) || concurrency < 1 || concurrency > 256) return usage(`--concurrency must be a whole number from 1 to 256, not "${opts.concurrency}"`);
  const timeout = Number(opts.timeout);
  if (!Number.isFinite(timeout) || timeout < 0) return usage(`--timeout must be a number of seconds (0 = no limit), not "${opts.timeout}"`);
  if (opts.db !== undefined) {
    if (opts.out !== undefined) return usage('--out and --db: choose one (write the database into a folder afterwards with `budget-tables export --db … --out …`)');
    if (formats.includes('csv') || !opts.dataset) return usage('with --db, the files are written by `budget-tables export --db … --out … [--format json,csv]`; --format and --no-dataset do not apply');
    if (opts.failOn !== 'never') return usage('--fail-on does not apply with --db (after `budget-tables export`, documents.csv lists the findings of every document)');
    // The database mode (src/cli/db-extract.ts), loaded only when asked for.
    const { runDbExtract } = await import('./db-extract.js');
    return runDbExtract(inputs, { url: opts.db, concurrency, timeout, force: opts.force === true, json: opts.json === true, jsonLog: opts.jsonLog === true });
  }
  if (opts.out === undefined) return usage("required option '-o, --out <dir>' not specified");
  const { runBatch } = await import('./batch.js');
  return runBatch(inputs, {
    out: opts.out,
    csv: formats.includes('csv'),
    xlsx: formats.includes('xlsx'),
    bom: opts.bom,
    concurrency,
    timeout,
    force: opts.force === true,
    failOn: opts.failOn,
    json: opts.json === true,
    jsonLog: opts.jsonLog === true,
    dataset: opts.dataset,
  });
}
