import ExcelJS from 'exceljs';
import type { CanonicalResult, CanonicalTable } from '../model/canonical.js';
import { writeFileAtomic } from './atomic.js';
import { cellId, cellMarks, tableColumns, trustOf, type CellMarks } from './cell-marks.js';
import { FACT_COLUMNS, factRecords } from './csv.js';
import { exactNumber, inUnit, numberFormat, printedDecimals, SheetNames } from './xlsx-cells.js';
import { headerCells } from './xlsx-header.js';

/**
 * The per-document workbook (`--format xlsx`): a summary sheet, one sheet per table laid out as
 * printed (title, unit, merged header rows, row codes and labels, amounts as numbers in the
 * table's unit with the printed number of decimals), then facts (long form, 元 as numbers beside
 * the printed string as text), checks and flags. Cells of failed checks are red and cells that
 * were corrected are yellow, each with the reason as a note. Built with ExcelJS (merged cells,
 * number formats, notes, filters and frozen panes, which CSV cannot carry).
 */

const RED = 'FFFFC7CE';
const YELLOW = 'FFFFEB9C';
const HEADER = 'FFDDEBF7';
const GREY = 'FF808080';
const SIDE_LABEL: Record<string, string> = { income: '收入', expenditure: '支出', personnel: '人员经费', public: '公用经费' };

const fill = (argb: string): ExcelJS.Fill => ({ type: 'pattern', pattern: 'solid', fgColor: { argb } });
const thin: Partial<ExcelJS.Borders> = { top: { style: 'thin' }, left: { style: 'thin' }, bottom: { style: 'thin' }, right: { style: 'thin' } };

/** A sheet name for a table: template id and name, or for `other` its printed title. */
function tableSheetName(t: CanonicalTable, i: number): string {
  return t.template === 'other' ? `T${i + 1} ${t.title || '其他表'}` : `${t.template} ${t.templateName}`;
}

export function buildDocumentWorkbook(r: CanonicalResult): ExcelJS.Workbook {
  const wb = new ExcelJS.Workbook();
  wb.creator = `${r.tool.name} ${r.tool.version}`;
  wb.title = r.source.file;
  const names = new SheetNames();
  const marks = cellMarks(r);
  const summary = wb.addWorksheet(names.take('概览 summary'));
  const sheetOf = r.tables.map((t, i) => names.take(tableSheetName(t, i)));
  const factsName = names.take('facts 明细');
  const checksName = names.take('checks 勾稽');
  const flagsName = names.take('flags 提示');

  summarySheet(summary, r, sheetOf, [factsName, checksName, flagsName]);
  r.tables.forEach((t, i) => tableSheet(wb.addWorksheet(sheetOf[i]!, { views: [{ state: 'frozen', ySplit: 0 }] }), r, t, i, marks));
  factsSheet(wb.addWorksheet(factsName), r);
  checksSheet(wb.addWorksheet(checksName), r, marks);
  flagsSheet(wb.addWorksheet(flagsName), r);
  return wb;
}

export async function writeDocumentXlsx(path: string, r: CanonicalResult): Promise<void> {
  const buf = await buildDocumentWorkbook(r).xlsx.writeBuffer();
  await writeFileAtomic(path, new Uint8Array(buf as ArrayBuffer));
}

function summarySheet(ws: ExcelJS.Worksheet, r: CanonicalResult, sheetOf: string[], others: string[]): void {
  ws.columns = [{ width: 22 }, { width: 60 }, { width: 14 }, { width: 12 }, { width: 10 }, { width: 14 }];
  const cov = (r.document as { coverage?: { amounts: number; inTables: number; inNarrative: number; unplaced: number; share: number } }).coverage;
  const rows: [string, string | number][] = [
    ['文件 file', r.source.file],
    ['类型 kind', r.document.kind],
    ['年度 year', r.document.year ?? ''],
    ['部门 department', r.document.department ?? ''],
    ['页数 pages', r.source.pageCount],
    ['sha256', r.source.sha256],
    ['工具 tool', `${r.tool.name} ${r.tool.version}`],
  ];
  if (cov) rows.push(['覆盖 coverage', `${cov.inTables + cov.inNarrative} of ${cov.amounts} amounts placed (${(cov.share * 100).toFixed(1)}%), ${cov.unplaced} unplaced`]);
  const failed = r.checks.filter((c) => c.status === 'fail').length;
  rows.push(['勾稽 checks', `${r.checks.filter((c) => c.status === 'pass' || c.status === 'info').length} passed, ${failed} failed, ${r.checks.length} in all`]);
  rows.push(['提示 flags', `${r.flags.filter((f) => f.severity === 'error').length} errors, ${r.flags.filter((f) => f.severity === 'warning').length} warnings`]);
  for (const [k, v] of rows) ws.addRow([k, v]).getCell(1).font = { bold: true };
  ws.addRow([]);
  const head = ws.addRow(['表 table', '标题 title as printed', '状态 status', '页 pages', '单位 unit', '核对 verification']);
  head.font = { bold: true };
  head.eachCell((c) => (c.fill = fill(HEADER)));
  r.tables.forEach((t, i) => {
    const v = (t as { verification?: { status?: string } }).verification?.status ?? '';
    const row = ws.addRow([t.template === 'other' ? `other (T${i + 1})` : `${t.template} ${t.templateName}`, t.title, t.status, t.pages.join(' '), t.unit.applied, v]);
    row.getCell(1).value = { text: String(row.getCell(1).value), hyperlink: `#'${sheetOf[i]}'!A1` };
    row.getCell(1).font = { color: { argb: 'FF0563C1' }, underline: true };
    if (t.status !== 'ok' && t.status !== 'empty') row.getCell(3).fill = fill(YELLOW);
    if (v === 'inconsistent') row.getCell(6).fill = fill(RED);
  });
  ws.addRow([]);
  for (const s of others) {
    const row = ws.addRow([{ text: s, hyperlink: `#'${s}'!A1` }]);
    row.getCell(1).font = { color: { argb: 'FF0563C1' }, underline: true };
  }
}

