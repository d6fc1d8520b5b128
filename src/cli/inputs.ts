import { readdir, stat } from 'node:fs/promises';
import { basename, extname, join, resolve } from 'node:path';
import { glob, isDynamicPattern } from 'tinyglobby';

/** File types picked up in folders and glob matches (explicitly named files are always taken). */
export const INPUT_EXTENSIONS = new Set(['.pdf', '.txt', '.text', '.htm', '.html']);

const byName = (a: string, b: string) => a.localeCompare(b);

/**
 * Expands the command line's inputs, in order, each file once:
 *  - a file is taken whatever its extension;
 *  - a folder is searched recursively (sorted; hidden entries skipped) for INPUT_EXTENSIONS;
 *  - anything else that contains glob characters (`*`, `?`, `[…]`, `{a,b}`, `**`) is matched
 *    with tinyglobby (for shells that do not expand globs, e.g. Windows cmd, or quoted patterns
 *    too long for a command line); matched files are filtered like folder contents, matched
 *    folders are searched.
 * `missing` lists inputs that name nothing.
 */
export async function expandInputs(paths: string[]): Promise<{ files: string[]; missing: string[] }> {
  const files: string[] = [];
  const missing: string[] = [];
  const seen = new Set<string>();
  const take = (f: string) => {
    const abs = resolve(f);
    if (seen.has(abs)) return;
    seen.add(abs);
    files.push(f);
  };
  for (const p of paths) {
    const st = await stat(p).catch(() => null);
    if (st?.isDirectory()) for (const f of await walk(p)) take(f);
    else if (st) take(p);
    else if (isDynamicPattern(p)) {
      const matches = (await glob(p.replace(/\\/g, '/'), { onlyFiles: false, dot: false, expandDirectories: false })).sort(byName);
      let n = 0;
      for (const m of matches) {
        const mst = await stat(m).catch(() => null);
        if (mst?.isDirectory()) for (const f of await walk(m)) (take(f), n++);
        else if (mst?.isFile() && INPUT_EXTENSIONS.has(extname(m).toLowerCase())) (take(m), n++);
      }
      if (n === 0) missing.push(p);
    } else missing.push(p);
  }
  return { files, missing };
}

async function walk(dir: string): Promise<string[]> {
  const entries = (await readdir(dir, { withFileTypes: true })).sort((a, b) => byName(a.name, b.name));
  const out: string[] = [];
  for (const e of entries) {
    if (e.name.startsWith('.')) continue;
    const p = join(dir, e.name);
    if (e.isDirectory()) out.push(...(await walk(p)));
    else if (e.isFile() && INPUT_EXTENSIONS.has(extname(e.name).toLowerCase())) out.push(p);
  }
  return out;
}

/** Output base names: the input's name without extension, made unique within a batch. */
export function outputNames(files: string[], taken: Iterable<string> = []): Map<string, string> {
  const names = new Map<string, string>();
  const used = new Set<string>([...taken].map((n) => n.toLowerCase()));
  for (const f of files) names.set(f, uniqueName(f, used));
  return names;
}

/**
 * A name for `file`'s outputs not in `used` (compared case-insensitively: macOS and Windows
 * folders are), which it then adds to `used`.
 */
export function uniqueName(file: string, used: Set<string>): string {
  const base = basename(file, extname(file)) || 'document';
  const has = (n: string) => used.has(n.toLowerCase()) || RESERVED.has(n.toLowerCase());
  let name = has(base) ? basename(file).replace(/\./g, '_') : base;
  for (let i = 2; has(name); i++) name = `${base}-${i}`;
  used.add(name.toLowerCase());
  return name;
}

/** Base names of the batch's own files (manifest.json, documents.csv, …): never a document's. */
const RESERVED = new Set(['manifest', 'documents', 'tables', 'facts', 'checks', 'flags']);
