import { createRequire } from 'node:module';
import { dirname, join, sep } from 'node:path';
import { installLazyCanvas } from './canvas.js';

export { loadCanvas, type CanvasModule } from './canvas.js';

/**
 * Loads pdfjs-dist (legacy build, pinned 5.6.205: 5.7+ needs Node 22) once, with its worker
 * running in this thread (no Worker thread, no network), and finds its asset folders on disk
 * relative to wherever the package is installed (works from src/ under vitest, from dist/,
 * and from a global install).
 */
export type Pdfjs = typeof import('pdfjs-dist/legacy/build/pdf.mjs');

export interface PdfjsAssets {
  /** Folder paths ending in the path separator, as pdf.js's Node factories expect. */
  cMapUrl: string;
  standardFontDataUrl: string;
  wasmUrl: string;
  iccUrl: string;
}

let loading: Promise<{ pdfjs: Pdfjs; assets: PdfjsAssets }> | null = null;

export function loadPdfjs(): Promise<{ pdfjs: Pdfjs; assets: PdfjsAssets }> {
  loading ??= (async () => {
    const require = createRequire(import.meta.url);
    const root = dirname(require.resolve('pdfjs-dist/package.json'));
    const folder = (name: string): string => join(root, name) + sep;
    // The worker module, imported here, is picked up by pdf.js as `globalThis.pdfjsWorker`
    // and runs in this thread ("fake worker") instead of being looked up by a relative URL.
    const g = globalThis as { pdfjsWorker?: unknown };
    if (!g.pdfjsWorker) {
      // @ts-expect-error: the worker module ships without type declarations
      g.pdfjsWorker = await import('pdfjs-dist/legacy/build/pdf.worker.mjs');
    }
    // pdf.js requires @napi-rs/canvas as it loads; the Skia library is mapped only once something
    // is drawn (src/read/canvas.ts).
    installLazyCanvas();
    const pdfjs = await import('pdfjs-dist/legacy/build/pdf.mjs');
    return {
      pdfjs,
      assets: {
        cMapUrl: folder('cmaps'),
        standardFontDataUrl: folder('standard_fonts'),
        wasmUrl: folder('wasm'),
        iccUrl: folder('iccs'),
      },
    };
  })();
  loading.catch(() => {
    loading = null;
  });
  return loading;
}

/**
 * The getDocument options every use of pdf.js here shares: a copy of the bytes (pdf.js detaches
 * the buffer it is given), the packaged cMaps, fonts and wasm (offline), no system fonts, no
 * fetch, no eval, no XFA.
 */
export function offlineDocumentParams(assets: PdfjsAssets, bytes: Uint8Array, password?: string) {
  return {
    data: new Uint8Array(bytes),
    ...(password !== undefined ? { password } : {}),
    cMapUrl: assets.cMapUrl,
    cMapPacked: true,
    standardFontDataUrl: assets.standardFontDataUrl,
    wasmUrl: assets.wasmUrl,
    iccUrl: assets.iccUrl,
    useSystemFonts: false,
    useWorkerFetch: false,
    isEvalSupported: false,
    enableXfa: false,
  };
}

/**
 * getDocument options for a document whose text and lines are read but never drawn (the text
 * reader, src/read/pdf.ts). pdf.js in Node defaults to `disableFontFace: true`, which makes its
 * worker compile an outline path for every glyph shown (`buildFontPaths`) and keep each one in the
 * document's object cache until the document is destroyed — work for canvas rendering only: ~10 %
 * of a text-layer PDF's CPU and much of the garbage that makes a converter's heap grow
 * (docs/performance.md). With `disableFontFace: false` pdf.js hands each font to the document's
 * font set as a `FontFace` instead; Node has neither, so a stand-in document accepts the fonts and
 * drops them. The renderer (page-images.ts) keeps pdf.js's defaults: it draws glyphs as paths.
 */
export function textOnlyDocumentParams(): { disableFontFace: false; fontExtraProperties: false; ownerDocument: Document } {
  installFontFaceStandIn();
  return { disableFontFace: false, fontExtraProperties: false, ownerDocument: FONTLESS_DOCUMENT as unknown as Document };
}

/** A document whose font set accepts and ignores fonts (pdf.js's FontLoader calls add/delete only). */
const FONTLESS_DOCUMENT = { fonts: { add: () => undefined, delete: () => undefined } };

