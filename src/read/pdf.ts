import { createHash } from 'node:crypto';
import { basename } from 'node:path';
import type { Page, SourceDocument } from '../model/document.js';
import { extractRules } from './pdf-rules.js';
import { glyphsToRuns } from './pdf-runs.js';
import { mapWalkResult, walkOperatorList, type FontInfo, type PlacedGlyph, type WalkResult } from './pdf-ops.js';
import { boundOperatorLists, loadPdfjs, offlineDocumentParams, OperatorLimitError, textOnlyDocumentParams, type Pdfjs } from './pdfjs.js';

/**
 * The PDF reader: a PDF file's bytes → SourceDocument with, per page, positioned text runs
 * (whitespace-free tokens) and ruling lines, in PDF points with the origin at the top-left of
 * the upright page. Lines are left empty: the layout stage groups runs into lines.
 *
 * Text and lines both come from one pass over pdf.js's operator list (see pdf-ops.ts): glyph
 * positions are computed the way pdf.js's renderer places them, which is more precise than
 * getTextContent's items (runs of glyphs with spaces inserted by a heuristic).
 */

export type PdfReadErrorCode = 'encrypted' | 'damaged' | 'not_pdf' | 'no_pages' | 'unreadable' | 'too_large';

export class PdfReadError extends Error {
  override readonly name = 'PdfReadError';
  readonly code: PdfReadErrorCode;
  /** The file's base name, as in SourceInfo.file. */
  readonly file: string;

  constructor(code: PdfReadErrorCode, file: string, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.code = code;
    this.file = file;
  }
}

export interface ReadPdfOptions {
  /** Password for an encrypted PDF (user or owner password). */
  password?: string;
}

/** How far into the file the "%PDF-" header may start (readers tolerate leading junk). */
const HEADER_WINDOW = 1024;

export async function readPdf(bytes: Uint8Array, file: string, opts: ReadPdfOptions = {}): Promise<SourceDocument> {
  const name = basename(file);
  const sha256 = createHash('sha256').update(bytes).digest('hex');
  if (bytes.length === 0) {
    throw new PdfReadError('not_pdf', name, `${name}: the file is empty (0 bytes), so it is not a PDF.`);
  }
  if (findHeader(bytes) < 0) {
    throw new PdfReadError('not_pdf', name, `${name}: not a PDF file (no "%PDF-" header at the start of the file).`);
  }

  let lib: Awaited<ReturnType<typeof loadPdfjs>>;
  try {
    lib = await loadPdfjs();
  } catch (e) {
    throw new PdfReadError('unreadable', name, `${name}: could not load the PDF library (pdfjs-dist): ${errorText(e)}`, { cause: e });
  }
  const { pdfjs, assets } = lib;
  const task = pdfjs.getDocument({
    ...offlineDocumentParams(assets, bytes, opts.password),
    // Never drawn: no glyph outlines (see textOnlyDocumentParams).
    ...textOnlyDocumentParams(),
    // Images are not needed to read text and lines: skip them before they are decoded.
    maxImageSize: 0,
    verbosity: pdfjs.VerbosityLevel.ERRORS,
  });
  try {
    let doc: Awaited<typeof task.promise>;
    try {
      doc = await task.promise;
    } catch (e) {
      throw openError(name, e, opts.password !== undefined);
    }
    const pageCount = doc.numPages;
    if (!pageCount) {
      throw new PdfReadError('no_pages', name, `${name}: the PDF opens but has no pages.`);
    }
    const pages: Page[] = [];
    const fonts = new FontCache(pdfjs);
    for (let n = 1; n <= pageCount; n++) {
      let page: Awaited<ReturnType<typeof doc.getPage>>;
      let ops: Awaited<ReturnType<typeof page.getOperatorList>>;
      try {
        page = await doc.getPage(n);
        boundOperatorLists(pdfjs, page);
        ops = await page.getOperatorList({ annotationMode: pdfjs.AnnotationMode.DISABLE });
      } catch (e) {
        if (e instanceof OperatorLimitError) {
          throw new PdfReadError('too_large', name, `${name}: page ${n} of ${pageCount} is too large to read safely (${e.message}); the file is damaged or hostile.`, { cause: e });
        }
        throw new PdfReadError('damaged', name, `${name}: page ${n} of ${pageCount} cannot be read; the PDF is damaged or incomplete (${errorText(e)}).`, {
          cause: e,
        });
      }
      try {
        pages.push(buildPage(pdfjs, page, ops, n));
      } catch (e) {
        throw new PdfReadError('unreadable', name, `${name}: page ${n}: could not interpret the page content (${errorText(e)}).`, { cause: e });
      } finally {
        page.cleanup();
      }
      if (fonts.seen(ops)) await doc.cleanup();
    }
    return { source: { file: name, sha256, format: 'pdf', pageCount }, pages };
  } finally {
    await task.destroy().catch(() => undefined);
  }
}

