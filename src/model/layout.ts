import type { Box } from './geometry.js';
import type { SourceInfo, PageSource } from './document.js';

/**
 * What the `layout` stage produces: the document in reading order as text blocks and
 * detected tables (grids of cells with positions). Knows nothing of budgets.
 */
export interface GridCell {
  text: string;
  /** First grid column this cell occupies (0-based) and how many it spans. */
  col: number;
  span: number;
  page: number;
  box: Box | null;
  /** Source line for text dumps. */
  lineNo?: number;
  bold?: boolean;
  confidence?: number;
}

export interface GridRow {
  cells: GridCell[];
  page: number;
  lineNo?: number;
  box: Box | null;
}

/** How a table was found: cells given by the source, a ruled grid, or text alignment. */
export type DetectionMethod = 'delimited' | 'lattice' | 'stream';

export interface DetectedTable {
  method: DetectionMethod;
  pages: number[];
  rows: GridRow[];
  /** Number of grid columns. */
  columnCount: number;
  /** Bounding box per page (PDF inputs). */
  boxes: { page: number; box: Box }[];
  /** 0–1: how sure the detector is that this is a table with these columns. */
  confidence: number;
}

export interface TextBlock {
  kind: 'text';
  text: string;
  page: number;
  lineNo?: number;
  box: Box | null;
  heading?: number;
  bold?: boolean;
  listItem?: boolean;
}

export interface TableBlock {
  kind: 'table';
  table: DetectedTable;
}

export type Block = TextBlock | TableBlock;

export interface PageInfo {
  number: number;
  width: number;
  height: number;
  rotation: number;
  source: PageSource;
}

/** A page the layout stage could not lay out (an internal error): its text is kept as plain lines. */
export interface LayoutProblem {
  page: number;
  stage: 'layout';
  message: string;
}

export interface LaidOutDocument {
  source: SourceInfo;
  pages: PageInfo[];
  blocks: Block[];
  problems?: LayoutProblem[];
}
