/**
 * Record fields of the performance-target tables (BU13 项目绩效目标表, BU14 部门整体支出绩效目标表).
 * Their figures are targets, not amounts: they are kept as records, never as numeric cells.
 * - indicator1..3: 一级指标 / 二级指标 / 三级指标 (also printed 明细指标内容（三级指标）, 指标内容);
 *   a blank level-1/level-2 cell continues the value above it (merged cells).
 * - target: 指标值 (目标值); where the row prints 近两年指标值 (前年, 上年) beside 预期当年实现值,
 *   the target is 预期当年实现值.
 * - basis: 指标值确定依据 / 绩效标准 / 指标值说明.
 */
export const INDICATOR_FIELDS = [
  { key: 'indicator1', label: '一级指标', header: [['一级指标']] },
  { key: 'indicator2', label: '二级指标', header: [['二级指标']] },
  { key: 'indicator3', label: '三级指标', header: [['三级指标'], ['指标内容'], ['明细指标']] },
  {
    key: 'target',
    label: '指标值',
    header: [['预期当年'], ['预计当年'], ['指标值'], ['目标值']],
    notHeader: ['确定依据', '说明', '前年', '上年', '近两年'],
  },
  { key: 'basis', label: '指标值确定依据', header: [['确定依据'], ['绩效标准'], ['指标值说明']] },
];
