import { GENERIC_COLUMN } from '../bench/lib/golden.js';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { convertBytes, recogniseLaidOut } from '../src/pipeline.js';
import type { CanonicalResult } from '../src/model/canonical.js';
import type { LaidOutDocument } from '../src/model/layout.js';
import { contradicts } from '../src/recognise/columns.js';
import { templateById, titleCandidates } from '../src/recognise/registry.js';
import { consistencyChecks } from '../src/validate/consistency.js';
import { sidedLineChecks } from '../src/validate/sided-lines.js';

/**
 * The national tables as regions print them. Fixtures in tests/fixtures/real-layout are the layout
 * stage's output of real disclosures (scripts/save-layout.mjs), so recognition, column mapping and
 * the checks run on real tables without the PDFs.
 */
const DIR = join(import.meta.dirname, 'fixtures', 'real-layout');
const FIXTURES = readdirSync(DIR).filter((f) => f.endsWith('.layout.json.gz'));

function load(f: string): LaidOutDocument {
  return JSON.parse(gunzipSync(readFileSync(join(DIR, f))).toString('utf8')) as LaidOutDocument;
}

const convertLaid = (laid: LaidOutDocument): CanonicalResult => recogniseLaidOut(laid);

const results = new Map<string, CanonicalResult>();
const result = (f: string) => {
  if (!results.has(f)) results.set(f, convertLaid(load(f)));
  return results.get(f)!;
};

describe('regional titles name the national tables', () => {
  // Printed titles from ../shared/real (Changsha, Chongqing, Guangzhou, Fuzhou, Shanghai, Putuo,
  // Xi'an, Jiangsu, Suzhou, Yantai, Shenzhen, Hangzhou) and the table each one is.
  const cases: [string, string][] = [
    ['2026年部门收支总体情况表', 'BU01'],
    ['2026年部门财务收支预算总表', 'BU01'],
    ['表1：2026年市级部门收支预算总表', 'BU01'],
    ['收入总体情况表', 'BU02'],
    ['本年支出总体情况表', 'BU03'],
    ['2026年财政拨款收支总体情况表', 'BU04'],
    ['一般公共预算支出情况表（按功能分类科目）', 'BU05'],
    ['2026年部门一般公共预算支出功能分类预算表', 'BU05'],
    ['2022年部门综合预算一般公共预算支出明细表（按功能科目分）', 'BU05'],
    ['一般公共预算基本支出情况表（按经济分类科目）', 'BU06'],
    ['2026年预算单位一般公共预算基本支出部门预算经济分类预算表', 'BU06'],
    ['2026年部门“三公”经费和机关运行经费预算表', 'BU07'],
    ['2019年部门综合预算一般公共预算拨款“三公”经费及会议费、培训费支出预算表', 'BU07'],
    ['政府性基金预算支出情况表', 'BU08'],
    ['2026年部门国有资本经营预算支出功能分类预算表', 'BU09'],
    ['部门预算项目支出及其他支出预算表', 'BU10'],
    ['2020年部门综合预算专项业务经费支出表', 'BU10'],
    ['2020年部门综合预算政府采购（资产配置、购买服务）预算表', 'BU11'],
    ['2022年项目支出(绩效目标)申报表', 'BU13'],
    ['政策和项目预算绩效目标表', 'BU13'],
    ['2026 年度一般公共预算支出经济分类情况表', 'BU15'],
    ['一般公共预算项目支出情况表（按经济分类科目）', 'BU16'],
    ['基本支出预算情况表', 'BU17'],
    ['一般公共预算机关运行经费支出预算表', 'BU18'],
    ['财政拨款支出预算表（功能科目）', 'BU19'],
    ['财政拨款基本支出表（经济科目）', 'BU20'],
    ['部门综合预算一般公共预算基本支出明细表（按支出功能分类科目）', 'BU21'],
    // A qualifier and a remark in one bracket, joined by a dash (Xi'an 2022).
    ['2022年部门综合预算一般公共预算基本支出明细表（按支出经济分类科目-不含上年结转）', 'BU06'],
    ['收入支出决算总表', 'FA01'],
    ['一般公共预算财政拨款基本支出决算明细表', 'FA06'],
  ];
  it.each(cases)('%s → %s', (title, id) => {
    expect(titleCandidates(title)[0]?.template.id).toBe(id);
  });

  it('does not take a wrapped fragment or a table of another kind for a national table', () => {
    expect(titleCandidates('费支出表')).toEqual([]);
    expect(titleCandidates('会议费明细表')).toEqual([]);
    // A final-account title is never a budget table, and the other way round.
    expect(titleCandidates('2023年度支出决算表').every((m) => m.template.kind === 'final_account')).toBe(true);
    expect(titleCandidates('部门支出预算表').every((m) => m.template.kind === 'budget')).toBe(true);
  });
});

