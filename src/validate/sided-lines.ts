import { SIDED_LINES, type SidedLineModel } from '../../extractors/checks/sided-lines.js';
import type { TemplateSpec } from '../../extractors/types.js';
import type { CanonicalRow, CanonicalTable, CheckResult } from '../model/canonical.js';
import { sumCheck, type Term } from './arithmetic.js';

/**
 * The line identities of a side-by-side budget table (extractors/checks/sided-lines.ts): on each
 * side 本年合计 = Σ its lines and 总计 = 本年合计 + the lines between; 收入总计 = 支出总计; a parallel
 * 支出 block spends what the first one does. Only the side's own top-level lines are added: a line
 * numbered one level deeper (1. under 一、), a 其中 line, a 款 under its 类, or the funds printed
 * under 财政拨款 are parts of the line above them.
 */
export function sidedLineChecks(t: CanonicalTable, tpl: TemplateSpec, model: SidedLineModel = SIDED_LINES): CheckResult[] {
  if (!model.templates.includes(tpl.id)) return [];
  // The template's own amount columns: a printed column kept beside them (上年数 …) is not read here.
  const keys = new Set(tpl.columns.map((c) => c.key));
  const columnsOf = (rows: CanonicalRow[]) => [...new Set(rows.flatMap((r) => Object.keys(r.cells)))].filter((k) => keys.has(k));
  const sides = [...new Set(t.rows.map((r) => r.side).filter((s): s is string => !!s))];
  const bySide = new Map(sides.map((s) => [s, t.rows.filter((r) => r.side === s)]));
  const out: CheckResult[] = [];
  const read = new Map(sides.map((s) => [s, readSide(t, s, bySide.get(s)!, model, columnsOf(bySide.get(s)!))]));
  const term = (row: CanonicalRow, column: string): Term => termOf(t, row, column);
  const check = ({ id, what, total, parts }: Sum) => {
    if (![total, ...parts].some((x) => x.cell?.yuan != null)) return;
    const c = sumCheck(id, what, total, parts);
    // An amount on a line the reading could not name: the reading, not the document, is in doubt.
    if (c.status === 'fail' && parts.some((p) => p.row.label === '' && p.cell?.yuan != null)) c.message = `reading in doubt (an amount on a line without a name): ${c.message}`;
    out.push(c);
  };
  for (const [side, lines] of read) for (const sum of sideSums(t, side, lines, columnsOf(bySide.get(side)!))) check(sum);
  // A numbered line over lines numbered one level deeper (1、人员经费和公用经费支出 over (1) … (4)) is their sum.
  for (const [side, rows] of bySide) {
    for (const { parent, parts } of outline(rows, model)) {
      for (const col of columnsOf(rows)) {
        // A line whose parts are all printed blank is not itemised: nothing to add up.
        if (parent.cells[col]?.yuan == null || parts.every((r) => r.cells[col]?.yuan == null)) continue;
        check({ id: `${t.template}.lines[${side}].outline[${parent.label}].${col}`, what: `${t.template} ${side} ${parent.label} = Σ the lines numbered under it (${col})`, total: term(parent, col), parts: parts.map((r) => term(r, col)) });
      }
    }
  }
  // Across the sides: what comes in is what goes out (总计), and every 支出 block spends the same.
  const income = read.get('income');
  const spending = sides.filter((s) => s !== 'income');
  const mainCol = (side: string) => {
    const cols = columnsOf(bySide.get(side) ?? []);
    return cols.includes('total') ? 'total' : cols.includes('amount') ? 'amount' : null;
  };
  const inCol = mainCol('income');
  for (const side of spending) {
    const lines = read.get(side)!;
    const col = mainCol(side);
    if (!col) continue;
    if (income?.grand && lines.grand && inCol) {
      check({ id: `${t.template}.lines.balance[${side}]`, what: `${t.template} ${income.grand.label} (income) = ${lines.grand.label} (${side})`, total: term(income.grand, inCol), parts: [term(lines.grand, col)] });
    }
    const first = read.get(spending[0]!)!;
    const firstCol = mainCol(spending[0]!);
    if (side !== spending[0] && first.sub && firstCol) {
      // A block without its own 合计 line (Jiangsu's 支出用途) adds up its lines instead.
      const parts = lines.sub ? [term(lines.sub, col)] : lines.grand ? [] : lines.items.map((r) => term(r, col));
      if (parts.length > 0) check({ id: `${t.template}.lines.parallel[${side}]`, what: `${t.template} ${side} spends the ${first.sub.label} of ${spending[0]}`, total: term(first.sub, firstCol), parts });
    }
  }
  return out;
}

const termOf = (t: CanonicalTable, row: CanonicalRow, column: string): Term => ({ table: t, row, column, cell: row.cells[column], sign: 1 });

