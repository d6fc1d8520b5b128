import { describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { convertFile } from '../src/pipeline.js';
import { CORPUS } from './helpers.js';
import type { CanonicalResult } from '../src/model/canonical.js';

/** The figures the issues name, asserted directly on the converted corpus. */
const cell = (r: CanonicalResult, tpl: string, row: (x: { code: string | null; label: string; side?: string }) => boolean, col: string) =>
  r.tables.find((t) => t.template === tpl)?.rows.find(row)?.cells[col]?.yuan;

describe('issue 3 acceptance', () => {
  it('hanyang 2023: nine tables, FA07/FA08 empty, 本年支出合计 and 人员经费合计', async () => {
    const r = await convertFile(join(CORPUS, 'hanyang-party-office-2023-final.txt'));
    const fa = r.tables.filter((t) => t.template.startsWith('FA'));
    expect(fa.map((t) => t.template)).toEqual(['FA01', 'FA02', 'FA03', 'FA04', 'FA05', 'FA06', 'FA07', 'FA08', 'FA09']);
    expect(fa.find((t) => t.template === 'FA07')!.status).toBe('empty');
    expect(fa.find((t) => t.template === 'FA08')!.status).toBe('empty');
    expect(fa.find((t) => t.template === 'FA07')!.notes.join('')).toContain('没有政府性基金');
    expect(cell(r, 'FA01', (x) => x.label === '本年支出合计' && x.side === 'expenditure', 'amount')).toBe('8112500');
    expect(cell(r, 'FA06', (x) => x.label === '人员经费合计', 'amount')).toBe('6655400');
  });

  it('wuhan-edz 2024: FA07 missing, spaced digits, shifted merged-code rows', async () => {
    const r = await convertFile(join(CORPUS, 'wuhan-edz-party-office-2024-final.txt'));
    expect(r.tables.filter((t) => t.template.startsWith('FA')).map((t) => t.template)).toEqual(['FA01', 'FA02', 'FA03', 'FA04', 'FA05', 'FA06', 'FA08', 'FA09']);
    expect(r.flags.some((f) => f.kind === 'missing_table' && f.table === 'FA07')).toBe(true);
    const fa02 = r.tables.find((t) => t.template === 'FA02')!.rows.find((x) => x.label === '合计')!;
    expect(fa02.cells.total).toMatchObject({ raw: '2, 024. 59', yuan: '20245900' });
    expect(cell(r, 'FA05', (x) => x.code === '2013150', 'total')).toBe('1660600');
    expect(r.tables.find((t) => t.template === 'FA05')!.rows.find((x) => x.code === '2013150')!.label).toBe('事业运行');
  });
});
