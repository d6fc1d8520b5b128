import type { Operand } from './types.js';

/**
 * Sentences of the 情况说明 that restate a table cell. `pattern` must capture the amount in
 * 万元 as its first group; the keyword must be followed directly by the amount (with 为 / 是 /
 * ： between at most), so "收入合计增加127.2万元" (a change) never reads as the total.
 */
export interface NarrativeRestatement {
  id: string;
  description: string;
  pattern: RegExp;
  targets: Operand[];
}

const AMT = String.raw`\s*(?:为|是|共计|合计|[:：])?\s*(\d[\d,，]*(?:\.\d+)?)\s*万元`;
const re = (keyword: string) => new RegExp(keyword + AMT);

export const FINAL_ACCOUNT_NARRATIVE: NarrativeRestatement[] = [
  {
    id: 'N.FA.income_total',
    description: 'the narrative 收入合计 restates FA01 本年收入合计',
    pattern: re('(?:本年)?收入合计'),
    targets: [{ table: 'FA01', row: { side: 'income', label: '本年收入合计' }, column: 'amount' }, { table: 'FA02', row: { label: '合计' }, column: 'total' }],
  },
  {
    id: 'N.FA.expenditure_total',
    description: 'the narrative 支出合计 restates FA01 本年支出合计',
    pattern: re('(?:本年)?支出合计'),
    targets: [{ table: 'FA01', row: { side: 'expenditure', label: '本年支出合计' }, column: 'amount' }, { table: 'FA03', row: { label: '合计' }, column: 'total' }],
  },
  {
    id: 'N.FA.grand_total',
    description: 'the narrative 收、支总计 restates FA01 总计',
    pattern: re('(?<!财政拨款)(?:收、支总计|收入支出总计|收支总计)'),
    targets: [{ table: 'FA01', row: { side: 'expenditure', label: '总计' }, column: 'amount' }],
  },
  {
    id: 'N.FA.fiscal_grand_total',
    description: 'the narrative 财政拨款收、支总计 restates FA04 总计',
    pattern: re('财政拨款(?:收、支总计|收入支出总计|收支总计)'),
    targets: [{ table: 'FA04', row: { side: 'expenditure', label: '总计' }, column: 'total' }],
  },
  {
    id: 'N.FA.basic',
    description: 'the narrative 基本支出 restates FA03 合计 基本支出',
    pattern: re('(?<!财政拨款)(?<!一般公共预算)基本支出'),
    targets: [{ table: 'FA03', row: { label: '合计' }, column: 'basic' }],
  },
  {
    id: 'N.FA.project',
    description: 'the narrative 项目支出 restates FA03 合计 项目支出',
    pattern: re('(?<!财政拨款)(?<!一般公共预算)项目支出'),
    targets: [{ table: 'FA03', row: { label: '合计' }, column: 'project' }],
  },
  {
    id: 'N.FA.general_budget',
    description: 'the narrative 一般公共预算财政拨款支出 restates FA05 合计',
    pattern: re('一般公共预算财政拨款支出(?:决算)?'),
    targets: [{ table: 'FA05', row: { label: '合计' }, column: 'total' }],
  },
  {
    id: 'N.FA.general_budget_basic',
    description: 'the narrative 一般公共预算财政拨款基本支出 restates FA05 合计 基本支出',
    pattern: re('一般公共预算财政拨款基本支出'),
    targets: [{ table: 'FA05', row: { label: '合计' }, column: 'basic' }],
  },
  {
    id: 'N.FA.personnel',
    description: 'the narrative 人员经费 restates FA06 人员经费合计',
    pattern: re('人员经费'),
    targets: [{ table: 'FA06', row: { label: '人员经费合计' }, column: 'amount' }],
  },
  {
    id: 'N.FA.public',
    description: 'the narrative 公用经费 restates FA06 公用经费合计',
    pattern: re('(?<!机关运行经费支出)公用经费'),
    targets: [{ table: 'FA06', row: { label: '公用经费合计' }, column: 'amount' }],
  },
  {
    id: 'N.FA.sangong_actual',
    description: 'the narrative “三公”经费 支出决算 restates FA09 决算 合计',
    pattern: new RegExp('“?三公”?经费(?:财政拨款)?支出[^。；]{0,20}?支出决算' + AMT),
    targets: [{ table: 'FA09', row: {}, column: 'actual_total' }],
  },
  {
    id: 'N.FA.sangong_budget',
    description: 'the narrative “三公”经费 (全年)预算 restates FA09 预算 合计',
    pattern: new RegExp('“?三公”?经费(?:财政拨款)?支出(?:全年)?预算' + AMT),
    targets: [{ table: 'FA09', row: {}, column: 'budget_total' }],
  },
];
