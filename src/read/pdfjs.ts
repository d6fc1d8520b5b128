import { createRequire } from 'node:module';
import { dirname, join, sep } from 'node:path';

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
