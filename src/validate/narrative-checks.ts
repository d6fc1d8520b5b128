import { Decimal } from 'decimal.js';
import type { NarrativeRestatement } from '../../extractors/checks/narrative.js';
import type { CanonicalResult, CellRef, CheckResult, NarrativeStatement } from '../model/canonical.js';
import { parseAmount } from '../normalise/amount.js';
import { findRows, unusable } from './select.js';

const num = (s: string) => {
  const p = parseAmount(s.replace(/，/g, ','));
  return p.kind === 'number' ? p.value : null;
};
const decimals = (s: string) => (s.includes('.') ? s.split('.')[1]!.length : 0);
const sentenceRef = (s: NarrativeStatement, excerpt: string): CellRef => ({
  table: 'narrative', row: excerpt.slice(0, 40), column: '', page: s.page, ...(s.line !== undefined ? { line: s.line } : {}), raw: excerpt,
});
/** Half a unit in the last printed place: "127.2" allows ±0.05. */
const halfUlp = (printed: string) => new Decimal(5).times(new Decimal(10).pow(-(decimals(printed) + 1)));

/** Amounts the narrative restates, compared with the table cells they name. */
export function restatementChecks(result: CanonicalResult, specs: NarrativeRestatement[]): CheckResult[] {
  const tables = new Map(result.tables.filter((t) => t.template !== 'other').map((t) => [t.template, t]));
  const out: CheckResult[] = [];
  for (const spec of specs) {
    let n = 0;
    for (const s of result.narrative) {
      for (const m of s.text.matchAll(new RegExp(spec.pattern, 'g'))) {
        const printed = m[1]!;
        const said = num(printed);
        if (!said) continue;
        const target = spec.targets.find((t) => !unusable(tables.get(t.table), t.table) && findRows(tables.get(t.table)!, t.row).length > 0);
        if (!target) continue;
        const table = tables.get(target.table)!;
        const row = findRows(table, target.row)[0]!;
        const cell = row.cells[target.column];
        const id = `${spec.id}#${++n}`;
        const refs: CellRef[] = [
          sentenceRef(s, m[0]),
          { table: table.template, row: [row.side, row.code ?? row.label].filter(Boolean).join(':'), column: target.column, page: cell?.page ?? row.page, box: cell?.box ?? null, ...(cell?.line !== undefined ? { line: cell.line } : {}), ...(cell ? { raw: cell.raw } : {}) },
        ];
        const inTable = cell?.yuan ? new Decimal(cell.yuan).div(10000) : new Decimal(0);
        const diff = said.minus(inTable);
        const base = { id, expected: inTable.toFixed(), actual: said.toFixed(), difference: diff.toFixed(), cells: refs };
        if (diff.isZero()) out.push({ ...base, status: 'pass', message: `${spec.description}: ${printed} 万元` });
        else if (diff.abs().lessThanOrEqualTo(halfUlp(printed))) out.push({ ...base, status: 'info', message: `${spec.description}: the narrative rounds ${inTable.toFixed()} 万元 to ${printed}` });
        else out.push({ ...base, status: 'fail', message: `${spec.description}: the narrative says ${printed} 万元 ("${m[0]}") but ${table.template} ${row.label} ${target.column} is ${cell ? cell.raw : 'blank'} (${inTable.toFixed()} 万元)` });
      }
    }
  }
  return out;
}

const SHARE = /(\d[\d,，]*(?:\.\d+)?)\s*万元[，,、]?\s*占([^，。；\d%]{0,16}?)(?:的)?(\d+(?:\.\d+)?)\s*%/g;
const CHANGE = /(增加|减少)\s*(\d[\d,，]*(?:\.\d+)?)\s*万元[，,、]?\s*(增长|下降|降低|减少)\s*(\d+(?:\.\d+)?)\s*%/g;
const LAST_AMOUNT = /(\d[\d,，]*(?:\.\d+)?)\s*万元(?!.*\d\s*万元)/s;
/** Denominators a share names: "占本年支出86.91%" is a share of the 本年支出合计. */
const DENOMINATORS: { words: RegExp; table: string; side?: string; label: string; column: string }[] = [
  { words: /^本年支出(?:合计)?$/, table: 'FA01', side: 'expenditure', label: '本年支出合计', column: 'amount' },
  { words: /^本年收入(?:合计)?$/, table: 'FA01', side: 'income', label: '本年收入合计', column: 'amount' },
  { words: /^(?:一般公共预算财政拨款支出|本年一般公共预算财政拨款支出)$/, table: 'FA05', label: '合计', column: 'total' },
];
const EXECUTION = /(年初预算|全年预算|调整预算|预算)(?:数)?\s*(?:为)?\s*(\d[\d,，]*(?:\.\d+)?)\s*万元[^。]{0,60}?(?:支出)?决算(?:数)?\s*(?:为)?\s*(\d[\d,，]*(?:\.\d+)?)\s*万元/g;
const RATE = /完成(?:了)?(年初预算|全年预算|调整预算|预算数?)的?\s*(\d+(?:\.\d+)?)\s*%/;
const RELATION = /决算数?(大于|小于|等于|持平|高于|低于)(?:于)?(年初预算|全年预算|调整预算|预算)/;

