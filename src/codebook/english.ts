/**
 * English explanations for the codebook. The Chinese names, titles and column labels come from
 * extractors/ (the templates themselves); only the English words live here. tests/codebook.test.ts
 * fails when a template, column key or flag kind has no entry, so this list cannot fall behind.
 */

export const TEMPLATE_EN: Record<string, string> = {
  FA01: 'Final account: income and expenditure summary (all funds)',
  FA02: 'Final account: income by source, per functional class',
  FA03: 'Final account: expenditure by purpose (basic / project), per functional class',
  FA04: 'Final account: fiscal appropriation income and expenditure summary',
  FA05: 'Final account: general public budget appropriation expenditure, per functional class',
  FA06: 'Final account: general public budget basic expenditure by economic class (personnel / public)',
  FA07: 'Final account: government fund budget appropriation income and expenditure',
  FA08: 'Final account: state capital operating budget appropriation expenditure',
  FA09: 'Final account: "three public expenses" (overseas trips, official vehicles, official receptions), budget and actual',
  BU01: 'Budget: department income and expenditure summary',
  BU02: 'Budget: department income by source',
  BU03: 'Budget: department expenditure by purpose',
  BU04: 'Budget: fiscal appropriation income and expenditure summary',
  BU05: 'Budget: general public budget expenditure (functional class, sometimes economic class)',
  BU06: 'Budget: general public budget basic expenditure (personnel / public)',
  BU07: 'Budget: general public budget "three public expenses"',
  BU08: 'Budget: government fund budget expenditure',
  BU09: 'Budget: state capital operating budget expenditure',
  BU10: 'Budget: project expenditure, per project',
  BU11: 'Budget: government procurement, per item',
  BU12: 'Budget: government purchase of services, per item',
  BU13: 'Budget: project performance targets (text records)',
  BU14: 'Budget: whole-department performance targets (text records)',
  // Further national budget tables some regions print (written ahead of their merge).
  BU15: 'Budget: general public budget expenditure by economic class',
  BU16: 'Budget: general public budget project expenditure',
  BU17: 'Budget: basic expenditure',
  BU18: 'Budget: running costs of government bodies',
  BU19: 'Budget: fiscal appropriation expenditure',
  BU20: 'Budget: fiscal appropriation basic expenditure',
  BU21: 'Budget: general public budget basic expenditure by functional class',
  other: 'A table of no national template, kept with its printed title and every amount (columns c1, c2 … under their printed headers)',
};

