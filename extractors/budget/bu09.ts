import type { TemplateSpec } from '../types.js';

/**
 * 国有资本经营预算支出表: functional codes × 本年国有资本经营预算支出 {合计, 基本支出, 项目支出}.
 * Often omitted altogether (江汉 2022 lists no such table and says 无国有资本经营预算安排的支出).
 */
export const BU09: TemplateSpec = {
  id: 'BU09',
  kind: 'budget',
  name: '国有资本经营预算支出表',
  titles: [
    '国有资本经营预算支出表',
    '国有资本经营预算支出预算表',
    '国有资本经营预算财政拨款支出表',
    '国有资本经营预算财政拨款支出预算表',
    '国有资本经营支出预算表',
  ],
  layout: 'coded',
  fund: 'state_capital',
  classification: 'functional',
  columns: [
    { key: 'total', label: '合计', header: [['总计'], ['合计'], ['小计']], notHeader: ['基本支出', '项目支出'] },
    { key: 'basic', label: '基本支出', header: [['基本支出']] },
    { key: 'project', label: '项目支出', header: [['项目支出']] },
  ],
  rowIdentities: [{ total: 'total', plus: ['basic', 'project'] }],
  emptyNote: /(没有|无|未)[^。]*国有资本经营/,
};
