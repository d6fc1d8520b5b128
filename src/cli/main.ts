#!/usr/bin/env node
import { Command, CommanderError } from 'commander';
import { realpathSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { TOOL } from '../version.js';
import { EXIT } from './exit.js';
import { registerExtract } from './extract.js';
import { registerEnqueue } from './enqueue.js';
import { registerWorker } from './db-worker.js';
import { registerStatus } from './status.js';
import { registerExport } from './export.js';
import { registerReportCommand } from './report-command.js';
import { registerServe } from './serve.js';

export { EXIT } from './exit.js';

/**
 * Commands. Each lives in its own module exporting `register<Name>(program, setExit)`, which adds
 * the command to `program` and reports its exit code through `setExit`. To add a command, write
 * src/cli/<name>.ts and add one line here. A command module imports what its command runs
 * (the batch, reports, the desk, the database) inside its action, so that the main process of a
 * batch, and `--help`, load only the command they run (docs/performance.md, session 5).
 */
const COMMANDS: ((program: Command, setExit: (code: number) => void) => void)[] = [
  registerExtract,
  registerReportCommand,
  registerServe,
  registerEnqueue,
  registerWorker,
  registerStatus,
  registerExport,
];

export async function main(argv: string[]): Promise<number> {
  const program = new Command();
  let code: number = EXIT.OK;
  program
    .name('budget-tables')
    .description('Convert Chinese department budget and final-account disclosures (PDF or text dumps) into canonical JSON and CSV.')
    .version(TOOL.version)
    .exitOverride()
    .configureOutput({ writeErr: (s) => process.stderr.write(s) });
  for (const register of COMMANDS) register(program, (c) => (code = c));
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
