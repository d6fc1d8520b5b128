import { describe, expect, it, beforeAll } from 'vitest';
import { execFile } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { parseString } from 'fast-csv';
import { ALL_TEMPLATES } from '../src/recognise/registry.js';
import { DATASET_FILES } from '../src/emit/dataset.js';
import { buildCodebook, codebookMarkdown, CODEBOOK_COLUMNS } from '../src/codebook/index.js';
import { COLUMN_EN, DATASET_COLUMN_EN, FLAG_KIND, RECORD_FIELD_EN, TEMPLATE_EN } from '../src/codebook/english.js';
import { CORPUS, ROOT } from './helpers.js';

const run = promisify(execFile);
const CLI = join(ROOT, 'dist/src/cli/main.js');

async function readCsv(path: string): Promise<Record<string, string>[]> {
  const text = readFileSync(path, 'utf8').replace(/^\uFEFF/, '');
  return new Promise((resolve, reject) => {
    const rows: Record<string, string>[] = [];
    parseString(text, { headers: true }).on('data', (r) => rows.push(r)).on('end', () => resolve(rows)).on('error', reject);
  });
}

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((f) => {
    const p = join(dir, f);
    return statSync(p).isDirectory() ? sourceFiles(p) : p.endsWith('.ts') ? [p] : [];
  });
}

describe('codebook', () => {
  it('explains every template, column key and record field of extractors/ in Chinese and English', () => {
    const entries = buildCodebook();
    for (const t of ALL_TEMPLATES) {
      expect(TEMPLATE_EN[t.id], `English name of ${t.id}`).toBeTruthy();
      const e = entries.find((x) => x.section === 'template' && x.key === t.id)!;
      expect(e.zh).toBe(t.name);
      for (const title of t.titles) expect(entries.some((x) => x.section === 'title' && x.key === t.id && x.zh === title)).toBe(true);
      for (const c of t.columns) {
        expect(COLUMN_EN[c.key], `English for column key ${c.key} (${t.id})`).toBeTruthy();
        expect(entries.some((x) => x.section === 'column' && x.key === c.key && x.template === t.id && x.zh === c.label)).toBe(true);
      }
      for (const f of t.recordFields ?? []) expect(RECORD_FIELD_EN[f.key], `record field ${f.key}`).toBeTruthy();
    }
  });

  it('explains every flag kind the code raises', () => {
    // A flag is an object literal with kind and severity: find every kind raised in src/.
    const kinds = new Set<string>();
    for (const f of sourceFiles(join(ROOT, 'src'))) {
      const text = readFileSync(f, 'utf8');
      for (const m of text.matchAll(/kind: '([a-z_]+)'(?=[^}]{0,400}?severity:)|severity: '[a-z]+'[^}]{0,40}?kind: '([a-z_]+)'/gs)) kinds.add(m[1] ?? m[2]!);
    }
    expect(kinds.size).toBeGreaterThan(8);
    for (const k of kinds) expect(FLAG_KIND[k], `flag kind ${k}`).toBeTruthy();
  });

  it('explains every document kind, page source and detection method the model allows', () => {
    const model = readFileSync(join(ROOT, 'src/model/canonical.ts'), 'utf8') + readFileSync(join(ROOT, 'src/model/document.ts'), 'utf8');
    const union = (name: string) => [...(new RegExp(`type ${name} = ([^;]+);`).exec(model)?.[1] ?? '').matchAll(/'([^']+)'/g)].map((m) => m[1]!);
    const entries = buildCodebook();
    for (const [section, name] of [['document_kind', 'DocumentKind'], ['page_source', 'PageSource'], ['table_status', 'TableStatus'], ['check_status', 'CheckStatus'], ['unit', 'Unit']] as const) {
      const values = union(name);
      expect(values.length, name).toBeGreaterThan(1);
      for (const v of values) expect(entries.some((e) => e.section === section && e.key === v), `${section} ${v}`).toBe(true);
    }
    for (const m of ['lattice', 'stream', 'delimited']) expect(entries.some((e) => e.section === 'detection' && e.key === m)).toBe(true);
  });

  it('explains every dataset column', () => {
    for (const d of Object.values(DATASET_FILES)) for (const c of d.columns) expect(DATASET_COLUMN_EN[c], `${d.file} ${c}`).toBeTruthy();
  });

  it('docs/codebook.md is the generated one (run `npm run codebook` after changing extractors/)', () => {
    expect(readFileSync(join(ROOT, 'docs/codebook.md'), 'utf8')).toBe(codebookMarkdown());
  });
});

