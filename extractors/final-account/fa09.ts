import type { TemplateSpec } from '../types.js';

/**
 * 公开09表 财政拨款"三公"经费支出决算表: one row of amounts under a two-level header
 * (预算数 1–6, 决算数 7–12). Shanghai prints it as table 七 with 预算数/决算数 pairs per item.
 */
const items = [
  { key: 'total', label: '合计', header: [['合计']], notHeader: ['小计', '购置', '运行', '出国', '接待'] },
  { key: 'abroad', label: '因公出国(境)费', header: [['出国']] },
  { key: 'vehicle_subtotal', label: '公务用车购置及运行维护费 小计', header: [['小计']] },
  // The group header 公务用车购置及运行维护费 sits over all three vehicle columns: the longest
  // matching wording decides between 购置费 and 运行维护费, 小计 rules both out.
  { key: 'vehicle_purchase', label: '公务用车购置费', header: [['公务用车购置费'], ['购置费']], notHeader: ['小计'] },
  { key: 'vehicle_operation', label: '公务用车运行维护费', header: [['公务用车运行维护费'], ['运行维护费']], notHeader: ['小计'] },
  { key: 'reception', label: '公务接待费', header: [['接待']] },
];

export const FA09: TemplateSpec = {
  id: 'FA09',
  kind: 'final_account',
  name: '财政拨款“三公”经费支出决算表',
  titles: ['三公经费支出决算表', '三公经费支出预决算表', '三公经费'],
  labelNumbers: [9],
  layout: 'matrix',
  sides: [
    { side: 'budget', header: ['预算数'] },
    { side: 'actual', header: ['决算数'] },
  ],
  columns: [
    ...items.map((c, i) => ({ ...c, key: `budget_${c.key}`, label: `预算数 ${c.label}`, side: 'budget', number: i + 1 })),
    ...items.map((c, i) => ({ ...c, key: `actual_${c.key}`, label: `决算数 ${c.label}`, side: 'actual', number: i + 7 })),
  ],
  rowIdentities: [
    { total: 'budget_total', plus: ['budget_abroad', 'budget_vehicle_subtotal', 'budget_reception'] },
    { total: 'budget_vehicle_subtotal', plus: ['budget_vehicle_purchase', 'budget_vehicle_operation'] },
    { total: 'actual_total', plus: ['actual_abroad', 'actual_vehicle_subtotal', 'actual_reception'] },
    { total: 'actual_vehicle_subtotal', plus: ['actual_vehicle_purchase', 'actual_vehicle_operation'] },
  ],
  emptyNote: /(没有|无|未)[^。]*三公|三公[^。]{0,12}(?:为|是)(?:0(?:\.0+)?|零)(?:万元|元)?(?![\d.])/,
};
