import { recogniseLaidOut } from '../src/pipeline.js';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import type { CanonicalResult, CanonicalTable } from '../src/model/canonical.js';
import type { Block, LaidOutDocument } from '../src/model/layout.js';
import { documentFacts } from '../src/recognise/facts.js';
import { canonicalTitle, matchTitle } from '../src/recognise/registry.js';
import { missingBudgetTables } from '../src/validate/expected.js';
import { reviewOcrDepartment } from '../src/validate/ocr-names.js';
import { BUDGET_NATIONAL_SET } from '../extractors/budget/national-set.js';

/**
 * Expected tables (issue 15 item 6) and document facts (item 5) on saved layouts of real
 * disclosures (tests/fixtures/real-layout/sets, made by scripts/save-layout.mjs): a table the
 * 目录 names or the national budget set requires is flagged when it is not printed; a table printed
 * empty, a regional stand-in, or a narrative part published apart is not.
 */
const DIR = join(import.meta.dirname, 'fixtures', 'real-layout', 'sets');
const load = (f: string): LaidOutDocument => JSON.parse(gunzipSync(readFileSync(join(DIR, `${f}.layout.json.gz`))).toString('utf8')) as LaidOutDocument;

const convertLaid = (laid: LaidOutDocument): CanonicalResult => recogniseLaidOut(laid);

const shortTitle = (b: Block) => b.kind === 'text' && /表[）)]?$/.test(b.text.replace(/\s+/g, '')) && b.text.replace(/\s+/g, '').length <= 50;

/** The layout without one printed table: its title line (not a 目录 entry) and its body up to the next title. */
function withoutTable(laid: LaidOutDocument, title: RegExp): LaidOutDocument {
  const blocks = laid.blocks;
  const i = blocks.findIndex((b, k) => b.kind === 'text' && title.test(b.text.replace(/\s+/g, '')) && blocks.slice(k + 1, k + 4).some((n) => n.kind === 'table'));
  if (i < 0) throw new Error(`no printed table titled ${title}`);
  let j = i + 1;
  while (j < blocks.length && !shortTitle(blocks[j]!)) j++;
  return { ...laid, blocks: [...blocks.slice(0, i), ...blocks.slice(j)] };
}

const missing = (r: CanonicalResult) => r.flags.filter((f) => f.kind === 'missing_table').map((f) => f.table).sort();

describe('the national budget set', () => {
  it('is data: the eight tables every department publishes are required, the rest optional', () => {
    expect(BUDGET_NATIONAL_SET.filter((e) => e.required).map((e) => e.template)).toEqual(['BU01', 'BU02', 'BU03', 'BU04', 'BU05', 'BU06', 'BU07', 'BU08']);
    expect(BUDGET_NATIONAL_SET.find((e) => e.template === 'BU09')?.required).toBe(false);
  });

  it('a complete set printed without a 目录 (Jiangsu tables part) has no missing table; its empty 政府性基金 table is present', () => {
    const r = convertLaid(load('jiangsu-shengweibangongting-2019-budget-tables'));
    expect(r.tables.find((t) => t.template === 'BU08')?.status).toBe('empty');
    expect(missing(r)).toEqual([]);
  });

  it('a required table not printed gets missing_table (warning) and a failing doc.tables.expected check', () => {
    const r = convertLaid(withoutTable(load('jiangsu-shengweibangongting-2019-budget-tables'), /政府性基金.*支出预算表$/));
    expect(r.tables.some((t) => t.template === 'BU08')).toBe(false);
    expect(missing(r)).toEqual(['BU08']);
    expect(r.flags.find((f) => f.kind === 'missing_table')?.severity).toBe('warning');
    expect(r.checks.find((c) => c.id === 'doc.tables.expected[BU08]')?.status).toBe('fail');
  });

  it('an optional table not printed (政府采购) is not flagged', () => {
    const r = convertLaid(withoutTable(load('jiangsu-shengweibangongting-2019-budget-tables'), /政府采购预算表$/));
    expect(r.tables.some((t) => t.template === 'BU11')).toBe(false);
    expect(missing(r)).toEqual([]);
  });

  it('a table the 目录 lists but the body does not print is missing where the 目录 names it (Putuo)', () => {
    const full = convertLaid(load('putuo-swj-2025-budget'));
    expect(missing(full)).toEqual([]);
    const r = convertLaid(withoutTable(load('putuo-swj-2025-budget'), /三公.*经费.*预算表$/));
    expect(missing(r)).toEqual(['BU07']);
    const f = r.flags.find((x) => x.kind === 'missing_table')!;
    expect(f.page).toBeGreaterThan(0);
    expect(f.message).toContain('named in the document');
    expect(r.checks.find((c) => c.id === 'doc.tables.listed[BU07]')?.status).toBe('fail');
  });

  it('a sentence pointing at a table (详见单位的项目绩效目标表) is no title: no illegible BU13, no missing table (Putuo)', () => {
    const r = convertLaid(load('putuo-swj-2025-budget'));
    expect(r.tables.some((t) => t.template === 'BU13')).toBe(false);
    expect(r.flags.filter((f) => f.kind === 'missing_table' || f.kind === 'illegible')).toEqual([]);
  });

  it("a 目录 printed as a table (Xi'an: 报表 | 报表名称 | 是否空表) lists the tables; each is printed, so none is missing", () => {
    const r = convertLaid(load('xian-b807ca62-2022-budget'));
    // 表8 一般公共预算基本支出明细表（按支出经济分类科目-不含上年结转） is its own table, not BU21's continuation.
    expect(r.tables.find((t) => t.template === 'BU06')?.pages).toEqual([25]);
    // 政府性基金收支表 is sided (收入 | 支出), kept as other, and stands for BU08.
    expect(r.tables.some((t) => t.template === 'other' && /政府性基金收支表/.test(t.title))).toBe(true);
    expect(missing(r)).toEqual([]);
    // Without 表10 (专项业务经费支出表, optional) the 目录 still names it.
    const cut = convertLaid(withoutTable(load('xian-b807ca62-2022-budget'), /专项业务经费支出表$/));
    expect(missing(cut)).toEqual(['BU10']);
  });

  it('a narrative part whose tables are a separate file is recognised as such, not flagged as missing everything (Beijing)', () => {
    const r = convertLaid(load('beijing-7b44750e-2026-budget'));
    expect(r.flags.some((f) => f.kind === 'tables_published_separately')).toBe(true);
    expect(missing(r)).toEqual([]);
    expect(r.document).toMatchObject({ kind: 'budget', year: 2026, department: '北京市司法局' });
  });
});

