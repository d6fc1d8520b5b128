import type { TemplateSpec } from '../types.js';
import { INDICATOR_FIELDS } from './performance-fields.js';

/**
 * 项目(支出)绩效目标表: one form per project (江汉 项目支出(绩效目标)申报表, 东西湖 部门项目申报表
 * (含绩效目标) / 项目绩效目标申报表), each repeating the title; the forms of one document make one
 * table. Each form gives 项目名称 as a form field above the indicator grid; `project` is that value.
 */
export const BU13: TemplateSpec = {
  id: 'BU13',
  kind: 'budget',
  name: '项目支出绩效目标表',
  titles: [
    '项目绩效目标表',
    '项目支出绩效目标表',
    '项目支出预算绩效目标表',
    '项目绩效目标申报表',
    '项目支出绩效目标申报表',
    '项目申报表含绩效目标',
    '项目支出申报表含绩效目标',
    // Yantai 政策和项目预算绩效目标表; Chongqing 市级重点专项资金绩效目标表; Xi'an 专项业务经费绩效目标表,
    // 专项资金总体绩效目标表: one form per project or special fund.
    '项目预算绩效目标表',
    '专项资金绩效目标表',
    '专项资金总体绩效目标表',
    '专项业务经费绩效目标表',
  ],
  notTitles: ['整体'],
  layout: 'records',
  columns: [],
  recordFields: [{ key: 'project', label: '项目名称', header: [['项目名称']] }, ...INDICATOR_FIELDS],
};
