import { createHash } from 'node:crypto';
import { readdir, readFile, stat } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { basename, dirname, extname, join, relative, resolve } from 'node:path';
import type { CanonicalResult } from '../model/canonical.js';
import { writeFileAtomic } from '../emit/atomic.js';
import { TOOL } from '../version.js';
import { humanSize } from './html.js';
import { renderIndex, type IndexEntry } from './render-index.js';
import { renderReportDetailed } from './render-report.js';
import { renderPageImages, reportPages, type PageImageOptions, type PageImages } from './pages.js';
import { summarise } from './summary.js';

/**
 * `budget-tables report`: for each canonical JSON (given, or found in a given folder) writes
 * `<name>.html` next to it, and `index.html` in each folder that got a report. Page images come
 * from the source PDF, found by its file name in the source folders and used only when its
 * sha256 is the one recorded in the JSON.
 */
export interface WriteReportsOptions {
  /** Folders to look for source PDFs in (by file name, recursively). Default: the folder given (or the JSON's folder) and ./corpus. */
  sources?: string[];
  /** false: no page images. */
  pages?: boolean;
  pageImages?: PageImageOptions;
  /** Write index.html (default true). */
  index?: boolean;
  log?: (line: string) => void;
  error?: (line: string) => void;
}

export interface WriteReportsResult {
  reports: { json: string; html: string; bytes: number; pageImages: number; imageBytes: number }[];
  indexes: string[];
  failed: number;
  /** Nothing to report (no JSON found): a usage error. */
  nothingFound: boolean;
}

interface Job {
  json: string;
  /** The folder argument it was found in, if any. */
  root: string | null;
  explicit: boolean;
}