describe('which printed tables stand for a required one', () => {
  const table = (template: string, extra: Partial<CanonicalTable> = {}) => ({ template, status: 'ok', rows: [{}], title: '', ...extra }) as unknown as CanonicalTable;
  const doc = (tables: CanonicalTable[], kind: 'budget' | 'final_account' = 'budget') =>
    ({ document: { kind, year: 2026, department: 'x' }, tables, flags: [] }) as unknown as CanonicalResult;
  const core = ['BU01', 'BU02', 'BU03', 'BU04', 'BU05', 'BU07'].map((id) => table(id));

  it('Shenzhen: 一般公共预算支出表（按经济分类） (BU15) carries 基本支出 for BU06; an absent 政府性基金 table is missing', () => {
    expect(missingBudgetTables(doc([...core, table('BU15')])).map((f) => f.table)).toEqual(['BU08']);
  });

  it("Xi'an: a table kept as other under 政府性基金收支表 is the 政府性基金 table", () => {
    expect(missingBudgetTables(doc([...core, table('BU06'), table('other', { title: '2022年部门综合预算政府性基金收支表（不含上年结转）' })]))).toEqual([]);
  });

  it('a table printed under the national title whose body matched no template is printed, not missing', () => {
    expect(missingBudgetTables(doc([...core.filter((t) => t.template !== 'BU03'), table('BU06'), table('BU08', { status: 'empty', rows: [] }), table('other', { title: '2020年部门综合预算支出总表' })]))).toEqual([]);
  });

  it('an illegible table was printed; a title whose body was lost is flagged once; a file with fewer than three of the set is not judged; final accounts have their own set', () => {
    expect(missingBudgetTables(doc([...core, table('BU06'), table('BU08', { status: 'illegible', rows: [] })]))).toEqual([]);
    const lost = doc([...core, table('BU06')]);
    lost.flags.push({ kind: 'missing_table', severity: 'warning', message: 'title printed, body lost', page: 9, table: 'BU08' });
    expect(missingBudgetTables(lost)).toEqual([]);
    expect(missingBudgetTables(doc([table('BU07'), table('BU11')]))).toEqual([]);
    expect(missingBudgetTables(doc([table('FA01')], 'final_account'))).toEqual([]);
  });
});