export const COLUMN_EN: Record<string, string> = {
  amount: 'Amount (决算数 final / 预算数 budget), the single value column',
  total: 'Total of the row (合计 / 小计)',
  fiscal: 'Fiscal appropriation income',
  superior_subsidy: 'Subsidy from the higher-level unit',
  business: 'Income from public-service (事业) activities',
  operating: 'Operating (business-activity) income or expenditure of public institutions',
  affiliated: 'Income turned over by affiliated units',
  other: 'Other income or expenditure',
  basic: 'Basic expenditure (staff and running costs)',
  project: 'Project expenditure',
  to_superior: 'Expenditure turned over to the higher-level unit',
  to_affiliated: 'Subsidies to affiliated units',
  general_budget: 'General public budget (appropriation)',
  gov_fund: 'Government fund budget (appropriation)',
  state_capital: 'State capital operating budget (appropriation)',
  carryover_begin: 'Carry-over and balance at the start of the year',
  income: 'Income of the year',
  expenditure_total: 'Expenditure of the year, total',
  carryover_end: 'Carry-over and balance at the end of the year',
  budget_total: '"Three public expenses", budget: total',
  budget_abroad: '"Three public expenses", budget: official trips abroad (incl. Hong Kong, Macao, Taiwan)',
  budget_vehicle_subtotal: '"Three public expenses", budget: official vehicles, purchase and running (subtotal)',
  budget_vehicle_purchase: '"Three public expenses", budget: purchase of official vehicles',
  budget_vehicle_operation: '"Three public expenses", budget: running and upkeep of official vehicles',
  budget_reception: '"Three public expenses", budget: official receptions',
  actual_total: '"Three public expenses", actual: total',
  actual_abroad: '"Three public expenses", actual: official trips abroad',
  actual_vehicle_subtotal: '"Three public expenses", actual: official vehicles (subtotal)',
  actual_vehicle_purchase: '"Three public expenses", actual: purchase of official vehicles',
  actual_vehicle_operation: '"Three public expenses", actual: running of official vehicles',
  actual_reception: '"Three public expenses", actual: official receptions',
  carryover: 'Carried over from the previous year',
  special_account: 'Funds managed in a fiscal special account',
  in_budget: 'In-budget funds',
  non_tax: 'Non-tax income managed in the budget',
  superior_transfer: 'Special transfer payments from the higher level',
  carryover_next: 'Carried over to the next year',
  basic_wages: 'Basic expenditure: wages and benefits',
  basic_goods_services: 'Basic expenditure: goods and services',
  basic_personal_family: 'Basic expenditure: subsidies to individuals and families',
  basic_capital: 'Basic expenditure: general capital expenditure',
  project_department: 'Project expenditure: department projects',
  project_public: 'Project expenditure: public projects (special funds)',
  wages: 'Wages and benefits',
  goods_services: 'Goods and services',
  personal_family: 'Subsidies to individuals and families',
  debt_interest: 'Debt interest and fees',
  debt_principal: 'Debt principal repayment',
  capital_construction: 'Capital expenditure (capital construction)',
  capital: 'Capital expenditure',
  enterprise_construction: 'Subsidies to enterprises (capital construction)',
  enterprise: 'Subsidies to enterprises',
  social_security_fund: 'Subsidies to social security funds',
  gov_economic: 'Government economic-class expenditure',
  personnel: 'Personnel costs',
  public: 'Public (running) costs',
  abroad: 'Official trips abroad (incl. Hong Kong, Macao, Taiwan)',
  vehicle_subtotal: 'Official vehicles, purchase and running (subtotal)',
  vehicle_purchase: 'Purchase of official vehicles',
  vehicle_operation: 'Running and upkeep of official vehicles',
  reception: 'Official receptions',
  admin_running: 'Running costs of government bodies (机关运行经费)',
  basic_personnel: 'Basic expenditure: personnel costs',
  basic_public: 'Basic expenditure: public (running) costs',
  fiscal_total: 'Fiscal appropriation, total',
  income_subtotal: 'Income of the year, subtotal',
  meeting: 'Meeting costs',
  non_fiscal_surplus: 'Use of non-appropriation surplus',
  business_fund: 'Use of the business fund to cover a deficit',
  procurement: 'Government procurement projects, subtotal',
  procurement_micro: 'Of which reserved for small and micro enterprises',
  procurement_sme: 'Of which reserved for small and medium enterprises',
  real_account_balance: "Balance left on the unit's own bank account from last year (Xi'an 上年实户资金余额)",
  reserve: "Unit's reserve (contingency) funds",
  sangong_subtotal: '"Three public expenses", subtotal',
  special_education: 'Fiscal special account: education fees',
  special_other: 'Fiscal special account: other income',
  training: 'Training costs',
  unit_funds: "Unit's own funds",
};

export const RECORD_FIELD_EN: Record<string, string> = {
  project: 'Project name',
  indicator1: 'Level-1 indicator',
  indicator2: 'Level-2 indicator',
  indicator3: 'Level-3 indicator',
  target: 'Target value',
  basis: 'Basis for the target value',
};

export const SIDE: Record<string, [string, string]> = {
  income: ['收入', 'Income block of a side-by-side table'],
  expenditure: ['支出（功能分类）', 'Expenditure block (by functional class where the table has two)'],
  expenditure_economic: ['支出（经济分类）', 'Expenditure block by economic class'],
  expenditure_purpose: ['支出（支出用途）', 'Expenditure block by purpose (基本支出, 项目支出 …)'],
  personnel: ['人员经费', 'Personnel-cost block (economic codes 301, 303)'],
  public: ['公用经费', 'Public-cost block (economic codes 302, 307, 309, 310, 399)'],
  budget: ['预算数', 'Budget figures'],
  actual: ['决算数', 'Actual (final-account) figures'],
};

