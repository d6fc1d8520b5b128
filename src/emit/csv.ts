import { writeToString } from 'fast-csv';
import type { CanonicalResult } from '../model/canonical.js';
import { writeFileAtomic } from './atomic.js';

/** Columns of the per-document cell CSV (one row per numeric cell), in this stable order. */
export const FACT_COLUMNS = [
  'file', 'department', 'year', 'kind', 'template', 'table_title', 'side', 'row_code', 'row_label',
  'column_key', 'column_label', 'yuan', 'raw', 'declared_unit', 'applied_unit', 'page', 'line', 'corrected',
] as const;

export function factRows(r: CanonicalResult): string[][] {
  const out: string[][] = [];
  for (const t of r.tables) {
    if (t.template === 'other') continue;
    const labels = new Map(t.columns.map((c) => [c.key, c.label]));
    for (const row of t.rows) {
      for (const col of t.columns) {
        const cell = row.cells[col.key];
        if (!cell || cell.yuan === null) continue;
        out.push([
          r.source.file, r.document.department ?? '', r.document.year?.toString() ?? '', r.document.kind, t.template, t.title,
          row.side ?? '', row.code ?? '', row.label, col.key, labels.get(col.key) ?? '', cell.yuan, cell.raw,
          t.unit.declared ?? '', t.unit.applied, cell.page?.toString() ?? '', cell.line?.toString() ?? '',
          cell.corrections?.map((c) => `${c.kind}: ${c.reason}`).join('; ') ?? '',
        ]);
      }
    }
  }
  return out;
}

/** `bom` writes UTF-8 with a byte-order mark so Excel/WPS on Windows read Chinese correctly. */
export async function writeCsv(path: string, result: CanonicalResult, bom = true): Promise<void> {
  const text = await writeToString([[...FACT_COLUMNS], ...factRows(result)], { writeBOM: bom, includeEndRowDelimiter: true });
  await writeFileAtomic(path, text);
}
