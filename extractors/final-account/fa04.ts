import type { TemplateSpec } from '../types.js';

/** 公开04表 财政拨款收入支出决算总表: income block (one amount) beside expenditure by fund. */
export const FA04: TemplateSpec = {
  id: 'FA04',
  kind: 'final_account',
  name: '财政拨款收入支出决算总表',
  titles: ['财政拨款收入支出决算总表'],
  labelNumbers: [4],
  layout: 'sided',
  sides: [
    { side: 'income', header: ['收入'] },
    { side: 'expenditure', header: ['支出'] },
  ],
  columns: [
    { key: 'amount', label: '决算数', header: [['决算数'], ['金额']], number: 1, side: 'income' },
    { key: 'total', label: '小计', header: [['小计'], ['合计']], number: 2, side: 'expenditure' },
    { key: 'general_budget', label: '一般公共预算财政拨款', header: [['一般公共预算']], number: 3, side: 'expenditure' },
    { key: 'gov_fund', label: '政府性基金预算财政拨款', header: [['政府性基金']], number: 4, side: 'expenditure' },
    { key: 'state_capital', label: '国有资本经营预算财政拨款', header: [['国有资本']], number: 5, side: 'expenditure' },
  ],
  rowIdentities: [{ total: 'total', plus: ['general_budget', 'gov_fund', 'state_capital'] }],
};