export const FLAG_KIND: Record<string, [string, string]> = {
  missing_table: ['缺表', 'A table named in the contents (目录), or required of every department by the national set (budgets: extractors/budget/national-set.ts; final accounts: the nine tables), is not in the document'],
  illegible: ['无法识别', 'A table (or its title) was found but its body could not be read'],
  misaligned_row: ['错行', 'A row whose values a converter shifted; realigned and recorded on each cell'],
  unit_mismatch: ['单位不符', 'The printed unit is contradicted by the evidence; the supported unit is applied'],
  empty_without_note: ['空表无说明', 'An empty table printed without the sentence saying why it is empty'],
  low_ocr_confidence: ['识别置信度低', 'OCR read a cell or page with low confidence: look at the page'],
  ocr_page: ['OCR 页', 'Note: this page was read by OCR (how: image, dpi, turn, skew, words, confidence)'],
  ocr_failed: ['OCR 失败', 'A page needed OCR but could not be read'],
  ocr_label: ['OCR 行名', 'An OCR-read row label was matched to a known name'],
  ocr_title: ['OCR 标题', 'An OCR-read table title was matched to a known title'],
  ocr_name: ['OCR 名称', "An OCR-read department name that begins with no place of China took the known place one character away that the document prints (the reading is in the message)"],
  ocr_correction: ['OCR 更正', 'An OCR reading was replaced by its alternative because that restores the table\'s sums'],
  code_name_mismatch: ['编码与名称不符', 'A classification code whose official name disagrees with the printed label'],
  internal_error: ['内部错误', 'A step failed on one table; the table is kept as read (or left empty) and the rest of the document goes on'],
  unmapped_values: ['未对应金额', 'Printed amounts in columns or rows the template does not map, kept under their printed header; the table is read only partly'],
  column_header_mismatch: ['列名不符', "The row identities place a column under a printed header that names another column: check the table"],
  tables_published_separately: ['表格另行公开', 'The document names the national tables but prints none: a narrative part whose tables are a separate file'],
  no_text: ['无文字', 'No readable text on any page (not even by OCR) and no table: damaged, blank or drawn without text'],
};

export const TABLE_STATUS: Record<string, [string, string]> = {
  ok: ['正常', 'Read completely'],
  empty: ['空表', 'Printed without data (usually with a sentence saying why)'],
  partial: ['部分识别', 'Read only in part: some rows or cells could not be placed'],
  illegible: ['无法识别', 'Found but not readable'],
};

export const DOCUMENT_STATUS: Record<string, [string, string]> = {
  ok: ['正常', 'Converted, nothing at error level'],
  partial: ['部分', 'Converted, but with error flags, partly read or inconsistent tables, or amounts not placed in any table or sentence'],
  failed: ['失败', 'Not converted: see the error (empty, not a PDF, damaged, encrypted, timed out …)'],
  duplicate: ['重复', 'Same content as another input, converted once (see duplicate_of)'],
  skipped: ['未变', 'Unchanged since the last run: not converted again'],
};

export const CHECK_STATUS: Record<string, [string, string]> = {
  pass: ['通过', 'The identity holds exactly'],
  fail: ['不符', 'The identity does not hold: expected, actual, difference and the cells say where'],
  info: ['舍入差', 'A difference within rounding (0.01 of the unit per rounded item), or a related-figure comparison'],
  skipped: ['跳过', 'Not run: a table is missing, empty or illegible (the message says which)'],
};

export const VERIFICATION: Record<string, [string, string]> = {
  verified: ['已核对', 'Every check on the table that could run passed'],
  inconsistent: ['不一致', 'At least one check on the table failed'],
  unverified: ['未核对', 'No check could be run on the table'],
};

export const TRUST: Record<string, [string, string]> = {
  inconsistent: ['不一致', 'The number is in a failed check: do not use it before looking at the page'],
  corrected: ['已更正', 'The number was changed from what was printed (unit, OCR alternative, shifted row); see corrected'],
  low_ocr_confidence: ['识别置信度低', 'Read by OCR with confidence under 80'],
  verified: ['已核对', 'The number is in at least one passing check and in no failing one'],
  unchecked: ['未核对', 'No check involves the number: it is as printed, but nothing confirms it'],
};

