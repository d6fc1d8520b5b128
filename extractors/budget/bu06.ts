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
  layout: 'coded',
  columns: [
    { key: 'total', label: '合计', header: [['小计'], ['合计'], ['总计']], notHeader: ['人员经费', '公用经费'] },
    { key: 'personnel', label: '人员经费', header: [['人员经费']] },
    { key: 'public', label: '公用经费', header: [['公用经费']] },
  ],
  rowIdentities: [{ total: 'total', plus: ['personnel', 'public'] }],
};
