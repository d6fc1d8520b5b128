import type { TemplateSpec } from '../types.js';

/**
 * 财政拨款基本支出预算表（经济科目）(Jiangsu 金额; Suzhou, Wuxi 本年财政拨款基本支出 {合计, 人员经费,
 * 公用经费}): economic codes.
 */
export const BU20: TemplateSpec = {
  id: 'BU20',
  kind: 'budget',
  name: '财政拨款基本支出表',
  titles: ['财政拨款基本支出表'],
  notTitles: ['一般公共预算'],
  layout: 'coded',
  classification: 'economic',
  columns: [
    { key: 'total', label: '合计', header: [['合计'], ['总计'], ['小计'], ['金额'], ['预算数']], notHeader: ['人员', '公用'] },
    { key: 'personnel', label: '人员经费', header: [['人员经费'], ['人员支出']] },
    { key: 'public', label: '公用经费', header: [['公用经费'], ['公用支出']] },
  ],
  rowIdentities: [{ total: 'total', plus: ['personnel', 'public'], requires: ['personnel'] }],
};