export const CORRECTION_KIND: Record<string, [string, string]> = {
  unit: ['单位', 'The declared unit was wrong; the value was converted with the supported unit'],
  ocr: ['OCR', 'An OCR alternative reading was applied'],
  shift: ['移位', 'The value was moved back to its column (a converter had shifted it)'],
  format: ['格式', 'A printed form was normalised (e.g. a stray character in a number)'],
};

export const DOCUMENT_KIND: Record<string, [string, string]> = {
  final_account: ['决算', 'Final account (what was received and spent in the year)'],
  budget: ['预算', 'Budget (what is planned for the year)'],
  unknown: ['未知', 'Neither could be told from the document'],
};

export const PAGE_SOURCE: Record<string, [string, string]> = {
  'text-layer': ['文字层', "The page's text was read from the PDF's text layer"],
  ocr: ['OCR', 'The page (or its pictures of tables) was read by OCR'],
  'text-dump': ['文本', 'A page of a text dump (pdftotext, converter output)'],
};

export const DETECTION: Record<string, [string, string]> = {
  lattice: ['有线表格', 'Found from the ruling lines of a ruled table'],
  stream: ['无线表格', 'Found from the alignment of amounts and labels (no ruling lines)'],
  delimited: ['分隔文本', 'Read from tab / markdown / HTML cells of a text dump'],
};

export const UNIT: Record<string, [string, string]> = {
  '万元': ['万元', 'Ten thousand yuan: yuan = printed × 10000'],
  '元': ['元', 'Yuan: yuan = printed'],
};

export const LEVEL: Record<string, [string, string]> = {
  '1': ['类', 'Class: 3-digit code (e.g. 201)'],
  '2': ['款', 'Section: 5-digit code (e.g. 20131)'],
  '3': ['项', 'Item: 7-digit code (e.g. 2013101)'],
};

/** The grammar of check ids (check_id in checks.csv). */
export const CHECK_ID_GRAMMAR: [string, string, string][] = [
  ['<T>.row[<row>].<column>', '行恒等式', 'A row identity printed on table T: the total column equals the sum of its parts (e.g. 1栏=2+3栏); <row> is side:code, code or label'],
  ['<T>.tree[<row>].<column>', '层级合计', 'Code hierarchy on table T: 合计 = Σ 类, 类 = Σ 款, 款 = Σ 项, in column <column>'],
  ['<T>.lines[<side>].subtotal|grand|outline[<line>].<column>, <T>.lines.balance|parallel[<side>]', '收支总表行恒等式', 'The lines of a side-by-side budget table (BU01, BU04): 本年合计 = Σ the side\'s lines, 总计 = 本年合计 + the lines between, a numbered line = Σ the lines numbered under it, 收入总计 = 支出总计 (balance), a parallel 支出 block spends the same 本年支出合计 (parallel)'],
  ['<T>.<side>.<line>', '行次恒等式', 'A line identity printed on a side-by-side table (e.g. FA01.income.27: 27行 = 1+…+8行)'],
  ['X.<A>-<B>.<what>', '表间勾稽', 'A cross-table equality (e.g. FA01 本年收入合计 = FA02 合计); [<code>] when one line of A has no counterpart in B'],
  ['N.<T-kind>.<what>#<n>', '说明复述', 'An amount the narrative (情况说明) restates, compared with its table cell; #n numbers the sentence'],
  ['N.share#<n>, N.change#<n>, N.execution#<n>', '说明比率', "The narrative's own shares, year-on-year changes and budget-execution rates, recomputed"],
  ['N.change.words#<n>, N.relation#<n>', '说明措辞', 'The narrative says 增加/减少 or 大于/小于 where the numbers say otherwise'],
  ['doc.year.titles, doc.department, doc.placeholders', '文档一致', 'The year in the titles, the department named in the tables, leftover placeholders (XX局, ××, 待填写)'],
  ['doc.tables.listed[<T>], doc.empty_note[<T>]', '文档完整', 'A table named but absent; an empty table without a sentence saying why'],
];

