import { createReadStream } from 'node:fs';
import { rename, rm } from 'node:fs/promises';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { parse } from 'fast-csv';
import { tempPathFor } from './atomic.js';
import { DATASET_FILES, type DatasetName } from './dataset.js';
import { exactNumber } from './xlsx-cells.js';
import { ALL_TEMPLATES } from '../recognise/registry.js';

/**
 * The dataset workbook `dataset.xlsx`: the dataset CSVs (documents, tables, facts, checks,
 * flags), one sheet each, with the header row frozen and filters on. It is made from the CSV
 * files just written, so it always has the same rows and columns as they do (columns added to a
 * CSV appear here too). Written with ExcelJS's streaming writer: memory stays flat whatever the
 * number of documents. A sheet holds at most 1,048,576 rows; longer lists continue on
 * "facts (2)" and so on. Then one sheet per template: every document's table of it side by side.
 */
export const DATASET_XLSX = 'dataset.xlsx';

/** Columns that stay text even when they look like numbers (codes, ids, printed strings). */
const TEXT_COLUMNS = new Set([
  'document_id', 'path', 'file', 'sha256', 'duplicate_of', 'department', 'row_code', 'row_label', 'raw', 'title',
  'table_title', 'column_label', 'column_key', 'message', 'cells', 'cell_id', 'cell_ids', 'check_id', 'template',
  'template_name', 'pages', 'columns', 'notes', 'tool_version', 'converted_at', 'error', 'status_reason',
]);
const AMOUNT_COLUMNS = new Set(['yuan', 'expected', 'actual', 'difference']);
const MAX_ROWS = 1_048_576;
const SHEETS: DatasetName[] = ['documents', 'tables', 'facts', 'checks', 'flags'];

export async function writeDatasetXlsx(dir: string): Promise<{ path: string; rows: Record<DatasetName, number> }> {
  const path = join(dir, DATASET_XLSX);
  const tmp = tempPathFor(path);
  const rows = { documents: 0, tables: 0, facts: 0, checks: 0, flags: 0 };
  const wb = new ExcelJS.stream.xlsx.WorkbookWriter({ filename: tmp, useStyles: true, useSharedStrings: false });
  try {
    for (const name of SHEETS) {
      let part = 1;
      let ws: ExcelJS.Worksheet | null = null;
      let header: string[] = [];
      let n = 0;
      const open = () => {
        ws = wb.addWorksheet(part === 1 ? name : `${name} (${part})`, { views: [{ state: 'frozen', ySplit: 1 }] });
        const h = ws.addRow(header);
        h.font = { bold: true };
        h.commit();
        n = 1;
      };
      const close = () => {
        if (!ws) return;
        ws.autoFilter = { from: { row: 1, column: 1 }, to: { row: Math.max(n, 1), column: Math.max(header.length, 1) } };
        header.forEach((_h, i) => (ws!.getColumn(i + 1).width = 14));
        ws.commit();
      };
      const stream = createReadStream(join(dir, DATASET_FILES[name].file));
      for await (const record of stream.pipe(parse<string[], string[]>({ headers: false }))) {
        const values = record as string[];
        if (header.length === 0) {
          header = values.map((v, i) => (i === 0 ? v.replace(/^\uFEFF/, '') : v));
          open();
          continue;
        }
        if (n >= MAX_ROWS) {
          close();
          part++;
          open();
        }
        const row = ws!.addRow(values.map((v, i) => typed(header[i] ?? '', v)));
        header.forEach((h, i) => {
          if (AMOUNT_COLUMNS.has(h) && typeof row.getCell(i + 1).value === 'number') row.getCell(i + 1).numFmt = '#,##0.00';
        });
        row.commit();
        n++;
        rows[name]++;
      }
      if (!ws) {
        header = [...DATASET_FILES[name].columns];
        open();
      }
      close();
    }
    await templateSheets(wb, dir);
    await wb.commit();
    await rename(tmp, path);
  } catch (e) {
    await rm(tmp, { force: true });
    throw e;
  }
  return { path, rows };
}

