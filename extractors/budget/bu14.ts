import type { TemplateSpec } from '../types.js';
import { INDICATOR_FIELDS } from './performance-fields.js';

/**
 * 部门整体支出绩效目标表 (江汉 部门整体绩效目标申报表, 东西湖 部门整体支出绩效目标申报表): a form
 * with the department's funds (收入构成 / 支出构成), 项目支出情况, 整体绩效总目标, then long-term
 * (长期绩效指标) and annual (年度绩效指标) indicator grids, one per 长期目标 N / 年度目标 N.
 * Records are the indicator rows; the amounts in the form are not cells.
 */
export const BU14: TemplateSpec = {
  id: 'BU14',
  kind: 'budget',
  name: '部门整体支出绩效目标表',
  titles: [
    '整体支出绩效目标表',
    '部门整体支出绩效目标表',
    '整体支出预算绩效目标表',
    '部门整体支出预算绩效目标表',
    '整体支出绩效目标申报表',
    '部门整体支出绩效目标申报表',
    '整体绩效目标申报表',
    '部门整体绩效目标申报表',
    '部门整体绩效目标表',
  ],
  layout: 'records',
  columns: [],
  recordFields: INDICATOR_FIELDS,
};
