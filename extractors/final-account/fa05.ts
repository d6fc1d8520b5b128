import type { TemplateSpec } from '../types.js';

/** 公开05表 一般公共预算财政拨款支出决算表: functional codes × basic / project. */
export const FA05: TemplateSpec = {
  id: 'FA05',
  kind: 'final_account',
  name: '一般公共预算财政拨款支出决算表',
  titles: ['一般公共预算财政拨款支出决算表'],
  labelNumbers: [5],
  layout: 'coded',
  columns: [
    { key: 'total', label: '小计', header: [['小计'], ['合计']], number: 1 },
    { key: 'basic', label: '基本支出', header: [['基本支出']], number: 2 },
    { key: 'project', label: '项目支出', header: [['项目支出']], number: 3 },
  ],
  rowIdentities: [{ total: 'total', plus: ['basic', 'project'] }],
};