interface Sum {
  id: string;
  what: string;
  total: Term;
  parts: Term[];
}

/** A side's own sums under one reading of its lines: 本年合计 = Σ its lines, 总计 = 本年合计 + the lines between. */
function sideSums(t: CanonicalTable, side: string, lines: SideLines, columns: string[]): Sum[] {
  const out: Sum[] = [];
  const how = lines.reading === 'numbering' ? '' : `, lines read by ${lines.reading}`;
  const where = lines.totalFirst ? 'under' : 'above';
  for (const col of columns) {
    const term = (r: CanonicalRow) => termOf(t, r, col);
    const items = lines.items.map(term);
    if (lines.sub) out.push({ id: `${t.template}.lines[${side}].subtotal.${col}`, what: `${t.template} ${side} ${lines.sub.label} = Σ the lines ${where} it (${col}${how})`, total: term(lines.sub), parts: items });
    if (lines.grand && lines.sub) {
      out.push({ id: `${t.template}.lines[${side}].grand.${col}`, what: `${t.template} ${side} ${lines.grand.label} = ${lines.sub.label} + the lines between (${col}${how})`, total: term(lines.grand), parts: [term(lines.sub), ...lines.between.map(term)] });
    } else if (lines.grand) {
      out.push({ id: `${t.template}.lines[${side}].grand.${col}`, what: `${t.template} ${side} ${lines.grand.label} = Σ the lines ${where} it (${col}${how})`, total: term(lines.grand), parts: items });
    }
  }
  return out;
}

interface SideLines {
  /** How the side's lines were told apart from their parts (the reading under which they add up). */
  reading: string;
  /** Top-level lines above the 本年合计 (or above the 总计 when there is no 本年合计; under it when it is printed first). */
  items: CanonicalRow[];
  sub: CanonicalRow | null;
  /** Top-level lines between the 本年合计 and the 总计 (上年结转, 结转下年 …). */
  between: CanonicalRow[];
  grand: CanonicalRow | null;
  totalFirst: boolean;
}

/**
 * A side's lines under the reading of its numbering and names under which its identities hold:
 * each candidate reading (see `readings`) is tried, and the one that makes the most of the side's
 * sums agree is kept (the first, by numbering, when they tie).
 */
function readSide(t: CanonicalTable, side: string, rows: CanonicalRow[], model: SidedLineModel, columns: string[]): SideLines {
  const totals = rows.filter((r) => model.totalLine.test(r.label));
  let sub: CanonicalRow | null = null;
  let grand: CanonicalRow | null = null;
  const filled = (r: CanonicalRow) => Object.keys(r.cells).length > 0;
  let totalFirst = false;
  if (totals.length >= 2) {
    sub = totals[0]!;
    grand = totals[totals.length - 1]!;
  } else if (totals.length === 1) {
    const only = totals[0]!;
    const i = rows.indexOf(only);
    // Printed first (合计 above its lines, Chongqing), or last: the side's total; else its 本年合计.
    totalFirst = !rows.slice(0, i).some(filled) && rows.slice(i + 1).some(filled);
    if (totalFirst || model.grandLine.test(only.label) || !rows.slice(i + 1).some(filled)) grand = only;
    else sub = only;
  }
  const at = (r: CanonicalRow | null) => (r ? rows.indexOf(r) : rows.length);
  const shape = (reading: string, top: CanonicalRow[]): SideLines => {
    const end = sub ? at(sub) : at(grand);
    return {
      reading,
      items: totalFirst ? top.filter((r) => rows.indexOf(r) > at(grand)) : top.filter((r) => rows.indexOf(r) < end),
      sub,
      between: sub && grand ? top.filter((r) => rows.indexOf(r) > at(sub) && rows.indexOf(r) < at(grand)) : [],
      grand,
      totalFirst,
    };
  };
  const candidates = readings(rows.filter((r) => !totals.includes(r)), model).map(({ name, top }) => shape(name, top));
  // How many of the side's sums hold (within rounding, as the checks themselves judge) under a reading.
  const agree = (l: SideLines) => sideSums(t, side, l, columns).filter((x) => sumCheck(x.id, x.what, x.total, x.parts).status !== 'fail').length;
  let best = candidates[0]!;
  for (const c of candidates.slice(1)) if (agree(c) > agree(best)) best = c;
  return best;
}

/** Kinds of printed numbering (一、 （一） 1. （1）). */
const ORDINAL_KIND: [RegExp, string][] = [
  [/^[一二三四五六七八九十百]+、/, 'cn'],
  [/^[（(][一二三四五六七八九十]+[)）]/, 'paren-cn'],
  [/^\d+[.．、]/, 'num'],
  [/^[（(]\d+[)）]/, 'paren-num'],
];

