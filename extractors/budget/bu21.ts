import type { TemplateSpec } from '../types.js';

/**
 * 一般公共预算基本支出表 by functional class (Xi'an 部门综合预算一般公共预算基本支出明细表（按支出功能分类科目）:
 * 功能科目编码 | 功能科目名称 | 合计 | 人员经费 | 公用经费), printed beside the national table by
 * economic class (BU06). Told from BU06 by the title's qualifier and the body's 2xx codes.
 */
export const BU21: TemplateSpec = {
  id: 'BU21',
  kind: 'budget',
  name: '一般公共预算基本支出功能分类表',
  titles: ['一般公共预算基本支出表', '一般公共预算财政拨款基本支出表'],
  notTitles: ['项目支出'],
  layout: 'coded',
  fund: 'general_budget',
  classification: 'functional',
  columns: [
    { key: 'total', label: '合计', header: [['小计'], ['合计'], ['总计'], ['预算数']], notHeader: ['人员', '公用'] },
    { key: 'personnel', label: '人员经费', header: [['人员经费'], ['人员支出']] },
    { key: 'public', label: '公用经费', header: [['公用经费'], ['公用支出']] },
  ],
  rowIdentities: [{ total: 'total', plus: ['personnel', 'public'] }],
};
