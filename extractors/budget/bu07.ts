import type { ColumnSpec, TemplateSpec } from '../types.js';

/**
 * 一般公共预算“三公”经费支出表: one set of budget amounts (no 预算数/决算数 pair), keys
 * without FA09's budget_/actual_ prefixes. Printed two ways:
 * - columns under a two-level header (江汉: 合计 | 因公出国（境）费用 | 公务用车购置及运行维护费
 *   {小计, 公务用车购置, 公务用车运行维护费} | 公务接待费), preceded by 单位 / 功能科目编码 /
 *   功能科目名称 text columns, with a 合计 row and one row per unit and function code;
 * - transposed (东西湖: 项目 | 本年预算数), one row per item: the row labels are matched against
 *   these headers (合计, 1.因公出国（境）费用, 2.公务用车购置及运行维护费 = vehicle_subtotal,
 *   其中：（1）公务用车购置, （2）公务用车运行维护费, 3.公务接待费).
 * The group header 公务用车购置及运行维护费 is part of every vehicle column's header path, so the
 * leaf is told apart by what follows the group text (notHeader); where several columns still
 * match (the transposed group label also contains 购置 and 运行), the longest alternative wins.
 */
const printedItems: ColumnSpec[] = [
  { key: 'total', label: '合计', header: [['合计'], ['总计']], notHeader: ['小计', '购置', '运行', '出国', '接待', '会议', '培训'] },
  { key: 'abroad', label: '因公出国(境)费', header: [['出国']] },
  {
    key: 'vehicle_subtotal',
    label: '公务用车购置及运行维护费 小计',
    // "…维护费小计", or the group label itself when transposed ("2.公务用车购置及运行维护费").
    header: [['小计'], ['购置及运行']],
    notHeader: ['维护费公务用车', '运行费公务用车', '维护费购置', '运行费购置', '费运行', '费车辆', '购置费', '车运行', '辆运行', '出国', '接待', '会议', '培训', '机关运行'],
  },
  {
    key: 'vehicle_purchase',
    label: '公务用车购置费',
    header: [['购置']],
    notHeader: ['小计', '车运行', '辆运行', '费运行', '出国', '接待'],
  },
  {
    key: 'vehicle_operation',
    label: '公务用车运行维护费',
    header: [['车运行'], ['辆运行'], ['费运行'], ['运行']],
    // Not '费公务用车购置' alone: Jiangsu's group “三公”经费 ends in 费 before 公务用车购置及运行维护费.
    notHeader: ['小计', '维护费公务用车购置', '运行费公务用车购置', '费购置', '费车辆购置', '出国', '接待', '机关'],
  },
  { key: 'reception', label: '公务接待费', header: [['接待']] },
  // Tables that add 会议费, 培训费 (Jiangsu, Suzhou, Xi'an) or 机关运行经费 (Shanghai) beside the 三公;
  // Jiangsu prints 合计 over all and “三公”经费小计 over the three items.
  // “三公”经费合计 / 小计 over the three items, where the table also prints other columns (会议费 …).
  { key: 'sangong_subtotal', label: '“三公”经费小计', header: [['经费小计'], ['三公', '合计'], ['三公', '小计']], notHeader: ['公务用车', '维护费', '运行费', '出国', '接待', '会议', '培训', '机关运行'] },
  { key: 'meeting', label: '会议费', header: [['会议费']] },
  { key: 'training', label: '培训费', header: [['培训费']] },
  { key: 'admin_running', label: '机关运行经费', header: [['机关运行经费']] },
];

/**
 * Xi'an prints the same columns three times, under 上年 | 当年 | 增减变化情况: the budget is the 当年 block; last
 * year's figures and the changes are not this year's amounts, so no key names them.
 */
const OTHER_PERIOD = ['上年', '增减'];
const items: ColumnSpec[] = printedItems.map((c) => ({ ...c, notHeader: [...(c.notHeader ?? []), ...OTHER_PERIOD] }));

export const BU07: TemplateSpec = {
  id: 'BU07',
  kind: 'budget',
  name: '一般公共预算“三公”经费支出表',
  titles: [
    '三公经费支出表',
    '三公经费预算表',
    '三公经费支出预算表',
    '一般公共预算三公经费支出表',
    '一般公共预算三公经费预算表',
    '一般公共预算三公经费支出预算表',
    '财政拨款三公经费支出表',
    '财政拨款三公经费表',
  ],
  layout: 'matrix',
  fund: 'general_budget',
  ignoreHeader: OTHER_PERIOD,
  narrativeKeywords: ['三公'],
  columns: items,
  rowIdentities: [
    // 合计 is over every item printed (会议费, 培训费 too: Xi'an, Jiangsu); “三公”经费合计 over the three.
    { total: 'total', plus: ['abroad', 'vehicle_subtotal', 'reception', 'meeting', 'training'], unless: ['sangong_subtotal'] },
    { total: 'sangong_subtotal', plus: ['abroad', 'vehicle_subtotal', 'reception'] },
    { total: 'total', plus: ['sangong_subtotal', 'meeting', 'training'], requires: ['sangong_subtotal'] },
    { total: 'vehicle_subtotal', plus: ['vehicle_purchase', 'vehicle_operation'] },
  ],
  // "本单位没有“三公”经费", or Shanghai's "2026年“三公”经费预算数为0".
  emptyNote: /(没有|无|未)[^。]*三公|三公[^。]{0,12}(?:为|是)(?:0(?:\.0+)?|零)(?:万元|元)?(?![\d.])/,
};
