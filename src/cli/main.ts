#!/usr/bin/env node
import { Command, CommanderError, Option } from 'commander';
import { mkdir, access, constants } from 'node:fs/promises';
import { join } from 'node:path';
import { realpathSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { convertFile } from '../pipeline.js';
import { writeJson } from '../emit/json.js';
import { writeCsv } from '../emit/csv.js';
import { TOOL } from '../version.js';
import { expandInputs, outputNames } from './inputs.js';
import { summaryLine } from './summary.js';

/** Exit codes (documented in the README). */
export const EXIT = { OK: 0, SOME_FAILED: 1, USAGE: 2 } as const;

const FORMATS = ['json', 'csv'] as const;

async function extract(inputs: string[], opts: { out: string; format: string; bom: boolean }): Promise<number> {
  const formats = opts.format.split(',').map((s) => s.trim()).filter(Boolean);
  const bad = formats.filter((f) => !(FORMATS as readonly string[]).includes(f));
  if (bad.length > 0) {
    process.stderr.write(`budget-tables: unknown format ${bad.join(', ')} (choose from ${FORMATS.join(', ')})\n`);
    return EXIT.USAGE;
  }
  const { files, missing } = await expandInputs(inputs);
  for (const m of missing) process.stderr.write(`✗ ${m}: no such file or folder\n`);
  if (files.length === 0 && missing.length === 0) {
    process.stderr.write('budget-tables: no input files found (looked for .pdf, .txt, .text, .html)\n');
    return EXIT.USAGE;
  }
  try {
    await mkdir(opts.out, { recursive: true });
    await access(opts.out, constants.W_OK);
  } catch {
    process.stderr.write(`budget-tables: cannot write to the output folder ${opts.out}\n`);
    return EXIT.SOME_FAILED;
  }
  const names = outputNames(files);
  let failed = missing.length;
  for (const file of files) {
    const started = Date.now();
    try {
      const result = await convertFile(file);
      const base = join(opts.out, names.get(file)!);
      if (formats.includes('json')) await writeJson(`${base}.json`, result);
      if (formats.includes('csv')) await writeCsv(`${base}.csv`, result, opts.bom);
      process.stdout.write(summaryLine(result, `${base}.json`, Date.now() - started) + '\n');
    } catch (e) {
      failed++;
      const msg = e instanceof Error ? e.message : String(e);
      process.stderr.write(`✗ ${file}: ${msg.startsWith(file) || msg.includes(names.get(file) ?? '\0') ? msg : msg}\n`);
    }
  }
  return failed > 0 ? EXIT.SOME_FAILED : EXIT.OK;
}

export async function main(argv: string[]): Promise<number> {
  const program = new Command();
  let code: number = EXIT.OK;
  program
    .name('budget-tables')
    .description('Convert Chinese department budget and final-account disclosures (PDF or text dumps) into canonical JSON and CSV.')
    .version(TOOL.version)
    .exitOverride()
    .configureOutput({ writeErr: (s) => process.stderr.write(s) });
  program
    .command('extract')
    .description('convert files or folders of disclosures; writes <out>/<name>.json (and .csv) per document')
    .argument('<inputs...>', 'files or folders (folders are searched recursively for .pdf, .txt, .text, .html)')
    .requiredOption('-o, --out <dir>', 'output folder')
    .addOption(new Option('-f, --format <list>', 'comma-separated output formats: json, csv').default('json'))
    .option('--no-bom', 'write CSV without the UTF-8 byte-order mark (Excel/WPS need it to show Chinese)')
    .addHelpText('after', '\nExit codes: 0 every document converted; 1 at least one document failed; 2 usage error.')
    .action(async (inputs: string[], opts: { out: string; format: string; bom: boolean }) => {
      code = await extract(inputs, opts);
    });
  try {
    await program.parseAsync(argv);
  } catch (e) {
    if (e instanceof CommanderError) {
      if (e.code === 'commander.helpDisplayed' || e.code === 'commander.version' || e.code === 'commander.help') return EXIT.OK;
      return EXIT.USAGE;
    }
    throw e;
  }
  return code;
}

// Run when executed directly or through the npm bin link (a symlink to this file).
const isMain = process.argv[1] !== undefined && realpathSync(process.argv[1]) === fileURLToPath(import.meta.url);
if (isMain) {
  main(process.argv).then(
    (c) => process.exit(c),
    (e) => {
      process.stderr.write(`budget-tables: ${e instanceof Error ? e.stack : String(e)}\n`);
      process.exit(EXIT.SOME_FAILED);
    },
  );
}
