import { Decimal } from 'decimal.js';

/** Printed number forms seen in real disclosures, parsed exactly. */
export type ParsedAmount =
  | { kind: 'blank' }
  | { kind: 'number'; value: Decimal; cleaned: string; defects: string[] }
  | { kind: 'text' };

const FULL_WIDTH: Record<string, string> = {
  '０': '0', '１': '1', '２': '2', '３': '3', '４': '4', '５': '5', '６': '6', '７': '7', '８': '8', '９': '9',
  '．': '.', '，': ',', '－': '-', '－－': '-', '（': '(', '）': ')', '　': ' ',
};

const DASHES = /^[-－—–─‐‑‒―~～/／\\]+$/;

/**
 * Parses a printed amount: thousands separators ("3,927.98"), spaces inside numbers
 * ("2, 024. 59", "1635. 3", "10.0 0"), full-width digits, negatives ("-3.2", "(3.2)", "−3.2"),
 * blanks and dashes (none). Anything else is text.
 */
export function parseAmount(raw: string): ParsedAmount {
  let s = raw.trim();
  if (s === '' || DASHES.test(s)) return { kind: 'blank' };
  const defects: string[] = [];
  const fw = s.replace(/[０-９．，－（）　]/g, (c) => FULL_WIDTH[c] ?? c);
  if (fw !== s) defects.push('full-width digits');
  s = fw.replace(/[−–]/g, '-');
  let negative = false;
  const paren = /^\((.*)\)$/.exec(s);
  if (paren) {
    negative = true;
    s = paren[1]!;
  }
  if (s.startsWith('-')) {
    negative = !negative;
    s = s.slice(1);
  }
  if (/\s/.test(s.trim())) {
    defects.push('spaces inside number');
  }
  s = s.replace(/\s+/g, '');
  if (s.includes(',')) {
    // Thousands separators must sit every three digits before the decimal point.
    if (!/^\d{1,3}(,\d{3})+(\.\d+)?$/.test(s)) return { kind: 'text' };
    s = s.replace(/,/g, '');
  }
  if (!/^\d+(\.\d+)?$/.test(s) && !/^\.\d+$/.test(s)) return { kind: 'text' };
  // A leading zero ("024") marks an identifier (单位代码), never an amount.
  if (/^0\d/.test(s)) return { kind: 'text' };
  const value = new Decimal(negative ? `-${s}` : s);
  return { kind: 'number', value, cleaned: (negative ? '-' : '') + s, defects };
}

/** True when the printed string is an amount (not a code, not text). */
export function isAmountText(raw: string): boolean {
  return parseAmount(raw).kind === 'number';
}

/** Exact conversion to a yuan string without trailing zeros. */
export function toYuan(value: Decimal, unit: '万元' | '元'): string {
  const y = unit === '万元' ? value.times(10000) : value;
  return y.toFixed();
}
