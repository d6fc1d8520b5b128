import { ECONOMIC_CLASSES, FUNCTION_CLASSES } from '../../src/validate/ocr-vocab.js';

/**
 * The line identities of the side-by-side budget tables (部门收支总表 BU01, 财政拨款收支总表 BU04),
 * as the national templates print them on each side (收入 | 支出, and the parallel 支出 blocks):
 *
 *   本年收入合计 = Σ the income lines above it            本年支出合计 = Σ the 类 lines above it
 *   收入总计 = 本年收入合计 + the lines between (上年结转 …)  支出总计 = 本年支出合计 + 结转下年 …
 *   收入总计 = 支出总计; a parallel 支出 block (经济分类, 支出用途) spends the same 本年支出合计.
 *
 * Regions name these lines differently (当年收入小计, 收入本年合计, 收入合计 as the grand total when
 * no 总计 follows) and print sub-lines under some lines (1.一般公共预算 under 一、财政拨款; 其中：…).
 * What is data here: how a total line reads, and which lines are made of the lines printed right
 * under them when the table does not number its lines (财政拨款收入 = 一般公共预算 + 政府性基金 + 国有资本经营).
 */
export interface SidedLineModel {
  /** Templates whose sides are read this way. */
  templates: string[];
  /** A side's total lines (its 本年合计 and its 总计), labels as cleaned (no spaces or numbering). */
  totalLine: RegExp;
  /** A total line that can only be the side's grand total (总计), wherever it is printed. */
  grandLine: RegExp;
  /** Lines that are parts of the line above them, whatever their numbering (其中：…). */
  partLine: RegExp;
  /**
   * Lines made of the lines printed right under them, for tables that print no numbering
   * (一、 / 1.) to say so: a parent line, and what its parts are called.
   */
  parents: { parent: RegExp; parts: RegExp }[];
  /**
   * Names of the lines a side lists at its top level when it prints 类, 款 and 项 without codes or
   * numbering: the 类 of the functional and economic classifications, and the national lines.
   */
  classNames: Set<string>;
}

/** 政府预算支出经济分类 类 (5xx), and 功能分类 类 names of earlier years. */
const MORE_CLASSES = [
  '机关工资福利支出', '机关商品和服务支出', '机关资本性支出（一）', '机关资本性支出（二）', '对事业单位经常性补助',
  '对事业单位资本性补助', '对企业补助', '对企业资本性支出', '对个人和家庭的补助', '对社会保障基金补助', '债务利息及费用支出',
  '债务还本支出', '转移性支出', '预备费及预留', '其他支出',
  '文化体育与传媒支出', '医疗卫生与计划生育支出', '医疗卫生支出', '国土海洋气象等支出', '资源勘探信息等支出', '国土资源气象等支出',
];
const NATIONAL_LINES = ['上缴上级支出', '对附属单位补助支出', '事业单位经营支出', '经营支出', '结转下年', '年末结转和结余', '上年结转', '年初结转和结余'];

export const SIDED_LINES: SidedLineModel = {
  templates: ['BU01', 'BU04'],
  // 本年收入合计, 当年支出小计, 收入本年合计, 本年经济分类支出合计, 支出功能科目总计 … (not a 其中 line).
  totalLine: /^(?!其中).{0,12}(合计|小计|总计)(数)?$/,
  grandLine: /总计/,
  partLine: /^其中/,
  parents: [
    // 财政拨款（补助）收入 = 一般公共预算 + 政府性基金 + 国有资本经营预算 (Shanghai, Jiangsu, Xi'an).
    { parent: /^(财政拨款|财政补助|预算拨款)/, parts: /一般公共预算|公共财政|政府性基金|国有资本/ },
    // 上年结转（结余） = its funds, printed under it.
    { parent: /^上年(财政拨款)?结转|^年初(财政拨款)?结转/, parts: /一般公共预算|公共财政|政府性基金|国有资本|财政拨款|非财政/ },
    // 结转下年 / 年末结转和结余 = its funds, printed under it.
    { parent: /^结转下年|^年末(财政拨款)?结转/, parts: /一般公共预算|公共财政|政府性基金|国有资本|财政拨款|非财政/ },
  ],
  classNames: new Set([
    ...Object.values(FUNCTION_CLASSES),
    ...Object.entries(ECONOMIC_CLASSES).filter(([code]) => code.length === 3).map(([, name]) => name),
    ...MORE_CLASSES,
    ...NATIONAL_LINES,
  ]),
};
