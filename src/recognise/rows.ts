import { ORGANISATION_NAME } from '../../extractors/organisations.js';
import { Decimal } from 'decimal.js';
import type { RowIdentity, TemplateSpec } from '../../extractors/types.js';
import type { CanonicalCell, CanonicalColumn, CanonicalRow, Flag, Unit } from '../model/canonical.js';
import type { GridCell, GridRow } from '../model/layout.js';
import { parseAmount } from '../normalise/amount.js';
import { cleanLabel, codeLevel, isCode, joinSplitCode, labelOrdinal, splitCodeName } from '../normalise/code.js';
import { amountColumns, ignoredColumns, isLineNumbering, mapColumns, mappingContradictions, printedHeader, textsByColumn, type ColumnMap } from './columns.js';
import { amountCell } from './cells.js';
import { codeColumns, type HeaderInfo } from './header.js';

export interface BuiltRows {
  columns: CanonicalColumn[];
  rows: CanonicalRow[];
  flags: Flag[];
}

const TOTAL = /^(合计|总计|小计|本年收入合计|本年支出合计|收入总计|支出总计)$/;

const filled = (r: GridRow): GridCell[] => r.cells.filter((c) => c.text.trim() !== '').sort((a, b) => a.col - b.col);
const isAmount = (t: string) => parseAmount(t).kind === 'number';
/** Headers of columns that count or describe things (采购数量, 人数, 规格型号, 计量单位), never amounts. */
const COUNT_HEADER = /数量|人数|个数|规格|型号|计量单位/;

/**
 * Unit identifiers in the columns headed 部门代码 / 单位编码 / 单位代码 (not 科目编码), left of `before`:
 * neither classification codes nor amounts; the unit's name labels the row. In a column that prints
 * no 款 / 项 code (Wuxi 327, 327001; Xi'an 117, 117001) every number is one; in a column that also
 * prints the 功能分类 codes (东西湖: "024", then "201", "20131" …) only the numbers that are no code
 * and the codes that head them ("117" above "117001"). `pure` are the columns of identifiers only.
 */
function unitIdentifiers(header: HeaderInfo, before: number): { is: (c: GridCell) => boolean; pure: Set<number> } {
  const texts = textsByColumn(header.bodyRows);
  const ids = new Map<number, Set<string> | 'all'>();
  header.paths.forEach((p, col) => {
    if (col >= before || !/(部门|单位)(代码|编码|编号)/.test(p) || /科目/.test(p)) return;
    const nums = (texts.get(col) ?? []).filter((t) => /^\d+$/.test(t));
    if (!nums.some((t) => /^(\d{5}|\d{7})$/.test(t))) return void ids.set(col, 'all');
    const own = nums.filter((t) => !isCode(t));
    ids.set(col, new Set([...own, ...nums.filter((t) => own.some((id) => id.length > t.length && id.startsWith(t)))]));
  });
  const pure = new Set([...ids].filter(([, v]) => v === 'all').map(([c]) => c));
  const is = (c: GridCell) => {
    const v = ids.get(c.col);
    const t = c.text.trim();
    return v !== undefined && /^\d+$/.test(t) && (v === 'all' || v.has(t));
  };
  return { is, pure };
}
/** A column under a header the template declares not its own (ignoreHeader: 上年, 增减变化情况 beside 当年). */
const excludedHeader = (tpl: TemplateSpec, path: string) => (tpl.ignoreHeader ?? []).some((x) => path.includes(x));

function columnsOf(tpl: TemplateSpec, header: HeaderInfo, maps: { side?: string; map: ColumnMap }[]): CanonicalColumn[] {
  const out: CanonicalColumn[] = [];
  for (const { side, map } of maps) {
    for (const spec of tpl.columns) {
      if (side && spec.side && spec.side !== side) continue;
      const col = map.get(spec.key);
      if (col === undefined || out.some((c) => c.key === spec.key)) continue;
      const printed = printedHeader(header, map, spec.key);
      out.push({ key: spec.key, label: printed && printed.length > 0 ? printed : spec.label });
    }
  }
  return out;
}

/**
 * A mapping the arithmetic chose against the printed header (a key on a column whose header names
 * another column) is never silent: one warning per table, and the table is partial.
 */
function headerMismatch(tpl: TemplateSpec, header: HeaderInfo, maps: { side?: string; map: ColumnMap }[], page: number | null): Flag[] {
  const bad = maps.flatMap(({ side, map }) => mappingContradictions(tpl, header, map, side));
  if (bad.length === 0) return [];
  return [{
    kind: 'column_header_mismatch',
    severity: 'warning',
    message: `${tpl.id}: the row identities place ${bad.map((b) => `${b.key} under the printed header "${b.header}"`).join(', ')}, which names another column; check the table`,
    page,
    table: tpl.id,
  }];
}

