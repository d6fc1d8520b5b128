import type { DetectedTable, GridCell, GridRow } from '../model/layout.js';
import { parseAmount } from '../normalise/amount.js';
import { isCode, splitCodeName } from '../normalise/code.js';

/**
 * Splits a detected table into header rows and body rows, and gives each grid column the
 * text of every header cell above it (spanning group headers included).
 */
export interface HeaderInfo {
  headerRows: GridRow[];
  bodyRows: GridRow[];
  /** Joined header text per grid column (whitespace removed). */
  paths: string[];
  /** 栏次 number printed above each grid column, when the table prints them. */
  numbers: (number | null)[];
}

const TOTAL_LABEL = /^(合计|总计|小计)$/;

/** A row of consecutive column numbers (栏次): "1 2 3 …", possibly after 类/款/项/栏次 cells. */
export function columnNumbers(row: GridRow): Map<number, number> | null {
  const nums = new Map<number, number>();
  // A number OCR misread as a character or two ("了" for 7, "工" for 1): filled in from its
  // neighbours when the rest of the row is a clean run of numbers.
  const unread: number[] = [];
  for (const c of row.cells) {
    const t = c.text.replace(/\s+/g, '');
    if (t === '') continue;
    if (/^\d{1,2}$/.test(t)) nums.set(c.col, Number(t));
    else if (/^(栏次|栏目|类|款|项|项目|行次|科目编码|科目名称|编码|合计|总计)+$/.test(t)) continue;
    else if ([...t].length <= 2 && !/[\d.,]/.test(t)) unread.push(c.col);
    else return null;
  }
  if (nums.size < 2) return null;
  if (unread.length > 0) {
    if (nums.size < 3 || unread.length > Math.max(1, Math.floor(nums.size / 4))) return null;
    for (const col of unread) {
      const left = [...nums.keys()].filter((k) => k < col).sort((a, b) => b - a)[0];
      const right = [...nums.keys()].filter((k) => k > col).sort((a, b) => a - b)[0];
      // Only where the neighbours leave exactly one number for it, one column per number.
      const fromLeft = left !== undefined ? nums.get(left)! + (col - left) : null;
      const fromRight = right !== undefined ? nums.get(right)! - (right - col) : null;
      const n = fromLeft ?? fromRight;
      if (n === null || (fromLeft !== null && fromRight !== null && fromLeft !== fromRight) || n < 1) return null;
      nums.set(col, n);
    }
    const ordered = [...nums.entries()].sort((a, b) => a[0] - b[0]);
    nums.clear();
    for (const [k, v] of ordered) nums.set(k, v);
  }
  const vals = [...nums.values()];
  const sorted = [...vals].sort((a, b) => a - b);
  // Consecutive and increasing left to right (FA01 prints "1 … 2" on two sides: allow gaps of one).
  if (sorted[0]! > 2) return null;
  for (let i = 1; i < vals.length; i++) if (vals[i]! <= vals[i - 1]!) return null;
  return nums;
}

function isBodyRow(row: GridRow): boolean {
  if (columnNumbers(row)) return false;
  const texts = row.cells.map((c) => c.text.trim()).filter((t) => t !== '');
  if (texts.length === 0) return false;
  if (texts.some((t) => parseAmount(t).kind === 'number' && !/^\d{1,2}$/.test(t))) return true;
  if (texts.some((t) => isCode(t) || (splitCodeName(t)?.name ?? '') !== '')) return true;
  // A total row (合计 with or without values); 小计/合计 as a column header has labels beside it.
  return TOTAL_LABEL.test(texts[0]!.replace(/\s+/g, '')) && texts.slice(1).every((t) => parseAmount(t).kind !== 'text');
}

export function splitHeader(table: DetectedTable): HeaderInfo {
  const first = table.rows.findIndex(isBodyRow);
  const headerRows = first < 0 ? table.rows : table.rows.slice(0, first);
  const bodyRows = first < 0 ? [] : table.rows.slice(first);
  const n = table.columnCount;
  const paths: string[] = Array.from({ length: n }, () => '');
  const numbers: (number | null)[] = Array.from({ length: n }, () => null);
  const spans = table.method === 'delimited' ? delimitedSpans(headerRows, n) : headerRows.map((r) => r.cells);
  spans.forEach((cells, ri) => {
    const nums = columnNumbers(headerRows[ri]!);
    if (nums) {
      for (const [col, num] of nums) if (col < n) numbers[col] = num;
      return;
    }
    for (const c of cells) {
      const t = c.text.replace(/\s+/g, '');
      for (let k = c.col; k < Math.min(n, c.col + c.span); k++) paths[k] += t;
    }
  });
  return { headerRows, bodyRows, paths, numbers };
}

/**
 * In a delimited header a group label is followed by empty cells it spans ("收入\t\t\t支出").
 * A cell spans the empties after it, up to the next filled cell of its row and never past a
 * column where a row above starts a new group.
 */
function delimitedSpans(rows: GridRow[], n: number): GridCell[][] {
  const starts: Set<number>[] = [];
  return rows.map((row, ri) => {
    const filled = row.cells.filter((c) => c.text.trim() !== '').sort((a, b) => a.col - b.col);
    const mine = new Set(filled.map((c) => c.col));
    starts.push(mine);
    const maxFilled = Math.max(...rows.map((r) => r.cells.filter((c) => c.text.trim() !== '').length));
    const isGroupRow = filled.length < maxFilled;
    return filled.map((c, k) => {
      if (!isGroupRow) return c;
      const nextFilled = filled[k + 1]?.col ?? n;
      let end = c.col + 1;
      while (end < nextFilled && !starts.slice(0, ri).some((s) => s.has(end))) end++;
      return { ...c, span: end - c.col };
    });
  });
}

/**
 * Columns that hold parts of classification codes, printed in separate 类 | 款 | 项 columns
 * (Shanghai, Yantai, Changsha) under a merged 科目编码 header, or a column of codes: never amounts.
 * By the header ("…科目编码类", "款", "项**") or by the body (every value a two-digit part such as
 * "06", at least one with a leading zero, beside a column of codes).
 */
export function codeColumns(header: HeaderInfo): Set<number> {
  const out = new Set<number>();
  header.paths.forEach((p, col) => {
    const t = p.replace(/[*＊\d]+$/, '');
    // 类 / 款 / 项 parts, or a whole second code (Xi'an and Yantai print 部门 and 政府 经济科目编码 side by side).
    if (/^(类|款|项)$/.test(t) || (/(编码|代码|科目)(类|款|项)$/.test(t) && !/名称/.test(t)) || (/(科目|单位|预算单位)(编码|代码)$/.test(t) && !/名称/.test(t))) out.add(col);
  });
  const values = new Map<number, string[]>();
  for (const r of header.bodyRows) {
    for (const c of r.cells) {
      const t = c.text.trim();
      if (t !== '') values.set(c.col, [...(values.get(c.col) ?? []), t]);
    }
  }
  for (const [col, ts] of values) {
    if (ts.length === 0 || out.has(col)) continue;
    const parts = ts.every((t) => /^\d{2}$/.test(t)) && ts.some((t) => t.startsWith('0'));
    const codesLeft = out.has(col - 1) || (values.get(col - 1) ?? []).some((t) => isCode(t));
    if (parts && codesLeft) out.add(col);
  }
  // A code column (类) left of the parts, whatever its header says.
  for (const col of [...out]) {
    const left = values.get(col - 1) ?? [];
    if (!out.has(col - 1) && left.length > 0 && left.every((t) => isCode(t) || /^\d{2}$/.test(t))) out.add(col - 1);
  }
  return out;
}
