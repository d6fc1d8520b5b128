import type { SourceInfo } from '../model/document.js';
import type { Box } from '../model/geometry.js';

/**
 * What OCR saw, kept beside a document for the post-recognition step (src/validate/ocr-flags.ts):
 * per page how it was read, and every OCR'd token with its box, confidence and alternative
 * readings. Keyed by the document's SourceInfo object, which the pipeline passes unchanged from
 * the read stage to the result (no field of the canonical model carries OCR internals).
 */
export type OcrPageKind = 'image-only' | 'mixed';

export interface OcrPageReport {
  page: number;
  kind: OcrPageKind;
  /** 'embedded-image': the page's scan taken as stored; 'rendered': the page rendered by pdf.js. */
  method: 'embedded-image' | 'rendered';
  /** Resolution OCR worked at (pixels per inch of the page). */
  dpi: number;
  /** Resolution of the scan as stored, when OCR worked at another (a 150 dpi scan read at 300, 600 at 200). */
  scanDpi?: number;
  /** Quarter turn applied to bring the text upright (clockwise degrees). */
  orientation: number;
  /** Skew corrected, degrees (counter-clockwise positive). */
  skew: number;
  words: number;
  /** Mean confidence of the words (0–100). */
  meanConfidence: number;
  /** Ruling lines found in the image. */
  rules: number;
  /** Share of the page covered by images (mixed pages). */
  imageCoverage: number;
  seconds: number;
}

export interface OcrToken {
  page: number;
  box: Box;
  text: string;
  confidence: number;
  /** Other readings of the same token (the other OCR pass, tesseract's choices), best first. */
  alternatives: { text: string; confidence: number }[];
  /** Read again restricted to digits and separators (a numeric cell). */
  numeric: boolean;
  /** The OCR reading before a misread table title was put right (the text is the corrected one). */
  original?: string;
}

export interface OcrEvidence {
  pages: OcrPageReport[];
  tokens: OcrToken[];
  /** Pages that needed OCR but could not be read by it (the page is kept as the text layer gave it). */
  errors: { page: number; message: string }[];
}

const store = new WeakMap<SourceInfo, OcrEvidence>();

export function setOcrEvidence(source: SourceInfo, evidence: OcrEvidence): void {
  store.set(source, evidence);
}

export function getOcrEvidence(source: SourceInfo): OcrEvidence | undefined {
  return store.get(source);
}
