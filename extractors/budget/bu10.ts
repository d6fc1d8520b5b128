import type { TemplateSpec } from '../types.js';
import { INCOME_COLUMNS, INCOME_IDENTITIES, LIST_TOTAL_COLUMN } from './income-sources.js';

/**
 * 项目支出表 / 项目支出预算表: one row per project (label: 项目名称; the 单位, 科目编码 and
 * 科目名称 columns are text, and the row's `code` is null), amounts by source of funds. 江汉:
 * 总计 | 本年拨款 {一般公共预算…, 政府性基金预算…, 国有资本经营预算…} | 事业收入 | 上级补助收入 |
 * 事业单位经营收入 | 其他收入 | 上年结转结余; 东西湖: 总计 | 预算内资金 | 纳入预算管理非税 |
 * 上级专项转移支付 | 纳入财政专户管理资金（教卫专用） | 政府性基金 | 其他资金.
 */
export const BU10: TemplateSpec = {
  id: 'BU10',
  kind: 'budget',
  name: '项目支出表',
  // Guangzhou 部门预算项目支出及其他支出预算表; Xi'an 部门综合预算专项业务经费支出表.
  titles: ['项目支出表', '项目支出预算表', '部门项目支出预算表', '项目支出预算明细表', '项目支出明细表', '项目支出及其他支出表', '专项业务经费支出表', '项目支出总表'],
  notTitles: ['绩效'],
  layout: 'list',
  narrativeKeywords: ['项目支出'],
  labelHeader: [['项目名称'], ['单位项目名称'], ['支出项目类别']],
  columns: [LIST_TOTAL_COLUMN, ...INCOME_COLUMNS],
  rowIdentities: INCOME_IDENTITIES,
};
