import type { ColumnSpec, RowIdentity } from '../types.js';

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
  notHeader: ['财政拨款合计', '财政拨款小计', '财政拨款收入小计'],
};

/** List tables also print the total as 金额 / 项目金额 / 预算金额. */
export const LIST_TOTAL_COLUMN: ColumnSpec = { ...TOTAL_COLUMN, header: [...TOTAL_COLUMN.header, ['金额'], ['预算数']] };

/**
 * 财政拨款 as one column (小计 / 合计 over 一般公共预算 … 国有资本经营预算, Yantai, Guangzhou; 本级财政拨款,
 * Changsha). When printed, the total is 财政拨款 plus the non-fiscal sources.
 */
export const FISCAL_TOTAL_COLUMN: ColumnSpec = {
  key: 'fiscal_total',
  label: '财政拨款合计',
  // Shanghai prints 财政拨款收入 as one column; its parts, where printed, name their fund.
  header: [['财政拨款', '合计'], ['财政拨款', '小计'], ['本级财政拨款'], ['财政拨款收入']],
  notHeader: ['一般公共预算', '政府性基金', '国有资本', '经费拨款', '财政专户'],
};

/** Columns under 上年结转结余 (its breakdown by fund) are not this year's sources. */
const CARRIED = ['上年结转结余', '上年结余结转', '结转结余一般', '结转结余单位', '结转结余政府', '结转结余国有', '结转结余财政'];

export const INCOME_SOURCE_COLUMNS: ColumnSpec[] = [
  { key: 'carryover', label: '上年结转', header: [['上年结转'], ['上年结余'], ['结转结余'], ['结余结转']] },
  { key: 'general_budget', label: '一般公共预算拨款收入', header: [['一般公共预算'], ['经费拨款']], notHeader: CARRIED },
  { key: 'gov_fund', label: '政府性基金预算拨款收入', header: [['政府性基金']], notHeader: CARRIED },
  { key: 'state_capital', label: '国有资本经营预算拨款收入', header: [['国有资本']], notHeader: CARRIED },
  { key: 'special_account', label: '财政专户管理资金收入', header: [['财政专户']], notHeader: ['教育收费', '其他专户', ...CARRIED] },
  // Guangzhou splits 财政专户拨款收入 into 教育收费 | 其他专户收入拨款.
  { key: 'special_education', label: '财政专户 教育收费', header: [['教育收费']], notHeader: ['不含教育收费'] },
  { key: 'special_other', label: '财政专户 其他专户收入', header: [['其他专户']] },
  { key: 'business', label: '事业收入', header: [['事业收入']] },
  { key: 'operating', label: '事业单位经营收入', header: [['经营收入'], ['经营', '收入']] },
  { key: 'superior_subsidy', label: '上级补助收入', header: [['上级补助']] },
  { key: 'affiliated', label: '附属单位上缴收入', header: [['附属单位']] },
  { key: 'other', label: '其他收入', header: [['其他收入'], ['其它收入'], ['其他资金']], notHeader: ['事业收入', '经营', '上级补助', '附属单位', '非财政拨款'] },
  // Yantai / Guangzhou: 单位资金, 使用非财政拨款结余.
  { key: 'unit_funds', label: '单位资金', header: [['单位资金']], notHeader: CARRIED },
  // 本年收入 小计 (Suzhou, Hangzhou): this year's income, a subtotal, not a source.
  { key: 'income_subtotal', label: '本年收入小计', header: [['本年收入', '小计'], ['本年收入', '合计']] },
  { key: 'non_fiscal_surplus', label: '使用非财政拨款结余', header: [['非财政拨款结余']] },
  // 用事业基金弥补收支差额 (the national 收支总表 line, a column in Xi'an's 收入总表).
  { key: 'business_fund', label: '用事业基金弥补收支差额', header: [['事业基金']] },
  // Xi'an 部门综合预算: 上年实户资金余额, money left on the unit's own account from last year (beside 上年结转).
  { key: 'real_account_balance', label: '上年实户资金余额', header: [['实户资金']] },
  // Optional: 东西湖 资金来源 wording.
  { key: 'in_budget', label: '预算内资金', header: [['预算内资金']] },
  { key: 'non_tax', label: '纳入预算管理非税', header: [['非税']] },
  { key: 'superior_transfer', label: '上级专项转移支付', header: [['上级专项'], ['专项转移支付']] },
];

/** Keys of INCOME_SOURCE_COLUMNS: the parts of `total`. */
export const INCOME_SOURCE_KEYS = INCOME_SOURCE_COLUMNS.map((c) => c.key).filter((k) => k !== 'income_subtotal');

const FISCAL_KEYS = ['general_budget', 'gov_fund', 'state_capital'];

/** All income-source columns, 财政拨款 合计 included. */
export const INCOME_COLUMNS: ColumnSpec[] = [FISCAL_TOTAL_COLUMN, ...INCOME_SOURCE_COLUMNS];

/**
 * total = Σ sources; where 财政拨款 is printed as one column beside its parts, total = 财政拨款 +
 * the other sources and 财政拨款 = Σ its parts.
 */
export const INCOME_IDENTITIES: RowIdentity[] = [
  { total: 'total', plus: INCOME_SOURCE_KEYS, unless: ['fiscal_total'] },
  { total: 'total', plus: ['fiscal_total', ...INCOME_SOURCE_KEYS.filter((k) => !FISCAL_KEYS.includes(k))], requires: ['fiscal_total'] },
  { total: 'fiscal_total', plus: FISCAL_KEYS, requires: ['general_budget'] },
];
