import type { TemplateSpec } from '../types.js';

/** 公开02表 收入决算表: functional codes × income sources. */
export const FA02: TemplateSpec = {
  id: 'FA02',
  kind: 'final_account',
  name: '收入决算表',
  titles: ['收入决算表'],
  notTitles: ['支出'],
  labelNumbers: [2],
  layout: 'coded',
  columns: [
    { key: 'total', label: '本年收入合计', header: [['收入合计'], ['合计']], number: 1 },
    { key: 'fiscal', label: '财政拨款收入', header: [['财政拨款']], number: 2 },
    { key: 'superior_subsidy', label: '上级补助收入', header: [['上级补助']], number: 3 },
    { key: 'business', label: '事业收入', header: [['事业收入']], number: 4 },
    { key: 'operating', label: '经营收入', header: [['经营收入']], number: 5 },
    { key: 'affiliated', label: '附属单位上缴收入', header: [['附属单位']], number: 6 },
    { key: 'other', label: '其他收入', header: [['其他收入']], number: 7 },
  ],
  rowIdentities: [{ total: 'total', plus: ['fiscal', 'superior_subsidy', 'business', 'operating', 'affiliated', 'other'] }],
};
