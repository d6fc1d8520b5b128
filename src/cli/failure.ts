import { OutputError } from '../emit/atomic.js';

/**
 * Why a conversion failed, as the manifest records it. Four kinds of failure, kept apart so that
 * nobody is blamed wrongly: the input (the reader's codes: damaged, not_pdf, too_large …), the
 * file system while reading it (errno codes, mapped to words in batch.ts), our outputs
 * (write_failed, naming the output), and defects of ours (crashed, with the stack).
 */
export interface Classified {
  code: string;
  message: string;
  output?: string;
  stack?: string;
}

/** pdf.js's own error classes (pdfjs-dist 5.6): thrown for what it finds in the file. */
const PDFJS_ERRORS = new Set([
  'FormatError', 'XRefEntryException', 'XRefParseException', 'InvalidPDFException', 'UnknownErrorException',
  'MissingDataException', 'ParserEOFException', 'ResponseException', 'AbortException', 'UnexpectedResponseException',
]);

/** Is the error from inside pdf.js (its class, or the top of its stack in pdfjs-dist)? */
export function fromPdfjs(e: unknown): boolean {
  if (!(e instanceof Error) && !(e && typeof e === 'object' && 'name' in e)) return false;
  const err = e as { name?: unknown; stack?: unknown };
  if (typeof err.name === 'string' && PDFJS_ERRORS.has(err.name)) return true;
  const top = typeof err.stack === 'string' ? err.stack.split('\n').find((l) => /^\s+at /.test(l)) : undefined;
  return top !== undefined && /[\\/]pdfjs-dist[\\/]/.test(top);
}

const text = (e: unknown): string => (e instanceof Error ? e.message || e.name : String(e));

export function classifyError(e: unknown): Classified {
  if (e instanceof OutputError) return { code: 'write_failed', message: e.message, output: e.output };
  const err = e as { name?: unknown; code?: unknown; message?: unknown; syscall?: unknown; stack?: unknown } | null;
  // The readers' own errors (PdfReadError, InputError) carry a code and a message naming the file.
  if ((err?.name === 'PdfReadError' || err?.name === 'InputError') && typeof err.code === 'string') {
    return { code: err.code, message: typeof err.message === 'string' ? err.message : String(e) };
  }
  if (fromPdfjs(e)) {
    const name = typeof err?.name === 'string' && err.name !== 'Error' ? `${err.name}: ` : '';
    return { code: 'damaged', message: `the PDF is damaged and cannot be read (${name}${text(e)})` };
  }
  // A file-system error while reading the input (ENOENT, EACCES, EIO …): batch.ts puts it in words.
  if (typeof err?.code === 'string' && /^E[A-Z]+$/.test(err.code) && typeof err.syscall === 'string') {
    return { code: err.code, message: text(e) };
  }
  const stack = typeof err?.stack === 'string' ? err.stack : undefined;
  return { code: 'crashed', message: `internal error (a defect of budget-tables; please report it): ${text(e)}`, ...(stack ? { stack } : {}) };
}

/** Is any number in `v` not finite? (Fast: no paths built; see firstNonFinite for where.) */
function hasNonFinite(v: unknown, depth: number): boolean {
  if (typeof v === 'number') return !Number.isFinite(v);
  if (!v || typeof v !== 'object' || depth > 64) return false;
  if (Array.isArray(v)) {
    for (const x of v) if (hasNonFinite(x, depth + 1)) return true;
    return false;
  }
  for (const k in v) if (hasNonFinite((v as Record<string, unknown>)[k], depth + 1)) return true;
  return false;
}

/** The path of the first number that is not finite (NaN, ±Infinity), or null: JSON would write it as null. */
export function firstNonFinite(v: unknown, path = '$', depth = 0): string | null {
  if (!hasNonFinite(v, depth)) return null;
  if (typeof v === 'number') return path;
  if (Array.isArray(v)) {
    for (let i = 0; i < v.length; i++) if (hasNonFinite(v[i], depth + 1)) return firstNonFinite(v[i], `${path}[${i}]`, depth + 1);
    return null;
  }
  for (const [k, x] of Object.entries(v as object)) if (hasNonFinite(x, depth + 1)) return firstNonFinite(x, `${path}.${k}`, depth + 1);
  return null;
}
