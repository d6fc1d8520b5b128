import type { Box, Rule } from './geometry.js';

/**
 * What the `read` stage produces: the pages of one input file, as positioned text.
 * Plain serialisable data: any Document can be saved as a test fixture.
 */
export type SourceFormat = 'pdf' | 'text';

/** How a page's text was obtained. */
export type PageSource = 'text-layer' | 'ocr' | 'text-dump';

export interface TextRun {
  text: string;
  /** Position on the page (see geometry.ts for the coordinate convention). */
  box: Box;
  fontSize?: number;
  /** Bold where the source says so (HTML <b>, markdown **…**, a bold font). */
  bold?: boolean;
  /** OCR confidence 0–100; absent for text-layer and dump text. */
  confidence?: number;
}

/**
 * One line of a text dump or one baseline of a page. `cells` is set when the source
 * delimited the cells itself (tab-separated dumps, markdown pipe tables, HTML <td>);
 * otherwise the layout stage finds columns from the runs' positions.
 */
export interface TextLine {
  /** 1-based line number in the source file (text dumps) or within the page. */
  lineNo: number;
  /** The line's text, markup removed. */
  text: string;
  runs: TextRun[];
  cells?: string[];
  /** Markdown heading level (1–6) when the dump marked the line as a heading. */
  heading?: number;
  bold?: boolean;
  /** A list item ("- …") in the dump: 目录 entries are printed so. */
  listItem?: boolean;
}

export interface Page {
  /** 1-based page number. */
  number: number;
  width: number;
  height: number;
  /** Rotation applied by the reader to bring the page upright (0, 90, 180, 270). */
  rotation: number;
  source: PageSource;
  lines: TextLine[];
  /** Unassembled runs for PDF/OCR pages; the layout stage groups them into lines. */
  runs: TextRun[];
  rules: Rule[];
}

export interface SourceInfo {
  file: string;
  sha256: string;
  format: SourceFormat;
  pageCount: number;
  /** Encoding detected for text dumps (e.g. "UTF-8", "GB18030"). */
  encoding?: string;
}

export interface SourceDocument {
  source: SourceInfo;
  pages: Page[];
}
