import type { TextLine } from '../model/document.js';
import type { DetectedTable, GridRow } from '../model/layout.js';

/**
 * Tables whose cells the source delimited itself (tabs, pipes, <td>): consecutive delimited
 * lines are one table; each cell keeps its index, line and page.
 */
export function delimitedTable(lines: TextLine[], page: number): DetectedTable {
  let columnCount = 0;
  const rows: GridRow[] = lines.map((l) => {
    const cells = (l.cells ?? []).map((text, col) => ({ text, col, span: 1, page, box: null, lineNo: l.lineNo, ...(l.bold ? { bold: true } : {}) }));
    columnCount = Math.max(columnCount, cells.length);
    return { cells, page, lineNo: l.lineNo, box: null };
  });
  return { method: 'delimited', pages: [page], rows, columnCount, boxes: [], confidence: 1 };
}
