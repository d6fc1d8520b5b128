import type { TemplateSpec } from '../types.js';
import { INCOME_COLUMNS, INCOME_IDENTITIES, LIST_TOTAL_COLUMN } from './income-sources.js';

/**
 * 基本支出预算表: basic spending by source of funds, one row per economic code (Yantai 基本支出预算情况表:
 * 部门 and 政府 经济分类 side by side) or per spending category and unit (Guangzhou 部门预算基本支出预算表:
 * 支出项目类别（资金使用单位）). Columns: 总计 | 财政拨款 {合计, 一般公共预算, 政府性基金, 国有资本经营} |
 * 财政专户 | 单位资金 / 其他资金 | 使用非财政拨款结余 | 上年结转.
 */
export const BU17: TemplateSpec = {
  id: 'BU17',
  kind: 'budget',
  name: '基本支出预算表',
  // Shenzhen 基本支出总表.
  titles: ['基本支出表', '基本支出预算表', '基本支出总表'],
  notTitles: ['一般公共预算', '财政拨款基本支出', '政府性基金', '国有资本'],
  layout: 'coded',
  columns: [LIST_TOTAL_COLUMN, ...INCOME_COLUMNS],
  rowIdentities: INCOME_IDENTITIES,
};
