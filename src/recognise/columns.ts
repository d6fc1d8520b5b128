import { Decimal } from 'decimal.js';
import type { ColumnSpec, TemplateSpec } from '../../extractors/types.js';
import type { GridRow } from '../model/layout.js';
import { parseAmount } from '../normalise/amount.js';
import { isCode } from '../normalise/code.js';
import { codeColumns, type HeaderInfo } from './header.js';

/** Grid column index for each template column key (of one side). */
export type ColumnMap = Map<string, number>;

export interface Range {
  from: number;
  /** Exclusive. */
  to: number;
}

/** Length of the longest header alternative the path contains (0 when none, or ruled out). */
function headerScore(path: string, spec: ColumnSpec, sideHeader: string[] | undefined, sideHeadersInTable: boolean): number {
  if (spec.notHeader?.some((n) => path.includes(n))) return 0;
  if (sideHeader && sideHeadersInTable && !sideHeader.some((h) => path.includes(h))) return 0;
  let best = 0;
  for (const alt of spec.header) if (alt.every((s) => path.includes(s))) best = Math.max(best, alt.join('').length);
  return best;
}

/** Amount cells (not codes, not 行次) per grid column across the body. */
export function amountColumns(body: GridRow[]): Map<number, number> {
  const counts = new Map<number, number>();
  const seen = new Map<number, string[]>();
  for (const r of body) {
    for (const c of r.cells) {
      const t = c.text.trim();
      if (parseAmount(t).kind !== 'number' || isCode(t)) continue;
      counts.set(c.col, (counts.get(c.col) ?? 0) + 1);
      seen.set(c.col, [...(seen.get(c.col) ?? []), t]);
    }
  }
  // A column of small integers counting up row by row is 行次 (line numbers), not amounts.
  for (const [col, ts] of seen) if (isLineNumbering(ts)) counts.delete(col);
  return counts;
}

/** The filled texts of each grid column of the body rows. */
export function textsByColumn(body: GridRow[]): Map<number, string[]> {
  const byCol = new Map<number, string[]>();
  for (const r of body) for (const c of r.cells) {
    const t = c.text.trim();
    if (t !== '') byCol.set(c.col, [...(byCol.get(c.col) ?? []), t]);
  }
  return byCol;
}

/** Grid columns that number the rows (行次: 1, 2, 3 … down the body): never amounts. */
export function lineNumberColumns(byCol: Map<number, string[]>): Set<number> {
  return new Set([...byCol].filter(([, ts]) => isLineNumbering(ts)).map(([c]) => c));
}

export function isLineNumbering(ts: string[]): boolean {
  if (ts.length < 3 || !ts.every((t) => /^\d{1,3}$/.test(t))) return false;
  const ns = ts.map(Number);
  return ns.every((n, i) => i === 0 || n > ns[i - 1]!);
}

function score(map: ColumnMap, amounts: Map<number, number>): number {
  let s = 0;
  for (const col of new Set(map.values())) s += amounts.get(col) ?? 0;
  return s;
}

/** Does the printed header name this column (one of its wordings, none of its exclusions)? */
export function headerNames(path: string, spec: ColumnSpec): boolean {
  return headerScore(path, spec, undefined, false) > 0;
}

/**
 * A key contradicts its column's printed header when the header names another of the template's
 * columns and not this one (基本支出人员经费 keyed `project`). A header that names none of them
 * (2025年预算数, a blank) contradicts nothing.
 */
export function contradicts(tpl: TemplateSpec, key: string, path: string, side?: string): boolean {
  if (!path) return false;
  const specs = tpl.columns.filter((c) => !side || !c.side || c.side === side);
  const own = specs.filter((c) => c.key === key);
  if (own.some((c) => headerNames(path, c))) return false;
  return specs.some((c) => c.key !== key && headerNames(path, c));
}

/** Year printed in a column's header ("2025年预算数"), when any. */
function headerYear(path: string): number | null {
  const m = /((?:19|20)\d{2})年/.exec(path);
  return m ? Number(m[1]) : null;
}

/**
 * How the template's row identities fare under a mapping: rows on which they hold and rows on
 * which they fail (identities over columns the mapping lacks do not apply).
 */