describe('real tables (saved layout of real disclosures)', () => {
  it('has fixtures from at least ten regions', () => {
    expect(new Set(FIXTURES.map((f) => f.split('-')[0])).size).toBeGreaterThanOrEqual(10);
  });

  it.each(FIXTURES)('%s: every column key agrees with its printed header', (f) => {
    const r = result(f);
    const known = r.tables.filter((t) => t.template !== 'other');
    expect(known.length).toBeGreaterThan(0);
    for (const t of known) {
      const tpl = templateById(t.template)!;
      for (const c of t.columns) {
        // Amounts kept by position under a generic key (c7: a column the template does not map,
        // flagged unmapped_values) claim no template meaning, so they cannot contradict a header.
        if (GENERIC_COLUMN.test(c.key)) continue;
        const side = tpl.columns.find((s) => s.key === c.key)?.side;
        // A key whose printed header names another column of the template is a wrong key.
        expect({ table: t.template, key: c.key, header: c.label, contradicts: contradicts(tpl, c.key, c.label.replace(/\s+/g, ''), side) }).toEqual({ table: t.template, key: c.key, header: c.label, contradicts: false });
      }
    }
  });

  it.each(FIXTURES)('%s: the core national tables are recognised, each with its evidence', (f) => {
    const r = result(f);
    const found = new Set(r.tables.map((t) => t.template));
    const core = r.document.kind === 'final_account' ? ['FA01', 'FA02', 'FA03', 'FA04', 'FA05', 'FA06'] : ['BU01', 'BU02', 'BU03', 'BU04', 'BU05'];
    for (const id of core) expect(found, id).toContain(id);
    for (const t of r.tables.filter((x) => x.template !== 'other' && x.rows.length > 0)) {
      expect(t.recognition?.evidence.length ?? 0).toBeGreaterThan(0);
      expect(t.recognition!.score).toBeGreaterThan(t.recognition!.runnerUp?.score ?? -Infinity);
    }
  });

  it.each(FIXTURES)('%s: at least 95% of the checks pass', (f) => {
    const r = result(f);
    const judged = r.checks.filter((c) => c.status !== 'skipped');
    const failed = judged.filter((c) => c.status === 'fail');
    expect(judged.length).toBeGreaterThan(0);
    expect(failed.length / judged.length, failed.slice(0, 5).map((c) => c.message).join('\n')).toBeLessThanOrEqual(0.05);
  });

  it('reads codes printed in separate 类 | 款 | 项 columns as one code, never as amounts (Putuo)', () => {
    const r = result('putuo-sfj-2026-budget.layout.json.gz');
    const bu05 = r.tables.find((t) => t.template === 'BU05')!;
    expect(bu05.columns.map((c) => c.key)).toEqual(['total', 'basic', 'project']);
    const coded = bu05.rows.filter((row) => row.code);
    expect(coded.length).toBeGreaterThan(5);
    for (const row of coded) expect(row.code).toMatch(/^2\d{2}(\d{2}){0,2}$/);
    // No two-digit code part ended up as an amount.
    for (const row of bu05.rows) for (const c of Object.values(row.cells)) expect(c.raw).not.toMatch(/^\d{2}$/);
    expect(coded.map((row) => row.code)).toContain('2040601');
    expect(r.checks.filter((c) => c.id.startsWith('BU05.') && c.status === 'fail')).toEqual([]);
    expect(r.checks.filter((c) => c.id.startsWith('BU05.tree') && c.status === 'pass').length).toBeGreaterThan(0);
  });

  it('makes one table of a table continued over pages with its title repeated (Shenzhen 支出总表)', () => {
    const r = result('shenzhen-sifaju-2026-budget.layout.json.gz');
    const bu03 = r.tables.filter((t) => t.template === 'BU03');
    expect(bu03).toHaveLength(1);
    expect(bu03[0]!.pages).toEqual([23, 24, 25]);
    // Its sub-unit row (the department) is not a 类: the code tree holds within the unit's rows.
    expect(r.checks.filter((c) => c.id.startsWith('BU03.') && c.status === 'fail')).toEqual([]);
  });

  it('ends a table where the next title starts, however long its bracketed qualifier (Xi\'an 表7 | 表8)', () => {
    const r = result('xian-kejiju-2022-budget.layout.json.gz');
    const bu21 = r.tables.filter((t) => t.template === 'BU21');
    const bu06 = r.tables.filter((t) => t.template === 'BU06');
    expect(bu21.map((t) => t.pages)).toEqual([[51, 52]]);
    expect(bu06.map((t) => t.pages)).toEqual([[53, 54, 55]]);
    // 部门经济科目编码 is the row's code; the parallel 政府经济科目编码 is never an amount.
    expect(bu06[0]!.columns.map((c) => c.key)).toEqual(['total', 'personnel', 'public']);
    expect(bu06[0]!.rows.filter((row) => row.code === '30101').map((row) => row.cells.total?.raw)).toEqual(['3568521.6', '6615333.6', '0']);
    expect(r.checks.filter((c) => /^BU(06|21)\./.test(c.id) && c.status === 'fail')).toEqual([]);
    // "204 西安市科学技术局" in the 收入总表 names a unit: 204 is its unit code, not the 类 公共安全支出.
    const bu02 = r.tables.find((t) => t.template === 'BU02')!;
    expect(bu02.rows.filter((row) => row.label === '西安市科学技术局').map((row) => row.code)).toEqual([null, null]);
    expect(bu02.rows.some((row) => row.code === '204')).toBe(false);
  });

  it('joins the pieces of a table the layout cut on one page, and maps 公务用车运行维护费 under a “三公”经费 group (Jiangsu)', () => {
    const r = result('jiangsu-gaojifayuan-2017-budget.layout.json.gz');
    expect(r.tables.filter((t) => t.template === 'BU06').map((t) => t.pages)).toEqual([[15, 16]]);
    expect(r.tables.filter((t) => t.template === 'BU18').map((t) => t.pages)).toEqual([[16, 17]]);
    const bu07 = r.tables.find((t) => t.template === 'BU07')!;
    expect(bu07.columns.map((c) => c.key)).toContain('vehicle_operation');
    expect(bu07.rows[0]!.cells.vehicle_operation?.raw).toBe('304.40');
    expect(r.checks.filter((c) => /^BU(06|07|18)\./.test(c.id) && c.status === 'fail')).toEqual([]);
  });

  it('reads a 款 printed as its two digits under its 类, and a 单位编码 before a unit\'s name as neither code nor amount (Xi\'an 2019)', () => {
    const r = result('xian-anjianju-2019-budget-tables.layout.json.gz');
    const bu05 = r.tables.find((t) => t.template === 'BU05')!;
    // "208 社会保障和就业支出", "05 行政事业单位离退休", "99 其他社会保障和就业支出" → 20805, 20899.
    expect(bu05.rows.filter((row) => row.code === '20899').length).toBeGreaterThan(0);
    expect(bu05.rows.filter((row) => row.code === '20805').length).toBeGreaterThan(0);
    for (const row of bu05.rows) for (const c of Object.values(row.cells)) expect(c.raw).not.toMatch(/^(99|11|05|\d{6})$/);
    const unit = bu05.rows.find((row) => row.label === '西安市安全生产执法监察支队');
    expect(unit?.code ?? null).toBeNull();
    expect(unit?.cells.total?.raw).toBe('830.27');
    // Extended economic codes (3010201) under a 类 whose 款 is not printed count as its 款.
    expect(r.checks.filter((c) => /^BU(05|06|15)\.tree/.test(c.id) && c.status === 'pass').length).toBeGreaterThan(20);
    expect(r.checks.filter((c) => /^BU(05|06|15)\./.test(c.id) && c.status === 'fail')).toEqual([]);
  });

  it('calls an empty table without a note rightly empty when the 财政拨款收支总表 shows none of its fund (Shanghai unit, Jiangsu)', () => {
    const sh = result('shanghai-fulicaipiao-2026-unit-budget.layout.json.gz');
    const notes = sh.checks.filter((c) => c.id.startsWith('doc.empty_note'));
    expect(notes.map((c) => c.id).sort()).toEqual(['doc.empty_note[BU05]', 'doc.empty_note[BU06]', 'doc.empty_note[BU07]', 'doc.empty_note[BU09]']);
    for (const c of notes.filter((x) => x.id !== 'doc.empty_note[BU07]')) expect(c).toMatchObject({ status: 'info', message: expect.stringContaining('rightly empty: BU04') });
    // Its 三公 table is explained in words after it ("…“三公”经费预算数为0.00万元").
    expect(notes.find((c) => c.id === 'doc.empty_note[BU07]')).toMatchObject({ status: 'pass' });
    // The same tables beside a BU04 that shows 一般公共预算 money: an unexplained empty table fails.
    const doctored = structuredClone(sh);
    const bu04 = doctored.tables.find((t) => t.template === 'BU04')!;
    for (const row of bu04.rows) if (row.side === 'expenditure' && row.total) row.cells.general_budget = { raw: '100', yuan: '100', page: row.page, box: null };
    const again = consistencyChecks(doctored, load('shanghai-fulicaipiao-2026-unit-budget.layout.json.gz'));
    expect(again.find((c) => c.id === 'doc.empty_note[BU05]')?.status).toBe('fail');
    expect(again.find((c) => c.id === 'doc.empty_note[BU07]')?.status).toBe('pass');
    expect(again.find((c) => c.id === 'doc.empty_note[BU09]')?.status).toBe('info');
    // An empty table explained in the text after it ("2026年“三公”经费预算数为0") says why (Shanghai).
    const a0 = result('shanghai-a00d9005-2026-budget.layout.json.gz');
    expect(a0.checks.find((c) => c.id === 'doc.empty_note[BU07]')).toMatchObject({ status: 'pass', message: expect.stringContaining('预算数为0') });
    const js = result('jiangsu-gaojifayuan-2017-budget.layout.json.gz');
    expect(js.checks.find((c) => c.id === 'doc.empty_note[BU08]')).toMatchObject({ status: 'info', message: expect.stringContaining('政府性基金预算') });
  });

  it('keeps a row whose only amounts are in an unmapped column (2025年预算数) as that row, with its code (Chongqing)', () => {
    const r = result('chongqing-43f56135-2026-budget.layout.json.gz');
    const bu05 = r.tables.find((t) => t.template === 'BU05')!;
    const row = bu05.rows.filter((x) => x.code === '21501');
    expect(row).toHaveLength(1);
    expect(Object.values(row[0]!.cells).map((c) => c.raw)).toEqual(['2,459.26']);
    expect(bu05.rows.some((x) => x.code === null && Object.values(x.cells).some((c) => c.raw === '2,459.26'))).toBe(false);
    expect(r.checks.filter((c) => c.id.startsWith('BU05.') && c.status === 'fail')).toEqual([]);
  });

  it('names the department from the 预算主管部门 line when the cover names only the district (Putuo)', () => {
    expect(result('putuo-sfj-2026-budget.layout.json.gz').document.department).toBe('上海市普陀区司法局');
  });
});

