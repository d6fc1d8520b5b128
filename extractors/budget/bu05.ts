import type { TemplateSpec } from '../types.js';

/**
 * 一般公共预算支出表: functional codes × basic / project spending. 东西湖 prints it as
 * 一般公共预算支出总表 with 基本支出 split by economic class (小计, 工资福利支出, 商品和服务支出,
 * 对个人和家庭的补助支出, 一般资本性支出) and 项目支出 split into 部门项目 / 公共项目(专项资金).
 * Variant `functional_item` (一般公共预算支出表（功能分类项级）): functional codes × economic
 * classes (合计, 工资福利支出 … 其他支出, 政府经济分类支出), no basic/project split.
 */
const inBasic = ['工资福利', '商品和服务', '个人和家庭', '资本性'];

export const BU05: TemplateSpec = {
  id: 'BU05',
  kind: 'budget',
  name: '一般公共预算支出表',
  titles: [
    '一般公共预算支出表',
    '一般公共预算支出总表',
    '一般公共预算支出预算表',
    '一般公共预算财政拨款支出表',
    '一般公共预算财政拨款支出预算表',
  ],
  notTitles: ['基本支出', '三公', '项目支出', '机关运行'],
  layout: 'coded',
  fund: 'general_budget',
  classification: 'functional',
  columns: [
    { key: 'total', label: '合计', header: [['总计'], ['合计'], ['小计']], notHeader: ['基本支出', '项目支出'] },
    { key: 'basic', label: '基本支出', header: [['基本支出']], notHeader: [...inBasic, '人员', '公用'] },
    // Xi'an 部门综合预算 calls project spending 专项业务经费支出.
    { key: 'project', label: '项目支出', header: [['项目支出'], ['专项业务经费']], notHeader: ['部门项目', '公共项目'] },
    // 基本支出 split into 人员经费 | 公用经费 (Chongqing, Yantai 人员支出 | 日常公用支出); Xi'an prints
    // 人员经费支出 | 公用经费支出 without a 基本支出 column.
    { key: 'personnel', label: '基本支出 人员经费', header: [['人员经费'], ['人员支出']] },
    { key: 'public', label: '基本支出 公用经费', header: [['公用经费'], ['公用支出']] },
    // Optional: 东西湖 一般公共预算支出总表 splits 基本支出 and 项目支出.
    { key: 'basic_wages', label: '基本支出 工资福利支出', header: [['基本支出', '工资福利']] },
    { key: 'basic_goods_services', label: '基本支出 商品和服务支出', header: [['基本支出', '商品和服务']] },
    { key: 'basic_personal_family', label: '基本支出 对个人和家庭的补助支出', header: [['基本支出', '个人和家庭']] },
    { key: 'basic_capital', label: '基本支出 一般资本性支出', header: [['基本支出', '资本性']] },
    { key: 'project_department', label: '项目支出 部门项目', header: [['部门项目']] },
    { key: 'project_public', label: '项目支出 公共项目(专项资金)', header: [['公共项目']] },
    // Variant functional_item: economic-class columns (not under 基本支出).
    { key: 'wages', label: '工资福利支出', header: [['工资福利']], notHeader: ['基本支出'] },
    { key: 'goods_services', label: '商品和服务支出', header: [['商品和服务']], notHeader: ['基本支出'] },
    { key: 'personal_family', label: '对个人和家庭的补助支出', header: [['个人和家庭']], notHeader: ['基本支出'] },
    { key: 'debt_interest', label: '债务利息及费用支出', header: [['债务利息']] },
    { key: 'debt_principal', label: '债务还本支出', header: [['债务还本']] },
    { key: 'capital_construction', label: '资本性支出(基本建设)', header: [['资本性支出', '基本建设']] },
    { key: 'capital', label: '资本性支出', header: [['资本性支出']], notHeader: ['基本建设', '基本支出'] },
    { key: 'enterprise_construction', label: '对企业补助(基本建设)', header: [['对企业补助', '基本建设']] },
    { key: 'enterprise', label: '对企业补助', header: [['对企业补助']], notHeader: ['基本建设'] },
    { key: 'social_security_fund', label: '对社会保障基金补助', header: [['社会保障基金']] },
    { key: 'other', label: '其他支出', header: [['其他支出']] },
    { key: 'gov_economic', label: '政府经济分类支出', header: [['政府经济分类']] },
  ],
  rowIdentities: [
    { total: 'total', plus: ['basic', 'project'], requires: ['basic'] },
    { total: 'basic', plus: ['personnel', 'public'], requires: ['personnel'] },
    { total: 'total', plus: ['personnel', 'public', 'project'], requires: ['personnel'], unless: ['basic'] },
    { total: 'basic', plus: ['basic_wages', 'basic_goods_services', 'basic_personal_family', 'basic_capital'] },
    { total: 'project', plus: ['project_department', 'project_public'] },
  ],
  variants: [
    {
      id: 'functional_item',
      titles: ['功能分类项级', '一般公共预算支出表功能分类项级'],
      header: ['工资福利', '对企业补助'],
    },
  ],
};
