import type { Box } from './geometry.js';
import type { SourceInfo, PageSource } from './document.js';

/** Canonical JSON, version 1. schema/canonical-v1.schema.json is the contract; keep both in step. */
export const SCHEMA_VERSION = '1';

export type DocumentKind = 'final_account' | 'budget' | 'unknown';
export type TableStatus = 'ok' | 'empty' | 'partial' | 'illegible';
export type Unit = '万元' | '元';

/** A change made to a printed value, recorded beside it (never silently). */
export interface Correction {
  kind: 'unit' | 'ocr' | 'shift' | 'format';
  /** The value before the correction (printed string, or yuan before a unit correction). */
  from: string;
  to: string;
  reason: string;
}

export interface CanonicalCell {
  /** The printed string (markup removed, surrounding whitespace trimmed). */
  raw: string;
  /** Exact decimal string in 元; null for a blank, dash or unreadable cell. */
  yuan: string | null;
  page: number | null;
  box: Box | null;
  /** Source line (text dumps). */
  line?: number;
  corrections?: Correction[];
  confidence?: number;
}

export interface CanonicalRow {
  code: string | null;
  label: string;
  /** 1 类, 2 款, 3 项 (from the code length); null for totals and rows without codes. */
  level: 1 | 2 | 3 | null;
  /** For side-by-side tables: which block the row belongs to (income / expenditure, personnel / public …). */
  side?: string;
  /** 行次 where the table prints it. */
  lineNo?: number;
  /**
   * The numbering printed before the label (一、 （一） 1. （1）), or 其中: where a side-by-side
   * table lists lines, it says which lines are parts of the line above them.
   */
  ordinal?: string;
  /** True for 合计 / 总计 / 小计 rows. */
  total?: boolean;
  page: number | null;
  cells: Record<string, CanonicalCell>;
}

export interface CanonicalColumn {
  key: string;
  label: string;
}

export interface TableUnit {
  declared: Unit | null;
  applied: Unit;
  reason: string | null;
}

export interface CanonicalTable {
  template: string;
  templateName: string;
  variant?: string;
  title: string;
  pages: number[];
  status: TableStatus;
  unit: TableUnit;
  columns: CanonicalColumn[];
  rows: CanonicalRow[];
  /** Explanatory sentences printed with the table (说明, 注), e.g. why it is empty. */
  notes: string[];
  /** How the table was found and how sure we are. */
  detection: { method: string; confidence: number } | null;
  boxes?: { page: number; box: Box }[];
  /** Source line range (text dumps). */
  lines?: { from: number; to: number };
  /** Structured content of non-numeric tables (performance targets). */
  records?: Record<string, string | null>[];
  /** Whether the table's numbers hold together under the identities that apply to it (set by validate). */
  verification?: TableVerification;
  /** Why the table is this template: the winner's score and evidence, and the runner-up. */
  recognition?: Recognition;
}

/**
 * verified: at least one identity applies and all hold (within rounding); inconsistent: the
 * identities fail on many rows or most of a column, so the *reading* is in doubt; unverified:
 * no identity applies (an `other` table, a list). Isolated failures in an otherwise consistent
 * table are the source's own errors and keep the table verified (`failed` counts them).
 */
export type VerificationStatus = 'verified' | 'inconsistent' | 'unverified';

export interface TableVerification {
  status: VerificationStatus;
  /** Checks that read this table's cells (rounding-only differences count as passing). */
  checks: number;
  failed: number;
  /** Why, in words (null when verified without failures). */
  reason: string | null;
}

/** An amount printed in the document that is neither a table cell nor a narrative amount. */
export interface UnplacedAmount {
  page: number | null;
  box: Box | null;
  line?: number;
  /** The printed string. */
  raw: string;
  /** Why it was not placed, in words. */
  reason: string;
}

/** The ledger's totals: every amount-like token printed, and where it went. */
export interface Coverage {
  /** Amount tokens printed on the pages (years, dates, page numbers, codes, 栏次/行次, percentages excluded). */
  amounts: number;
  inTables: number;
  inNarrative: number;
  unplaced: number;
  /** (inTables + inNarrative) / amounts, rounded to 4 decimals; 1 when nothing is printed. */
  share: number;
}

/** The document's overall state: ok only when its numbers are placed and add up. */
export interface DocumentAssessment {
  status: 'ok' | 'partial';
  /** Why the document is partial, in words (empty when ok); also findings of the source that keep it ok. */
  reasons: string[];
  findings: string[];
}

/** The evidence a template was chosen on (title, label, header, codes) and the closest alternative. */
/** The evidence a template was chosen on (title, label, header, codes) and the closest alternative. */
export interface Recognition {
  score: number;
  evidence: string[];
  runnerUp: { template: string; score: number } | null;
}

export type CheckStatus = 'pass' | 'fail' | 'info' | 'skipped';

export interface CellRef {
  table: string;
  row: string;
  column: string;
  page: number | null;
  box?: Box | null;
  line?: number;
  raw?: string;
}

export interface CheckResult {
  id: string;
  status: CheckStatus;
  message: string;
  expected?: string;
  actual?: string;
  difference?: string;
  cells?: CellRef[];
}

export type Severity = 'error' | 'warning' | 'info';

export interface Flag {
  kind: string;
  severity: Severity;
  message: string;
  page: number | null;
  table: string | null;
  line?: number;
  box?: Box | null;
}

/** A sentence of the narrative (情况说明) that states amounts; input to narrative checks. */
export interface NarrativeStatement {
  text: string;
  page: number | null;
  line?: number;
  amounts: { raw: string; yuan: string }[];
}

export interface CanonicalResult {
  schemaVersion: typeof SCHEMA_VERSION;
  tool: { name: string; version: string };
  source: SourceInfo;
  pages: { number: number; source: PageSource; width: number; height: number; rotation: number }[];
  /**
   * `scope`: 部门 (a department with its units) or 单位 (one unit) as the cover says; `part`: one part
   * of a disclosure published as two files (the narrative, or the tables), absent for a whole one.
   */
  document: { kind: DocumentKind; year: number | null; department: string | null; scope?: 'department' | 'unit'; part?: 'narrative' | 'tables'; coverage?: Coverage };
  tables: CanonicalTable[];
  narrative: NarrativeStatement[];
  checks: CheckResult[];
  flags: Flag[];
  /** Amount tokens that are in no table cell and no narrative statement (the ledger's remainder). */
  unplaced?: UnplacedAmount[];
  /** The document's status with its reasons (set after the ledger). */
  assessment?: DocumentAssessment;
}
