import { describe, expect, it } from 'vitest';
import { convertBytes } from '../src/pipeline.js';
import { matchLabelNumber } from '../src/recognise/registry.js';
import { columnNumbers } from '../src/recognise/header.js';
import type { GridRow } from '../src/model/layout.js';

const FA05 = [
  '2023年度一般公共预算财政拨款支出决算表',
  // OCR lost the 公 of 公开05表: still the table's label, not the title of another table.
  '开05表',
  '单位：万元',
  '项目\t\t\t本年支出\t\t',
  '功能分类科目编码\t\t\t科目名称\t小计\t基本支出\t项目支出',
  '类\t款\t项\t栏次\t1\t2\t3',
  '\t\t\t合计\t1,234.50\t1,000.00\t234.50',
  '201\t\t\t一般公共服务支出\t1,234.50\t1,000.00\t234.50',
];

async function convert(pages: string[][]) {
  return convertBytes(new TextEncoder().encode(pages.map((p) => p.join('\n')).join('\f')), 'x.txt');
}

describe('recognising tables among the text', () => {
  it('reads table labels, including ones OCR cut short', () => {
    expect(matchLabelNumber('公开05表')).toBe(5);
    expect(matchLabelNumber('公开 05 表')).toBe(5);
    expect(matchLabelNumber('开05表')).toBe(5);
    expect(matchLabelNumber('公06表')).toBe(6);
    // Not a label: a sentence that happens to contain 开 and a number.
    expect(matchLabelNumber('召开3次会议，审议5个表')).toBeNull();
  });

  it('keeps a label line cut short by OCR out of the titles', async () => {
    const r = await convert([FA05]);
    expect(r.tables.map((t) => t.template)).toEqual(['FA05']);
    expect(r.tables[0]!.rows.map((row) => row.code ?? row.label)).toEqual(['合计', '201']);
  });

  it('does not take a table after the explanation for a continuation of the last table', async () => {
    const prose = ['第三部分 2023年度部门决算情况说明', '一、收入支出决算总体情况说明', '2023年度收、支总计1,234.50万元。'];
    const later = ['1\t保障密码安全', '2\t保障档案馆正常运行'];
    const r = await convert([FA05, prose, later]);
    const fa05 = r.tables.find((t) => t.template === 'FA05')!;
    expect(fa05.pages).toEqual([1]);
    expect(fa05.rows).toHaveLength(2);
    // Without the explanation between them, a table on the next page continues FA05.
    const cont = await convert([FA05, ['208\t\t\t社会保障和就业支出\t10.00\t10.00\t']]);
    expect(cont.tables.find((t) => t.template === 'FA05')!.pages).toEqual([1, 2]);
  });

  it('reads a 栏次 row with a number OCR misread, and nothing looser', () => {
    const row = (texts: string[]): GridRow => ({ page: 1, box: null, cells: texts.map((text, col) => ({ text, col, span: 1, page: 1, box: null })).filter((c) => c.text !== '') });
    const twelve = ['1', '2', '3', '4', '5', '6', '了', '8', '9', '10', '11', '12'];
    expect([...columnNumbers(row(twelve))!.values()]).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12]);
    expect([...columnNumbers(row(['工', '2', '3', '4', '5']))!.values()]).toEqual([1, 2, 3, 4, 5]);
    // Too much unread, a gap the neighbours disagree on, or amounts: not a 栏次 row.
    expect(columnNumbers(row(['1', '了', '工', '4', '5']))).toBeNull();
    expect(columnNumbers(row(['1', '2', '了', '5', '6']))).toBeNull();
    expect(columnNumbers(row(['1', '2', '3.50', '4']))).toBeNull();
  });
});
