import { overlap1d, type Box } from '../model/geometry.js';
import type { CanonicalResult, CanonicalTable, Coverage, UnplacedAmount } from '../model/canonical.js';
import type { SourceDocument } from '../model/document.js';
import { amountKey, pageTokens, textAmountKeys, type AmountToken } from './tokens.js';

/**
 * The ledger: every amount-like token printed on every page is accounted for exactly once, as
 * a table cell, a narrative amount, or an entry of `unplaced[]` saying why it was not placed.
 * It reads the pages as the reader left them (not as layout grouped them), so "nothing lost" is
 * checkable on any document without a golden file.
 */
export interface Ledger {
  coverage: Coverage;
  unplaced: UnplacedAmount[];
}

interface Slot {
  key: string;
  box: Box | null;
  line?: number;
  used: boolean;
}

function centreIn(b: Box, outer: Box, pad = 1): boolean {
  const x = (b.x0 + b.x1) / 2, y = (b.y0 + b.y1) / 2;
  return x >= outer.x0 - pad && x <= outer.x1 + pad && y >= outer.y0 - pad && y <= outer.y1 + pad;
}

function overlaps(a: Box, b: Box): boolean {
  return overlap1d(a.x0, a.x1, b.x0, b.x1) > 0 && overlap1d(a.y0, a.y1, b.y0, b.y1) > 0;
}

/** Table cells holding an amount, per page (a corrected cell is matched by what was printed). */
function tableSlots(tables: CanonicalTable[]): Map<number, Slot[]> {
  const out = new Map<number, Slot[]>();
  for (const t of tables) for (const r of t.rows) for (const c of Object.values(r.cells)) {
    const p = c.page ?? r.page ?? t.pages[0];
    if (p === undefined || p === null) continue;
    if (c.yuan === null) continue; // text cells: see textSlots
    const printed = c.corrections?.find((k) => k.kind === 'ocr')?.from ?? c.raw;
    const s: Slot = { key: amountKey(printed.replace(/[^\d.,，\-−]/g, '')), box: c.box, used: false };
    if (c.line !== undefined) s.line = c.line;
    out.set(p, [...(out.get(p) ?? []), s]);
    // A 合计 row printed again at the top of each continuation page (Foshan) is one row, read once (see
    // mergeDetected): what it prints there is that row's, so it may take a slot on each later page of the table.
    if (t.pages.length > 1 && r.code === null && /^(合计|总计)$/.test(r.label.replace(/\s+/g, ''))) {
      for (const q of t.pages) if (q !== p) out.set(q, [...(out.get(q) ?? []), { key: s.key, box: null, used: false }]);
    }
  }
  return out;
}

/**
 * Amounts stated inside a table's text: row labels and text cells ("≥1550万元", "减少11.95，…" in a 说明 column,
 * wrapped over a page break) and performance forms' records (指标值). They are printed in the
 * table and kept there as printed, so they count as placed in it: slots over the table's pages.
 */
function textSlots(tables: CanonicalTable[]): { pages: Set<number>; slots: Slot[] }[] {
  const pools: { pages: Set<number>; slots: Slot[] }[] = [];
  const slots = (texts: string[]): Slot[] => texts.flatMap((v) => textAmountKeys(v)).map((key) => ({ key, box: null, used: false }));
  for (const t of tables) {
    // Labels and text cells on the page they are printed on; records (no page each) over the table's pages.
    for (const r of t.rows) {
      const lineOf = Object.values(r.cells).find((c) => c.line !== undefined)?.line;
      const add = (p: number | null | undefined, text: string, line: number | undefined) => {
        if (!p) return;
        const ss = slots([text]);
        if (line !== undefined) for (const x of ss) x.line = line;
        if (ss.length > 0) pools.push({ pages: new Set([p]), slots: ss });
      };
      add(r.page ?? t.pages[0], r.label, lineOf);
      for (const c of Object.values(r.cells)) if (c.yuan === null) add(c.page ?? r.page ?? t.pages[0], c.raw, c.line);
    }
    if (t.records?.length) pools.push({ pages: new Set(t.pages), slots: slots(t.records.flatMap((rec) => Object.values(rec).filter((v): v is string => !!v))) });
  }
  return pools.filter((p) => p.slots.length > 0);
}

function narrativeSlots(result: CanonicalResult): Map<number, Slot[]> {
  const out = new Map<number, Slot[]>();
  for (const n of result.narrative) for (const a of n.amounts) {
    if (n.page === null) continue;
    const s: Slot = { key: amountKey(a.raw.replace(/[^\d.,，\-−]/g, '')), box: null, used: false };
    if (n.line !== undefined) s.line = n.line;
    out.set(n.page, [...(out.get(n.page) ?? []), s]);
  }
  return out;
}