/** Does every identity of the template hold on these values (missing = 0, rounding allowed)? */
export function identitiesHold(ids: RowIdentity[] | undefined, values: Map<string, Decimal>, present?: Set<string>): boolean {
  for (const id of ids ?? []) {
    const keys = [id.total, ...id.plus, ...(id.minus ?? [])];
    // An identity over columns this table does not print (a variant's layout) does not apply.
    if (present && !keys.every((k) => present.has(k))) continue;
    if (present && ((id.requires ?? []).some((k) => !present.has(k)) || (id.unless ?? []).some((k) => present.has(k)))) continue;
    if (!keys.some((k) => values.has(k))) continue;
    const v = (k: string) => values.get(k) ?? new Decimal(0);
    let sum = new Decimal(0);
    for (const k of id.plus) sum = sum.plus(v(k));
    for (const k of id.minus ?? []) sum = sum.minus(v(k));
    const tol = new Decimal('0.01').times(keys.length);
    if (v(id.total).minus(sum).abs().greaterThan(tol)) return false;
  }
  return true;
}

interface Placed {
  cells: Record<string, CanonicalCell>;
  flag?: Flag;
}

/**
 * Puts a row's amount cells into the mapped columns. When the row's values sit outside the
 * value columns (a converter shifted them), the shift that lands every value in a value
 * column and satisfies the row identity is applied, recorded on each cell, and flagged.
 */
function placeAmounts(tpl: TemplateSpec, map: ColumnMap, amounts: GridCell[], unit: Unit, rowName: string, page: number | null, line: number | undefined): Placed {
  const byCol = new Map<number, string>();
  for (const [k, c] of map) byCol.set(c, k);
  const valueAt = (s: number) => {
    const vals = new Map<string, Decimal>();
    for (const a of amounts) {
      const key = byCol.get(a.col + s);
      const p = parseAmount(a.text);
      if (key && p.kind === 'number') vals.set(key, p.value);
    }
    return vals;
  };
  const fits = (s: number) => amounts.every((a) => byCol.has(a.col + s));
  const present = new Set(map.keys());
  let shift = 0;
  if (!fits(0) || !identitiesHold(tpl.rowIdentities, valueAt(0), present)) {
    const options = [0, -1, 1, -2, 2, -3, 3].filter(fits);
    const good = options.find((s) => identitiesHold(tpl.rowIdentities, valueAt(s), present));
    if (good !== undefined) shift = good;
    else if (!fits(0) && options.length > 0) shift = options[0]!;
  }
  const cells: Record<string, CanonicalCell> = {};
  const stray: string[] = [];
  for (const a of amounts) {
    const key = byCol.get(a.col + shift);
    if (!key) {
      stray.push(a.text.trim());
      continue;
    }
    const cell = amountCell(a, unit);
    if (shift !== 0) {
      cell.corrections = [{ kind: 'shift', from: `column ${a.col + 1}`, to: key, reason: `the row's values were printed ${Math.abs(shift)} column(s) ${shift > 0 ? 'left' : 'right'} of the table's value columns; realigned so that every value sits in a value column${tpl.rowIdentities ? ' and the row identity holds' : ''}` }];
    }
    cells[key] = cell;
  }
  let flag: Flag | undefined;
  if (stray.length > 0 || shift !== 0) {
    flag = {
      kind: 'misaligned_row',
      severity: stray.length > 0 ? 'warning' : 'info',
      message: stray.length > 0
        ? `${tpl.id} row "${rowName}": value(s) ${stray.join(', ')} sit outside the table's value columns and were not assigned`
        : `${tpl.id} row "${rowName}": values realigned by ${shift} column(s) (recorded on each cell)`,
      page,
      table: tpl.id,
    };
    if (line !== undefined) flag.line = line;
  }
  return { cells, flag };
}

