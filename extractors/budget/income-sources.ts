import type { ColumnSpec } from '../types.js';

/**
 * Income-source columns shared by the budget tables that split amounts by source of funds:
 * BU02 收入总表 and the list tables BU10 项目支出表, BU11 政府采购预算表, BU12 政府购买服务预算表.
 * National wording (一般公共预算拨款收入 … 上年结转), plus the 东西湖 wording of 资金来源
 * (预算内资金, 纳入预算管理非税, 上级专项转移支付), which partitions the same total differently.
 */
export const TOTAL_COLUMN: ColumnSpec = {
  key: 'total',
  label: '合计',
  header: [['总计'], ['合计'], ['小计']],
};

export const INCOME_SOURCE_COLUMNS: ColumnSpec[] = [
  { key: 'carryover', label: '上年结转', header: [['上年结转'], ['上年结余'], ['结转结余'], ['结余结转']] },
  { key: 'general_budget', label: '一般公共预算拨款收入', header: [['一般公共预算']] },
  { key: 'gov_fund', label: '政府性基金预算拨款收入', header: [['政府性基金']] },
  { key: 'state_capital', label: '国有资本经营预算拨款收入', header: [['国有资本']] },
  { key: 'special_account', label: '财政专户管理资金收入', header: [['财政专户']] },
  { key: 'business', label: '事业收入', header: [['事业收入']] },
  { key: 'operating', label: '事业单位经营收入', header: [['经营收入']] },
  { key: 'superior_subsidy', label: '上级补助收入', header: [['上级补助']] },
  { key: 'affiliated', label: '附属单位上缴收入', header: [['附属单位']] },
  { key: 'other', label: '其他收入', header: [['其他收入'], ['其他资金']] },
  // Optional: 东西湖 资金来源 wording.
  { key: 'in_budget', label: '预算内资金', header: [['预算内资金']] },
  { key: 'non_tax', label: '纳入预算管理非税', header: [['非税']] },
  { key: 'superior_transfer', label: '上级专项转移支付', header: [['上级专项'], ['专项转移支付']] },
];

/** Keys of INCOME_SOURCE_COLUMNS: the parts of `total`. */
export const INCOME_SOURCE_KEYS = INCOME_SOURCE_COLUMNS.map((c) => c.key);
