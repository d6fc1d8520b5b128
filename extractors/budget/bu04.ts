import type { TemplateSpec } from '../types.js';

/**
 * 财政拨款收支总表 / 财政拨款收支预算总表: income (one amount) beside expenditure by fund.
 * National: 支出 项目 | 合计 | 一般公共预算 | 政府性基金预算 | 国有资本经营预算. 江汉 prints a
 * functional and an economic expenditure block, each with 一般公共预算 | 政府性基金预算 and no
 * 合计; 东西湖 prints the two blocks (economic first) with a single 预算数 each (= `total`).
 */
const fundColumns = (side: string) => [
  { key: 'total', label: '合计', header: [['合计'], ['小计'], ['总计'], ['预算数']], notHeader: ['一般公共预算', '政府性基金', '国有资本'], side },
  { key: 'general_budget', label: '一般公共预算', header: [['一般公共预算']], side },
  { key: 'gov_fund', label: '政府性基金预算', header: [['政府性基金']], side },
  { key: 'state_capital', label: '国有资本经营预算', header: [['国有资本']], side },
];

export const BU04: TemplateSpec = {
  id: 'BU04',
  kind: 'budget',
  name: '财政拨款收支总表',
  titles: ['财政拨款收支总表', '财政拨款收支预算总表', '财政拨款收支预算表', '财政拨款收入支出预算总表', '财政拨款收入支出预算表'],
  layout: 'sided',
  // Which expenditure block is which, from the codes its rows carry (功能分类 2xx, 经济分类 3xx/5xx).
  sideByCodePrefix: { expenditure: ['2'], expenditure_economic: ['3', '5'], expenditure_gov_economic: ['5'] },
  sides: [
    { side: 'income', header: ['收入'] },
    { side: 'expenditure', header: ['支出', '功能分类', '功能'] },
    { side: 'expenditure_economic', header: ['经济分类'] },
    // Xi'an 部门综合预算 adds a third block by 政府预算支出经济分类 (5xx) beside the 部门预算 one (3xx).
    { side: 'expenditure_gov_economic', header: ['政府预算支出经济分类', '政府经济分类', '政府经济'] },
  ],
  columns: [
    { key: 'amount', label: '预算数', header: [['预算数'], ['金额'], ['预算']], side: 'income' },
    ...fundColumns('expenditure'),
    ...fundColumns('expenditure_economic'),
    ...fundColumns('expenditure_gov_economic'),
  ],
  rowIdentities: [{ total: 'total', plus: ['general_budget', 'gov_fund', 'state_capital'] }],
};
