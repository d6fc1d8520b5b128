import { Decimal } from 'decimal.js';

/**
 * Amounts as Excel numbers. Excel stores IEEE doubles and shows 15 significant digits, so an
 * amount is written as a number only when that number prints back exactly as the decimal string;
 * otherwise it stays text (never a silently rounded number).
 */
export function exactNumber(s: string): number | null {
  if (!/^-?(0|[1-9]\d*)(\.\d+)?$/.test(s)) return null;
  const d = new Decimal(s);
  if (d.precision(true) > 15) return null;
  const n = d.toNumber();
  return Number.isFinite(n) && new Decimal(String(n)).eq(d) ? n : null;
}

/** The amount in `unit` (元 → as is, 万元 → ÷ 10000), exact decimal string. */
export function inUnit(yuan: string, unit: string): string {
  return unit === '万元' ? new Decimal(yuan).div(10000).toFixed() : new Decimal(yuan).toFixed();
}

/** Decimals printed in a raw string ("2, 024. 59" → 2). */
export function printedDecimals(raw: string): number {
  const m = /\.\s*(\d+)/.exec(raw.replace(/[\s,，]/g, ''));
  return m ? m[1]!.length : 0;
}

/** Excel number format with thousands separators and `decimals` places. */
export function numberFormat(decimals: number): string {
  return decimals > 0 ? `#,##0.${'0'.repeat(Math.min(decimals, 10))}` : '#,##0';
}

/** A valid, unique sheet name (≤ 31 characters, none of []:*?/\). */
export class SheetNames {
  private readonly used = new Set<string>();

  take(wanted: string): string {
    const base = wanted.replace(/[[\]:*?/\\]/g, ' ').replace(/^'+|'+$/g, '').trim().slice(0, 31) || 'sheet';
    let name = base;
    for (let n = 2; this.used.has(name.toLowerCase()); n++) {
      const suffix = ` (${n})`;
      name = base.slice(0, 31 - suffix.length) + suffix;
    }
    this.used.add(name.toLowerCase());
    return name;
  }
}