/** Code and label from the cells left of the values: split 类/款/项 codes, merged "201 名称". */
function codeAndLabel(cells: GridCell[], firstValueCol: number, lastClass: string | null = null): { code: string | null; label: string; used: Set<GridCell> } {
  const used = new Set<GridCell>();
  const parts: string[] = [];
  let label: string | null = null;
  let code: string | null = null;
  for (const [i, c] of cells.entries()) {
    const t = c.text.trim();
    if (label !== null) break;
    if (c.col < firstValueCol && (isCode(t) || (parts.length > 0 && /^\d{2}$/.test(t)))) {
      parts.push(t);
      used.add(c);
      continue;
    }
    // A whole number printed before the row's name is not an amount (amounts follow the name):
    // two digits under a 类 are its 款 printed short (Xi'an "208 …" then "05 行政事业单位离退休"
    // = 20805); any other is an identifier (单位编码 125003).
    const next = cells[i + 1];
    if (c.col < firstValueCol && parts.length === 0 && /^\d{2,9}$/.test(t) && next && next.col < firstValueCol && !isAmount(next.text) && !isCode(next.text.trim())) {
      used.add(c);
      if (/^\d{2}$/.test(t) && lastClass) parts.push(lastClass + t);
      continue;
    }
    if (/^0\d+$/.test(t)) {
      // An identifier column (单位代码 "024"): neither code, label nor amount.
      used.add(c);
      continue;
    }
    const merged = splitCodeName(t);
    if (merged && merged.name !== '') {
      code = merged.code;
      label = merged.name;
      used.add(c);
      continue;
    }
    if (!isAmount(t) || (c.col < firstValueCol && !/^[\d.,\s-]+$/.test(t))) {
      label = t;
      used.add(c);
      continue;
    }
    break;
  }
  code = joinSplitCode(parts) ?? code;
  return { code, label: cleanLabel(label ?? ''), used };
}

