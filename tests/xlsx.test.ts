import { describe, expect, it, beforeAll } from 'vitest';
import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import ExcelJS from 'exceljs';
import { Decimal } from 'decimal.js';
import type { CanonicalResult } from '../src/model/canonical.js';
import { convertFile } from '../src/pipeline.js';
import { writeDocumentXlsx } from '../src/emit/xlsx.js';
import { headerCells } from '../src/emit/xlsx-header.js';
import { exactNumber, SheetNames } from '../src/emit/xlsx-cells.js';
import { CORPUS, ROOT } from './helpers.js';

const run = promisify(execFile);
const CLI = join(ROOT, 'dist/src/cli/main.js');

/** The value a numeric cell must show in the table's applied unit, from the JSON. */
const shown = (yuan: string, unit: string) => (unit === '万元' ? new Decimal(yuan).div(10000) : new Decimal(yuan)).toNumber();

describe('header rows rebuilt from column labels', () => {
  it('merges a shared leading part over its columns and lets lone columns span down', () => {
    const { cells, levels } = headerCells(['年初结转和结余', '本年收入', '本年支出合计', '本年支出基本支出', '本年支出项目支出', '年末结转和结余']);
    expect(levels).toBe(3);
    const spanning = cells.filter((c) => c.to > c.from).map((c) => [c.text, c.from, c.to]);
    expect(spanning).toEqual([['本年', 1, 4], ['支出', 2, 4]]);
    expect(cells.find((c) => c.text === '年初结转和结余')).toMatchObject({ level: 0, leaf: true });
    expect(cells.find((c) => c.text === '基本支出')).toMatchObject({ level: 2, from: 3, to: 3 });
  });

  it('keeps a column whose whole label is the shared part as its own column', () => {
    const { cells, levels } = headerCells(['支出', '支出合计']);
    expect(levels).toBe(1);
    expect(cells.map((c) => c.text)).toEqual(['支出', '支出合计']);
  });
});

describe('Excel numbers', () => {
  it('writes a number only when Excel can hold it exactly', () => {
    expect(exactNumber('20245900')).toBe(20245900);
    expect(exactNumber('2024.59')).toBe(2024.59);
    expect(exactNumber('-0.5')).toBe(-0.5);
    expect(exactNumber('1234567890123456.78')).toBeNull();
    expect(exactNumber('007')).toBeNull();
    expect(exactNumber('2, 024.59')).toBeNull();
  });

  it('makes unique valid sheet names of at most 31 characters', () => {
    const n = new SheetNames();
    const a = n.take('FA01 收入支出决算总表');
    const b = n.take('FA01 收入支出决算总表');
    const c = n.take('x'.repeat(40) + '[a]/b');
    expect(a).toBe('FA01 收入支出决算总表');
    expect(b).toBe('FA01 收入支出决算总表 (2)');
    expect(c.length).toBeLessThanOrEqual(31);
    expect(c).not.toMatch(/[[\]:*?/\\]/);
  });
});