/**
 * pdf.js constructs `new FontFace(name, bytes, descriptors)` and awaits `.loaded` before adding it
 * to the font set: a do-nothing stand-in, installed only where the runtime has no FontFace (Node).
 */
function installFontFaceStandIn(): void {
  const g = globalThis as { FontFace?: unknown };
  if (g.FontFace) return;
  g.FontFace = class FontFaceStandIn {
    readonly loaded: Promise<this>;
    constructor(readonly family: string) {
      this.loaded = Promise.resolve(this);
    }
    load(): Promise<this> {
      return this.loaded;
    }
  };
}

/**
 * What one page, and one document, may cost in pdf.js operators (a text-showing operator counts
 * once plus once per glyph it shows). Real disclosures stay far below: at most 19 088 operators on
 * a page and 340 000 in a document over 60 real documents and the corpus. A page past the bound is
 * a hostile or broken file (a 196 KB file whose content stream inflates to 64 MB of text operators
 * grew a worker to 4 GB): it fails as `too_large` instead of taking the process down.
 */
export const OPERATOR_LIMITS = { page: 1_000_000, document: 5_000_000 };

/** Raised (as the rejection of getOperatorList) when a page or document exceeds OPERATOR_LIMITS. */
export class OperatorLimitError extends Error {
  override readonly name = 'OperatorLimitError';
  constructor(
    readonly scope: 'page' | 'document',
    readonly limit: number,
  ) {
    super(`more than ${limit.toLocaleString('en')} drawing operators ${scope === 'page' ? 'on one page' : 'in the document'}`);
  }
}

interface IntentState {
  operatorList: { fnArray: number[] } | null;
  streamReader: { cancel(reason?: unknown): Promise<void> } | null;
  opListReadCapability?: { reject(e: unknown): void } | null;
  displayReadyCapability?: { reject(e: unknown): void } | null;
}
interface Chunk {
  fnArray: ArrayLike<number>;
  argsArray: ArrayLike<unknown>;
  length: number;
}

/**
 * pdf.js hands a page's operator list over in chunks of about 1000 operators as it parses
 * (PDFPageProxy._renderPageChunk, pdfjs-dist 5.6.205, pinned); it has no option to bound it. The
 * chunks are counted here, and past the bound the stream is cancelled (which stops the parser) and
 * getOperatorList rejects with OperatorLimitError, before the list can grow without end.
 * tests/batch-reliability.test.ts converts such a file: a pdf.js upgrade that renames the hook fails it.
 * Call it with the first page of a document, before its operator list is asked for.
 */
export function boundOperatorLists(pdfjs: Pdfjs, page: object): void {
  // PDFPageProxy is not exported: its prototype is reached through a page (once, for all pages).
  const proto = Object.getPrototypeOf(page) as Record<string, unknown>;
  const original = proto['_renderPageChunk'] as ((this: unknown, chunk: Chunk, state: IntentState) => void) | undefined;
  if (typeof original !== 'function' || (original as { bounded?: boolean }).bounded) return;
  const showText = pdfjs.OPS.showText;
  const perDocument = new WeakMap<object, number>();
  const bounded = function (this: { _transport?: object }, chunk: Chunk, state: IntentState): void {
    let cost = chunk.length;
    for (let i = 0; i < chunk.length; i++) {
      if (chunk.fnArray[i] === showText) {
        const glyphs = (chunk.argsArray[i] as unknown[] | null)?.[0];
        if (Array.isArray(glyphs)) cost += glyphs.length;
      }
    }
    const st = state as IntentState & { cost?: number };
    st.cost = (st.cost ?? 0) + cost;
    const key = this._transport ?? this;
    const docCost = (perDocument.get(key) ?? 0) + cost;
    perDocument.set(key, docCost);
    const over = st.cost > OPERATOR_LIMITS.page ? new OperatorLimitError('page', OPERATOR_LIMITS.page) : docCost > OPERATOR_LIMITS.document ? new OperatorLimitError('document', OPERATOR_LIMITS.document) : null;
    if (!over) return original.call(this, chunk, state);
    // Keep nothing more of this list; stop the parser; make getOperatorList (or render) reject.
    if (state.operatorList) state.operatorList.fnArray.length = 0;
    void state.streamReader?.cancel(over).catch(() => undefined);
    state.streamReader = null;
    const cap = state.opListReadCapability ?? state.displayReadyCapability;
    cap?.reject(over);
  };
  (bounded as { bounded?: boolean }).bounded = true;
  proto['_renderPageChunk'] = bounded;
}