async function* csvRows(path: string): AsyncGenerator<Record<string, string>> {
  let header: string[] | null = null;
  for await (const record of createReadStream(path).pipe(parse<string[], string[]>({ headers: false }))) {
    const values = record as string[];
    if (!header) {
      header = values.map((v, i) => (i === 0 ? v.replace(/^\uFEFF/, '') : v));
      continue;
    }
    yield Object.fromEntries(header.map((h, i) => [h, values[i] ?? '']));
  }
}

const ROW_COLUMNS = ['document_id', 'department', 'year', 'table_index', 'table_title', 'side', 'row_code', 'row_label'] as const;

/**
 * One sheet per template found ("FA02 收入决算表"): every document's table of that template, one
 * row per printed row, one column per column key (元 as numbers), so the same table can be
 * compared across departments and years with a filter. Read from facts.csv once per template,
 * holding one template's rows at a time.
 */
async function templateSheets(wb: ExcelJS.stream.xlsx.WorkbookWriter, dir: string): Promise<void> {
  const facts = join(dir, DATASET_FILES.facts.file);
  const present = new Set<string>();
  for await (const f of csvRows(facts)) present.add(f.template!);
  const names = new Set(SHEETS.map((s) => s.toLowerCase()));
  for (const spec of ALL_TEMPLATES.filter((t) => present.has(t.id))) {
    const keys = [...new Set(spec.columns.map((c) => c.key))];
    const labels = new Map<string, string>();
    for (const c of spec.columns) if (!labels.has(c.key)) labels.set(c.key, c.label);
    const rows = new Map<string, { base: string[]; values: Map<string, string> }>();
    for await (const f of csvRows(facts)) {
      if (f.template !== spec.id) continue;
      const cell = f.cell_id ?? '';
      const rowKey = `${f.document_id}#${cell.slice(0, cell.lastIndexOf('/'))}`;
      let row = rows.get(rowKey);
      if (!row) rows.set(rowKey, (row = { base: ROW_COLUMNS.map((c) => f[c] ?? ''), values: new Map() }));
      row.values.set(f.column_key!, f.yuan!);
      if (!keys.includes(f.column_key!)) keys.push(f.column_key!);
    }
    let name = `${spec.id} ${spec.name}`.replace(/[[\]:*?/\\]/g, ' ').slice(0, 31);
    while (names.has(name.toLowerCase())) name = `${name.slice(0, 28)} ${names.size}`;
    names.add(name.toLowerCase());
    const ws = wb.addWorksheet(name, { views: [{ state: 'frozen', ySplit: 1, xSplit: ROW_COLUMNS.length }] });
    const header = [...ROW_COLUMNS, ...keys.map((k) => `${labels.get(k) ?? k} ${k} (元)`)];
    const h = ws.addRow(header);
    h.font = { bold: true };
    h.commit();
    for (const r of rows.values()) {
      const xr = ws.addRow([...r.base.map((v, i) => (ROW_COLUMNS[i] === 'year' || ROW_COLUMNS[i] === 'table_index' ? (exactNumber(v) ?? v) : v)), ...keys.map((k) => {
        const v = r.values.get(k);
        return v === undefined ? null : (exactNumber(v) ?? v);
      })]);
      keys.forEach((_k, i) => (xr.getCell(ROW_COLUMNS.length + 1 + i).numFmt = '#,##0.00'));
      xr.commit();
    }
    ws.autoFilter = { from: { row: 1, column: 1 }, to: { row: rows.size + 1, column: header.length } };
    header.forEach((_h, i) => (ws.getColumn(i + 1).width = i < ROW_COLUMNS.length ? 14 : 16));
    ws.commit();
  }
}

/** A CSV value as a number where the column holds numbers and the number is exact; else text. */
function typed(column: string, v: string): string | number {
  if (v === '' || TEXT_COLUMNS.has(column)) return v;
  return exactNumber(v) ?? v;
}
