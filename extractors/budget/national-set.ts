/**
 * Which tables a 部门预算 / 单位预算 disclosure publishes, as data: the set 财政部's 部门预算公开
 * template requires of every department, and the tables regions commonly add.
 *
 * A required table the document does not print gets a `missing_table` warning (validate stage,
 * src/validate/expected.ts); an optional one is never flagged for its absence (it is flagged only
 * when the document's own 目录 names it, in the recognise stage). A table printed empty with its
 * sentence (本单位无政府性基金预算…) is present. A table counts as printed when a table of the
 * template or of one of its `alsoBy` templates is found, or when a table of no known template
 * carries a title that `printedAs` recognises (Xi'an's 政府性基金收支表 is sided, not coded).
 */
export interface ExpectedTable {
  /** The national table (a template id in extractors/budget). */
  template: string;
  /** Required of every department by the national template; optional tables are not flagged when absent. */
  required: boolean;
  /** Templates that publish the same figures under a regional layout (and why, in `note`). */
  alsoBy?: string[];
  /** Canonical-title patterns (extractors/titles.ts wording) of a printed table that is this one even when its body matched no template. */
  printedAs?: RegExp[];
  note?: string;
}

export const BUDGET_NATIONAL_SET: readonly ExpectedTable[] = [
  { template: 'BU01', required: true },
  { template: 'BU02', required: true },
  { template: 'BU03', required: true },
  { template: 'BU04', required: true },
  {
    template: 'BU05',
    required: true,
    alsoBy: ['BU19'],
    note: '江苏/苏州/无锡 also print 财政拨款支出表（功能科目）, whose 一般公共预算 part is this table',
  },
  {
    template: 'BU06',
    required: true,
    alsoBy: ['BU15', 'BU20', 'BU21'],
    note: 'Shenzhen prints 一般公共预算支出表（按经济分类） with 基本支出 columns instead; Xi\'an prints 基本支出明细表 by functional and by economic class; 江苏 财政拨款基本支出表（经济科目）',
  },
  { template: 'BU07', required: true },
  {
    template: 'BU08',
    required: true,
    printedAs: [/政府性基金(?:预算)?(?:财政拨款)?收支(?:总)?表$/],
    note: 'Xi\'an 部门综合预算 prints a sided 政府性基金收支表 (收入 | 支出)',
  },
  // Added to the national template later and not printed by every region (Changsha, Chongqing 2026).
  { template: 'BU09', required: false },
  { template: 'BU10', required: false },
  { template: 'BU11', required: false },
  { template: 'BU12', required: false },
  { template: 'BU13', required: false },
  { template: 'BU14', required: false },
];

/**
 * A document prints the set (rather than being a narrative part or a single table) when at least
 * this many of the set's tables are found: only then is an absent required table a finding.
 */
export const MIN_PRINTED_FOR_SET = 3;
