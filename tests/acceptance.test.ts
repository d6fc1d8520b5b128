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

describe('issue 4 acceptance (budgets)', () => {
  const sumYuan = (vals: (string | null | undefined)[]) => vals.reduce((s, v) => s + (v ? BigInt(v.split('.')[0]!) : 0n), 0n).toString();

  it('jianghan 2022: thirteen tables, 收入总计, 三公 with "10.0 0", procurement = narrative 27 万元', async () => {
    const r = await convertFile(join(CORPUS, 'jianghan-gov-office-2022-budget.txt'));
    expect(r.tables.filter((t) => t.template.startsWith('BU')).map((t) => t.template).sort()).toEqual(
      ['BU01', 'BU02', 'BU03', 'BU04', 'BU05', 'BU06', 'BU07', 'BU08', 'BU10', 'BU11', 'BU12', 'BU13', 'BU14'],
    );
    expect(cell(r, 'BU01', (x) => x.label === '收入总计' && x.side === 'income', 'amount')).toBe('39279800');
    const bu07 = r.tables.find((t) => t.template === 'BU07')!.rows.find((x) => x.label === '合计')!;
    expect(bu07.cells.total!.yuan).toBe('109800');
    expect(bu07.cells.vehicle_subtotal).toMatchObject({ raw: '10.0 0', yuan: '100000' });
    const bu11 = r.tables.find((t) => t.template === 'BU11')!;
    expect(sumYuan(bu11.rows.filter((x) => !x.total).map((x) => x.cells.total?.yuan))).toBe('270000');
    expect(r.narrative.some((s) => s.text.includes('政府采购') && s.amounts.some((a) => a.yuan === '270000'))).toBe(true);
  });

  it('dongxihu 2023: BU02/BU03 illegible, BU11 unit_mismatch read as 元 with the correction kept, BU10 = 1306400', async () => {
    const r = await convertFile(join(CORPUS, 'dongxihu-party-office-2023-budget.txt'));
    for (const id of ['BU02', 'BU03']) {
      expect(r.tables.find((t) => t.template === id)!.status).toBe('illegible');
      expect(r.flags.filter((f) => f.kind === 'illegible' && f.table === id)).toHaveLength(1);
    }
    const bu11 = r.tables.find((t) => t.template === 'BU11')!;
    expect(bu11.unit).toMatchObject({ declared: '万元', applied: '元' });
    expect(r.flags.some((f) => f.kind === 'unit_mismatch' && f.table === 'BU11')).toBe(true);
    const values = bu11.rows.flatMap((x) => Object.values(x.cells)).filter((c) => c.yuan !== null);
    expect(values.map((c) => c.yuan)).toEqual(['100000', '50000', '50000']);
    for (const c of values) expect(c.corrections?.[0]).toMatchObject({ kind: 'unit', from: String(Number(c.yuan) * 10000) });
    const bu10 = r.tables.find((t) => t.template === 'BU10')!;
    const projects = bu10.rows.filter((x) => !x.total && x.cells.total?.yuan);
    expect(projects).toHaveLength(3);
    expect(sumYuan(projects.map((x) => x.cells.total!.yuan))).toBe('1306400');
  });

  it('dongxihu 2021: every listed table flagged, no invented rows, narrative amounts kept', async () => {
    const r = await convertFile(join(CORPUS, 'dongxihu-gov-office-2021-budget.txt'));
    for (const id of ['BU01', 'BU02', 'BU03', 'BU04', 'BU05', 'BU06', 'BU07', 'BU08']) {
      expect(r.flags.some((f) => (f.kind === 'missing_table' || f.kind === 'illegible') && f.table === id)).toBe(true);
    }
    // The lost tables get no rows; only the performance form (records) keeps the amounts it prints.
    expect(r.tables.filter((t) => t.template !== 'other' && !t.records).flatMap((t) => t.rows)).toEqual([]);
    for (const t of r.tables.filter((x) => x.records)) for (const row of t.rows) for (const c of Object.values(row.cells)) expect(c.line).toBeDefined();
    expect(r.narrative.length).toBeGreaterThan(5);
  });
});
