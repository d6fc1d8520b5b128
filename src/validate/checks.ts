import { ORGANISATION_NAME } from '../../extractors/organisations.js';
import type { PairwiseCheck, SumCheck, Operand } from '../../extractors/checks/types.js';
import type { RowIdentity, TemplateSpec } from '../../extractors/types.js';
import type { CanonicalResult, CanonicalRow, CanonicalTable, CheckResult } from '../model/canonical.js';
import { sumCheck, type Term } from './arithmetic.js';
import { findRows, unusable } from './select.js';
import { sidedLineChecks } from './sided-lines.js';

const rowName = (r: CanonicalRow) => [r.side, r.code ?? r.label].filter(Boolean).join(':');
const term = (table: CanonicalTable, row: CanonicalRow, column: string, sign: 1 | -1 = 1): Term => ({ table, row, column, cell: row.cells[column], sign });
const hasValue = (t: Term) => t.cell?.yuan != null;

/** An identity applies when the table prints the keys it requires and none that replace it. */
export function identityApplies(id: RowIdentity, printed: Set<string>): boolean {
  return (id.requires ?? []).every((k) => printed.has(k)) && !(id.unless ?? []).some((k) => printed.has(k));
}

/** Row identities of the template (1栏=(2+…+7)栏) on every row that prints any of their cells. */
export function rowIdentityChecks(t: CanonicalTable, tpl: TemplateSpec): CheckResult[] {
  const out: CheckResult[] = [];
  for (const id of tpl.rowIdentities ?? []) {
    const cols = new Set(t.columns.map((c) => c.key));
    if (!cols.has(id.total)) continue;
    if (!identityApplies(id, cols)) continue;
    const plus = id.plus.filter((k) => cols.has(k));
    const minus = (id.minus ?? []).filter((k) => cols.has(k));
    // An identity none of whose parts the table prints (a variant's layout) does not apply.
    if (plus.length === 0) continue;
    for (const row of t.rows) {
      if (row.side && tpl.columns.find((c) => c.key === id.total)?.side && tpl.columns.find((c) => c.key === id.total)?.side !== row.side) continue;
      const total = term(t, row, id.total);
      const parts = [...plus.map((k) => term(t, row, k)), ...minus.map((k) => term(t, row, k, -1))];
      if (![total, ...parts].some(hasValue)) continue;
      const formula = `${id.total} = ${plus.join(' + ')}${minus.length ? ' − ' + minus.join(' − ') : ''}`;
      out.push(sumCheck(`${t.template}.row[${rowName(row)}].${id.total}`, `${t.template} row ${rowName(row)}: ${formula}`, total, parts));
    }
  }
  return out;
}

/**
 * Tables that list sub-units (预算单位) print each unit's row, then that unit's codes: the code
 * tree is checked within each unit's block, each unit row against the 类 of its block, a
 * department row above the units against the units. Without unit rows the table is one block.
 */
function unitBlocks(t: CanonicalTable): { unit: CanonicalRow | null; rows: CanonicalRow[] }[] {
  // A unit is named like an organisation (…局, …中心, …（本级）), not like a budget item.
  const isUnitLike = (r: CanonicalRow) => !r.code && !r.total && ORGANISATION_NAME.test(r.label) && Object.values(r.cells).some((c) => c.yuan != null);
  // A unit row is followed by its codes or by another unit; the last of a list of units ends it.
  const isUnit = (r: CanonicalRow, next: CanonicalRow | undefined, prev: CanonicalRow | undefined) =>
    isUnitLike(r) && ((next !== undefined && (next.code !== null || isUnitLike(next))) || (next === undefined && prev !== undefined && isUnitLike(prev)));
  const blocks: { unit: CanonicalRow | null; rows: CanonicalRow[] }[] = [{ unit: null, rows: [] }];
  // Side-by-side tables (收入 | 支出) name their lines without codes: no unit lists there.
  if (t.rows.some((r) => r.side)) return [{ unit: null, rows: t.rows.filter((r) => r.code) }];
  t.rows.forEach((r, i) => {
    if (isUnit(r, t.rows[i + 1], t.rows[i - 1]) && t.rows.some((x) => x.code)) blocks.push({ unit: r, rows: [] });
    else if (r.code) blocks[blocks.length - 1]!.rows.push(r);
  });
  return blocks.filter((b) => b.unit || b.rows.length > 0);
}