/**
 * A printed percentage against the ratio of two printed amounts. Both amounts are rounded to
 * their last place (±half a unit), which moves the ratio, most of all over a small base; the
 * percentage is rounded too. The check passes when the printed figure lies in that range.
 */
function ratioCheck(id: string, s: NarrativeStatement, excerpt: string, what: string, num: string, den: string, printed: string, denMinusNum = false): CheckResult {
  const n = new Decimal(num.replace(/[,，]/g, '')), d0 = new Decimal(den.replace(/[,，]/g, ''));
  const en = halfUlp(num), ed = halfUlp(den);
  const base0 = denMinusNum ? d0.minus(n) : d0;
  const computed = n.div(base0).times(100);
  // Extremes of n / base over the rounding box.
  const cands: Decimal[] = [];
  for (const a of [n.minus(en), n.plus(en)]) for (const b of [d0.minus(ed), d0.plus(ed)]) {
    const bb = denMinusNum ? b.minus(a) : b;
    if (bb.greaterThan(0)) cands.push(a.div(bb).times(100));
  }
  const lo = Decimal.min(...cands).minus(halfUlp(printed)), hi = Decimal.max(...cands).plus(halfUlp(printed));
  return pctCheck(id, s, excerpt, what, computed, printed, lo, hi);
}

function pctCheck(id: string, s: NarrativeStatement, excerpt: string, what: string, computed: Decimal, printed: string, lo?: Decimal, hi?: Decimal): CheckResult {
  const said = new Decimal(printed);
  const diff = said.minus(computed);
  const low = lo ?? computed.minus(halfUlp(printed)), high = hi ?? computed.plus(halfUlp(printed));
  const base = { id, expected: computed.toDecimalPlaces(4).toFixed(), actual: printed, difference: diff.toDecimalPlaces(4).toFixed(), cells: [sentenceRef(s, excerpt)] };
  if (said.lessThan(low) || said.greaterThan(high)) {
    // One unit off in the printed percentage's last place: rounding done on other figures.
    const slack = halfUlp(printed).times(2);
    if (said.greaterThanOrEqualTo(low.minus(slack)) && said.lessThanOrEqualTo(high.plus(slack))) {
      return { ...base, status: 'info', message: `${what}: ${printed}% vs ${computed.toDecimalPlaces(2).toFixed()}% from the printed amounts, one unit off in the last place (rounding)` };
    }
  }
  if (said.greaterThanOrEqualTo(low) && said.lessThanOrEqualTo(high)) return { ...base, status: 'pass', message: `${what}: ${printed}% agrees with ${computed.toDecimalPlaces(2).toFixed()}%` };
  return { ...base, status: 'fail', message: `${what}: the narrative says ${printed}% but its own amounts give ${computed.toDecimalPlaces(2).toFixed()}% ("${excerpt}")` };
}

