import type { TemplateSpec } from '../types.js';
import { INCOME_COLUMNS, INCOME_IDENTITIES, LIST_TOTAL_COLUMN } from './income-sources.js';

/**
 * 政府采购预算表: one row per procurement line (label: 项目名称; 采购类别, 采购品名/品目, 规格要求,
 * 计量单位, 采购数量 and 采购时间 are text columns, not amounts), amounts by source of funds under
 * 资金来源 {小计, 一般公共预算… | 预算内资金 …}; 东西湖 prints 总计 before 资金来源.
 * The declared unit is not to be trusted here: 东西湖 2023 declares 万元 and prints yuan.
 */
export const BU11: TemplateSpec = {
  id: 'BU11',
  kind: 'budget',
  name: '政府采购预算表',
  titles: ['政府采购预算表', '政府采购表', '政府采购预算明细表', '政府采购支出表', '政府采购支出预算表', '政府采购计划表'],
  layout: 'list',
  narrativeKeywords: ['政府采购'],
  // The row's own item first: Jiangsu / Wuxi print 采购品目大类 | 专项名称 | 经济科目 | 采购品目(物品)名称,
  // one line per level; a line without an item is named by its 大类, unit or 专项.
  labelHeader: [['项目名称'], ['采购项目'], ['品目名称'], ['物品名称'], ['采购品目'], ['采购品名']],
  // Xi'an 政府采购（资产配置、购买服务）预算表 prints one amount, 预算金额.
  columns: [LIST_TOTAL_COLUMN, ...INCOME_COLUMNS],
  rowIdentities: INCOME_IDENTITIES,
  emptyNote: /(没有|无|未)[^。]*政府采购/,
};
