import type { TemplateSpec } from '../types.js';

/** 公开07表 政府性基金预算财政拨款收入支出决算表. */
export const FA07: TemplateSpec = {
  id: 'FA07',
  kind: 'final_account',
  name: '政府性基金预算财政拨款收入支出决算表',
  titles: ['政府性基金预算财政拨款收入支出决算表', '政府性基金预算财政拨款支出决算表'],
  labelNumbers: [7],
  layout: 'coded',
  columns: [
    { key: 'carryover_begin', label: '年初结转和结余', header: [['年初结转']], number: 1 },
    { key: 'income', label: '本年收入', header: [['本年收入']], number: 2 },
    { key: 'expenditure_total', label: '本年支出小计', header: [['本年支出', '小计'], ['本年支出', '合计'], ['小计'], ['合计']], number: 3 },
    { key: 'basic', label: '基本支出', header: [['基本支出']], number: 4 },
    { key: 'project', label: '项目支出', header: [['项目支出']], number: 5 },
    { key: 'carryover_end', label: '年末结转和结余', header: [['年末结转']], number: 6 },
  ],
  rowIdentities: [
    { total: 'carryover_end', plus: ['carryover_begin', 'income'], minus: ['expenditure_total'] },
    { total: 'expenditure_total', plus: ['basic', 'project'] },
  ],
  emptyNote: /(没有|无|未)[^。]*政府性基金/,
};