describe('codes in 类 | 款 | 项 columns (czj-style text table)', () => {
  const page = [
    '2026年部门一般公共预算支出功能分类预算表',
    '单位：元',
    '项目\t\t\t\t一般公共预算支出\t\t',
    '功能分类科目编码\t\t\t功能分类科目名称\t合计\t基本支出\t项目支出',
    '类\t款\t项\t\t\t\t',
    '201\t\t\t一般公共服务支出\t300.00\t200.00\t100.00',
    '201\t06\t\t财政事务\t300.00\t200.00\t100.00',
    // A blank 类 repeats the one above.
    '\t06\t01\t行政运行\t200.00\t200.00\t0.00',
    '\t06\t99\t其他财政事务支出\t100.00\t0.00\t100.00',
    '\t\t\t合计\t300.00\t200.00\t100.00',
  ];

  it('joins the parts into one code per row and keeps every amount in its column', async () => {
    const r = await convertBytes(new TextEncoder().encode(page.join('\n')), 'czj.txt');
    const t = r.tables.find((x) => x.template === 'BU05')!;
    expect(t.rows.map((row) => row.code ?? row.label)).toEqual(['201', '20106', '2010601', '2010699', '合计']);
    expect(t.rows[2]!.cells.total!.raw).toBe('200.00');
    expect(Object.keys(t.rows[2]!.cells).sort()).toEqual(['basic', 'project', 'total']);
    expect(r.checks.filter((c) => c.status === 'fail')).toEqual([]);
    expect(r.checks.filter((c) => c.id.startsWith('BU05.tree') && c.status === 'pass').length).toBeGreaterThan(0);
  });
});

