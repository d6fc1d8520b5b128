import type { TemplateSpec } from '../types.js';

/**
 * 一般公共预算项目支出表 by economic class (Guangzhou 一般公共预算项目支出情况表（按经济分类科目）:
 * 部门预算支出经济科目 | 预算): economic codes × one amount.
 */
export const BU16: TemplateSpec = {
  id: 'BU16',
  kind: 'budget',
  name: '一般公共预算项目支出表',
  titles: ['一般公共预算项目支出表', '一般公共预算财政拨款项目支出表'],
  layout: 'coded',
  fund: 'general_budget',
  classification: 'economic',
  columns: [{ key: 'total', label: '预算数', header: [['合计'], ['总计'], ['小计'], ['预算数'], ['预算'], ['金额']] }],
};