export async function writeReports(paths: string[], opts: WriteReportsOptions = {}): Promise<WriteReportsResult> {
  const log = opts.log ?? ((s: string) => process.stdout.write(s + '\n'));
  const error = opts.error ?? ((s: string) => process.stderr.write(s + '\n'));
  const out: WriteReportsResult = { reports: [], indexes: [], failed: 0, nothingFound: false };
  const jobs: Job[] = [];
  for (const p of paths) {
    const st = await stat(p).catch(() => null);
    if (!st) {
      error(`✗ ${p}: no such file or folder`);
      out.failed++;
    } else if (st.isDirectory()) {
      for (const f of await findJson(p)) jobs.push({ json: f, root: p, explicit: false });
    } else {
      jobs.push({ json: p, root: null, explicit: true });
    }
  }
  const finder = new SourceFinder();
  // Page images per source PDF: rendered once even when several outputs come from one PDF.
  const pageCache = new Map<string, Promise<PageImages>>();
  const touched = new Map<string, Map<string, IndexEntry>>();
  let reported = 0;
  for (const job of jobs) {
    let result: CanonicalResult;
    try {
      const text = await readFile(job.json, 'utf8');
      const parsed: unknown = JSON.parse(text.charCodeAt(0) === 0xfeff ? text.slice(1) : text);
      const why = notCanonical(parsed);
      if (why) {
        if (job.explicit) {
          error(`✗ ${job.json}: not a budget-tables output (${why})`);
          out.failed++;
        }
        continue;
      }
      result = parsed as CanonicalResult;
    } catch (e) {
      error(`✗ ${job.json}: cannot read the JSON (${errText(e)})`);
      out.failed++;
      continue;
    }
    const dir = dirname(job.json);
    const stem = basename(job.json, extname(job.json));
    // index.html is the batch index: a document named "index" gets index-report.html.
    const name = stem.toLowerCase() === 'index' ? `${stem}-report` : stem;
    const htmlPath = join(dir, `${name}.html`);
    try {
      let pdfBytes: Uint8Array | undefined;
      let pdfNote: string | undefined;
      let pdfPath: string | undefined;
      if (result.source.format === 'pdf' && opts.pages !== false) {
        const dirs = opts.sources?.length ? opts.sources : [...new Set([job.root ?? dir, dir, 'corpus'])];
        // The folder's manifest.json (written by extract) records where each input was.
        const recorded = await finder.fromManifest(dir, result.source.sha256);
        const found = await finder.find(result.source.file, result.source.sha256, dirs, recorded);
        if (found.path) {
          pdfPath = found.path;
          pdfBytes = found.bytes;
        } else {
          pdfNote = found.note;
        }
      }
      let renderedPages: PageImages | undefined;
      if (pdfBytes) {
        const needed = reportPages(result);
        const key = `${result.source.sha256}|${result.pages.map((p) => p.rotation).join(',')}|${[...needed].sort((a, b) => a - b).join(',')}`;
        let pending = pageCache.get(key);
        if (!pending) {
          pageCache.set(key, (pending = renderPageImages(pdfBytes, result.pages, opts.pageImages ?? {}, needed)));
          // Keep the last two PDFs' images only: a batch can be large.
          while (pageCache.size > 2) pageCache.delete(pageCache.keys().next().value!);
        }
        renderedPages = await pending;
      }
      const rendered = await renderReportDetailed(result, {
        ...(pdfBytes ? { pdfBytes } : {}),
        ...(renderedPages ? { renderedPages } : {}),
        ...(pdfNote ? { pdfNote } : {}),
        pageImages: opts.pages === false ? false : (opts.pageImages ?? {}),
        ...(opts.index !== false ? { indexHref: 'index.html' } : {}),
      });
      await writeFileAtomic(htmlPath, rendered.html);
      const bytes = Buffer.byteLength(rendered.html);
      out.reports.push({ json: job.json, html: htmlPath, bytes, pageImages: rendered.pageImages, imageBytes: rendered.imageBytes });
      reported++;
      const s = rendered.summary;
      const pagesText = rendered.pageImages
        ? `${rendered.pageImages} page images from ${pdfPath}`
        : result.source.format === 'pdf'
          ? (rendered.warnings[0] ?? 'no page images')
          : 'text source: no page images';
      log(
        `✓ ${job.json} → ${htmlPath} (${humanSize(bytes)}; ${s.tablesExpected !== null ? `${s.tablesFound}/${s.tablesExpected}` : s.tablesFound} tables, ` +
          `${s.checks.fail} failed checks, ${s.flags.total} flags; ${pagesText})`,
      );
      for (const w of rendered.warnings.slice(rendered.pageImages ? 0 : 1)) error(`  ! ${job.json}: ${w}`);
      let entries = touched.get(dir);
      if (!entries) touched.set(dir, (entries = new Map()));
      entries.set(basename(job.json), { json: basename(job.json), report: `${encodeURIComponent(name)}.html`, summary: s });
    } catch (e) {
      error(`✗ ${job.json}: could not write the report (${errText(e)})`);
      out.failed++;
    }
  }
  if (reported === 0 && out.failed === 0) {
    out.nothingFound = true;
    error('budget-tables: no budget-tables JSON output found (give an output folder of `budget-tables extract` or its .json files)');
    return out;
  }
  if (opts.index !== false) {
    for (const [dir, entries] of touched) {
      // Documents of the folder reported earlier (their .html exists) stay in the index.
      for (const f of (await readdir(dir).catch(() => [] as string[])).filter((f) => f.toLowerCase().endsWith('.json')).sort()) {
        if (entries.has(f)) continue;
        const stem = basename(f, extname(f));
        const name = stem.toLowerCase() === 'index' ? `${stem}-report` : stem;
        if (!existsSync(join(dir, `${name}.html`))) continue;
        try {
          const parsed: unknown = JSON.parse(await readFile(join(dir, f), 'utf8'));
          if (notCanonical(parsed)) continue;
          entries.set(f, { json: f, report: `${encodeURIComponent(name)}.html`, summary: summarise(parsed as CanonicalResult) });
        } catch {
          entries.set(f, { json: f, report: null, error: 'the JSON cannot be read' });
        }
      }
      const list = [...entries.values()].sort((a, b) => a.json.localeCompare(b.json));
      const indexPath = join(dir, 'index.html');
      try {
        await writeFileAtomic(indexPath, renderIndex(list, { tool: TOOL }));
        out.indexes.push(indexPath);
        log(`✓ ${indexPath}: ${list.length} document${list.length === 1 ? '' : 's'}`);
      } catch (e) {
        error(`✗ ${indexPath}: ${errText(e)}`);
        out.failed++;
      }
    }
  }
  return out;
}

/** Why a parsed JSON is not a canonical result (null when it is). */
function notCanonical(v: unknown): string | null {
  if (!v || typeof v !== 'object') return 'not a JSON object';
  const o = v as Partial<CanonicalResult>;
  if (typeof o.schemaVersion !== 'string') return 'no schemaVersion';
  if (o.schemaVersion !== '1') return `schemaVersion ${o.schemaVersion} is not supported (expected "1")`;
  if (!o.source || typeof o.source.file !== 'string') return 'no source';
  if (!Array.isArray(o.tables) || !Array.isArray(o.checks) || !Array.isArray(o.flags) || !Array.isArray(o.pages)) return 'no tables, checks, flags or pages';
  return null;
}

