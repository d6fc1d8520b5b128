import type { TemplateSpec } from '../types.js';

/**
 * 公开08表 国有资本经营预算财政拨款(收入)支出决算表. The national form has 合计/基本/项目;
 * some regions (Shanghai) add 年初结转和结余, 本年收入 and 年末结转和结余.
 */
export const FA08: TemplateSpec = {
  id: 'FA08',
  kind: 'final_account',
  name: '国有资本经营预算财政拨款支出决算表',
  titles: ['国有资本经营预算财政拨款支出决算表', '国有资本经营预算财政拨款收入支出决算表'],
  labelNumbers: [8],
  layout: 'coded',
  inSetSince: 2020,
  columns: [
    { key: 'carryover_begin', label: '年初结转和结余', header: [['年初结转']] },
    { key: 'income', label: '本年收入', header: [['本年收入']] },
    { key: 'expenditure_total', label: '合计', header: [['本年支出', '合计'], ['本年支出', '小计'], ['合计'], ['小计']], number: 1 },
    { key: 'basic', label: '基本支出', header: [['基本支出']], number: 2 },
    { key: 'project', label: '项目支出', header: [['项目支出']], number: 3 },
    { key: 'carryover_end', label: '年末结转和结余', header: [['年末结转']] },
  ],
  rowIdentities: [{ total: 'expenditure_total', plus: ['basic', 'project'] }],
  emptyNote: /(没有|无|未)[^。]*国有资本经营/,
};