describe('titles with a qualifier and a remark in one bracket', () => {
  it.each([
    ['2022年部门综合预算一般公共预算支出明细表（按支出功能分类科目-不含上年结转）', 'BU05', 'functional'],
    ['2022年部门综合预算一般公共预算基本支出明细表（支出经济分类科目-不含上年结转）', 'BU06', 'economic'],
    ['十、政府性基金财政拨款支出预算表', 'BU08', null],
  ])('%s is %s', (title, id, feature) => {
    expect(matchTitle(title)?.template.id).toBe(id);
    if (feature) expect([...canonicalTitle(title).features]).toEqual([feature]);
  });
});

describe('document facts of a tables-only part', () => {
  it('Beijing: the department from the 部门整体支出绩效目标表 form (部门名称 | …), the year from its （2026年度） line', () => {
    const r = convertLaid(load('beijing-shengtaihuanjing-2026-budget'));
    expect(r.document).toMatchObject({ kind: 'budget', year: 2026, department: '北京市生态环境局' });
  });

  it('Jiangsu: the year from its one dated title (2019年政府采购预算表), the department from 部门：', () => {
    const r = convertLaid(load('jiangsu-shengweibangongting-2019-budget-tables'));
    expect(r.document).toMatchObject({ kind: 'budget', year: 2019, department: '中共江苏省委办公厅' });
  });
});

describe('a department name read by OCR', () => {
  const laid = (...lines: string[]) => ({ blocks: lines.map((text, i) => ({ kind: 'text', text, page: 1 + i, box: null })) }) as unknown as LaidOutDocument;
  const result = (department: string) => ({ document: { kind: 'budget', year: 2026, department }, tables: [], flags: [] }) as unknown as CanonicalResult;

  it('that begins with no place of China takes the near place the document prints, recorded as ocr_name with the reading', () => {
    const r = result('北素市政务服务和数据管理局');
    const flags = reviewOcrDepartment(r, laid('北素市政务服务和数据管理局', '2026年北京市政务服务和数据管理局政府采购预算表', '北京市政务服务和数据管理局 2026年部门预算'));
    expect(r.document.department).toBe('北京市政务服务和数据管理局');
    expect(flags).toHaveLength(1);
    expect(flags[0]).toMatchObject({ kind: 'ocr_name', severity: 'warning' });
    expect(flags[0]!.message).toContain('北素市政务服务和数据管理局');
    expect(flags[0]!.message).toContain('prints it 2 times');
  });

  it('stays as read when the document does not say which place (北京 and 北海 are both one character from 北素)', () => {
    const none = result('北素市政务服务和数据管理局');
    expect(reviewOcrDepartment(none, laid('北素市政务服务和数据管理局'))).toEqual([]);
    expect(none.document.department).toBe('北素市政务服务和数据管理局');
    const tie = result('北素市政务服务和数据管理局');
    expect(reviewOcrDepartment(tie, laid('北京市', '北海市'))).toEqual([]);
    expect(tie.document.department).toBe('北素市政务服务和数据管理局');
  });

  it('a name that begins with a known place, or with no place at all, is left alone', () => {
    for (const d of ['上海市普陀区司法局', '福州经济技术开发区生态环境局', '中共江苏省委办公厅', '国家信访局']) {
      const r = result(d);
      expect(reviewOcrDepartment(r, laid('北京市', d.replace(/^../, '北京')))).toEqual([]);
      expect(r.document.department).toBe(d);
    }
  });
});

describe('which part of a disclosure a file is, and whose', () => {
  it('a narrative part, a tables part, a whole disclosure', () => {
    expect(convertLaid(load('beijing-7b44750e-2026-budget')).document.part).toBe('narrative');
    expect(convertLaid(load('jiangsu-shengweibangongting-2019-budget-tables')).document.part).toBe('tables');
    expect(convertLaid(load('beijing-shengtaihuanjing-2026-budget')).document.part).toBe('tables');
    expect(convertLaid(load('putuo-swj-2025-budget')).document.part).toBeUndefined();
  });

  it('部门预算 or 单位预算 as the cover says', () => {
    expect(convertLaid(load('putuo-swj-2025-budget')).document.scope).toBe('department');
    expect(convertLaid(load('beijing-7b44750e-2026-budget')).document.scope).toBe('department');
    const cover = (text: string) => documentFacts([{ kind: 'text', text, page: 1, box: null }], []);
    expect(cover('上海市福利彩票发行中心2026年单位预算')).toMatchObject({ kind: 'budget', year: 2026, department: '上海市福利彩票发行中心', scope: 'unit', cover: true });
    expect(cover('福州经济技术开发区生态环境局2026年度单位预算')).toMatchObject({ scope: 'unit' });
    expect(cover('国家信访局2024年度部门决算')).toMatchObject({ kind: 'final_account', scope: 'department' });
  });
});
