import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { convertBytes, convertFile } from '../src/pipeline.js';
import type { CanonicalResult, CanonicalTable, CheckResult } from '../src/model/canonical.js';
import { sumCheck, type Term } from '../src/validate/arithmetic.js';
import { CORPUS, ROOT } from './helpers.js';

const known = JSON.parse(readFileSync(join(ROOT, 'tests/fixtures/known-source-failures.json'), 'utf8')) as Record<string, Record<string, string>>;
const fails = (r: CanonicalResult) => r.checks.filter((c) => c.status === 'fail');
const ids = (cs: CheckResult[]) => cs.map((c) => c.id);
/** A listed id covers itself and its numbered or bracketed instances (N.execution#3, BU05.row[201]…). */
const isKnown = (file: string, id: string) => Object.keys(known[file] ?? {}).some((k) => id.startsWith(k));

describe('checks on the clean corpus', () => {
  for (const file of Object.keys(known).filter((k) => k !== 'about')) {
    it(`${file}: no failing check beyond the genuine source inconsistencies`, async () => {
      const r = await convertFile(join(CORPUS, file));
      expect(ids(fails(r)).filter((id) => !isKnown(file, id))).toEqual([]);
      // Every check is reported with a status and a message; failures name the cells involved.
      for (const c of fails(r)) expect(c.cells?.length ?? 0).toBeGreaterThan(0);
    });
  }

  it('reports 0.01 rounding differences as info, not fail', async () => {
    const r = await convertFile(join(CORPUS, 'hanyang-party-office-2023-final.txt'));
    // 20131 = 748.40 while its 项 print 648.42 + 99.97 = 748.39.
    const c = r.checks.find((x) => x.id === 'FA03.tree[20131].total')!;
    expect(c).toMatchObject({ status: 'info', difference: '100' });
  });

  it('keeps tolerances exact and tight: 0.01 of the unit per rounded item, no more', () => {
    const table = (unit: '万元' | '元', total: string, parts: string[]) => {
      const t = { template: 'FA05', unit: { declared: unit, applied: unit, reason: null } } as unknown as CanonicalTable;
      const term = (yuan: string): Term => ({ table: t, row: { code: null, label: 'x', level: null, page: 1, cells: {} }, column: 'total', cell: { raw: yuan, yuan, page: 1, box: null }, sign: 1 });
      return sumCheck('t', 't', term(total), parts.map(term));
    };
    expect(table('万元', '8112500', ['8112400']).status).toBe('info'); // 0.01 万元 off, one item
    expect(table('万元', '8112500', ['8112300']).status).toBe('fail'); // 0.02 万元 off, one item
    expect(table('万元', '8112500', ['4000000', '4112300']).status).toBe('info'); // 0.02 over two items
    expect(table('元', '100000', ['99999']).status).toBe('fail'); // one yuan in a 元 table
    expect(table('元', '100000', ['90000']).status).toBe('fail'); // a five-figure error never passes
    expect(table('元', '100000.01', ['100000']).status).toBe('info');
  });
});

/** Doctored copies of real documents: each change must be implicated by a failing check. */
describe('doctored documents', () => {
  const source = (f: string) => readFileSync(join(CORPUS, f), 'utf8');
  const run = (text: string, name = 'doctored.txt') => convertBytes(new TextEncoder().encode(text), name);
  const newFails = async (file: string, doctor: (s: string) => string) => {
    const text = source(file);
    const doctored = doctor(text);
    expect(doctored).not.toBe(text);
    const [clean, bad] = await Promise.all([run(text, file), run(doctored, file)]);
    const before = new Set(ids(fails(clean)));
    return fails(bad).filter((c) => !before.has(c.id));
  };
  const EDZ = 'wuhan-edz-party-office-2024-final.txt';
  const HANYANG = 'hanyang-party-office-2023-final.txt';

  it('a changed cell: FA03 行政运行 基本支出 848.87 → 838.87', async () => {
    const f = await newFails(EDZ, (s) => s.replace('2013101\t\t\t行政运行\t848.87\t848.87', '2013101\t\t\t行政运行\t848.87\t838.87'));
    expect(f.some((c) => c.cells?.some((x) => x.table === 'FA03' && x.row === '2013101' && x.column === 'basic' && x.raw === '838.87'))).toBe(true);
  });

  it('a changed total: FA02 合计 2, 024. 59 → 2, 034. 59', async () => {
    const f = await newFails(EDZ, (s) => s.replace('合计\t2, 024. 59\t2, 024. 59', '合计\t2, 034. 59\t2, 024. 59'));
    expect(f.some((c) => c.cells?.some((x) => x.table === 'FA02' && x.row === '合计' && x.column === 'total' && x.raw === '2, 034. 59'))).toBe(true);
    expect(ids(f)).toContain('X.FA01-FA02.income');
  });

  it('a changed narrative amount: 收入合计 2024.59 → 2042.59 万元', async () => {
    const f = await newFails(EDZ, (s) => s.replace('收入合计 2024.59 万元', '收入合计 2042.59 万元'));
    expect(f.some((c) => c.id.startsWith('N.FA.income_total') && c.cells?.some((x) => x.table === 'narrative' && x.raw?.includes('2042.59')))).toBe(true);
  });

  it('a changed share: 基本支出 705.08万元，占本年支出86.91% → 88.91%', async () => {
    const f = await newFails(HANYANG, (s) => s.replace('占本年支出86.91%', '占本年支出88.91%'));
    expect(f.some((c) => c.id.startsWith('N.share') && c.actual === '88.91')).toBe(true);
  });

  it('a wrong unit: FA05 declared 元 instead of 万元', async () => {
    const f = await newFails(EDZ, (s) => s.replace(/(一般公共预算财政拨款支出决算表\n\n公开 05 表\n\n部门：[^\n]*\n\n)单位：万元/, '$1单位：元'));
    expect(ids(f)).toContain('X.FA04-FA05.general_budget');
  });

  it('a removed table, a year changed in a title, "XX局" left in a title, 小于 flipped to 大于', async () => {
    const f = await newFails(EDZ, (s) =>
      s
        .replace(/2024 年度支出决算表\n[\s\S]*?注：本表反映部门本年度各项支出情况。\n/, '')
        .replace('2024 年度收入决算表', '2023 年度收入决算表')
        .replace('2024 年度财政拨款收入支出决算总表', '2024 年度XX局财政拨款收入支出决算总表')
        .replace('决算数小于全年预算数的主要原因：一是车改后', '决算数大于全年预算数的主要原因：一是车改后'),
    );
    const got = ids(f);
    expect(got).toContain('doc.tables.listed[FA03]');
    expect(got).toContain('doc.year.titles');
    expect(got).toContain('doc.placeholders');
    expect(got.some((id) => id.startsWith('N.relation'))).toBe(true);
  });
});
