import type { SourceDocument } from '../model/document.js';
import { readTextDump } from './text-dump.js';

/** Raised for inputs that cannot be read; the message names the file and the reason. */
export class InputError extends Error {
  constructor(
    readonly file: string,
    readonly code: string,
    message: string,
  ) {
    super(message);
    this.name = 'InputError';
  }
}

export function looksLikePdf(bytes: Uint8Array): boolean {
  const head = Buffer.from(bytes.subarray(0, 1024)).toString('latin1');
  return head.includes('%PDF-');
}

/** The read stage: picks the reader by content (not by file name). */
export async function readDocument(bytes: Uint8Array, file: string): Promise<SourceDocument> {
  if (bytes.length === 0) throw new InputError(file, 'empty', `${file}: the file is empty (0 bytes)`);
  if (looksLikePdf(bytes) || /\.pdf$/i.test(file)) {
    // Loaded on demand: text dumps (and --help) never pay for pdf.js start-up.
    const { readPdf } = await import('./pdf.js');
    const doc = await readPdf(bytes, file);
    // Pages without a usable text layer (scans, tables pasted as pictures) are read by OCR.
    const { ocrScannedPages } = await import('./ocr.js');
    return ocrScannedPages(doc, bytes);
  }
  if (bytes.subarray(0, 4096).includes(0) && !isUtf16(bytes)) {
    throw new InputError(file, 'binary', `${file}: not a text dump or a PDF (binary content)`);
  }
  return readTextDump(bytes, file);
}

function isUtf16(bytes: Uint8Array): boolean {
  return (bytes[0] === 0xff && bytes[1] === 0xfe) || (bytes[0] === 0xfe && bytes[1] === 0xff);
}