/** 合计 = Σ类, 类 = Σ款, 款 = Σ项 (functional and economic codes alike), column by column. */
export function hierarchyChecks(t: CanonicalTable): CheckResult[] {
  const out: CheckResult[] = [];
  const coded = t.rows.filter((r) => r.code);
  if (coded.length === 0) return out;
  const blocks = unitBlocks(t);
  const childLen = (len: number) => (len === 3 ? 5 : len === 5 ? 7 : 0);
  for (const col of t.columns) {
    for (const [bi, block] of blocks.entries()) {
      for (const [pi, parent] of block.rows.entries()) {
        const len = childLen(parent.code!.length);
        // A code printed twice in one block (a page's rows repeated, or two classifications listed
        // one after the other): its children are the rows under it, up to the next code of its level.
        const twice = block.rows.filter((r) => r.code === parent.code && r.side === parent.side).length > 1;
        const end = twice ? block.rows.findIndex((r, i) => i > pi && r.code!.length <= parent.code!.length) : -1;
        const scope = twice ? block.rows.slice(pi + 1, end < 0 ? undefined : end) : block.rows;
        // Its children are the nearest codes printed under it: a 7-digit code whose 款 is not
        // printed (Xi'an 3010201 津贴补贴 under 301, without 30102) counts as a 款.
        const printed = new Set(scope.filter((r) => r.side === parent.side).map((r) => r.code!));
        const nearest = (code: string) => {
          for (let l = code.length - 1; l > parent.code!.length; l--) if (printed.has(code.slice(0, l))) return false;
          return true;
        };
        const kids = scope.filter((r) => r.code!.length > parent.code!.length && r.code!.startsWith(parent.code!) && r.side === parent.side && nearest(r.code!));
        if (kids.length === 0 || !kids.some((k) => k.code!.length === len)) continue;
        const total = term(t, parent, col.key);
        const parts = kids.map((k) => term(t, k, col.key));
        if (![total, ...parts].some(hasValue)) continue;
        const where = blocks.length > 1 && block.unit ? `@${bi}` : '';
        out.push(sumCheck(`${t.template}.tree[${rowName(parent)}${where}].${col.key}`, `${t.template} ${parent.code} ${parent.label}${block.unit ? ` (${block.unit.label})` : ''} = Σ its ${len === 5 ? '款' : '项'} (${col.key})`, total, parts));
      }
    }
    const units = blocks.filter((b) => b.unit);
    for (const [ui, b] of units.entries()) {
      const classes = b.rows.filter((r) => r.code!.length === 3);
      // A unit row with no codes under it, above other units: the department = Σ those units.
      const parts = classes.length > 0 ? classes : b === units[0] ? units.slice(1).map((u) => u.unit!) : [];
      if (parts.length === 0) continue;
      const total = term(t, b.unit!, col.key);
      const terms = parts.map((k) => term(t, k, col.key));
      if (![total, ...terms].some(hasValue)) continue;
      out.push(sumCheck(`${t.template}.unit[${ui}].${col.key}`, `${t.template} ${b.unit!.label} = Σ ${classes.length > 0 ? 'its 类' : 'its units'} (${col.key})`, total, terms));
    }
    const grand = t.rows.find((r) => r.total && /^(合计|总计)$/.test(r.label) && !r.side);
    const classes = units.length > 0 ? [] : coded.filter((r) => r.code!.length === 3);
    if (grand && classes.length > 0) {
      const total = term(t, grand, col.key);
      const parts = classes.map((k) => term(t, k, col.key));
      if ([total, ...parts].some(hasValue)) out.push(sumCheck(`${t.template}.tree[合计].${col.key}`, `${t.template} 合计 = Σ类 (${col.key})`, total, parts));
    }
  }
  return out;
}

