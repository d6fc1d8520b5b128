import type { TemplateSpec } from '../types.js';

/** 一般公共预算机关运行经费支出预算表 (Jiangsu, Suzhou, Wuxi): economic codes × 机关运行经费支出. */
export const BU18: TemplateSpec = {
  id: 'BU18',
  kind: 'budget',
  name: '机关运行经费支出表',
  titles: ['机关运行经费支出表', '机关运行经费表', '一般公共预算机关运行经费支出表'],
  notTitles: ['三公'],
  layout: 'coded',
  classification: 'economic',
  columns: [{ key: 'total', label: '机关运行经费支出', header: [['机关运行经费'], ['合计'], ['金额'], ['预算数']] }],
};
