/**
 * The shape of template knowledge. Each template is data: how its title reads, which
 * columns it has (stable keys and how their printed headers read), how its rows are laid out.
 * The engine in src/recognise reads these; adding a region's variant means editing data here.
 */
import type { DocumentKind } from '../src/model/canonical.js';

export interface ColumnSpec {
  key: string;
  /** Canonical label (used when the printed header cannot be read). */
  label: string;
  /**
   * Header match: the column's header text (all header rows above it, joined, spaces and
   * punctuation removed) must contain every string of one of these alternatives.
   */
  header: string[][];
  /** Header text that rules this column out (e.g. 小计 vs 合计 ambiguity). */
  notHeader?: string[];
  /** 栏次 number in the national template, when the table prints column numbers. */
  number?: number;
  /** For side-by-side tables: the side this column belongs to. */
  side?: string;
}

/**
 * How rows are laid out:
 * - `coded`: one row per classification code (类/款/项), label, then amount columns.
 * - `sided`: two blocks side by side (收入 | 支出), each with 项目, optional 行次, amounts.
 * - `groups`: repeated (code, name, amount) groups side by side (基本支出明细表).
 * - `matrix`: a single data row of amounts under a multi-level header (三公 table).
 * - `records`: non-numeric structured rows (performance targets), kept as records.
 * - `list`: rows labelled by a name (project, item) with amount columns.
 */
export type RowLayout = 'coded' | 'sided' | 'groups' | 'matrix' | 'records' | 'list';

export interface SideSpec {
  side: string;
  /** Header text above the block (收入, 支出 …). */
  header: string[];
}

/** An identity printed on (or implied by) the table: sum of parts equals a total. */
export interface RowIdentity {
  /** Column key of the total. */
  total: string;
  /** Columns added (and subtracted) to make the total. */
  plus: string[];
  minus?: string[];
  /** Keys the table must print for the identity to apply (optional parts are otherwise taken as 0). */
  requires?: string[];
  /** Keys whose presence means another identity of the template applies instead. */
  unless?: string[];
}

export interface TemplateSpec {
  id: string;
  kind: Exclude<DocumentKind, 'unknown'>;
  name: string;
  /**
   * Title keywords after normalisation (year, spaces, quotes and brackets removed). The
   * longest keyword contained in a printed title decides the template.
   */
  titles: string[];
  /** Title text that rules the template out. */
  notTitles?: string[];
  /** Printed table numbers that identify the template ("公开01表" → 1), when the region uses them. */
  labelNumbers?: number[];
  layout: RowLayout;
  /**
   * The classification its rows are coded by: `functional` (2xx 功能分类), `economic` (3xx/5xx
   * 经济分类). Evidence for recognition: a title qualifier (按经济分类科目) or the body's codes.
   */
  classification?: 'functional' | 'economic';
  columns: ColumnSpec[];
  sides?: SideSpec[];
  /** Column identities that hold on every row (1栏=(2+…+7)栏). */
  rowIdentities?: RowIdentity[];
  /** Sentences that say the table is empty on purpose. */
  emptyNote?: RegExp;
  /**
   * The fund whose money the table lists (一般公共预算 tables, 政府性基金, 国有资本经营): a table printed
   * empty is rightly empty when the 财政拨款收支总表 (BU04) shows none of that fund.
   */
  fund?: 'general_budget' | 'gov_fund' | 'state_capital';
  /**
   * First year whose disclosures include this table in the national set: before it, the table is
   * not expected (final accounts: the 2019 set printed eight tables, without 国有资本经营预算, as
   * Foshan's 2019 目录 lists them; the 2023–2024 sets in the corpus print nine).
   */
  inSetSince?: number;
  /** For `groups` layouts: the side a row belongs to, by the prefix of its code (人员经费 301/303). */
  sideByCodePrefix?: Record<string, string[]>;
  /**
   * Words with which the narrative (情况说明) restates this table's total ("政府采购预算支出合计
   * 20 万元"): the unit check compares the table with those sentences.
   */
  narrativeKeywords?: string[];
  /**
   * Header words of printed columns that are not this table's amounts (Xi'an 三公: 上年 | 增减变化情况 blocks
   * beside 当年): their values are kept under the printed header, neither placed nor flagged as misread.
   */
  ignoreHeader?: string[];
  /** Named variants (e.g. BU05 功能分类项级 with economic-class columns). */
  variants?: { id: string; titles?: string[]; header?: string[] }[];
  /** For `list` layouts: header of the text column whose cell is the row label (项目名称); first alternative printed wins. */
  labelHeader?: string[][];
  /** For `records` layouts: record field keys and the header (or form-field label, e.g. 项目名称) they are read from. */
  recordFields?: { key: string; label: string; header: string[][]; notHeader?: string[] }[];
}