describe('side-by-side tables (收支总表, 财政拨款收支总表) are proved line by line', () => {
  const fieldFailures = JSON.parse(readFileSync(join(import.meta.dirname, 'fixtures', 'field-source-failures.json'), 'utf8')) as Record<string, Record<string, string>>;
  const listed = (f: string, id: string) => Object.keys(fieldFailures[f.replace('.layout.json.gz', '.pdf')] ?? {}).some((k) => id.startsWith(k));
  // Each region's way of printing the lines: numbered 一、 over unnumbered funds (Yantai), unnumbered
  // 财政拨款 over 1. 2. 3. (Shenzhen), 类/款/项 lines without codes or numbering (Hangzhou), 合计
  // printed first (Chongqing), funds under 财政拨款收入 by name (Shanghai), three parallel blocks
  // under 一、部门预算 (Xi'an), a table cut into a stream and a lattice piece (Jiangsu).
  const cases: [string, string, number][] = [
    ['yantai-tongjiju-2026-budget.layout.json.gz', 'BU01', 5],
    ['shenzhen-sifaju-2026-budget.layout.json.gz', 'BU04', 5],
    ['hangzhou-sifaju-2026-budget.layout.json.gz', 'BU01', 5],
    ['chongqing-qixiangju-2026-budget.layout.json.gz', 'BU01', 2],
    ['shanghai-a00d9005-2026-budget.layout.json.gz', 'BU01', 2],
    ['xian-kejiju-2022-budget.layout.json.gz', 'BU01', 12],
    ['jiangsu-gaojifayuan-2017-budget.layout.json.gz', 'BU01', 4],
  ];
  for (const [f, tpl, min] of cases) {
    it(`${f.replace('.layout.json.gz', '')} ${tpl}: its side totals hold under the reading they prove`, () => {
      const r = result(f);
      const lines = r.checks.filter((c) => c.id.startsWith(`${tpl}.lines`) && c.status !== 'skipped');
      expect(lines.length).toBeGreaterThanOrEqual(min);
      expect(lines.filter((c) => c.status === 'fail' && !listed(f, c.id)).map((c) => c.message)).toEqual([]);
      expect(r.tables.find((t) => t.template === tpl)!.verification!.status).toBe('verified');
    });
  }

  it('a table the layout cut into two pieces of one frame is one table (Jiangsu 收支预算总表 over pages 11–12)', () => {
    const r = result('jiangsu-gaojifayuan-2017-budget.layout.json.gz');
    const bu01 = r.tables.filter((t) => t.template === 'BU01');
    expect(bu01).toHaveLength(1);
    expect(r.tables.some((t) => t.template === 'other' && t.pages.includes(12))).toBe(false);
    const social = bu01[0]!.rows.find((x) => x.label === '社会保障和就业支出');
    expect(social?.cells['amount']?.raw).toBe('2,347.13');
  });

  it('whole-元 amounts that look like codes (29440, 8916000) do not start a block: the functional block keeps its amounts', () => {
    const t = result('xian-kejiju-2022-budget.layout.json.gz').tables.find((x) => x.template === 'BU01')!;
    const row = t.rows.find((x) => x.side === 'expenditure' && x.label === '科学技术支出');
    expect(row?.cells['amount']?.yuan).toBe('820196139.3');
    expect(t.rows.find((x) => x.side === 'expenditure' && x.label === '教育支出')?.cells['amount']?.raw).toBe('29440');
  });

  it('a wrong line total fails: the reading is not chosen to make any table pass', () => {
    const r = structuredClone(result('yantai-tongjiju-2026-budget.layout.json.gz'));
    const t = r.tables.find((x) => x.template === 'BU01')!;
    const sub = t.rows.find((x) => x.side === 'income' && x.label === '本年收入合计')!;
    sub.cells['amount'] = { ...sub.cells['amount']!, yuan: '21331100', raw: '2,133.11' };
    const checks = sidedLineChecks(t, templateById('BU01')!);
    expect(checks.find((c) => c.id === 'BU01.lines[income].subtotal.amount')?.status).toBe('fail');
    expect(checks.find((c) => c.id === 'BU01.lines[income].grand.amount')?.status).toBe('fail');
  });
});
