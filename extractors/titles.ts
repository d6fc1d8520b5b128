/**
 * How regions word the titles of the national tables, as data. The engine reduces a printed
 * title and every template keyword to one canonical wording with these rules before comparing
 * them, so "部门收支总体情况表", "收支预算总表" and "部门收入支出预算总表" all read "收支总表".
 * A new regional wording is a line here, never an `if` in src/.
 */

/**
 * Qualifiers that say which classification a table is by (in brackets or run into the title:
 * "（按功能分类科目）", "功能分类", "（经济科目）", "部门预算经济分类"). They are evidence, not title words.
 */
export const TITLE_FEATURES: { feature: 'functional' | 'economic'; pattern: RegExp }[] = [
  { feature: 'functional', pattern: /(?:按支出|按)?功能(?:分类|科目)(?:科目|分类)?分?(?:项级|款级|类级)?/g },
  { feature: 'economic', pattern: /(?:按支出|按|部门预算支出|政府预算支出|部门预算|政府预算|部门|政府)?经济(?:分类|科目)(?:科目|分类)?分?(?:项级|款级|类级)?/g },
];

/**
 * Who publishes it: 部门 / 单位 / 预算单位 / 部门综合预算 (Xi'an) / 部门预算 (Guangzhou). Dropped unless
 * that leaves fewer than MIN_TITLE characters ("部门支出预算表" stays "部门支出表", so a wrapped
 * fragment "费支出表" is not a title).
 */
export const TITLE_PUBLISHER = /部门综合预算|综合预算|部门预算|预算单位|部门|单位/g;
export const MIN_TITLE = 4;

/**
 * Bracketed remarks that say nothing about which table it is: （不含上年结转）, （一级项目）,
 * （资产配置、购买服务）, （本级）. Other bracketed words stay part of the title (项目支出(绩效目标)申报表).
 */
export const TITLE_REMARKS = /^(?:不含上年结转|含上年结转|一级项目|二级项目|本级|汇总|资产配置、?购买服务|草案|公开|)$/;

/**
 * A sentence that points at a table is not its title: "详见单位的项目绩效目标表" (Putuo's project
 * descriptions), "参见附表", "具体见…表". Compared with the normalised line.
 */
export const TITLE_REFERENCE = /^(?:详见|参见|具体见|请见|见附)|详见/;

/**
 * Rewrites applied in order to the title (whitespace, years, quotes, brackets and 公开N表 labels
 * already removed). Each says one regional habit.
 */
export const TITLE_REWRITES: [RegExp, string][] = [
  // Bracketed remarks that do not change the table: （不含上年结转）, （一级项目）, （本级）.
  [/不含上年结转|一级项目|二级项目|本级|汇总/g, ''],
  // 三公 tables that add 会议费, 培训费 or 机关运行经费 columns are still the 三公 table.
  [/三公经费(?:[及和、]|会议费|培训费|机关运行经费)+/g, '三公经费'],
  [/三公经费支出(?:[及和、]|会议费|培训费|机关运行经费)+/g, '三公经费支出'],
  // 一般公共预算拨款支出 (Fuzhou), 一般公共预算拨款安排的: the appropriation is the budget.
  [/预算拨款(?:安排的?)?/g, '预算'],
  // 本年支出总体情况表 (Guangzhou): this year's spending is the spending table.
  [/^本年/g, ''],
  [/收入支出/g, '收支'],
  // Table-kind suffixes: 总体情况表 = 总表; 情况表 / 明细表 / 预算表 / 计划表 = 表.
  [/总体情况表$/g, '总表'],
  [/预算总表$/g, '总表'],
  [/(?:情况|明细|计划|一览)表$/g, '表'],
  [/预算表$/g, '表'],
  [/申报表$/g, '表'],
];
