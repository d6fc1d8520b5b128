/**
 * Checks (勾稽) as data. Row identities and code hierarchies come from the templates
 * themselves (`rowIdentities`, codes); the checks declared here are the line identities printed
 * on the side-by-side tables and the equalities that must hold between tables.
 */

/** Selects rows of a table: by code, by label (whitespace-free; `label` exact, `labelStarts` prefix), by side. */
export interface RowMatch {
  side?: string;
  code?: string;
  label?: string;
  labelStarts?: string;
  /** Every 类 (3-digit code) row. */
  level?: 1 | 2 | 3;
}

/** One cell (or the sum of several) of one table. */
export interface Operand {
  table: string;
  row: RowMatch;
  column: string;
  /** Subtract instead of add (for a−b forms). */
  negate?: boolean;
}

/** total = Σ parts, within one table or across tables. */
export interface SumCheck {
  id: string;
  description: string;
  total: Operand;
  /** Parts; `before` takes every non-total row of the same side printed above the total row. */
  parts: Operand[] | { before: true; table: string; side?: string; column: string };
  /**
   * `hard`: a difference beyond rounding is a failure. `soft`: the two figures measure related but
   * not identical things (e.g. 三公 决算 vs the basic-spending line), so a difference is reported as info.
   */
  strength?: 'hard' | 'soft';
  /** Apply the same check to every listed column. */
  columns?: string[];
}

/** For each row matched in `a`, the row with the same label in `b` must hold the same amount. */
export interface PairwiseCheck {
  id: string;
  description: string;
  a: { table: string; row: RowMatch; column: string };
  b: { table: string; column: string; side?: string };
}