/** The slot a token fills: same printed value, and where both have positions, the same place. */
function take(slots: Slot[] | undefined, t: AmountToken, where: 'here' | 'anywhere'): boolean {
  if (!slots) return false;
  const free = slots.filter((s) => !s.used && s.key === t.key);
  if (free.length === 0) return false;
  const here = free.find((s) => (s.box && t.box ? centreIn(t.box, s.box) || overlaps(t.box, s.box) : s.line !== undefined && t.line !== undefined ? s.line === t.line : false));
  // A bare integer (a year, a 栏次, a count …) takes a slot only where it is printed: elsewhere
  // on the page the same digits are probably something else.
  const positioned = (s: Slot) => (s.box !== null && t.box !== null) || (s.line !== undefined && t.line !== undefined);
  // A bare integer without a unit matches only a cell printed where it is.
  const bare = t.shape === 'integer' && t.unit === null;
  const s = where === 'here' || bare ? here : (here ?? (t.shape === 'integer' ? free.find((x) => !positioned(x)) : free[0]));
  if (!s) return false;
  s.used = true;
  return true;
}

/** Why a token was not placed: inside a table's area, or in text. */
function whyUnplaced(t: AmountToken, tables: CanonicalTable[]): string {
  const inside = tables.find((tb) =>
    (t.box && tb.boxes?.some((b) => b.page === t.page && centreIn(t.box!, b.box, 2))) ||
    (t.line !== undefined && tb.lines && tb.pages.includes(t.page) && t.line >= tb.lines.from && t.line <= tb.lines.to));
  if (inside) {
    const name = inside.template === 'other' ? `the table "${inside.title || 'untitled'}"` : `${inside.template} "${inside.title || inside.templateName}"`;
    return `printed inside ${name} but not read into any of its cells (a row or column the reading did not map)`;
  }
  if (t.unit) return `printed in the text with the unit ${t.unit}, but not read as a narrative amount`;
  return 'printed outside any table found on the page, with no unit (万元/元) beside it';
}

export function accountAmounts(result: CanonicalResult, doc: SourceDocument): Ledger {
  const cells = tableSlots(result.tables);
  const prose = narrativeSlots(result);
  const records = textSlots(result.tables);
  let amounts = 0, inTables = 0, inNarrative = 0;
  const unplaced: UnplacedAmount[] = [];
  for (const page of doc.pages) {
    const tokens = pageTokens(page);
    // Decimals first: they are amounts whatever happens; integers only when something reads them as one.
    const order = [...tokens.filter((t) => t.shape === 'decimal'), ...tokens.filter((t) => t.shape === 'integer')];
    // First every token takes what is printed where it is (a cell, a table's text, a sentence
    // of that line); only then may the rest take one of the same value elsewhere on the page
    // (boxes a little off), so a sentence restating a table figure never takes the table's cell.
    const inTable = (t: AmountToken, where: 'here' | 'anywhere') => take(cells.get(page.number), t, where) || records.some((r) => r.pages.has(page.number) && take(r.slots, t, where));
    // (A narrative amount always has its unit: a bare integer is not one, whatever its digits.)
    const inProse = (t: AmountToken, where: 'here' | 'anywhere') => (t.shape === 'decimal' || t.unit !== null) && take(prose.get(page.number), t, where);
    const placedIn = new Map<AmountToken, 'table' | 'prose'>();
    for (const t of order) if (inTable(t, 'here')) placedIn.set(t, 'table');
    for (const t of order) if (!placedIn.has(t) && inProse(t, 'here')) placedIn.set(t, 'prose');
    for (const t of order) {
      if (!placedIn.has(t)) {
        if (inTable(t, 'anywhere')) placedIn.set(t, 'table');
        else if (inProse(t, 'anywhere')) placedIn.set(t, 'prose');
      }
      const where = placedIn.get(t);
      // A bare integer is ambiguous (a year, a code, a 栏次, a count — or a whole amount): it
      // takes its cell, but only printed amounts (a decimal point, separators, a unit) are counted.
      if (t.shape === 'integer' && t.unit === null) continue;
      if (where === 'table') {
        amounts++;
        inTables++;
      } else if (where === 'prose') {
        amounts++;
        inNarrative++;
      } else if (t.shape === 'decimal' || t.unit) {
        amounts++;
        const u: UnplacedAmount = { page: t.page, box: t.box ? roundBox(t.box) : null, raw: t.raw, reason: whyUnplaced(t, result.tables) };
        if (t.line !== undefined) u.line = t.line;
        unplaced.push(u);
      }
      // Any other integer is a year, a page number, a code, a 栏次/行次 or a count: not an amount.
    }
  }
  const placed = inTables + inNarrative;
  const share = amounts === 0 ? 1 : Math.floor((placed / amounts) * 10000) / 10000;
  return { coverage: { amounts, inTables, inNarrative, unplaced: unplaced.length, share }, unplaced };
}

function roundBox(b: Box): Box {
  const r = (x: number) => Math.round(x * 100) / 100;
  return { x0: r(b.x0), y0: r(b.y0), x1: r(b.x1), y1: r(b.y1) };
}
