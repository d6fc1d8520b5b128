import { readdir, stat } from 'node:fs/promises';
import { basename, extname, join } from 'node:path';

/** File types picked up when a folder is given (explicitly named files are always taken). */
export const INPUT_EXTENSIONS = new Set(['.pdf', '.txt', '.text', '.htm', '.html']);

/** Expands files and folders (recursively, sorted) into input files. */
export async function expandInputs(paths: string[]): Promise<{ files: string[]; missing: string[] }> {
  const files: string[] = [];
  const missing: string[] = [];
  for (const p of paths) {
    const st = await stat(p).catch(() => null);
    if (!st) missing.push(p);
    else if (st.isDirectory()) files.push(...(await walk(p)));
    else files.push(p);
  }
  return { files, missing };
}

async function walk(dir: string): Promise<string[]> {
  const entries = (await readdir(dir, { withFileTypes: true })).sort((a, b) => a.name.localeCompare(b.name));
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
export function outputNames(files: string[]): Map<string, string> {
  const names = new Map<string, string>();
  const used = new Set<string>();
  for (const f of files) {
    const base = basename(f, extname(f));
    let name = used.has(base) ? basename(f).replace(/\./g, '_') : base;
    for (let i = 2; used.has(name); i++) name = `${base}-${i}`;
    used.add(name);
    names.set(f, name);
  }
  return names;
}