/** `coded` and `list` layouts: one row per code or item, amounts in mapped columns. */
export function codedRows(tpl: TemplateSpec, header: HeaderInfo, n: number, unit: Unit): BuiltRows {
  const map = mapColumns(tpl, header, { from: 0, to: n });
  const firstValueCol = Math.min(...map.values());
  const rows: CanonicalRow[] = [];
  const flags: Flag[] = [];
  const labelCol = labelColumnByHeader(tpl, header);
  // Codes printed in separate 类 | 款 | 项 columns: one code per row; a blank 类 (or 款) repeats the
  // one above it, as printed tables leave it out under a class already named.
  // Unit identifiers (部门代码 / 单位编码 columns) are neither code nor amount.
  const unitIds = unitIdentifiers(header, firstValueCol);
  const allCodeCols = [...codeColumns(header)].filter((c) => c < firstValueCol && !unitIds.pure.has(c)).sort((a, b) => a - b);
  // Adjacent code columns make one code; a second group further right (政府经济科目 类 | 款 beside
  // 部门经济科目 类 | 款, Yantai) is a parallel classification: its cells are neither code nor amount.
  const codeCols = allCodeCols.filter((c, i) => i === 0 || allCodeCols.slice(0, i + 1).every((x, k) => k === 0 || x - allCodeCols[k - 1]! === 1));
  const parallelCols = allCodeCols.filter((c) => !codeCols.includes(c));
  // A 序号 column (1, 2, 3 … left of the codes, Xi'an) numbers the rows: neither code, label nor amount.
  const ordinalCols = new Set<number>();
  for (let col = 0; col < Math.min(firstValueCol, n); col++) {
    const ts = header.bodyRows.map((r) => r.cells.find((c) => c.col === col)?.text.trim() ?? '').filter((t) => t !== '');
    if (ts.length >= 3 && isLineNumbering(ts)) ordinalCols.add(col);
  }
  // A column headed 数量 (采购数量, Xi'an 政府采购 "4", "2") counts items, 规格型号 ("1") describes them: text, never amounts.
  const mappedCols = new Set(map.values());
  header.paths.forEach((p, c) => { if (!mappedCols.has(c) && COUNT_HEADER.test(p)) ordinalCols.add(c); });
  let lastParts: string[] = [];
  // The 类 of the last coded row: a 款 printed as its two digits alone belongs to it.
  let lastClass: string | null = null;
  const ignored = ignoredColumns(map);
  // Columns of a positioned table whose printed header names none of the template's columns (本年收入
  // 小计, a 上年结转 breakdown): their values are not the template's, so they never make the row's
  // other values move; they stay unassigned and flagged.
  const positioned = header.headerRows.some((r) => r.cells.some((c) => c.box));
  const mapped = new Set(map.values());
  const codeSet = new Set(allCodeCols);
  const unknown = new Set<number>();
  if (positioned) header.paths.forEach((p, c) => { if (p !== '' && !mapped.has(c) && !codeSet.has(c) && c >= firstValueCol) unknown.add(c); });
  flags.push(...headerMismatch(tpl, header, [{ map }], header.bodyRows[0]?.page ?? null));
  for (const r of header.bodyRows) {
    const cells = filled(r);
    if (cells.length === 0) continue;
    let split: string | null = null;
    const splitUsed = new Set<GridCell>();
    if (codeCols.length >= 2 || (codeCols.length === 1 && parallelCols.length > 0)) {
      const parts = codeCols.map((col) => {
        const c = cells.find((x) => x.col === col && /^\d{2,7}$/.test(x.text.trim()));
        if (c) splitUsed.add(c);
        return c?.text.trim() ?? '';
      });
      const whole = parts.filter((p) => p !== '');
      if (whole.length > 0 && whole.every((p) => isCode(p)) && !whole.every((p, i) => i === 0 || p.startsWith(whole[0]!))) {
        // Parallel classifications (部门 | 政府 经济科目编码): the first is the row's code, the others are not amounts.
        parts.splice(0, parts.length, whole[0]!);
      } else if (parts[0] === '' && parts.slice(1).some((p) => p !== '') && lastParts[0]) {
        parts[0] = lastParts[0];
        if (parts.length > 2 && parts[1] === '' && parts[2] !== '') parts[1] = lastParts[1] ?? '';
      }
      split = joinSplitCode(parts);
      if (split) lastParts = parts;
    }
    for (const c of cells) if ((parallelCols.includes(c.col) && /^\d{2,7}$/.test(c.text.trim())) || ordinalCols.has(c.col) || unitIds.is(c)) splitUsed.add(c);
    const found = codeAndLabel(cells.filter((c) => !splitUsed.has(c)), firstValueCol, lastClass);
    let { code, label } = found;
    const used = found.used;
    for (const c of splitUsed) used.add(c);
    if (split) code = split;
    // A group named in a merged cell beside its rows (一般公共预算资金 over 小计 | 公共财政拨款（补助）资金 |
    // 专项收入, Jiangsu 收入预算总表) shares the line of one of them: under one printed header, the
    // innermost name is the row's, when the group's column is blank on other rows of the table.
    if (labelCol === null && code === null) {
      const texts = cells.filter((c) => c.col < firstValueCol && !splitUsed.has(c) && !isAmount(c.text) && !isCode(c.text.trim()));
      const first = texts[0];
      const last = texts[texts.length - 1];
      const path = (c: GridCell) => header.paths[c.col] ?? '';
      const groupCol = (g: number, inner: number) =>
        header.bodyRows.some((r) => r.cells.some((c) => c.col === inner && c.text.trim() !== '') && !r.cells.some((c) => c.col === g && c.text.trim() !== ''));
      if (first && last && first !== last && path(first) !== '' && path(first) === path(last) && groupCol(first.col, last.col)) {
        label = cleanLabel(last.text);
        for (const c of texts) used.add(c);
      }
    }
    if (labelCol !== null) {
      // List tables (projects, purchases): the 项目名称 column names the row; other text
      // columns (单位, 科目) are context, and the row has no classification code.
      const lc = cells.find((c) => c.col === labelCol);
      for (const c of cells) if (c.col < firstValueCol && !isAmount(c.text)) used.add(c);
      for (const c of cells) if (c.col < firstValueCol && isCode(c.text.trim())) used.add(c);
      if (lc) label = cleanLabel(lc.text);
      else if (!TOTAL.test(label)) label = cleanLabel(cells.find((c) => c.col < firstValueCol && !isAmount(c.text) && !isCode(c.text.trim()))?.text ?? label);
      code = null;
    }
    const amounts = cells.filter((c) => !used.has(c) && isAmount(c.text) && !ignored.has(c.col) && !unknown.has(c.col));
    const name = code ?? label;
    const placed = placeAmounts(tpl, map, amounts, unit, name, r.page, r.lineNo);
    if (placed.flag) flags.push(placed.flag);
    const extra = cells.filter((c) => {
      if (used.has(c) || !unknown.has(c.col)) return false;
      const p = parseAmount(c.text.trim());
      return p.kind === 'number' && !p.value.isZero();
    });
    if (extra.length > 0) {
      flags.push({
        kind: 'misaligned_row',
        severity: 'warning',
        message: `${tpl.id} row "${name}": value(s) ${extra.map((c) => `${c.text.trim()} under "${header.paths[c.col]}"`).join(', ')} sit in a column the template does not know and were not assigned`,
        page: r.page,
        table: tpl.id,
        ...(r.lineNo !== undefined ? { line: r.lineNo } : {}),
      });
    }
    // "252 西安市生态环境局": a unit code before an organisation's name, not a 类.
    if (code && code.length === 3 && ORGANISATION_NAME.test(label)) code = null;
    const row: CanonicalRow = { code, label, level: codeLevel(code), page: r.page, cells: placed.cells };
    if (!code && TOTAL.test(label)) row.total = true;
    if (code && code.length >= 3) lastClass = code.slice(0, 3);
    rows.push(row);
  }
  return { columns: columnsOf(tpl, header, [{ map }]), rows: joinOrphanCodes(rows), flags };
}

