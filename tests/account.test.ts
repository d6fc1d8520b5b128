import { describe, expect, it } from 'vitest';
import type { CanonicalResult, CanonicalTable, CheckResult } from '../src/model/canonical.js';
import type { Page } from '../src/model/document.js';
import { pageTokens } from '../src/account/tokens.js';
import { accountAmounts } from '../src/account/ledger.js';
import { assessDocument } from '../src/account/assess.js';
import { verifyTable } from '../src/validate/verification.js';

const run = (text: string, x0: number, y0 = 100, w = 6) => ({ text, box: { x0, y0, x1: x0 + w * text.length, y1: y0 + 10 } });
const page = (runs: ReturnType<typeof run>[], number = 1): Page => ({ number, width: 600, height: 800, rotation: 0, source: 'text-layer', lines: [], runs, rules: [] });

describe('amount tokens', () => {
  it('tells amounts from percentages, dates, counts and years', () => {
    const p = page([run('收入合计811.25万元，增长12.5%，2025年共15人，6.6万户，完成78.9%', 10), run('2024.01.02', 10, 130), run('3,927.98', 10, 160)]);
    const got = pageTokens(p).map((t) => [t.raw, t.shape, t.unit]);
    expect(got).toEqual([
      ['811.25', 'decimal', '万元'],
      ['3,927.98', 'decimal', null],
    ]);
  });

  it('joins a number split over two runs a hair apart, not two numbers of two cells', () => {
    const joined = pageTokens(page([run('13,252', 100), run('.62', 136.5)])).map((t) => t.raw);
    expect(joined).toEqual(['13,252.62']);
    const apart = pageTokens(page([run('13,252', 100), run('0.62', 200)])).map((t) => t.raw);
    expect(apart).toEqual(['13,252', '0.62']);
  });

  it('reads spaces inside numbers and context across runs ("13.95" then "%")', () => {
    expect(pageTokens(page([run('2, 024. 59', 10)])).map((t) => t.key)).toEqual(['2024.59']);
    expect(pageTokens(page([run('增长13.95', 10), run('%', 69)]))).toEqual([]);
    expect(pageTokens(page([run('支出 54.13', 10), run('万元', 71)])).map((t) => t.unit)).toEqual(['万元']);
  });
});

const table = (over: Partial<CanonicalTable>): CanonicalTable => ({
  template: 'BU05', templateName: '一般公共预算支出表', title: 't', pages: [1], status: 'ok',
  unit: { declared: '万元', applied: '万元', reason: null }, columns: [{ key: 'total', label: '合计' }], rows: [], notes: [], detection: null, ...over,
});
const check = (id: string, status: CheckResult['status']): CheckResult => ({ id, status, message: id });

describe('table verification', () => {
  it('verified when all hold; isolated failures are the source\'s; many failures put the reading in doubt', () => {
    const t = table({});
    expect(verifyTable(t, [check('a.total', 'pass'), check('b.total', 'info')]).status).toBe('verified');
    const one = verifyTable(t, Array.from({ length: 20 }, (_, i) => check(`r${i}.total`, i === 3 ? 'fail' : 'pass')));
    expect(one).toMatchObject({ status: 'verified', checks: 20, failed: 1 });
    expect(one.reason).toMatch(/possible error in the document/);
    const many = verifyTable(t, Array.from({ length: 20 }, (_, i) => check(`r${i}.total`, i % 2 ? 'fail' : 'pass')));
    expect(many).toMatchObject({ status: 'inconsistent', failed: 10 });
    expect(many.reason).toMatch(/reading is in doubt/);
    // Most of one column failing, even if the table has many other checks.
    const column = [...Array.from({ length: 40 }, (_, i) => check(`r${i}.basic`, 'pass')), ...Array.from({ length: 4 }, (_, i) => check(`r${i}.project`, 'fail')), check('r9.project', 'pass')];
    expect(verifyTable(t, column).status).toBe('inconsistent');
    expect(verifyTable(table({ template: 'other' }), []).status).toBe('unverified');
  });
});

describe('ledger and assessment', () => {
  const result = (tables: CanonicalTable[]): CanonicalResult => ({
    schemaVersion: '1', tool: { name: 'budget-tables', version: 't' }, source: { file: 'x.pdf', sha256: '0'.repeat(64), format: 'pdf', pageCount: 1 },
    pages: [], document: { kind: 'budget', year: 2026, department: null }, tables, narrative: [], checks: [], flags: [],
  });

  it('accounts for every token once: the cell printed there first, unplaced with a reason otherwise', () => {
    const box = { x0: 100, y0: 100, x1: 136, y1: 110 };
    const t = table({ rows: [{ code: null, label: '合计', level: null, page: 1, cells: { total: { raw: '811.25', yuan: '8112500', page: 1, box } } }], boxes: [{ page: 1, box: { x0: 50, y0: 90, x1: 300, y1: 200 } }] });
    const doc = { source: { file: 'x.pdf', sha256: '0'.repeat(64), format: 'pdf' as const, pageCount: 1 }, pages: [page([run('811.25', 100), run('收入合计811.25', 10, 300), run('99.10', 200, 150)])] };
    const r = result([t]);
    r.narrative = [{ text: '收入合计811.25万元', page: 1, amounts: [{ raw: '811.25万元', yuan: '8112500' }] }];
    const l = accountAmounts(r, doc);
    expect(l.coverage).toEqual({ amounts: 3, inTables: 1, inNarrative: 1, unplaced: 1, share: 0.6666 });
    expect(l.unplaced[0]).toMatchObject({ raw: '99.10', page: 1 });
    expect(l.unplaced[0]!.reason).toMatch(/inside BU05/);

    r.document.coverage = l.coverage;
    const a = assessDocument(r);
    expect(a.status).toBe('partial');
    expect(a.reasons[0]).toMatch(/amounts 2\/3 placed/);
    r.document.coverage = { ...l.coverage, unplaced: 0, inTables: 2, share: 1 };
    t.verification = { status: 'inconsistent', checks: 10, failed: 8, reason: '8 of 10 checks fail' };
    expect(assessDocument(r).reasons).toEqual(['BU05: 8 of 10 checks fail']);
    t.verification = { status: 'verified', checks: 10, failed: 1, reason: '1 of 10 checks fail in an otherwise consistent table: possible error in the document' };
    expect(assessDocument(r)).toMatchObject({ status: 'ok', findings: [expect.stringMatching(/possible error/)] });
  });
});