type PdfPage = Awaited<ReturnType<Awaited<ReturnType<Pdfjs['getDocument']>['promise']>['getPage']>>;
type OperatorList = Awaited<ReturnType<PdfPage['getOperatorList']>>;

/**
 * pdf.js keeps every font it has loaded for the whole document (a CJK font with its character
 * maps is ~4 MB of arrays and strings). Producers that embed the same font anew on every page
 * (PDF24 …) thus grow the heap page by page: yantai-tongjiju, 36 pages, reached 177 MB of live
 * heap, most of it 33 copies of one font. Past FONTS_KEPT fonts not seen before, the document's caches are emptied between pages
 * (`doc.cleanup()`); documents that share a few fonts across their pages never reach it and load
 * each font once, as before.
 */
const FONTS_KEPT = 8;
export class FontCache {
  private loaded = new Set<string>();
  constructor(private readonly pdfjs: Pdfjs) {}
  /**
   * Notes the fonts a page set; true when the document's caches should be emptied now. A page that
   * itself sets many fonts raises the bar (twice its own count), so a document whose pages all share
   * the same dozen fonts is not made to reload them page after page.
   */
  seen(ops: OperatorList): boolean {
    const setFont = this.pdfjs.OPS.setFont;
    const page = new Set<string>();
    for (let i = 0; i < ops.fnArray.length; i++) {
      if (ops.fnArray[i] !== setFont) continue;
      const name = (ops.argsArray[i] as unknown[] | null)?.[0];
      if (typeof name === 'string') page.add(name);
    }
    for (const f of page) this.loaded.add(f);
    if (this.loaded.size < Math.max(FONTS_KEPT, 2 * page.size)) return false;
    this.loaded.clear();
    return true;
  }
}

function buildPage(pdfjs: Pdfjs, page: PdfPage, ops: OperatorList, number: number): Page {
  const getFont = (loadedName: string): FontInfo | null => {
    try {
      if (!page.commonObjs.has(loadedName)) return null;
      const f: unknown = page.commonObjs.get(loadedName);
      return f && typeof f === 'object' && !('error' in f) ? (f as FontInfo) : null;
    } catch {
      return null;
    }
  };
  const walked = walkOperatorList(ops, pdfjs.OPS as unknown as Record<string, number>, getFont);
  const base = page.getViewport({ scale: 1 });
  const extra = uprightCorrection(walked, base.transform);
  const rotation = (page.rotate + extra) % 360;
  const viewport = extra === 0 ? base : page.getViewport({ scale: 1, rotation });
  const mapped = finiteOnly(mapWalkResult(walked, viewport.transform));
  const size = { width: round(viewport.width), height: round(viewport.height) };
  const rules = extractRules(mapped.paths, size);
  const runs = glyphsToRuns(mapped.glyphs, rules, size);
  return { number, width: size.width, height: size.height, rotation, source: 'text-layer', lines: [], runs, rules };
}

