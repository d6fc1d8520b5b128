import type { TemplateSpec } from '../types.js';
import { INCOME_COLUMNS, INCOME_IDENTITIES, TOTAL_COLUMN } from './income-sources.js';

/**
 * 部门收入总表 / 收入预算总表: functional codes × sources of income. National columns: 合计,
 * 上年结转, 一般公共预算拨款收入, 政府性基金预算拨款收入, 国有资本经营预算拨款收入, 财政专户管理资金收入,
 * 事业收入, 事业单位经营收入, 上级补助收入, 附属单位上缴收入, 其他收入 (江汉 prints 总计 … 上年结余结转).
 */
export const BU02: TemplateSpec = {
  id: 'BU02',
  kind: 'budget',
  name: '部门收入总表',
  titles: ['收入总表', '部门收入总表', '收入预算总表', '部门收入预算总表', '收入预算表', '部门收入预算表'],
  notTitles: ['支出'],
  layout: 'coded',
  classification: 'functional',
  columns: [TOTAL_COLUMN, ...INCOME_COLUMNS],
  rowIdentities: INCOME_IDENTITIES,
};