describe('dataset: codebook.csv, trust and joinable checks', () => {
  let out: string;
  beforeAll(async () => {
    out = mkdtempSync(join(tmpdir(), 'bt-codebook-'));
    await run('node', [CLI, 'extract', join(CORPUS, 'hanyang-party-office-2023-final.txt'), join(CORPUS, 'dongxihu-party-office-2023-budget.txt'), '--out', out, '--concurrency', '2']);
  }, 120_000);

  it('writes codebook.csv into the output folder', async () => {
    const rows = await readCsv(join(out, 'codebook.csv'));
    expect(Object.keys(rows[0]!)).toEqual([...CODEBOOK_COLUMNS]);
    expect(rows.find((r) => r.section === 'column' && r.key === 'basic_goods_services')!.zh).toBe('基本支出 商品和服务支出');
    expect(rows.find((r) => r.section === 'template' && r.key === 'BU07')!.en).toMatch(/three public expenses/);
  });

  it('gives every fact its template name, table verification, trust and a cell_id unique in its document', async () => {
    const facts = await readCsv(join(out, 'facts.csv'));
    const tables = await readCsv(join(out, 'tables.csv'));
    const names = new Map(tables.map((t) => [`${t.document_id}#${t.table_index}`, t.template_name]));
    const ids = new Set<string>();
    for (const f of facts) {
      expect(f.template_name).toBe(names.get(`${f.document_id}#${f.table_index}`));
      expect(['inconsistent', 'corrected', 'low_ocr_confidence', 'verified', 'unchecked']).toContain(f.trust);
      expect(f.cell_id!.startsWith(`${f.table_index}/`)).toBe(true);
      expect(f.cell_id!.endsWith(`/${f.column_key}`)).toBe(true);
      const k = `${f.document_id}#${f.cell_id}`;
      expect(ids.has(k), k).toBe(false);
      ids.add(k);
    }
    expect(facts.some((f) => f.trust === 'verified')).toBe(true);
  });

  it('joins the cells of checks back to facts, also where rows have no code', async () => {
    const facts = await readCsv(join(out, 'facts.csv'));
    const checks = await readCsv(join(out, 'checks.csv'));
    const byId = new Map(facts.map((f) => [`${f.document_id}#${f.cell_id}`, f]));
    let joined = 0;
    let codeless = 0;
    for (const c of checks) {
      for (const id of c.cell_ids ? c.cell_ids.split('; ') : []) {
        const f = byId.get(`${c.document_id}#${id}`);
        if (!f) {
          // Only a cell without a number (blank or not printed, counted as 0) may be missing from facts.csv.
          const [t, r, col] = id.split('/');
          const doc = JSON.parse(readFileSync(join(out, `${c.document_id}.json`), 'utf8'));
          const row = doc.tables[Number(t)]?.rows[Number(r)];
          expect(row, `${c.check_id} → ${id}`).toBeDefined();
          expect(row.cells[col!]?.yuan ?? null, `${c.check_id} → ${id}`).toBeNull();
          continue;
        }
        joined++;
        if (!f.row_code) codeless++;
        // A fact in a failed check says so.
        if (c.status === 'fail') expect(f.trust).toBe('inconsistent');
      }
    }
    expect(joined).toBeGreaterThan(500);
    expect(codeless).toBeGreaterThan(10);
    const failed = checks.filter((c) => c.status === 'fail' && c.cell_ids);
    // Flags name their table by index too (a missing table has none).
    const flags = await readCsv(join(out, 'flags.csv'));
    expect(flags.filter((f) => f.table_index).length).toBeGreaterThan(1);
    const tables = new Set((await readCsv(join(out, 'tables.csv'))).map((t) => `${t.document_id}#${t.table_index}`));
    for (const f of flags) {
      if (f.kind === 'missing_table' || !f.table) expect(f.table_index).toBe('');
      else for (const i of f.table_index!.split(' ')) expect(tables.has(`${f.document_id}#${i}`), `${f.kind} ${f.table}`).toBe(true);
    }
    expect(failed.length).toBeGreaterThan(0);
  });
});
