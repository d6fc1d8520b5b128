import type { TemplateSpec } from '../types.js';

/**
 * 财政拨款支出预算表（功能科目）(Jiangsu): all appropriations (一般公共预算 and 政府性基金) by
 * functional code, usually one 金额 column; some print 基本支出 | 项目支出 as well.
 */
export const BU19: TemplateSpec = {
  id: 'BU19',
  kind: 'budget',
  name: '财政拨款支出表',
  titles: ['财政拨款支出表'],
  // 政府性基金财政拨款支出预算表 (Jiangsu) is the 政府性基金 table, not all appropriations.
  notTitles: ['基本支出', '三公', '收支', '收入', '项目支出', '政府性基金', '国有资本'],
  layout: 'coded',
  classification: 'functional',
  columns: [
    { key: 'total', label: '合计', header: [['合计'], ['总计'], ['小计'], ['金额'], ['预算数']], notHeader: ['基本支出', '项目支出'] },
    { key: 'basic', label: '基本支出', header: [['基本支出']] },
    { key: 'project', label: '项目支出', header: [['项目支出']] },
  ],
  rowIdentities: [{ total: 'total', plus: ['basic', 'project'], requires: ['basic'] }],
};