export function identityEvidence(tpl: TemplateSpec, map: ColumnMap, body: GridRow[]): { hold: number; fail: number } {
  const ids = (tpl.rowIdentities ?? []).filter((id) => {
    const keys = [id.total, ...id.plus, ...(id.minus ?? [])];
    return map.has(id.total) && keys.some((k) => k !== id.total && map.has(k)) && (id.requires ?? []).every((k) => map.has(k)) && !(id.unless ?? []).some((k) => map.has(k));
  });
  let hold = 0;
  let fail = 0;
  if (ids.length === 0) return { hold, fail };
  const byCol = new Map<number, string>();
  for (const [k, c] of map) byCol.set(c, k);
  for (const r of body) {
    const vals = new Map<string, Decimal>();
    for (const c of r.cells) {
      const k = byCol.get(c.col);
      const p = k ? parseAmount(c.text.trim()) : null;
      if (k && p?.kind === 'number' && !isCode(c.text.trim())) vals.set(k, p.value);
    }
    for (const id of ids) {
      const keys = [id.total, ...id.plus, ...(id.minus ?? [])];
      if (!vals.has(id.total) || !keys.some((k) => k !== id.total && vals.has(k))) continue;
      let sum = new Decimal(0);
      for (const k of id.plus) sum = sum.plus(vals.get(k) ?? 0);
      for (const k of id.minus ?? []) sum = sum.minus(vals.get(k) ?? 0);
      if (vals.get(id.total)!.minus(sum).abs().lte(new Decimal('0.01').times(keys.length))) hold++;
      else fail++;
    }
  }
  return { hold, fail };
}

/**
 * Maps the template's columns (those of `side`, when given) to grid columns within `range`.
 * Candidate mappings come from the printed 栏次 numbers, the header wording and the position of
 * the body's amounts; the one under which the template's row identities hold wins, and no key
 * is put on a column whose printed header names another column of the template. Columns of an
 * earlier year printed beside this year's (2025年预算数 | 2026年预算数) are left out.
 */
