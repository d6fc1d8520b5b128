import type { ColumnSpec, TemplateSpec } from '../types.js';
import { INCOME_SOURCE_COLUMNS } from './income-sources.js';

/**
 * Xi'an 部门综合预算支出总表 splits the total by source of funds (一般公共预算拨款 小计, 上年实户资金余额, 其他收入 …)
 * per unit instead of by kind of spending: those columns keep the BU02 source keys. A spending column never
 * names them (支出); 事业单位经营收入 is left out, its key `operating` being 事业单位经营支出 here.
 */
const SOURCES: ColumnSpec[] = INCOME_SOURCE_COLUMNS.filter((c) => !['operating', 'income_subtotal'].includes(c.key)).map((c) => ({ ...c, notHeader: [...(c.notHeader ?? []), '支出'] }));
const SOURCE_KEYS = SOURCES.map((c) => c.key);

/**
 * 部门支出总表 / 支出预算总表: functional codes × kind of spending. National columns: 合计,
 * 基本支出, 项目支出, 事业单位经营支出, 上缴上级支出, 对附属单位补助支出; 江汉 adds 结转下年.
 */
export const BU03: TemplateSpec = {
  id: 'BU03',
  kind: 'budget',
  name: '部门支出总表',
  titles: ['支出总表', '部门支出总表', '支出预算总表', '部门支出预算总表', '部门支出预算表'],
  notTitles: ['收支', '收入', '一般公共预算', '政府性基金', '国有资本', '财政拨款', '基本支出', '项目支出'],
  layout: 'coded',
  classification: 'functional',
  columns: [
    { key: 'total', label: '合计', header: [['总计'], ['合计'], ['小计']] },
    { key: 'basic', label: '基本支出', header: [['基本支出']], notHeader: ['人员', '公用'] },
    // Optional: 基本支出 split into 人员支出 | 日常公用支出 (Hangzhou).
    { key: 'basic_personnel', label: '基本支出 人员经费', header: [['基本支出', '人员']] },
    { key: 'basic_public', label: '基本支出 公用经费', header: [['基本支出', '公用']] },
    { key: 'project', label: '项目支出', header: [['项目支出']] },
    { key: 'to_superior', label: '上缴上级支出', header: [['上缴上级']] },
    // A spending column never says 收入 (Xi'an 支出总表 prints income sources per unit: 附属单位上缴收入).
    { key: 'to_affiliated', label: '对附属单位补助支出', header: [['附属单位']], notHeader: ['收入'] },
    { key: 'operating', label: '事业单位经营支出', header: [['经营支出']] },
    // Optional: 江汉 prints 结转下年 as a column.
    { key: 'carryover_next', label: '结转下年', header: [['结转下年']] },
    // Optional: Jiangsu prints 单位预留机动经费 (a reserve, part of the total).
    { key: 'reserve', label: '单位预留机动经费', header: [['预留机动']] },
    // Optional: Shenzhen adds 政府采购项目 {小计, 其中预留给中小企业, 其中预留给小型、微型企业} (not parts of the total).
    { key: 'procurement', label: '政府采购项目 小计', header: [['政府采购', '小计']], notHeader: ['中小企业', '微型'] },
    { key: 'procurement_sme', label: '其中：预留给中小企业', header: [['中小企业']], notHeader: ['微型'] },
    { key: 'procurement_micro', label: '其中：预留给小型、微型企业', header: [['微型']] },
    ...SOURCES,
  ],
  rowIdentities: [
    { total: 'total', plus: ['basic', 'project', 'to_superior', 'to_affiliated', 'operating', 'carryover_next', 'reserve'], unless: ['basic_personnel', 'general_budget'] },
    { total: 'total', plus: SOURCE_KEYS, requires: ['general_budget'], unless: ['basic', 'basic_personnel'] },
    { total: 'total', plus: ['basic_personnel', 'basic_public', 'project', 'to_superior', 'to_affiliated', 'operating', 'carryover_next', 'reserve'], requires: ['basic_personnel'], unless: ['basic'] },
    { total: 'total', plus: ['basic', 'project', 'to_superior', 'to_affiliated', 'operating', 'carryover_next', 'reserve'], requires: ['basic', 'basic_personnel'] },
    { total: 'basic', plus: ['basic_personnel', 'basic_public'], requires: ['basic_personnel'] },
  ],
};
