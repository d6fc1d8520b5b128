import type { TemplateSpec } from '../types.js';

/**
 * 部门收支总表 / 收支预算总表: the income block beside the expenditure block(s). Wuhan prints
 * two expenditure blocks, one by functional class (支出（功能）, 项目（按功能分类）) and one by
 * economic class (支出（经济分类）, 项目（按经济分类）), in either order; each block has its
 * own 本年支出合计 / 结转下年 / 支出总计 rows. The side whose header keyword is longest wins
 * (支出（经济分类） is `expenditure_economic`, not `expenditure`).
 */
export const BU01: TemplateSpec = {
  id: 'BU01',
  kind: 'budget',
  name: '部门收支总表',
  titles: ['收支总表', '部门收支总表', '收支预算总表', '部门收支预算总表', '收入支出预算总表', '部门收入支出预算总表'],
  notTitles: ['财政拨款', '一般公共预算', '政府性基金', '国有资本'],
  layout: 'sided',
  // Which expenditure block is which, from the codes its rows carry (功能分类 2xx, 经济分类 3xx/5xx).
  sideByCodePrefix: { expenditure: ['2'], expenditure_economic: ['3', '5'], expenditure_gov_economic: ['5'] },
  sides: [
    { side: 'income', header: ['收入'] },
    { side: 'expenditure', header: ['支出', '功能分类', '功能'] },
    { side: 'expenditure_economic', header: ['经济分类'] },
    // Xi'an 部门综合预算 adds a third block by 政府预算支出经济分类 (5xx) beside the 部门预算 one (3xx).
    { side: 'expenditure_gov_economic', header: ['政府预算支出经济分类', '政府经济分类', '政府经济'] },
    // Jiangsu prints a block by 支出用途 (基本支出, 项目支出, 单位预留机动经费) beside the functional one:
    // neither functional nor economic class.
    { side: 'expenditure_purpose', header: ['支出用途'] },
  ],
  columns: [
    { key: 'amount', label: '预算数', header: [['预算数'], ['金额'], ['预算']], side: 'income' },
    { key: 'amount', label: '预算数', header: [['预算数'], ['金额'], ['预算']], side: 'expenditure' },
    // Shanghai 财务收支预算总表: the expenditure block splits its 预算数 into 合计 | 基本支出
    // (人员经费 | 公用经费) | 项目支出; 合计 stays `amount`. (No row identity: a sided table's
    // identities cannot yet be limited to one side, and the income rows have no parts.)
    { key: 'basic', label: '基本支出', header: [['支出', '基本支出']], notHeader: ['人员', '公用'], side: 'expenditure' },
    { key: 'basic_personnel', label: '基本支出 人员经费', header: [['基本支出', '人员']], side: 'expenditure' },
    { key: 'basic_public', label: '基本支出 公用经费', header: [['基本支出', '公用']], side: 'expenditure' },
    { key: 'project', label: '项目支出', header: [['支出', '项目支出']], side: 'expenditure' },
    { key: 'amount', label: '预算数', header: [['预算数'], ['金额'], ['预算']], side: 'expenditure_economic' },
    { key: 'amount', label: '预算数', header: [['预算数'], ['金额'], ['预算']], side: 'expenditure_gov_economic' },
    { key: 'amount', label: '预算数', header: [['预算数'], ['金额'], ['预算']], side: 'expenditure_purpose' },
  ],
};
