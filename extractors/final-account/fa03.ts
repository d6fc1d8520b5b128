import type { TemplateSpec } from '../types.js';

/** 公开03表 支出决算表: functional codes × basic / project / other spending. */
export const FA03: TemplateSpec = {
  id: 'FA03',
  kind: 'final_account',
  name: '支出决算表',
  titles: ['支出决算表'],
  labelNumbers: [3],
  layout: 'coded',
  columns: [
    { key: 'total', label: '本年支出合计', header: [['支出合计'], ['合计']], number: 1 },
    { key: 'basic', label: '基本支出', header: [['基本支出']], number: 2 },
    { key: 'project', label: '项目支出', header: [['项目支出']], number: 3 },
    { key: 'to_superior', label: '上缴上级支出', header: [['上缴上级']], number: 4 },
    { key: 'operating', label: '经营支出', header: [['经营支出']], number: 5 },
    { key: 'to_affiliated', label: '对附属单位补助支出', header: [['附属单位']], number: 6 },
  ],
  rowIdentities: [{ total: 'total', plus: ['basic', 'project', 'to_superior', 'operating', 'to_affiliated'] }],
};