/** The column a list table's rows are named by (项目名称), from the template's labelHeader. */
function labelColumnByHeader(tpl: TemplateSpec, header: HeaderInfo): number | null {
  for (const alt of tpl.labelHeader ?? []) {
    const col = header.paths.findIndex((p) => alt.every((s) => p.includes(s)));
    if (col >= 0) return col;
  }
  return null;
}

/** A code printed alone on one line with its name and values on the next becomes one row. */
function joinOrphanCodes(rows: CanonicalRow[]): CanonicalRow[] {
  const out: CanonicalRow[] = [];
  for (let i = 0; i < rows.length; i++) {
    const r = rows[i]!;
    const next = rows[i + 1];
    if (r.code && r.label === '' && Object.keys(r.cells).length === 0 && next && !next.code && next.label !== '' && !next.total) {
      out.push({ ...next, code: r.code, level: codeLevel(r.code) });
      i++;
    } else out.push(r);
  }
  return out;
}

/** Columns holding row labels (text that is not an amount, code, 行次 or 栏次). */
function labelColumns(body: GridRow[]): number[] {
  const counts = new Map<number, number>();
  for (const r of body) {
    for (const c of filled(r)) {
      const t = c.text.trim();
      if (isAmount(t) || isCode(t) || /^\d{1,2}$/.test(t) || /^栏\s*次$/.test(t)) continue;
      counts.set(c.col, (counts.get(c.col) ?? 0) + 1);
    }
  }
  // Two labelled rows make a block (an income side often lists only a couple of sources).
  const min = 2;
  const cols = [...counts].filter(([, k]) => k >= min).map(([c]) => c).sort((a, b) => a - b);
  // Adjacent label columns (a wrapped label spilling over) count once.
  return cols.filter((c, i) => i === 0 || c - cols[i - 1]! > 1);
}

