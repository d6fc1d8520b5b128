import { writeToString } from 'fast-csv';
import type { CanonicalResult } from '../model/canonical.js';
import { writeFileAtomic } from './atomic.js';

/**
 * Columns of a fact row (one row per numeric cell), in this stable order. The per-document CSV
 * has exactly these; the dataset's facts.csv puts `document_id` and `table_index` in front
 * (DATASET_FACT_COLUMNS in dataset.ts). This list and factRecords() are the one source of truth.
 */
export const FACT_COLUMNS = [
  'file', 'department', 'year', 'kind', 'template', 'table_title', 'side', 'row_code', 'row_label',
  'column_key', 'column_label', 'yuan', 'raw', 'declared_unit', 'applied_unit', 'page', 'line', 'corrected',
] as const;

/** A fact row with the index of its table in `result.tables` (for joining with tables.csv). */
export interface FactRecord {
  tableIndex: number;
  values: string[];
}

/** The numeric cells of every table (template `other` included, with its printed title), in document order. */
export function* factRecords(r: CanonicalResult): Generator<FactRecord> {
  for (const [tableIndex, t] of r.tables.entries()) {
    const labels = new Map(t.columns.map((c) => [c.key, c.label]));
    for (const row of t.rows) {
      for (const col of t.columns) {
        const cell = row.cells[col.key];
        if (!cell || cell.yuan === null) continue;
        yield {
          tableIndex,
          values: [
            r.source.file, r.document.department ?? '', r.document.year?.toString() ?? '', r.document.kind, t.template, t.title,
            row.side ?? '', row.code ?? '', row.label, col.key, labels.get(col.key) ?? '', cell.yuan, cell.raw,
            t.unit.declared ?? '', t.unit.applied, cell.page?.toString() ?? '', cell.line?.toString() ?? '',
            cell.corrections?.map((c) => `${c.kind}: ${c.reason}`).join('; ') ?? '',
          ],
        };
      }
    }
  }
}

export function factRows(r: CanonicalResult): string[][] {
  return Array.from(factRecords(r), (f) => f.values);
}

/** `bom` writes UTF-8 with a byte-order mark so Excel/WPS on Windows read Chinese correctly. */
export async function writeCsv(path: string, result: CanonicalResult, bom = true): Promise<void> {
  const text = await writeToString([[...FACT_COLUMNS], ...factRows(result)], { writeBOM: bom, includeEndRowDelimiter: true });
  await writeFileAtomic(path, text);
}