describe('per-document workbook', () => {
  let result: CanonicalResult;
  let wb: ExcelJS.Workbook;
  let path: string;
  beforeAll(async () => {
    result = await convertFile(join(CORPUS, 'hanyang-party-office-2023-final.txt'));
    path = join(mkdtempSync(join(tmpdir(), 'bt-xlsx-')), 'doc.xlsx');
    await writeDocumentXlsx(path, result);
    wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(path);
  }, 60_000);

  it('has a summary, one sheet per table, facts, checks and flags', () => {
    const names = wb.worksheets.map((w) => w.name);
    expect(names[0]).toBe('概览 summary');
    expect(names.slice(-3)).toEqual(['facts 明细', 'checks 勾稽', 'flags 提示']);
    expect(names.length).toBe(result.tables.length + 4);
    const other = result.tables.findIndex((t) => t.template === 'other');
    if (other >= 0) expect(names[other + 1]).toContain(result.tables[other]!.title.slice(0, 10));
  });

  it('shows every numeric cell of every table as a number in its unit, where the JSON has it', () => {
    let compared = 0;
    result.tables.forEach((t, ti) => {
      const ws = wb.worksheets[ti + 1]!;
      // The row of column keys tells where each column is; body rows follow it in JSON order.
      let keyRow = 0;
      ws.eachRow((row, n) => {
        if (row.getCell(1).value === 'column key →') keyRow = n;
      });
      expect(keyRow, ws.name).toBeGreaterThan(2);
      const colOf = new Map<string, number>();
      ws.getRow(keyRow).eachCell((c, n) => void (typeof c.value === 'string' && colOf.set(c.value, n)));
      t.rows.forEach((row, ri) => {
        const xr = ws.getRow(keyRow + 1 + ri);
        expect((xr.values as unknown[]).includes(row.label), `${ws.name} row ${ri}`).toBe(true);
        for (const [key, cell] of Object.entries(row.cells)) {
          const v = xr.getCell(colOf.get(key)!).value;
          if (cell.yuan === null) expect(v ?? '').toBe(cell.raw);
          else {
            expect(v, `${ws.name} ${row.label} ${key}`).toBe(shown(cell.yuan, t.unit.applied));
            compared++;
          }
        }
      });
    });
    expect(compared).toBe(result.tables.reduce((n, t) => n + t.rows.reduce((m, r) => m + Object.values(r.cells).filter((c) => c.yuan !== null).length, 0), 0));
    expect(compared).toBeGreaterThan(100);
  });

  it('merges the printed header cells and keeps the number of decimals printed', () => {
    const fa03 = result.tables.findIndex((t) => t.template === 'FA03');
    const ws = wb.worksheets[fa03 + 1]!;
    expect(ws.getCell('A1').value).toBe(result.tables[fa03]!.title);
    expect(String(ws.getCell('A2').value)).toContain(`单位：${result.tables[fa03]!.unit.applied}`);
    let numFmt = '';
    ws.eachRow((row) => row.eachCell((c) => void (typeof c.value === 'number' && (numFmt ||= c.numFmt))));
    expect(numFmt).toBe('#,##0.00');
  });

  it('marks the cells of failed checks in red with the check as a note', () => {
    const failed = result.checks.filter((c) => c.status === 'fail' && c.cells?.some((r) => r.column));
    expect(failed.length).toBeGreaterThan(0);
    let red = 0;
    for (const ws of wb.worksheets.slice(1, result.tables.length + 1)) {
      ws.eachRow((row) =>
        row.eachCell((c) => {
          const f = c.fill as ExcelJS.FillPattern | undefined;
          if (f?.fgColor?.argb === 'FFFFC7CE') {
            red++;
            const note = typeof c.note === 'string' ? c.note : (c.note?.texts ?? []).map((t) => t.text).join('');
            expect(note).toMatch(/Check failed /);
            expect(failed.some((f2) => note.includes(f2.id))).toBe(true);
          }
        }),
      );
    }
    expect(red).toBeGreaterThan(0);
  });

  it('lists facts with 元 as numbers beside the printed string as text', () => {
    const ws = wb.getWorksheet('facts 明细')!;
    const head = (ws.getRow(1).values as unknown[]).slice(1);
    const yuan = head.indexOf('yuan') + 1;
    const raw = head.indexOf('raw') + 1;
    expect(ws.autoFilter).toBeTruthy();
    const first = ws.getRow(2);
    expect(typeof first.getCell(yuan).value).toBe('number');
    expect(typeof first.getCell(raw).value).toBe('string');
    expect(ws.rowCount - 1).toBe(result.tables.reduce((n, t) => n + t.rows.reduce((m, r) => m + t.columns.filter((c) => r.cells[c.key]?.yuan != null).length, 0), 0));
  });
});

