import type { TemplateSpec } from '../types.js';

/**
 * 政府性基金预算支出表: functional codes × 本年政府性基金预算支出 {合计/总计, 基本支出, 项目支出}.
 * Wuhan prints 单位代码 / 单位名称 text columns after the code and name. Usually printed empty with
 * a sentence (2022年无政府性基金预算支出 / 本部门没有政府性基金预算财政拨款预算安排的支出).
 */
export const BU08: TemplateSpec = {
  id: 'BU08',
  kind: 'budget',
  name: '政府性基金预算支出表',
  titles: [
    '政府性基金预算支出表',
    '政府性基金预算支出预算表',
    '政府性基金预算财政拨款支出表',
    '政府性基金预算财政拨款支出预算表',
    '政府性基金支出预算表',
    '政府性基金支出表',
    '政府性基金财政拨款支出表',
  ],
  layout: 'coded',
  fund: 'gov_fund',
  classification: 'functional',
  columns: [
    { key: 'total', label: '合计', header: [['总计'], ['合计'], ['小计']], notHeader: ['基本支出', '项目支出'] },
    { key: 'basic', label: '基本支出', header: [['基本支出']] },
    { key: 'project', label: '项目支出', header: [['项目支出']] },
  ],
  rowIdentities: [{ total: 'total', plus: ['basic', 'project'] }],
  emptyNote: /(没有|无|未)[^。]*政府性基金/,
};
