import type { TemplateSpec } from '../types.js';

/**
 * 一般公共预算支出表 by economic class (Fuzhou 一般公共预算支出经济分类情况表: 科目编码 | 科目名称 |
 * 预算数; Xi'an 一般公共预算支出明细表（按支出经济分类科目）: 部门 and 政府 经济科目 side by side, then
 * 合计 | 人员经费支出 | 公用经费支出 | 专项业务经费支出). Told from BU05 by the title's qualifier and the
 * body's 3xx/5xx codes.
 */
export const BU15: TemplateSpec = {
  id: 'BU15',
  kind: 'budget',
  name: '一般公共预算支出经济分类表',
  titles: ['一般公共预算支出表', '一般公共预算支出经济分类表', '一般公共预算财政拨款支出表'],
  notTitles: ['基本支出', '三公', '项目支出', '机关运行'],
  layout: 'coded',
  fund: 'general_budget',
  classification: 'economic',
  columns: [
    { key: 'total', label: '合计', header: [['合计'], ['总计'], ['小计'], ['预算数']], notHeader: ['人员', '公用', '项目', '专项', '基本支出'] },
    { key: 'basic', label: '基本支出', header: [['基本支出']] },
    { key: 'personnel', label: '人员经费', header: [['人员经费'], ['人员支出']] },
    { key: 'public', label: '公用经费', header: [['公用经费'], ['公用支出']] },
    { key: 'project', label: '项目支出', header: [['项目支出'], ['专项业务经费']] },
  ],
  rowIdentities: [
    { total: 'total', plus: ['basic', 'project'], requires: ['basic'] },
    { total: 'total', plus: ['personnel', 'public', 'project'], requires: ['personnel'], unless: ['basic'] },
  ],
};