function tableSheet(ws: ExcelJS.Worksheet, r: CanonicalResult, t: CanonicalTable, ti: number, marks: CellMarks): void {
  const cols = tableColumns(t);
  const hasCode = t.rows.some((row) => row.code);
  const hasSide = t.rows.some((row) => row.side);
  const lead = [...(hasSide ? ['方 side'] : []), ...(hasCode ? ['编码 code'] : []), '项目 item'];
  const width = lead.length + Math.max(cols.length, 1);
  ws.getColumn(lead.length).width = 36;
  if (hasCode) ws.getColumn(lead.length - 1).width = 12;
  for (let c = 0; c < cols.length; c++) ws.getColumn(lead.length + 1 + c).width = 16;

  // Title, unit and where it was printed.
  ws.addRow([t.title || t.templateName]).font = { bold: true, size: 13 };
  ws.mergeCells(1, 1, 1, width);
  const unit = t.unit.declared === t.unit.applied || !t.unit.declared ? `单位：${t.unit.applied}` : `单位：${t.unit.applied}（印为 printed ${t.unit.declared}）`;
  const meta = ws.addRow([
    `${unit}   ${t.template === 'other' ? 'other (no national template)' : `${t.template} ${t.templateName}`}   status ${t.status}   page ${t.pages.join(', ')}`,
  ]);
  ws.mergeCells(2, 1, 2, width);
  meta.font = { color: { argb: GREY } };
  if (t.unit.reason) meta.getCell(1).note = t.unit.reason;

  // Header rows rebuilt from the column labels, merged as printed; then the column keys.
  const top = 3;
  const { cells, levels } = headerCells(cols.map((c) => c.label || c.key));
  for (let l = 0; l < levels; l++) ws.addRow([]);
  lead.forEach((text, i) => {
    ws.getCell(top, i + 1).value = text;
    if (levels > 1) ws.mergeCells(top, i + 1, top + levels - 1, i + 1);
  });
  for (const h of cells) {
    const row = top + h.level;
    const c0 = lead.length + 1 + h.from;
    ws.getCell(row, c0).value = h.text;
    const bottom = h.leaf ? top + levels - 1 : row;
    if (bottom > row || h.to > h.from) ws.mergeCells(row, c0, bottom, lead.length + 1 + h.to);
  }
  const keys = ws.addRow([...lead.map(() => ''), ...cols.map((c) => c.key)]);
  keys.font = { italic: true, color: { argb: GREY }, size: 9 };
  keys.getCell(1).value = 'column key →';
  for (let rr = top; rr < top + levels; rr++) {
    for (let c = 1; c <= width; c++) {
      const cell = ws.getCell(rr, c);
      cell.fill = fill(HEADER);
      cell.font = { bold: true };
      cell.alignment = { horizontal: 'center', vertical: 'middle', wrapText: true };
      cell.border = thin;
    }
  }
  ws.views = [{ state: 'frozen', ySplit: top + levels, xSplit: lead.length }];

  // Body: one row per canonical row.
  t.rows.forEach((row, ri) => {
    const values: ExcelJS.CellValue[] = [
      ...(hasSide ? [SIDE_LABEL[row.side ?? ''] ?? row.side ?? ''] : []),
      ...(hasCode ? [row.code ?? ''] : []),
      row.label,
    ];
    const xr = ws.addRow(values);
    const labelCell = xr.getCell(lead.length);
    if (row.level && row.level > 1) labelCell.alignment = { indent: row.level - 1 };
    if (row.total) xr.font = { bold: true };
    cols.forEach((col, c) => {
      const cell = row.cells[col.key];
      if (!cell) return;
      const xc = xr.getCell(lead.length + 1 + c);
      const id = cellId(ti, ri, col.key);
      const notes: string[] = [];
      let asText = false;
      if (cell.yuan !== null) {
        const v = inUnit(cell.yuan, t.unit.applied);
        const n = exactNumber(v);
        if (n !== null) {
          xc.value = n;
          xc.numFmt = numberFormat(Math.max(printedDecimals(cell.raw), v.includes('.') ? v.split('.')[1]!.length : 0));
        } else {
          xc.value = v;
          asText = true;
          notes.push('Exact value kept as text: Excel numbers hold 15 significant digits.');
        }
        notes.push(`${cell.yuan} 元; printed "${cell.raw}"${cell.page !== null ? `, page ${cell.page}` : ''}${cell.line !== undefined ? `, line ${cell.line}` : ''}`);
      } else {
        xc.value = cell.raw;
      }
      for (const c2 of cell.corrections ?? []) notes.push(`Corrected (${c2.kind}) from ${c2.from} to ${c2.to}: ${c2.reason}`);
      const failed = marks.failed.get(id) ?? [];
      for (const f of failed) notes.push(`Check failed ${f.id}: ${f.message}`);
      const trust = trustOf(marks, id, cell);
      if (failed.length) xc.fill = fill(RED);
      else if (trust === 'corrected' || trust === 'low_ocr_confidence') xc.fill = fill(YELLOW);
      if (trust === 'low_ocr_confidence') notes.push(`OCR confidence ${cell.confidence}`);
      // A note only where there is something to say beyond the value: notes make files heavy.
      if (failed.length || cell.corrections?.length || trust === 'low_ocr_confidence' || asText) xc.note = notes.join('\n');
    });
  });

  // Structured records (performance targets): one row per record.
  if (t.records?.length) {
    ws.addRow([]);
    const fields = [...new Set(t.records.flatMap((rec) => Object.keys(rec)))];
    ws.addRow(fields).font = { bold: true };
    for (const rec of t.records) ws.addRow(fields.map((f) => rec[f] ?? ''));
  }
  if (t.notes.length) {
    ws.addRow([]);
    for (const n of t.notes) ws.addRow([n]).font = { italic: true };
  }
}