/** `sided` layout: blocks side by side (收入 | 支出), each row split into one row per side. */
export function sidedRows(tpl: TemplateSpec, header: HeaderInfo, n: number, unit: Unit): BuiltRows {
  const sides = tpl.sides ?? [];
  const labels = labelColumns(header.bodyRows).slice(0, Math.max(1, sides.length));
  // Which block is which: the side whose header keyword (收入, 支出, 经济分类 …) is the longest
  // found over the block's columns; blocks may come in any order (经济分类 before 功能分类).
  // A block starts at its code column when codes are printed left of the labels (201 | 一般公共服务支出).
  // Not a column of amounts whose whole-元 figures look like codes (29440, 8916000 in a 元 table):
  // such a column prints other amounts too (820196139.30), or is headed as amounts (预算数, 金额).
  const amounts = amountColumns(header.bodyRows);
  const codeCol = (c: number) =>
    c > 0 &&
    header.bodyRows.filter((r) => r.cells.some((x) => x.col === c - 1 && isCode(x.text.trim()))).length >= 2 &&
    !amounts.has(c - 1) &&
    !/预算数|金额|合计|决算数/.test(header.paths[c - 1] ?? '');
  const starts = labels.map((c) => (codeCol(c) ? c - 1 : c));
  const blocks = starts.map((from, i) => ({ from, to: starts[i + 1] ?? n }));
  const taken = new Set<string>();
  const scored = blocks.map((b) => {
    const path = header.paths.slice(b.from, b.to).join('');
    return sides.map((s) => ({ side: s.side, score: Math.max(0, ...s.header.filter((h) => path.includes(h)).map((h) => h.length)) }));
  });
  const sideOfBlock: (string | undefined)[] = blocks.map(() => undefined);
  // Codes say which block is which before headers do: 2xx functional, 3xx economic.
  blocks.forEach((b, bi) => {
    // From the block's code and label columns only: an amount column's whole figures (50830) are not codes.
    const own = new Set([b.from, labels[bi]!]);
    const codes = header.bodyRows.flatMap((r) => r.cells.filter((x) => own.has(x.col)).map((x) => (isCode(x.text.trim()) ? x.text.trim() : splitCodeName(x.text)?.code)).filter((x): x is string => !!x));
    if (codes.length < 2) return;
    const side = Object.entries(tpl.sideByCodePrefix ?? {}).find(([s, ps]) => !taken.has(s) && codes.filter((c) => ps.some((p) => c.startsWith(p))).length > codes.length / 2)?.[0];
    if (side) { sideOfBlock[bi] = side; taken.add(side); }
  });
  const pairs = scored.flatMap((ss, bi) => ss.map((s) => ({ bi, ...s }))).filter((p) => p.score > 0).sort((a, b) => b.score - a.score || a.bi - b.bi);
  for (const p of pairs) if (sideOfBlock[p.bi] === undefined && !taken.has(p.side)) { sideOfBlock[p.bi] = p.side; taken.add(p.side); }

  blocks.forEach((_, bi) => {
    if (sideOfBlock[bi] === undefined) {
      const free = sides.find((s) => !taken.has(s.side));
      if (free) { sideOfBlock[bi] = free.side; taken.add(free.side); }
    }
  });
  const ranges = blocks.flatMap((b, bi) => (sideOfBlock[bi] ? [{ side: sideOfBlock[bi]!, ...b }] : []));
  if (ranges.length === 0 && sides[0]) ranges.push({ side: sides[0].side, from: 0, to: n });
  const maps = ranges.map((rg) => ({ side: rg.side, range: rg, map: rg.from < n ? mapColumns(tpl, header, rg, rg.side) : new Map<string, number>() }));
  const rows: CanonicalRow[] = [];
  const flags: Flag[] = headerMismatch(tpl, header, maps, header.bodyRows[0]?.page ?? null);
  // Each printed line's rows, block by block (left to right), to join labels spanning blocks.
  const byLine = new Map<GridRow, { from: number; row: CanonicalRow }[]>();
  for (const { side, range, map } of maps) {
    if (map.size === 0) continue;
    const valueCols = new Set(map.values());
    for (const r of header.bodyRows) {
      const cells = filled(r).filter((c) => c.col >= range.from && c.col < range.to);
      const labelCell = cells.find((c) => !isAmount(c.text) && !valueCols.has(c.col) && !/^\d{1,2}$/.test(c.text.trim()));
      const lineCell = cells.find((c) => c !== labelCell && !valueCols.has(c.col) && /^\d{1,2}$/.test(c.text.trim()));
      const amounts = cells.filter((c) => c !== labelCell && c !== lineCell && isAmount(c.text) && !(isCode(c.text.trim()) && c.col < (labelCell?.col ?? 0)));
      const merged = splitCodeName(labelCell?.text ?? '');
      const codeCell = cells.find((c) => c !== labelCell && c.col < (labelCell?.col ?? 0) && isCode(c.text.trim()));
      const code = merged && merged.name !== '' ? merged.code : codeCell ? codeCell.text.trim() : null;
      // A code from its own cell leaves the label cell's text as the label (merged is null then).
      const label = cleanLabel(merged && merged.name !== '' ? merged.name : labelCell?.text ?? '');
      if (label === '' && amounts.length === 0) continue;
      if (/^栏次$/.test(label)) continue;
      const placed = placeAmounts(tpl, map, amounts, unit, label, r.page, r.lineNo);
      if (placed.flag) flags.push(placed.flag);
      const row: CanonicalRow = { code, label, level: codeLevel(code), side, page: r.page, cells: placed.cells };
      if (lineCell) row.lineNo = Number(lineCell.text.trim());
      const ordinal = labelOrdinal(merged && merged.name !== '' ? merged.name : labelCell?.text ?? '');
      if (ordinal) row.ordinal = ordinal;
      if (/合计|总计/.test(label)) row.total = true;
      rows.push(row);
      byLine.set(r, [...(byLine.get(r) ?? []), { from: range.from, row }]);
    }
  }
  // A label printed across two blocks (当年支出小计 over the functional and the 支出用途 block, Jiangsu)
  // leaves its amount in the next block's column with no label there: one row, named by the label.
  const joined = new Set<CanonicalRow>();
  for (const parts of byLine.values()) {
    const inOrder = [...parts].sort((a, b) => a.from - b.from);
    for (let i = 0; i + 1 < inOrder.length; i++) {
      const a = inOrder[i]!.row;
      const b = inOrder[i + 1]!.row;
      if (a.label !== '' && !a.code && Object.keys(a.cells).length === 0 && b.label === '' && !b.code && Object.keys(b.cells).length > 0 && !joined.has(b)) {
        a.cells = b.cells;
        joined.add(b);
      }
    }
  }
  return { columns: columnsOf(tpl, header, maps), rows: rows.filter((r) => !joined.has(r)), flags };
}