/** The narrative's own arithmetic: shares, year-on-year changes, budget execution and its wording. */
export function narrativeArithmetic(result: CanonicalResult): CheckResult[] {
  const out: CheckResult[] = [];
  let n = 0;
  for (const s of result.narrative) {
    for (const m of s.text.matchAll(SHARE)) {
      const part = num(m[1]!);
      if (!part) continue;
      // Only a share whose denominator the sentence names is judged ("占本年支出"); "占 80.8%"
      // alone could be of any of several totals.
      const named = DENOMINATORS.find((d) => d.words.test(m[2]!.replace(/\s+/g, '')));
      const table = named ? result.tables.find((t) => t.template === named.table) : undefined;
      const row = table?.rows.find((r) => r.label === named!.label && (named!.side === undefined || r.side === named!.side));
      const den = row?.cells[named!.column]?.yuan ? new Decimal(row.cells[named!.column]!.yuan!).div(10000) : null;
      if (!den || den.isZero()) continue;
      out.push(ratioCheck(`N.share#${++n}`, s, m[0], `share of ${named!.label}`, m[1]!, den.toFixed(), m[3]!));
    }
    for (const m of s.text.matchAll(CHANGE)) {
      // The current amount is the last one stated before the change, outside brackets: in
      // "…运行维护费614.01万元（…比上年增加73.74万元。）比上年增加5.74万元" the change is 614.01's.
      let pre = s.text.slice(0, m.index!).replace(/（[^（）]*）|\([^()]*\)/g, (b) => ' '.repeat(b.length));
      // A bracket closed here but opened before the excerpt starts: what precedes it is inside.
      const open = Math.max(pre.lastIndexOf('）'), pre.lastIndexOf(')'));
      if (open >= 0) pre = ' '.repeat(open + 1) + pre.slice(open + 1);
      const prior = LAST_AMOUNT.exec(pre);
      const now = prior ? num(prior[1]!) : null;
      const delta = num(m[2]!);
      if (!now || !delta) continue;
      const up = m[1] === '增加';
      if ((m[3] === '增长') !== up) {
        out.push({ id: `N.change.words#${++n}`, status: 'fail', message: `the narrative says ${m[1]} then ${m[3]} ("${m[0]}")`, cells: [sentenceRef(s, m[0])] });
        continue;
      }
      // "比 2025 年年初预算数 28479.84 万元增加 1476.43 万元": the amount after 比 (and run straight
      // into 增加/减少, even when a page break cut 比 off) is the base year's.
      const head = pre.slice(0, prior!.index);
      const between = pre.slice(prior!.index + prior![0].length).replace(/\s+/g, '');
      const isBase = /比[^，。；、\d]{0,16}(?:\d{4}\s*年[^，。；、\d]{0,12})?$/.test(head) || between === '';
      const before = isBase ? now : up ? now.minus(delta) : now.plus(delta);
      if (before.lessThanOrEqualTo(0)) continue;
      const excerpt = `${prior![0]} … ${m[0]}`;
      if (isBase) {
        out.push(ratioCheck(`N.change#${++n}`, s, excerpt, 'year-on-year change', m[2]!, prior![1]!, m[4]!));
        continue;
      }
      out.push(up ? ratioCheck(`N.change#${++n}`, s, excerpt, 'year-on-year change', m[2]!, prior![1]!, m[4]!, true)
        : ratioCheck(`N.change#${++n}`, s, excerpt, 'year-on-year change', m[2]!, before.toFixed(), m[4]!));
    }
    for (const m of s.text.matchAll(EXECUTION)) {
      const budget = num(m[2]!), actual = num(m[3]!);
      if (!budget || !actual) continue;
      // Judge the rate against the budget the sentence names (调整预算 when it gives one).
      const rest = s.text.slice(m.index! + m[0].length, m.index! + m[0].length + 80);
      const adjusted = /调整预算(?:数)?\s*(?:为)?\s*(\d[\d,，]*(?:\.\d+)?)\s*万元/.exec(s.text.slice(m.index!, m.index! + m[0].length));
      const rate = RATE.exec(rest);
      if (rate && !budget.isZero()) {
        const den = rate[1]!.startsWith('调整') || (rate[1] === '预算数' && adjusted) ? (adjusted ? adjusted[1]! : m[2]!) : m[2]!;
        out.push(ratioCheck(`N.execution#${++n}`, s, m[0] + rest.slice(0, rate.index + rate[0].length), 'budget execution rate', m[3]!, den, rate[2]!));
      }
      const rel = RELATION.exec(rest) ?? RELATION.exec(s.text);
      if (rel) {
        const cmp = actual.comparedTo(budget);
        const word = rel[1]!;
        const holds = ((word === '大于' || word === '高于') && cmp > 0) || ((word === '小于' || word === '低于') && cmp < 0) || ((word === '等于' || word === '持平') && cmp === 0);
        const excerpt = `${m[0]} … ${rel[0]}`;
        out.push({ id: `N.relation#${++n}`, status: holds ? 'pass' : 'fail', message: holds ? `决算 ${actual.toFixed()} ${word} 预算 ${budget.toFixed()}` : `the narrative says 决算${word}预算, but 决算 is ${actual.toFixed()} 万元 and 预算 ${budget.toFixed()} 万元 ("${excerpt}")`, expected: cmp > 0 ? '大于' : cmp < 0 ? '小于' : '等于', actual: word, cells: [sentenceRef(s, excerpt)] });
      }
    }
  }
  return out;
}