/** Dataset CSV columns (file.column). Columns not listed here are described in the README. */
export const DATASET_COLUMN_EN: Record<string, string> = {
  document_id: 'Document id = the output base name (<id>.json); joins every file',
  table_index: 'Position of the table in the JSON tables[] (0-based); joins tables.csv, facts.csv and flags.csv (space-separated in flags.csv when a repeated template cannot be told apart; empty for a missing table)',
  path: 'Absolute path of the input file',
  file: 'Input file name',
  sha256: 'SHA-256 of the input content',
  status: 'Status (see the statuses)',
  duplicate_of: 'For duplicates: the input whose outputs hold this content',
  format: 'pdf or text',
  pages: 'Page count (documents) or pages the table is on (tables, space-separated)',
  encoding: 'Detected text encoding of a text dump',
  kind: 'final_account (决算) or budget (预算); in flags.csv the flag kind',
  year: 'Year the document covers',
  department: 'Department (部门) as printed',
  template: 'National template id (FA01…FA09, BU01…BU14, other)',
  template_name: 'National name of the template (Chinese)',
  variant: 'Template variant, when the template has several',
  title: 'Title as printed',
  declared_unit: 'Unit printed with the table',
  applied_unit: 'Unit used to compute yuan (differs from declared only when corrected; see unit_reason)',
  unit_reason: 'Why the applied unit differs from the printed one',
  rows: 'Number of rows',
  cells: 'Number of numeric cells (tables.csv); in checks.csv the cells involved as table/row/column@page:line',
  columns: 'Column keys of the table, space-separated',
  notes: '注/说明 sentences printed with the table',
  detection: 'How the table was found (lattice, stream, delimited …)',
  confidence: 'Detection confidence (0–1)',
  table_title: 'Title of the table as printed',
  side: 'Block of a side-by-side table (see the sides)',
  row_code: 'Classification code (功能分类 / 经济分类), as text',
  row_label: 'Row name as printed (whitespace and ordinals removed)',
  column_key: 'Stable column key (see the column keys)',
  column_label: 'Column header as printed',
  yuan: 'Exact amount in 元 (decimal string; read as text or decimal, not float)',
  raw: 'The printed string',
  page: 'Page (1-based) in the PDF',
  line: 'Line in the text dump',
  corrected: 'Corrections applied to this number (kind: reason)',
  table_verification: "The table's verification (verified / inconsistent / unverified)",
  trust: 'How far the number is confirmed (see trust values)',
  cell_id: 'table_index/row_index/column_key: the cell, unique in the document; checks.csv cell_ids use it',
  check_id: 'Check id (see the check-id grammar)',
  message: 'What the check or flag says',
  expected: 'Expected amount (元)',
  actual: 'Actual amount (元)',
  difference: 'actual − expected (元)',
  cell_ids: 'The cells of the check as cell_id values (; -separated): join to facts.csv on document_id + cell_id',
  severity: 'error, warning or info',
  table: 'Template id the flag is about',
  tables: 'Tables found', tables_known: 'Tables of a known template', tables_partial: 'Tables read in part',
  tables_illegible: 'Illegible tables', tables_empty: 'Empty tables',
  flags_error: 'Error flags', flags_warning: 'Warning flags', flags_info: 'Info flags',
  checks: 'Checks run', checks_failed: 'Checks failed',
  error: 'Why the input failed', tool_version: 'Tool version that wrote the entry', converted_at: 'When it was converted',
  amounts: 'Amount-like tokens on the pages', amounts_placed: 'Of those, placed in a table or a narrative sentence',
  amounts_unplaced: 'Of those, placed nowhere', coverage: 'Share of amounts placed (0–1)',
  tables_inconsistent: 'Tables with a failed check', status_reason: 'Why the document is partial',
  verification: 'Table verification (verified / inconsistent / unverified)',
  verification_checks: 'Checks run on the table', verification_failed: 'Checks on the table that failed',
};
