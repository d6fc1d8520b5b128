import type { TemplateSpec } from '../types.js';

/**
 * 财政拨款支出预算表（功能科目）(Jiangsu): all appropriations (一般公共预算 and 政府性基金) by
 * functional code, usually one 金额 column; some print 基本支出 (小计 | 人员经费 | 公用经费) | 项目支出 as well.
 */
export const BU19: TemplateSpec = {
  id: 'BU19',
  kind: 'budget',
  name: '财政拨款支出表',
  titles: ['财政拨款支出表'],
  notTitles: ['基本支出', '三公', '收支', '收入', '项目支出'],
  layout: 'coded',
  classification: 'functional',
  columns: [
    { key: 'total', label: '合计', header: [['合计'], ['总计'], ['小计'], ['金额'], ['预算数']], notHeader: ['基本支出', '项目支出'] },
    { key: 'basic', label: '基本支出', header: [['基本支出']], notHeader: ['人员', '公用'] },
    // Wuxi splits 基本支出 into 小计 | 人员经费 | 公用经费 (keys as in BU05).
    { key: 'personnel', label: '基本支出 人员经费', header: [['人员经费'], ['人员支出']] },
    { key: 'public', label: '基本支出 公用经费', header: [['公用经费'], ['公用支出']] },
    { key: 'project', label: '项目支出', header: [['项目支出']] },
  ],
  rowIdentities: [
    { total: 'total', plus: ['basic', 'project'], requires: ['basic'] },
    { total: 'basic', plus: ['personnel', 'public'], requires: ['personnel'] },
  ],
};
