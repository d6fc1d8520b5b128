import type { TemplateSpec } from '../types.js';

/** 公开01表 收入支出决算总表: income and expenditure blocks side by side, one amount each. */
export const FA01: TemplateSpec = {
  id: 'FA01',
  kind: 'final_account',
  name: '收入支出决算总表',
  titles: ['收入支出决算总表'],
  notTitles: ['财政拨款'],
  labelNumbers: [1],
  layout: 'sided',
  sides: [
    { side: 'income', header: ['收入'] },
    { side: 'expenditure', header: ['支出'] },
  ],
  columns: [
    { key: 'amount', label: '决算数', header: [['决算数'], ['金额']], number: 1, side: 'income' },
    { key: 'amount', label: '决算数', header: [['决算数'], ['金额']], number: 2, side: 'expenditure' },
  ],
};