/**
 * Drops glyphs and path pieces whose coordinates are not finite numbers. Damaged stream data (bit
 * flips in a content stream or a font matrix) can give NaN or Infinity positions, which would
 * reach the JSON as null boxes that break the schema; such marks cannot be placed on the page anyway.
 */
export function finiteOnly(w: WalkResult): WalkResult {
  const ok = (xs: ArrayLike<number>) => {
    for (let i = 0; i < xs.length; i++) if (!Number.isFinite(xs[i]!)) return false;
    return true;
  };
  const glyphs = w.glyphs.filter((g) => ok(g.quad) && ok([g.ox, g.oy, g.ex, g.ey, g.ux, g.uy, g.size]));
  const paths = w.paths
    .filter((p) => Number.isFinite(p.lineWidth))
    .map((p) => ({ ...p, subpaths: p.subpaths.filter((sp) => ok(sp.points) && sp.segments.every(ok)) }));
  return glyphs.length === w.glyphs.length && paths.every((p, i) => p.subpaths.length === w.paths[i]!.subpaths.length) && paths.length === w.paths.length
    ? w
    : { ...w, glyphs, paths };
}

/**
 * Extra clockwise rotation (0, 90, 180, 270) that brings the page's text upright after the
 * page's own /Rotate: a landscape table placed sideways on a portrait page without /Rotate
 * reads bottom-to-top; we turn it so that it reads left to right. Decided by the glyphs' up
 * vectors, only when at least 20 glyphs and 70% of them agree.
 */
export function uprightCorrection(walked: WalkResult, viewportTransform: readonly number[]): number {
  const m = viewportTransform;
  const counts = [0, 0, 0, 0]; // up vector points: up (upright), left, down, right
  let total = 0;
  for (const g of walked.glyphs as readonly PlacedGlyph[]) {
    if (g.space) continue;
    const ux = m[0]! * g.ux + m[2]! * g.uy;
    const uy = m[1]! * g.ux + m[3]! * g.uy;
    total++;
    if (-uy >= Math.abs(ux)) counts[0]!++;
    else if (-ux > Math.abs(uy)) counts[1]!++;
    else if (uy >= Math.abs(ux)) counts[2]!++;
    else counts[3]!++;
  }
  if (total < 20) return 0;
  // Up pointing left: the text reads bottom-to-top; a clockwise quarter turn makes it upright.
  const turns = [0, 90, 180, 270];
  let best = 0;
  for (let i = 1; i < 4; i++) if (counts[i]! > counts[best]!) best = i;
  return counts[best]! >= 0.7 * total ? turns[best]! : 0;
}

function findHeader(bytes: Uint8Array): number {
  const limit = Math.min(bytes.length - 5, HEADER_WINDOW);
  for (let i = 0; i <= limit; i++) {
    if (bytes[i] === 0x25 && bytes[i + 1] === 0x50 && bytes[i + 2] === 0x44 && bytes[i + 3] === 0x46 && bytes[i + 4] === 0x2d) return i;
  }
  return -1;
}

function openError(file: string, e: unknown, passwordGiven: boolean): PdfReadError {
  const err = e as { name?: string; code?: number } | null;
  if (err?.name === 'PasswordException') {
    const wrong = err.code === 2 || passwordGiven;
    return new PdfReadError(
      'encrypted',
      file,
      wrong
        ? `${file}: the PDF is encrypted and the password given does not open it.`
        : `${file}: the PDF is encrypted (password-protected); a password is needed to open it.`,
      { cause: e },
    );
  }
  return new PdfReadError('damaged', file, `${file}: the PDF is damaged or incomplete and cannot be opened (${errorText(e)}).`, { cause: e });
}

function errorText(e: unknown): string {
  if (e instanceof Error) return e.message || e.name;
  return String(e);
}

function round(v: number): number {
  return Math.round(v * 100) / 100 + 0;
}