/** `groups` layout: repeated (code, name, amount) groups side by side (基本支出明细表). */
export function groupRows(tpl: TemplateSpec, header: HeaderInfo, n: number, unit: Unit): BuiltRows {
  const codeCounts = new Map<number, number>();
  for (const r of header.bodyRows) for (const c of filled(r)) if (isCode(c.text.trim()) || splitCodeName(c.text)?.name) codeCounts.set(c.col, (codeCounts.get(c.col) ?? 0) + 1);
  const codeCols = [...codeCounts].filter(([, k]) => k >= 2).map(([c]) => c).sort((a, b) => a - b).filter((c, i, a) => i === 0 || c - a[i - 1]! > 1);
  const sideOfCode = (code: string) => Object.entries(tpl.sideByCodePrefix ?? {}).find(([, ps]) => ps.some((p) => code.startsWith(p)))?.[0];
  const totalSide = (t: string) => tpl.sides?.find((s) => s.header.some((h) => t.includes(h)))?.side;
  const key = tpl.columns[0]!.key;
  const perGroup: CanonicalRow[][] = codeCols.map(() => []);
  const totals: CanonicalRow[] = [];
  for (const r of header.bodyRows) {
    const cells = filled(r);
    const used = new Set<GridCell>();
    // Totals (人员经费合计 … 公用经费合计): the next amount to the right is theirs.
    cells.forEach((c, i) => {
      const t = cleanLabel(c.text);
      if (!/合计$/.test(t)) return;
      used.add(c);
      const amt = cells.slice(i + 1).find((x) => !used.has(x) && isAmount(x.text) && !isCode(x.text.trim()));
      const row: CanonicalRow = { code: null, label: t, level: null, total: true, page: r.page, cells: {} };
      const side = totalSide(t);
      if (side) row.side = side;
      if (amt) {
        used.add(amt);
        row.cells[key] = amountCell(amt, unit);
      }
      totals.push(row);
    });
    codeCols.forEach((cc, g) => {
      const end = codeCols[g + 1] ?? n;
      const group = cells.filter((c) => !used.has(c) && c.col >= cc && c.col < end);
      if (group.length === 0) return;
      const { code, label, used: u } = codeAndLabel(group, end);
      const amt = group.find((c) => !u.has(c) && isAmount(c.text));
      if (!code && label === '' && !amt) return;
      const row: CanonicalRow = { code, label, level: null, page: r.page, cells: {} };
      const side = code ? sideOfCode(code) : undefined;
      if (side) row.side = side;
      if (amt) row.cells[key] = amountCell(amt, unit);
      perGroup[g]!.push(row);
    });
  }
  // Read group by group (the page reads column by column), then all rows of one side first.
  const ordered = joinOrphanCodes(perGroup.flat()).map((row) => {
    const side = row.code ? sideOfCode(row.code) : undefined;
    return side ? { ...row, side } : row;
  });
  // Group order: all rows of the first side, then the next (the page reads column by column).
  const sideOrder = (tpl.sides ?? []).map((s) => s.side);
  const sorted = [...ordered].sort((a, b) => sideOrder.indexOf(a.side ?? '') - sideOrder.indexOf(b.side ?? ''));
  for (const row of sorted) if (row.code) row.level = row.code.length === 3 ? 1 : 2;
  return { columns: [{ key, label: tpl.columns[0]!.label }], rows: [...sorted, ...totals], flags: [] };
}

/** `matrix` layout: one row of amounts under a multi-level header (三公经费表). */
export function matrixRows(tpl: TemplateSpec, header: HeaderInfo, n: number, unit: Unit): BuiltRows {
  const map = mapColumns(tpl, header, { from: 0, to: n });
  const transposed = transposedRow(tpl, header, unit);
  if (transposed && transposed.matched > map.size) {
    return { columns: tpl.columns.filter((c) => c.key in transposed.row.cells).map((c) => ({ key: c.key, label: c.label })), rows: [transposed.row], flags: [] };
  }
  const rows: CanonicalRow[] = [];
  const flags: Flag[] = headerMismatch(tpl, header, [{ map }], header.bodyRows[0]?.page ?? null);
  const unitIds = unitIdentifiers(header, n);
  const mapped = new Set(map.values());
  const excluded = new Set<number>();
  header.paths.forEach((p, c) => { if (p !== '' && !mapped.has(c) && excludedHeader(tpl, p)) excluded.add(c); });
  for (const r of header.bodyRows) {
    // Unit identifiers (单位编码 "117001") are neither amounts nor codes: the unit's name labels the row.
    const cells = filled(r).filter((c) => !unitIds.is(c));
    // Amounts under a header the template declares not its own (Xi'an 上年 | 增减变化情况 beside 当年) are not
    // placed: they are kept under their printed header (unmapped_values), not flagged as misread.
    const amounts = cells.filter((c) => isAmount(c.text) && !excluded.has(c.col));
    if (amounts.length === 0) continue;
    // The row's name is the text nearest the values (功能科目名称 after 单位 / 编码 columns).
    // A code column (功能科目编码) precedes the name: its cell is not an amount.
    const isCodeCell = (c: GridCell) => isCode(c.text.trim()) && cells.some((t) => t.col > c.col && !isAmount(t.text));
    const firstValue = Math.min(...amounts.filter((c) => !isCodeCell(c)).map((c) => c.col));
    const before = cells.filter((c) => c.col < firstValue && !isAmount(c.text));
    const codeCell = cells.find((c) => isCode(c.text.trim()) && cells.some((t) => t.col > c.col && !isAmount(t.text)));
    const labelCell = before.filter((c) => c !== codeCell).pop();
    const label = cleanLabel(labelCell?.text ?? '');
    const ignored = ignoredColumns(map);
    const valueCells = amounts.filter((c) => c !== codeCell && !ignored.has(c.col));
    const placed = placeAmounts(tpl, map, valueCells, unit, label || tpl.id, r.page, r.lineNo);
    if (placed.flag) flags.push(placed.flag);
    const code = codeCell ? codeCell.text.trim() : null;
    rows.push({ code, label, level: codeLevel(code), page: r.page, cells: placed.cells });
  }
  return { columns: columnsOf(tpl, header, [{ map }]), rows, flags };
}

