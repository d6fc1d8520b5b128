import type { TemplateSpec } from '../types.js';

/**
 * 一般公共预算基本支出表: economic codes (301 / 30101 …) × 合计 (小计) | 人员经费 | 公用经费.
 * 东西湖 prints it as 一般公共预算基本支出表（经济分类款级） with a single 总计 column.
 */
export const BU06: TemplateSpec = {
  id: 'BU06',
  kind: 'budget',
  name: '一般公共预算基本支出表',
  titles: [
    '一般公共预算基本支出表',
    '一般公共预算基本支出预算表',
    '一般公共预算基本支出明细表',
    '一般公共预算财政拨款基本支出表',
    '一般公共预算财政拨款基本支出预算表',
  ],
  notTitles: ['项目支出'],
  layout: 'coded',
  fund: 'general_budget',
  classification: 'economic',
  columns: [
    // 预算数 / 预算 alone: Fuzhou and Guangzhou print one amount column.
    { key: 'total', label: '合计', header: [['小计'], ['合计'], ['总计'], ['预算数'], ['预算']], notHeader: ['人员', '公用'] },
    // 人员类 (Changsha), 人员支出 (Yantai); 日常公用支出 (Yantai).
    { key: 'personnel', label: '人员经费', header: [['人员经费'], ['人员类'], ['人员支出']] },
    { key: 'public', label: '公用经费', header: [['公用经费'], ['公用支出']] },
  ],
  rowIdentities: [{ total: 'total', plus: ['personnel', 'public'] }],
};
