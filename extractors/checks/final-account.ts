import type { PairwiseCheck, SumCheck } from './types.js';

/** Line identities printed on 公开01/04 and the cross-table facts of a correct final account. */
export const FINAL_ACCOUNT_SUMS: SumCheck[] = [
  {
    id: 'FA01.income.27',
    description: 'FA01 本年收入合计 (27行) = 1+…+8行',
    total: { table: 'FA01', row: { side: 'income', label: '本年收入合计' }, column: 'amount' },
    parts: { before: true, table: 'FA01', side: 'income', column: 'amount' },
  },
  {
    id: 'FA01.income.31',
    description: 'FA01 收入总计 (31行) = 27+28+29行',
    total: { table: 'FA01', row: { side: 'income', label: '总计' }, column: 'amount' },
    parts: [
      { table: 'FA01', row: { side: 'income', label: '本年收入合计' }, column: 'amount' },
      { table: 'FA01', row: { side: 'income', labelStarts: '使用非财政拨款结余' }, column: 'amount' },
      { table: 'FA01', row: { side: 'income', label: '年初结转和结余' }, column: 'amount' },
    ],
  },
  {
    id: 'FA01.expenditure.58',
    description: 'FA01 本年支出合计 (58行) = 32+…+57行',
    total: { table: 'FA01', row: { side: 'expenditure', label: '本年支出合计' }, column: 'amount' },
    parts: { before: true, table: 'FA01', side: 'expenditure', column: 'amount' },
  },
  {
    id: 'FA01.expenditure.62',
    description: 'FA01 支出总计 (62行) = 58+59+60行',
    total: { table: 'FA01', row: { side: 'expenditure', label: '总计' }, column: 'amount' },
    parts: [
      { table: 'FA01', row: { side: 'expenditure', label: '本年支出合计' }, column: 'amount' },
      { table: 'FA01', row: { side: 'expenditure', label: '结余分配' }, column: 'amount' },
      { table: 'FA01', row: { side: 'expenditure', label: '年末结转和结余' }, column: 'amount' },
    ],
  },
  {
    id: 'FA04.income.27',
    description: 'FA04 本年收入合计 (27行) = 1+2+3行',
    total: { table: 'FA04', row: { side: 'income', label: '本年收入合计' }, column: 'amount' },
    parts: { before: true, table: 'FA04', side: 'income', column: 'amount' },
  },
  {
    id: 'FA04.income.32',
    description: 'FA04 收入总计 (32行) = 27+28行',
    total: { table: 'FA04', row: { side: 'income', label: '总计' }, column: 'amount' },
    parts: [
      { table: 'FA04', row: { side: 'income', label: '本年收入合计' }, column: 'amount' },
      { table: 'FA04', row: { side: 'income', label: '年初财政拨款结转和结余' }, column: 'amount' },
    ],
  },
  {
    id: 'FA04.expenditure.59',
    description: 'FA04 本年支出合计 (59行) = 33+…+58行',
    total: { table: 'FA04', row: { side: 'expenditure', label: '本年支出合计' }, column: 'total' },
    parts: { before: true, table: 'FA04', side: 'expenditure', column: 'total' },
    columns: ['total', 'general_budget', 'gov_fund', 'state_capital'],
  },
  {
    id: 'FA04.expenditure.64',
    description: 'FA04 支出总计 (64行) = 59+60行',
    total: { table: 'FA04', row: { side: 'expenditure', label: '总计' }, column: 'total' },
    parts: [
      { table: 'FA04', row: { side: 'expenditure', label: '本年支出合计' }, column: 'total' },
      { table: 'FA04', row: { side: 'expenditure', label: '年末财政拨款结转和结余' }, column: 'total' },
    ],
    columns: ['total', 'general_budget', 'gov_fund', 'state_capital'],
  },
  {
    id: 'FA06.personnel',
    description: 'FA06 人员经费合计 = 301 + 303',
    total: { table: 'FA06', row: { label: '人员经费合计' }, column: 'amount' },
    parts: [
      { table: 'FA06', row: { code: '301' }, column: 'amount' },
      { table: 'FA06', row: { code: '303' }, column: 'amount' },
    ],
  },
  {
    id: 'FA06.public',
    description: 'FA06 公用经费合计 = Σ 公用经费 类 (302, 307, 309, 310, 399)',
    total: { table: 'FA06', row: { label: '公用经费合计' }, column: 'amount' },
    parts: [{ table: 'FA06', row: { side: 'public', level: 1 }, column: 'amount' }],
  },
  {
    id: 'X.FA01-FA02.income',
    description: 'FA01 本年收入合计 = FA02 合计',
    total: { table: 'FA01', row: { side: 'income', label: '本年收入合计' }, column: 'amount' },
    parts: [{ table: 'FA02', row: { label: '合计' }, column: 'total' }],
  },
  {
    id: 'X.FA01-FA03.expenditure',
    description: 'FA01 本年支出合计 = FA03 合计',
    total: { table: 'FA01', row: { side: 'expenditure', label: '本年支出合计' }, column: 'amount' },
    parts: [{ table: 'FA03', row: { label: '合计' }, column: 'total' }],
  },
  {
    id: 'X.FA04-FA05.general_budget',
    description: 'FA04 本年支出合计 一般公共预算 = FA05 合计',
    total: { table: 'FA04', row: { side: 'expenditure', label: '本年支出合计' }, column: 'general_budget' },
    parts: [{ table: 'FA05', row: { label: '合计' }, column: 'total' }],
  },
  {
    id: 'X.FA05-FA06.basic',
    description: 'FA05 合计 基本支出 = FA06 人员经费合计 + 公用经费合计',
    total: { table: 'FA05', row: { label: '合计' }, column: 'basic' },
    parts: [
      { table: 'FA06', row: { label: '人员经费合计' }, column: 'amount' },
      { table: 'FA06', row: { label: '公用经费合计' }, column: 'amount' },
    ],
  },
  {
    id: 'X.FA09-FA06.reception',
    description: 'FA09 决算 公务接待费 ≈ FA06 30217 公务接待费 (FA06 covers basic spending only)',
    total: { table: 'FA09', row: {}, column: 'actual_reception' },
    parts: [{ table: 'FA06', row: { code: '30217' }, column: 'amount' }],
    strength: 'soft',
  },
  {
    id: 'X.FA09-FA06.vehicle_operation',
    description: 'FA09 决算 公务用车运行维护费 ≈ FA06 30231 (FA06 covers basic spending only)',
    total: { table: 'FA09', row: {}, column: 'actual_vehicle_operation' },
    parts: [{ table: 'FA06', row: { code: '30231' }, column: 'amount' }],
    strength: 'soft',
  },
];

export const FINAL_ACCOUNT_PAIRS: PairwiseCheck[] = [
  {
    id: 'X.FA01-FA03.class',
    description: 'each 类 line of FA01 支出 = the same 类 in FA03',
    a: { table: 'FA03', row: { level: 1 }, column: 'total' },
    b: { table: 'FA01', side: 'expenditure', column: 'amount' },
  },
  {
    id: 'X.FA04-FA05.class',
    description: 'each 类 line of FA04 一般公共预算 = the same 类 in FA05',
    a: { table: 'FA05', row: { level: 1 }, column: 'total' },
    b: { table: 'FA04', side: 'expenditure', column: 'general_budget' },
  },
];