/**
 * A matrix printed transposed (项目 | 本年预算数): each body row names one column of the
 * template. Returns the single canonical row, and how many rows matched a column.
 */
function transposedRow(tpl: TemplateSpec, header: HeaderInfo, unit: Unit): { row: CanonicalRow; matched: number } | null {
  const row: CanonicalRow = { code: null, label: '', level: null, page: header.bodyRows[0]?.page ?? null, cells: {} };
  let matched = 0;
  for (const r of header.bodyRows) {
    const cells = filled(r);
    const labelCell = cells.find((c) => !isAmount(c.text));
    if (!labelCell) continue;
    const text = labelCell.text.replace(/\s+/g, '');
    let best: { key: string; score: number } | null = null;
    for (const spec of tpl.columns) {
      if (spec.notHeader?.some((x) => text.includes(x))) continue;
      for (const alt of spec.header) {
        const score = alt.every((s) => text.includes(s)) ? alt.join('').length : 0;
        if (score > 0 && (!best || score > best.score)) best = { key: spec.key, score };
      }
    }
    if (!best || best.key in row.cells) continue;
    matched++;
    const amt = cells.find((c) => c.col > labelCell.col && isAmount(c.text));
    if (amt) row.cells[best.key] = amountCell(amt, unit);
  }
  return matched >= 2 ? { row, matched } : null;
}

export function hasAmounts(header: HeaderInfo): boolean {
  return amountColumns(header.bodyRows).size > 0;
}

/**
 * `records` layout (performance-target forms): no amounts; each indicator row becomes a record
 * keyed by the template's record fields. A header row naming two or more fields (一级指标 …
 * 指标值) sets the columns; a form line "项目名称 | X" sets the project; a blank level-1/2 cell
 * continues the value above it (merged cells).
 */
export function recordRows(tpl: TemplateSpec, rows: GridRow[]): Record<string, string | null>[] {
  const fields = tpl.recordFields ?? [];
  const norm = (s: string) => s.replace(/\s+/g, '');
  const fieldOf = (text: string) =>
    fields.find((f) => !(f.notHeader ?? []).some((n) => norm(text).includes(n)) && f.header.some((alt) => alt.every((s) => norm(text).includes(s))));
  const records: Record<string, string | null>[] = [];
  let cols: Map<number, string> | null = null;
  let project: string | null = null;
  let last: Record<string, string | null> = {};
  for (const r of rows) {
    const cells = filled(r);
    const named = new Map<number, string>();
    for (const c of cells) {
      const f = fieldOf(c.text);
      if (!f || norm(c.text).length > 16) continue;
      // Of several columns naming one field, the one printed with the fewest extra words is it:
      // 指标值 beside 指标值内容 and 指标值类型 (Changsha: the description and the sign ≥, 定性).
      const rival = [...named].find(([, k]) => k === f.key);
      const rivalText = rival ? norm(cells.find((x) => x.col === rival[0])!.text) : null;
      if (rival && rivalText!.length <= norm(c.text).length) continue;
      if (rival) named.delete(rival[0]);
      named.set(c.col, f.key);
    }
    if (named.size >= 2) {
      cols = named;
      last = {};
      continue;
    }
    const projectLabel = cells.findIndex((c) => fieldOf(c.text)?.key === 'project');
    if (projectLabel >= 0 && cells[projectLabel + 1]) {
      project = norm(cells[projectLabel + 1]!.text);
      continue;
    }
    if (!cols) continue;
    const rec: Record<string, string | null> = {};
    let any = false;
    for (const [col, key] of cols) {
      const c = cells.find((x) => x.col === col);
      const v = c ? c.text.trim() : null;
      if (v) any = true;
      rec[key] = v || ((key === 'indicator1' || key === 'indicator2') ? last[key] ?? null : null);
    }
    if (!any) continue;
    if (fields.some((f) => f.key === 'project')) rec.project = project;
    records.push(rec);
    last = rec;
  }
  return records;
}