function factsSheet(ws: ExcelJS.Worksheet, r: CanonicalResult): void {
  const columns = ['table_index', ...FACT_COLUMNS];
  const yuanAt = columns.indexOf('yuan') + 1;
  ws.addRow(columns).font = { bold: true };
  for (const f of factRecords(r)) {
    const values: ExcelJS.CellValue[] = [f.tableIndex, ...f.values];
    const row = ws.addRow(values);
    const n = exactNumber(f.values[FACT_COLUMNS.indexOf('yuan')]!);
    if (n !== null) {
      row.getCell(yuanAt).value = n;
      row.getCell(yuanAt).numFmt = '#,##0.00';
    }
    for (const k of ['page', 'line'] as const) {
      const i = columns.indexOf(k);
      const v = f.values[FACT_COLUMNS.indexOf(k)];
      if (v) row.getCell(i + 1).value = Number(v);
    }
  }
  finishList(ws, columns.length);
}

function checksSheet(ws: ExcelJS.Worksheet, r: CanonicalResult, marks: CellMarks): void {
  const columns = ['check_id', 'status', 'message', 'expected', 'actual', 'difference', 'cell_ids'];
  ws.addRow(columns).font = { bold: true };
  r.checks.forEach((c, i) => {
    const row = ws.addRow([c.id, c.status, c.message, c.expected ?? '', c.actual ?? '', c.difference ?? '', marks.checkCells[i]!.join('; ')]);
    for (const k of [4, 5, 6]) {
      const n = exactNumber(String(row.getCell(k).value ?? ''));
      if (n !== null) row.getCell(k).value = n;
    }
    if (c.status === 'fail') row.getCell(2).fill = fill(RED);
  });
  finishList(ws, columns.length);
  ws.getColumn(3).width = 80;
}

function flagsSheet(ws: ExcelJS.Worksheet, r: CanonicalResult): void {
  const columns = ['kind', 'severity', 'table', 'page', 'line', 'message'];
  ws.addRow(columns).font = { bold: true };
  for (const f of r.flags) {
    const row = ws.addRow([f.kind, f.severity, f.table ?? '', f.page ?? '', f.line ?? '', f.message]);
    if (f.severity === 'error') row.getCell(2).fill = fill(RED);
    else if (f.severity === 'warning') row.getCell(2).fill = fill(YELLOW);
  }
  finishList(ws, columns.length);
  ws.getColumn(6).width = 80;
}

/** Header row frozen, filters on, readable widths. */
function finishList(ws: ExcelJS.Worksheet, n: number): void {
  ws.views = [{ state: 'frozen', ySplit: 1 }];
  ws.autoFilter = { from: { row: 1, column: 1 }, to: { row: Math.max(1, ws.rowCount), column: n } };
  for (let c = 1; c <= n; c++) ws.getColumn(c).width = 14;
  ws.getRow(1).eachCell((c) => (c.fill = fill(HEADER)));
}
