import type { TemplateSpec } from '../types.js';
import { INCOME_COLUMNS, INCOME_IDENTITIES, LIST_TOTAL_COLUMN } from './income-sources.js';

/**
 * 政府购买服务预算表: one row per purchased service (label: 项目名称; 单位, 科目, 购买服务大类/内容,
 * 承接主体 and 采购时间 are text columns), amounts by source of funds under 资金来源. Usually
 * printed empty with a sentence (2022年无政府购买服务预算 / 本部门没有政府购买服务预算…).
 */
export const BU12: TemplateSpec = {
  id: 'BU12',
  kind: 'budget',
  name: '政府购买服务预算表',
  titles: ['政府购买服务预算表', '政府购买服务支出表', '政府购买服务表', '政府购买服务预算明细表', '政府购买服务支出预算表'],
  layout: 'list',
  labelHeader: [['项目名称'], ['购买服务内容']],
  columns: [LIST_TOTAL_COLUMN, ...INCOME_COLUMNS],
  rowIdentities: INCOME_IDENTITIES,
  emptyNote: /(没有|无|未)[^。]*购买服务/,
};