function operandTerms(tables: Map<string, CanonicalTable>, o: Operand, column: string): { terms: Term[]; skip: string | null } {
  const t = tables.get(o.table);
  const why = unusable(t, o.table);
  if (why) return { terms: [], skip: why };
  const rows = findRows(t!, o.row);
  if (rows.length === 0) return { terms: [], skip: `${o.table} has no row ${JSON.stringify(o.row)}` };
  return { terms: rows.map((r) => term(t!, r, column, o.negate ? -1 : 1)), skip: null };
}

/** A recognised table's own checks: its row identities, its code hierarchy, the lines of its sides. */
export function tableChecks(t: CanonicalTable, tpl: TemplateSpec): CheckResult[] {
  return [...rowIdentityChecks(t, tpl), ...hierarchyChecks(t), ...sidedLineChecks(t, tpl)];
}

/** Declared sums: printed line identities and cross-table equalities. */
export function declaredSumChecks(result: CanonicalResult, specs: SumCheck[]): CheckResult[] {
  const tables = new Map(result.tables.filter((t) => t.template !== 'other').map((t) => [t.template, t]));
  const out: CheckResult[] = [];
  for (const spec of specs) {
    for (const column of spec.columns ?? [spec.total.column]) {
      const id = spec.columns ? `${spec.id}.${column}` : spec.id;
      const tot = operandTerms(tables, spec.total, column);
      let parts: Term[] = [];
      let skip = tot.skip;
      const specParts = spec.parts;
      if (!skip && 'before' in specParts) {
        const t = tables.get(specParts.table)!;
        const idx = t.rows.indexOf(tot.terms[0]!.row);
        parts = t.rows.slice(0, idx).filter((r) => r.side === specParts.side && !r.total && r.label !== '').map((r) => term(t, r, column));
      } else if (!skip) {
        for (const p of specParts as Operand[]) {
          const got = operandTerms(tables, p, spec.columns ? column : p.column);
          if (got.skip) { skip = got.skip; break; }
          parts.push(...got.terms);
        }
      }
      if (skip) {
        out.push({ id, status: 'skipped', message: `${spec.description}: skipped, ${skip}` });
        continue;
      }
      const total = tot.terms[0]!;
      if (![total, ...parts].some(hasValue)) {
        out.push({ id, status: 'skipped', message: `${spec.description}: skipped, every cell involved is blank` });
        continue;
      }
      out.push(sumCheck(id, spec.description, total, parts, spec.strength === 'soft'));
    }
  }
  return out;
}

/** Row-by-row equalities between two tables, matched by label (FA01 支出 类 lines vs FA03 类 rows). */
export function pairwiseChecks(result: CanonicalResult, specs: PairwiseCheck[]): CheckResult[] {
  const tables = new Map(result.tables.filter((t) => t.template !== 'other').map((t) => [t.template, t]));
  const out: CheckResult[] = [];
  for (const spec of specs) {
    const a = tables.get(spec.a.table);
    const b = tables.get(spec.b.table);
    const skip = unusable(a, spec.a.table) ?? unusable(b, spec.b.table);
    if (skip) {
      out.push({ id: spec.id, status: 'skipped', message: `${spec.description}: skipped, ${skip}` });
      continue;
    }
    for (const ra of findRows(a!, spec.a.row)) {
      const rb = b!.rows.find((r) => (spec.b.side === undefined || r.side === spec.b.side) && r.label.replace(/\s+/g, '') === ra.label.replace(/\s+/g, ''));
      const ta = term(a!, ra, spec.a.column);
      if (!rb) {
        if (hasValue(ta)) out.push({ id: `${spec.id}[${ra.code}]`, status: 'fail', message: `${spec.description}: ${spec.a.table} ${ra.code} ${ra.label} has ${ta.cell!.yuan} 元 but ${spec.b.table} prints no such line` });
        continue;
      }
      const tb = term(b!, rb, spec.b.column);
      if (!hasValue(ta) && !hasValue(tb)) continue;
      out.push(sumCheck(`${spec.id}[${ra.code}]`, `${spec.description} (${ra.code} ${ra.label})`, tb, [ta]));
    }
  }
  return out;
}
