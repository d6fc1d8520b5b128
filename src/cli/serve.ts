import { spawn } from 'node:child_process';
import { Option, type Command } from 'commander';
import { DEFAULT_MAX_FILES, DEFAULT_MAX_UPLOAD_MB } from '../serve/limits.js';
import { EXIT } from './exit.js';

interface ServeCliOptions {
  dir: string;
  port: string;
  open: boolean;
  maxUploadMb: string;
  maxFiles: string;
}

/** `budget-tables serve`: the local desk (a web page on 127.0.0.1 to drop files on). */
export function registerServe(program: Command, setExit: (code: number) => void): void {
  program
    .command('serve')
    .description('open a local web page (on this computer only) to drop PDFs on and download Excel workbooks, CSV and JSON')
    .addOption(new Option('-d, --dir <folder>', 'folder for the uploads (inputs/) and the results (output/, the same files as extract writes)').default('budget-tables-desk'))
    .addOption(new Option('-p, --port <n>', 'port on 127.0.0.1 (0 = any free port)').default('0'))
    .option('--no-open', 'do not open the browser')
    .addOption(new Option('--max-upload-mb <n>', 'largest file accepted, in MB').default(String(DEFAULT_MAX_UPLOAD_MB)))
    .addOption(new Option('--max-files <n>', 'most files the folder may hold').default(String(DEFAULT_MAX_FILES)))
    .addHelpText('after', '\nThe page listens on 127.0.0.1 only and needs the address printed at start (it holds a per-run token).\nStop it with Ctrl-C; start it again with the same --dir to carry on where you left off.')
    .action(async (opts: ServeCliOptions) => {
      const port = Number(opts.port);
      const mb = Number(opts.maxUploadMb);
      const files = Number(opts.maxFiles);
      const bad = (m: string) => {
        process.stderr.write(`budget-tables: ${m}\n`);
        setExit(EXIT.USAGE);
      };
      if (!Number.isInteger(port) || port < 0 || port > 65535) return bad(`--port must be a whole number from 0 to 65535, not "${opts.port}"`);
      if (!Number.isFinite(mb) || mb <= 0) return bad(`--max-upload-mb must be a positive number, not "${opts.maxUploadMb}"`);
      if (!Number.isInteger(files) || files < 1) return bad(`--max-files must be a whole number of at least 1, not "${opts.maxFiles}"`);
      const { startDesk } = await import('../serve/server.js');
      let desk;
      try {
        desk = await startDesk({ dir: opts.dir, port, maxUploadBytes: Math.round(mb * 1024 * 1024), maxFiles: files, log: (l) => process.stderr.write(`  ${l}\n`) });
      } catch (e) {
        process.stderr.write(`budget-tables: cannot start the desk: ${e instanceof Error ? e.message : String(e)}\n`);
        return setExit(EXIT.SOME_FAILED);
      }
      process.stdout.write(`budget-tables desk: ${desk.url}\n  folder: ${desk.session.dir}\n  open the address above in a browser; Ctrl-C stops the desk\n`);
      if (opts.open) openBrowser(desk.url);
      // Runs until Ctrl-C / SIGTERM: the action's promise stays pending.
      await new Promise<void>((done) => {
        const stop = () => {
          process.off('SIGINT', stop);
          process.off('SIGTERM', stop);
          process.stderr.write('budget-tables desk: stopping\n');
          void desk.close().then(done, done);
        };
        process.on('SIGINT', stop);
        process.on('SIGTERM', stop);
      });
      setExit(EXIT.OK);
    });
}

/** Opens the system browser where there is one (a desktop session); quietly does nothing elsewhere. */
function openBrowser(url: string): void {
  const cmd =
    process.platform === 'darwin' ? ['open', url]
      : process.platform === 'win32' ? ['cmd', '/c', 'start', '""', url]
        : process.env.DISPLAY || process.env.WAYLAND_DISPLAY ? ['xdg-open', url] : null;
  if (!cmd) return;
  try {
    const child = spawn(cmd[0]!, cmd.slice(1), { stdio: 'ignore', detached: true });
    child.on('error', () => undefined);
    child.unref();
  } catch {
    /* no browser: the printed address is enough */
  }
}
