import { Command, Option } from 'commander';

/**
 * `budget-tables report <output folder or JSON file>...`: a self-contained HTML review report
 * next to each canonical JSON, and index.html per folder. Works on old outputs: it reads only
 * the JSON (and the source PDF, for page images).
 *
 * Exit codes as for extract: 0 every report written; 1 at least one failed; 2 nothing to report.
 * `setExitCode` receives the code (main.ts keeps it); without it process.exitCode is set.
 */
export function registerReportCommand(program: Command, setExitCode?: (code: number) => void): Command {
  const collect = (value: string, previous: string[]) => [...previous, value];
  return program
    .command('report')
    .description('write a self-contained HTML review report next to each JSON output (tables, failed checks and flags, page images) and index.html per folder')
    .argument('<paths...>', 'output folders of `extract`, or their .json files')
    .addOption(
      new Option('-s, --source <dir>', "folder to find the source PDFs in, by file name (repeatable); a PDF is used only if its sha256 matches the JSON's; the folder's manifest.json is consulted first")
        .argParser(collect)
        .default([] as string[], 'the folder given and ./corpus'),
    )
    .option('--no-pages', 'leave out the page images of PDF sources (smaller reports)')
    .option('--all-pages', 'include every page as an image, not only the pages with tables or findings')
    .option('--no-index', 'do not write index.html')
    .addHelpText('after', '\nOpen <name>.html or index.html in a browser; the files work offline (no network, nothing to install).\nExit codes: 0 every report written; 1 at least one failed; 2 nothing to report.')
    .action(async (paths: string[], opts: { source: string[]; pages: boolean; allPages?: boolean; index: boolean }) => {
      const { writeReports } = await import('../report/write.js');
      const r = await writeReports(paths, { sources: opts.source, pages: opts.pages, index: opts.index, ...(opts.allPages ? { pageImages: { pages: 'all' as const } } : {}) });
      const code = r.nothingFound ? 2 : r.failed > 0 ? 1 : 0;
      if (setExitCode) setExitCode(code);
      else process.exitCode = code;
    });
}
