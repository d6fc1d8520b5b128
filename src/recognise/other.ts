import type { CanonicalCell, CanonicalColumn, CanonicalRow, Unit } from '../model/canonical.js';
import type { GridCell } from '../model/layout.js';
import { parseAmount } from '../normalise/amount.js';
import { cleanLabel, codeLevel, isCode, joinSplitCode, splitCodeName } from '../normalise/code.js';
import { amountCell } from './cells.js';
import { lineNumberColumns, textsByColumn } from './columns.js';
import { columnNumbers, type HeaderInfo } from './header.js';
import type { BuiltRows } from './rows.js';

/**
 * Tables of no known template keep everything they print: one column per printed column (key
 * `c1`, `c2` … by position, label = the header as printed, multi-row headers joined), rows with
 * code / label / level as for known tables, every amount parsed exactly in the table's unit with
 * its page and box. Text in value columns is kept with `yuan: null`. Nothing is dropped: a
 * template we do not know yet is still data.
 */
const TOTAL = /^(合计|总计|小计|本年收入合计|本年支出合计|收入总计|支出总计)$/;
/** Headers of code columns: 功能分类科目编码, 类 | 款 | 项, 科目代码. */
const CODE_HEADER = /编码|代码|^类$|^款$|^项$|类款项|科目$/;

/** A header-like row that states an amount ("基本支出总额 | 1404.22 万元"): a form's line, kept as a row. */
const STATED_AMOUNT = /\d[\d,]*\.\d+|\d[\d,]*\s*(万元|元)|\d[\d,]*(\.\d+)?\s*万(?![\u4e00-\u9fff])/;

export function otherRows(header: HeaderInfo, n: number, unit: Unit): BuiltRows {
  const stated = header.headerRows.filter((r) => !columnNumbers(r) && r.cells.some((c) => STATED_AMOUNT.test(c.text)));
  const body = [...stated, ...header.bodyRows];
  const byCol = textsByColumn(body);
  // 行次 columns (1, 2, 3 … counting down the rows) number the rows; they are not amounts.
  const lineCols = lineNumberColumns(byCol);
  // Year columns (2022 | 2021 | 2022比2021 in a comparison table) name rows; they are not amounts.
  const yearCols = new Set([...byCol].filter(([, ts]) => ts.filter((t) => /^(19|20)\d{2}(年|年度)?$|^(19|20)\d{2}.*(19|20)\d{2}/.test(t)).length >= ts.length * 0.6).map(([c]) => c));
  for (const c of yearCols) lineCols.delete(c);
  // Code columns: mostly classification codes (or their 2-digit 款/项 parts under a 类|款|项 header).
  const codeCols = new Set(
    [...byCol]
      .filter(([col, ts]) => {
        const coded = ts.filter((t) => isCode(t)).length;
        const digits = ts.filter((t) => /^\d{2,7}$/.test(t)).length;
        const headed = CODE_HEADER.test(header.paths[col] ?? '');
        return !lineCols.has(col) && digits >= ts.length * 0.6 && (coded >= ts.length * 0.6 || (headed && digits > 0));
      })
      .map(([c]) => c),
  );

  const rows: CanonicalRow[] = [];
  for (const r of body) {
    const cells = r.cells.filter((c) => c.text.trim() !== '').sort((a, b) => a.col - b.col);
    if (cells.length === 0) continue;
    const used = new Set<GridCell>();
    const parts = cells.filter((c) => codeCols.has(c.col));
    parts.forEach((c) => used.add(c));
    let code = joinSplitCode(parts.map((c) => c.text)) ?? (parts.map((c) => c.text.trim()).find(isCode) ?? null);
    let label = '';
    const lineCell = cells.find((c) => lineCols.has(c.col));
    if (lineCell) used.add(lineCell);
    const yearCell = cells.find((c) => yearCols.has(c.col));
    const labelCell = cells.find((c) => !used.has(c) && parseAmount(c.text).kind !== 'number');
    if (labelCell) {
      used.add(labelCell);
      const merged = splitCodeName(labelCell.text);
      if (merged && merged.name !== '' && !code) {
        code = merged.code;
        label = cleanLabel(merged.name);
      } else label = cleanLabel(labelCell.text);
    }
    const out: Record<string, CanonicalCell> = {};
    for (const c of cells) {
      if (used.has(c)) continue;
      if (c === yearCell) {
        // Kept as printed, as text: it says which year the row's amounts are for.
        out[`c${c.col + 1}`] = { ...amountCell(c, unit), yuan: null };
        continue;
      }
      const key = `c${c.col + 1}`;
      // Two runs detected in one grid column of a row are one printed cell only when joined; keep both.
      const k = out[key] ? `${key}_${Object.keys(out).filter((x) => x.startsWith(`${key}_`)).length + 2}` : key;
      out[k] = amountCell(c, unit);
    }
    if (Object.keys(out).length === 0 && label === '' && !code) continue;
    const row: CanonicalRow = { code, label, level: codeLevel(code), page: r.page, cells: out };
    if (lineCell && /^\d+$/.test(lineCell.text.trim())) row.lineNo = Number(lineCell.text.trim());
    if (!code && TOTAL.test(label)) row.total = true;
    rows.push(row);
  }
  const keys = new Set(rows.flatMap((r) => Object.keys(r.cells)));
  const columns: CanonicalColumn[] = [];
  for (let i = 0; i < n; i++) {
    const key = `c${i + 1}`;
    if (!keys.has(key) && (codeCols.has(i) || lineCols.has(i))) continue;
    columns.push({ key, label: header.paths[i] ?? '' });
    for (const extra of [...keys].filter((k) => k.startsWith(`${key}_`)).sort()) columns.push({ key: extra, label: header.paths[i] ?? '' });
  }
  return { columns, rows, flags: [] };
}