const SKIP_DIRS = new Set(['node_modules', '.git']);

async function findJson(dir: string): Promise<string[]> {
  const out: string[] = [];
  const entries = (await readdir(dir, { withFileTypes: true }).catch(() => [])).sort((a, b) => a.name.localeCompare(b.name));
  for (const e of entries) {
    if (e.name.startsWith('.') || SKIP_DIRS.has(e.name)) continue;
    const p = join(dir, e.name);
    if (e.isDirectory()) out.push(...(await findJson(p)));
    else if (e.isFile() && e.name.toLowerCase().endsWith('.json') && !e.name.toLowerCase().endsWith('.expected.json')) out.push(p);
  }
  return out;
}

/** Finds source files by name under folders (listing each folder once), verified by sha256. */
class SourceFinder {
  private readonly listings = new Map<string, Promise<Map<string, string[]>>>();

  private readonly manifests = new Map<string, Promise<{ path: string; sha256: string }[]>>();

  /** Input paths the folder's manifest.json records for this content. */
  async fromManifest(dir: string, sha256: string): Promise<string[]> {
    let m = this.manifests.get(dir);
    if (!m) {
      m = readFile(join(dir, 'manifest.json'), 'utf8').then(
        (text) => {
          const files = (JSON.parse(text) as { files?: unknown }).files;
          if (!Array.isArray(files)) return [];
          return files.filter((f): f is { path: string; sha256: string } => typeof f?.path === 'string' && typeof f?.sha256 === 'string');
        },
        () => [],
      ).catch(() => []);
      this.manifests.set(dir, m);
    }
    return (await m).filter((f) => f.sha256 === sha256).map((f) => f.path);
  }

  async find(file: string, sha256: string, dirs: string[], recorded: string[] = []): Promise<{ path?: string; bytes?: Uint8Array; note: string }> {
    const mismatched: string[] = [];
    const looked: string[] = [];
    for (const p of recorded) {
      const bytes = await readFile(p).then((b) => new Uint8Array(b), () => null);
      if (!bytes) continue;
      if (createHash('sha256').update(bytes).digest('hex') === sha256) return { path: shown(p), bytes, note: '' };
      mismatched.push(shown(p));
    }
    for (const d of dirs) {
      const abs = resolve(d);
      if (!existsSync(abs)) continue;
      looked.push(d);
      const listing = await this.listing(abs);
      for (const p of listing.get(file) ?? []) {
        const bytes = new Uint8Array(await readFile(p));
        if (createHash('sha256').update(bytes).digest('hex') === sha256) return { path: shown(p), bytes, note: '' };
        mismatched.push(shown(p));
      }
    }
    if (mismatched.length) {
      return { note: `page images are not included: ${mismatched.join(', ')} is not the PDF that was extracted (its sha256 differs; the file changed since)` };
    }
    return { note: `page images are not included: the source PDF ${file} was not found in ${looked.length ? looked.join(', ') : dirs.join(', ')} (give its folder with --source <dir>)` };
  }

  private listing(dir: string): Promise<Map<string, string[]>> {
    let l = this.listings.get(dir);
    if (!l) {
      l = (async () => {
        const map = new Map<string, string[]>();
        const walk = async (d: string, depth: number) => {
          if (depth > 6) return;
          const entries = await readdir(d, { withFileTypes: true }).catch(() => []);
          for (const e of entries) {
            if (e.name.startsWith('.') || SKIP_DIRS.has(e.name)) continue;
            const p = join(d, e.name);
            if (e.isDirectory()) await walk(p, depth + 1);
            else if (e.isFile()) {
              const list = map.get(e.name);
              if (list) list.push(p);
              else map.set(e.name, [p]);
            }
          }
        };
        await walk(dir, 0);
        return map;
      })();
      this.listings.set(dir, l);
    }
    return l;
  }
}

/** A path as the user would type it: relative to the working folder when inside it. */
function shown(p: string): string {
  const rel = relative(process.cwd(), p);
  return rel && !rel.startsWith('..') ? rel : resolve(p);
}

function errText(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}