/** The kind of numbering a line is printed with, or null (unnumbered, or 其中). */
const kindOf = (r: CanonicalRow): string | null => (r.ordinal ? ORDINAL_KIND.find(([re]) => re.test(r.ordinal!))?.[1] ?? null : null);

/**
 * Candidate readings of which lines of a side are its own (the rest are parts of the line above):
 * - `numbering`: the first numbering the side uses is its top level, a later one nests under it;
 *   unnumbered lines are top-level unless named as the parts of the line above (财政拨款 → 一般公共预算 …);
 * - `numbered lines`: only the lines of the first numbering (Yantai 一、财政拨款收入 over unnumbered funds);
 * - `unnumbered lines`: only the unnumbered ones (Shenzhen 财政拨款 over 1. 2. 3.);
 * - `class names`: the lines named as a 类 of the classifications, or as a national line item
 *   (a table that prints 类, 款 and 项 without codes or numbering, Hangzhou).
 * 其中 lines and codes under a printed parent code are parts in every reading.
 */
function readings(rows: CanonicalRow[], model: SidedLineModel): { name: string; top: CanonicalRow[] }[] {
  const codes = new Set(rows.map((r) => r.code).filter((c): c is string => !!c));
  const underCode = (r: CanonicalRow) => !!r.code && [...codes].some((c) => c !== r.code && r.code!.startsWith(c));
  const base = rows.filter((r) => r.ordinal !== '其中' && !model.partLine.test(r.label) && !underCode(r));
  const first = base.map(kindOf).find((k) => k !== null) ?? null;
  // A top line printed blank over numbered parts (1、财政拨款 over (1) 一般公共预算 …): its parts count.
  const numbered: CanonicalRow[] = [];
  base.forEach((r, i) => {
    if (first !== null && kindOf(r) !== null && kindOf(r) !== first) {
      const owner = base.slice(0, i).reverse().find((x) => kindOf(x) === first);
      const deeper = kindOf(r);
      const direct = owner && base.slice(base.indexOf(owner) + 1, i).every((x) => kindOf(x) === deeper);
      if (owner && direct && Object.values(owner.cells).every((c) => c.yuan == null)) numbered.push(r);
      return;
    }
    numbered.push(r);
  });
  const out = [{ name: 'numbering', top: collapseParts(numbered, model) }];
  if (first !== null && base.some((r) => kindOf(r) === null)) {
    out.push({ name: 'numbered lines', top: base.filter((r) => kindOf(r) === first) });
    out.push({ name: 'unnumbered lines', top: collapseParts(base.filter((r) => kindOf(r) === null), model) });
  }
  const named = base.filter((r) => model.classNames.has(r.label));
  if (named.length > 0 && named.length < base.length) out.push({ name: 'class names', top: named });
  return out;
}

/** Drops the unnumbered lines printed right under a parent line and named as its parts. */
function collapseParts(top: CanonicalRow[], model: SidedLineModel): CanonicalRow[] {
  const out: CanonicalRow[] = [];
  for (let i = 0; i < top.length; i++) {
    const r = top[i]!;
    out.push(r);
    const p = model.parents.find((x) => x.parent.test(r.label));
    if (!p) continue;
    // A numbered line's level is its numbering's: only unnumbered lines are taken for parts by name.
    while (i + 1 < top.length && !top[i + 1]!.ordinal && p.parts.test(top[i + 1]!.label) && !model.parents.some((x) => x.parent.test(top[i + 1]!.label))) i++;
  }
  return out;
}

/** Numbered lines and the lines numbered one level deeper right under them (其中 lines are not parts of a sum). */
function outline(rows: CanonicalRow[], model: SidedLineModel): { parent: CanonicalRow; parts: CanonicalRow[] }[] {
  const ranks: string[] = [];
  for (const r of rows) {
    const k = kindOf(r);
    if (k && !ranks.includes(k)) ranks.push(k);
  }
  const rank = (r: CanonicalRow) => (kindOf(r) ? ranks.indexOf(kindOf(r)!) : -1);
  const out: { parent: CanonicalRow; parts: CanonicalRow[] }[] = [];
  rows.forEach((r, i) => {
    const k = rank(r);
    if (k < 0) return;
    const parts: CanonicalRow[] = [];
    for (const x of rows.slice(i + 1)) {
      if (model.totalLine.test(x.label)) break;
      const kx = rank(x);
      if (kx < 0) {
        if (x.ordinal === '其中' || model.partLine.test(x.label)) continue;
        break;
      }
      if (kx <= k) break;
      if (kx === k + 1) parts.push(x);
    }
    if (parts.length > 0) out.push({ parent: r, parts });
  });
  return out;
}