describe('extract --format xlsx', () => {
  it('writes <id>.xlsx per document and dataset.xlsx with the dataset CSVs as filtered sheets', async () => {
    const out = mkdtempSync(join(tmpdir(), 'bt-xlsx-cli-'));
    await run('node', [CLI, 'extract', join(CORPUS, 'hanyang-party-office-2023-final.txt'), join(CORPUS, 'jianghan-gov-office-2022-budget.txt'), '--out', out, '--format', 'json,xlsx', '--concurrency', '2']);
    const manifest = JSON.parse(readFileSync(join(out, 'manifest.json'), 'utf8'));
    for (const f of manifest.files) expect(f.outputs).toContain(`${f.id}.xlsx`);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(join(out, 'dataset.xlsx'));
    expect(wb.worksheets.map((w) => w.name).slice(0, 5)).toEqual(['documents', 'tables', 'facts', 'checks', 'flags']);
    for (const name of ['documents', 'tables', 'facts', 'checks', 'flags']) {
      const csv = readFileSync(join(out, `${name}.csv`), 'utf8').replace(/^\uFEFF/, '');
      const lines = csv.trimEnd().split('\n');
      const ws = wb.getWorksheet(name)!;
      expect(ws.rowCount, name).toBe(lines.length);
      expect((ws.getRow(1).values as unknown[]).slice(1).join(','), name).toBe(lines[0]);
    }
    const facts = wb.getWorksheet('facts')!;
    const head = (facts.getRow(1).values as unknown[]).slice(1);
    const yuan = head.indexOf('yuan') + 1;
    const code = head.indexOf('row_code') + 1;
    let numbers = 0;
    facts.eachRow((row, n) => {
      if (n === 1) return;
      if (typeof row.getCell(yuan).value === 'number') numbers++;
      const c = row.getCell(code).value;
      if (c !== null && c !== '') expect(typeof c).toBe('string');
    });
    expect(numbers).toBe(facts.rowCount - 1);
    // Then one sheet per template: every document's table of it, one row per printed row, 元 per column key.
    const fa02 = wb.getWorksheet('FA02 收入决算表')!;
    expect(fa02).toBeDefined();
    const fhead = (fa02.getRow(1).values as unknown[]).slice(1).map(String);
    const colOf = (key: string) => fhead.findIndex((h) => h.endsWith(` ${key} (元)`)) + 1;
    const docs = readFileSync(join(out, 'facts.csv'), 'utf8').replace(/^\uFEFF/, '').trimEnd().split('\n').slice(1);
    let checked = 0;
    for (const d of manifest.files) {
      const r = JSON.parse(readFileSync(join(out, `${d.id}.json`), 'utf8')) as CanonicalResult;
      r.tables.forEach((t, ti) => {
        if (t.template !== 'FA02') return;
        t.rows.forEach((row) => {
          const xr = [...Array(fa02.rowCount).keys()].map((i) => fa02.getRow(i + 2)).find((x) => x.getCell(1).value === d.id && x.getCell(4).value === ti && x.getCell(8).value === row.label && (x.getCell(7).value ?? '') === (row.code ?? ''));
          expect(xr, `${d.id} FA02 ${row.code} ${row.label}`).toBeDefined();
          for (const [k, c] of Object.entries(row.cells)) if (c.yuan !== null) expect(xr!.getCell(colOf(k)).value).toBe(Number(c.yuan)), checked++;
        });
      });
    }
    expect(checked).toBeGreaterThan(20);
    expect(docs.length).toBeGreaterThan(checked);
    // A re-run with nothing changed converts nothing; a deleted dataset workbook is written again.
    rmSync(join(out, 'dataset.xlsx'));
    const r2 = await run('node', [CLI, 'extract', join(CORPUS, 'hanyang-party-office-2023-final.txt'), '--out', out, '--format', 'json,xlsx', '--json']);
    expect(JSON.parse(r2.stdout).skipped).toBe(1);
    expect(existsSync(join(out, 'dataset.xlsx'))).toBe(true);
  }, 120_000);
});
