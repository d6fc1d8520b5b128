import type { TemplateSpec } from '../types.js';

/**
 * 公开06表 一般公共预算财政拨款基本支出决算(明细)表: economic codes in repeated
 * (code, name, amount) groups; rows are sided by economic class (301/303 人员经费, others 公用经费).
 */
export const FA06: TemplateSpec = {
  id: 'FA06',
  kind: 'final_account',
  name: '一般公共预算财政拨款基本支出决算明细表',
  titles: ['一般公共预算财政拨款基本支出决算明细表', '一般公共预算财政拨款基本支出决算表'],
  labelNumbers: [6],
  layout: 'groups',
  sides: [
    { side: 'personnel', header: ['人员经费'] },
    { side: 'public', header: ['公用经费'] },
  ],
  sideByCodePrefix: { personnel: ['301', '303'], public: ['302', '307', '309', '310', '312', '399'] },
  columns: [{ key: 'amount', label: '决算数', header: [['决算数'], ['金额']] }],
};