export function mapColumns(tpl: TemplateSpec, header: HeaderInfo, range: Range, side?: string): ColumnMap {
  const specs = tpl.columns.filter((c) => !side || !c.side || c.side === side);
  const amounts = amountColumns(header.bodyRows);
  for (const k of [...amounts.keys()]) if (k < range.from || k >= range.to) amounts.delete(k);
  // Side words (收入/支出, 预算数/决算数) are required in a column's header only where the block's
  // headers print them: a block whose group header was not merged over its columns still maps.
  const sideHeaders = tpl.sides?.flatMap((s) => s.header) ?? [];
  const inRange = header.paths.slice(range.from, range.to);
  const sideHeadersInTable = sideHeaders.length > 0 && inRange.some((p) => sideHeaders.some((h) => p.includes(h)));
  const years = inRange.map(headerYear).filter((y): y is number => y !== null);
  const latest = years.length > 0 ? Math.max(...years) : null;
  const earlier = new Set<number>();
  if (latest !== null && new Set(years).size > 1) {
    for (let col = range.from; col < range.to; col++) {
      const y = headerYear(header.paths[col] ?? '');
      if (y !== null && y < latest) earlier.add(col);
    }
  }
  for (const k of earlier) amounts.delete(k);
  // Code parts in 类 | 款 | 项 columns are never amounts.
  const codes = codeColumns(header);
  for (const k of codes) amounts.delete(k);
  const usable = (col: number) => !earlier.has(col) && !codes.has(col);

  const byNumber: ColumnMap = new Map();
  for (const spec of specs) {
    if (spec.number === undefined) continue;
    for (let col = range.from; col < range.to; col++) {
      if (header.numbers[col] === spec.number && usable(col) && ![...byNumber.values()].includes(col)) {
        byNumber.set(spec.key, col);
        break;
      }
    }
  }

  // By header label: the most specific (longest) matching wording wins a column, so a group
  // header shared by several columns (公务用车购置及运行维护费) does not decide between them.
  const byLabel: ColumnMap = new Map();
  const pairs: { key: string; col: number; score: number }[] = [];
  for (const spec of specs) {
    const sideHeader = spec.side ? tpl.sides?.find((s) => s.side === spec.side)?.header : undefined;
    for (let col = range.from; col < range.to; col++) {
      if (!usable(col)) continue;
      const score = headerScore(header.paths[col] ?? '', spec, sideHeader, sideHeadersInTable);
      if (score > 0) pairs.push({ key: spec.key, col, score });
    }
  }
  pairs.sort((a, b) => b.score - a.score || a.col - b.col);
  for (const p of pairs) {
    if (byLabel.has(p.key) || [...byLabel.values()].includes(p.col)) continue;
    byLabel.set(p.key, p.col);
  }

  // By position: the columns holding amounts, in order.
  const byPosition: ColumnMap = new Map();
  const amountCols = [...amounts.keys()].sort((a, b) => a - b);
  specs.forEach((spec, i) => {
    if (amountCols[i] !== undefined && amountCols.length <= specs.length) byPosition.set(spec.key, amountCols[i]!);
  });

  const against = (m: ColumnMap) => [...m].filter(([k, c]) => contradicts(tpl, k, header.paths[c] ?? '', side)).length;
  const candidates = [byNumber, byLabel, byPosition].filter((m) => m.size > 0);
  if (candidates.length === 0) return new Map();
  const numbered = specs.filter((s) => s.number !== undefined).length;
  // Printed 栏次 numbers that name every numbered column win outright.
  const trustNumbers = numbered >= 2 && byNumber.size === numbered;
  let best = candidates[0]!;
  if (!trustNumbers) {
    // Proof first: the identities that hold (less those that fail), then no contradicted header,
    // then the amounts covered, then the number of columns, in the order above.
    // A mapping that contradicts a printed header loses; then the identities decide.
    const rank = (m: ColumnMap) => {
      const e = identityEvidence(tpl, m, header.bodyRows);
      const a = against(m);
      return [-a, e.hold - e.fail, score(m, amounts), m === byPosition ? 0 : m.size];
    };
    const ranked = candidates.map((m) => ({ m, r: rank(m) }));
    ranked.sort((a, b) => {
      for (let i = 0; i < a.r.length; i++) if (a.r[i] !== b.r[i]) return b.r[i]! - a.r[i]!;
      return candidates.indexOf(a.m) - candidates.indexOf(b.m);
    });
    best = ranked[0]!.m;
  }
  const chosen = best;
  best = new Map(best);
  // Fill keys the chosen mapping lacks from the others when the column is free and its header
  // does not name another column.
  for (const m of candidates) {
    for (const [k, col] of m) {
      if (best.has(k) || [...best.values()].includes(col) || !usable(col)) continue;
      // Only onto a column whose header is blank or names this key.
      const path = header.paths[col] ?? '';
      const spec = specs.find((s) => s.key === k);
      if (path !== '' && !(spec && headerNames(path, spec))) continue;
      best.set(k, col);
    }
  }
  // Whole-table offset: the body's amounts say where the columns really are (a header row the
  // converter shifted by a cell), when the identities agree. Printed 栏次 numbers are trusted.
  if (trustNumbers || chosen === byNumber) {
    MAPPED.set(best, { numbers: true, offset: 0, ignored: earlier });
    return best;
  }
  const base = identityEvidence(tpl, best, header.bodyRows);
  let bestOffset = 0;
  let bestScore = score(best, amounts);
  for (const off of [-1, 1, -2, 2]) {
    const shifted: ColumnMap = new Map([...best].map(([k, c]) => [k, c + off]));
    if ([...shifted.values()].some((c) => c < range.from || c >= range.to || !usable(c))) continue;
    const s = score(shifted, amounts);
    const e = identityEvidence(tpl, shifted, header.bodyRows);
    if (s > bestScore && e.hold - e.fail >= base.hold - base.fail) {
      bestScore = s;
      bestOffset = off;
    }
  }
  const out = bestOffset === 0 ? best : new Map([...best].map(([k, c]) => [k, c + bestOffset]));
  MAPPED.set(out, { numbers: false, offset: bestOffset, ignored: earlier });
  return out;
}

/**
 * How a mapping was made: by printed 栏次 numbers (which then prove it), and the whole-table offset
 * between header and body (the header printed for a key sits `offset` columns left of its values).
 */
const MAPPED = new WeakMap<ColumnMap, { numbers: boolean; offset: number; ignored: Set<number> }>();

/** Grid columns a mapping leaves out on purpose (an earlier year's figures printed for comparison). */
export function ignoredColumns(map: ColumnMap): Set<number> {
  return MAPPED.get(map)?.ignored ?? new Set();
}

/** The printed header a mapped key was read from. */
export function printedHeader(header: HeaderInfo, map: ColumnMap, key: string): string {
  const col = map.get(key);
  if (col === undefined) return '';
  return header.paths[col - (MAPPED.get(map)?.offset ?? 0)] ?? '';
}

/** Keys of a mapping whose printed header names another column of the template. */
export function mappingContradictions(tpl: TemplateSpec, header: HeaderInfo, map: ColumnMap, side?: string): { key: string; header: string }[] {
  // Printed 栏次 numbers prove the mapping; a header text out of line with them is the layout's.
  if (MAPPED.get(map)?.numbers) return [];
  return [...map.keys()].map((key) => ({ key, header: printedHeader(header, map, key) })).filter((x) => contradicts(tpl, x.key, x.header, side));
}
