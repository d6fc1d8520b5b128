import { loadCanvas, loadPdfjs, offlineDocumentParams, type CanvasModule } from '../read/pdfjs.js';
import type { CanonicalResult } from '../model/canonical.js';
import { encodeGrayPng, type GrayBits } from './gray-png.js';

/**
 * Page images for the report: each PDF page rendered with pdf.js onto an @napi-rs/canvas canvas
 * (offline: fonts and cMaps come from the pdfjs-dist package folder), upright the same way the
 * reader turned it (the result's pages[].rotation), encoded as a grayscale PNG (default) or as
 * WebP or JPEG.
 *
 * Only the pages the report shows are rendered (reportPages: pages with a table, a flag or a
 * cell of a check that did not pass), unless `pages: 'all'`: a 40-page budget has about 18 such
 * pages. At the default 1.25× (90 dpi) in 16 gray levels a table page is 15–45 KB and costs
 * about 0.07 s of CPU, nearly all pdf.js drawing (packing and deflate are a fifth). WebP at 108
 * dpi, the default before, was as small but its encoder alone took 0.065 s a page, more than
 * half of a report's time: see docs/performance.md. A page over `maxPageBytes` is encoded again with fewer levels
 * (or lower quality) and then at lower resolution until it fits.
 */
export interface PageImageOptions {
  /** Pixels per PDF point (1 = 72 dpi). Default 1.25 (90 dpi: a table page is 744 px wide, digits stay legible; the page column shows it at 300–900 px). */
  scale?: number;
  /** 'png' (default): grayscale PNG, `grayBits` per pixel; 'webp' or 'jpeg': colour, lossy at `quality`. */
  format?: 'png' | 'webp' | 'jpeg';
  /** Gray levels of a PNG as bits per pixel: 4 (default, 16 levels: anti-aliased text, scans stay readable) or 2, 8. */
  grayBits?: 2 | 4 | 8;
  /** WebP/JPEG quality 0–100. Default 75. */
  quality?: number;
  /** Upper bound per encoded page. Default 150 KB. */
  maxPageBytes?: number;
  /** 'needed' (default): only the pages reportPages() lists; 'all': every page. */
  pages?: 'needed' | 'all';
}

/** The pages a report shows beside something: tables, flags, and cells of checks that did not pass. */
export function reportPages(r: CanonicalResult): Set<number> {
  const out = new Set<number>();
  for (const t of r.tables) {
    for (const p of t.pages) out.add(p);
    for (const b of t.boxes ?? []) out.add(b.page);
  }
  for (const f of r.flags) if (f.page !== null) out.add(f.page);
  for (const c of r.checks) {
    if (c.status === 'pass') continue;
    for (const ref of c.cells ?? []) if (ref.page !== null && ref.page !== undefined) out.add(ref.page);
  }
  return out;
}

export interface PageImage {
  page: number;
  /** Pixel size of the image. */
  width: number;
  height: number;
  mime: string;
  data: Uint8Array;
}

export interface PageImages {
  images: Map<number, PageImage>;
  /** Pages that could not be rendered, or why none could. */
  warnings: string[];
}

const DEFAULTS = { scale: 1.25, format: 'png' as 'png' | 'webp' | 'jpeg', grayBits: 4 as GrayBits, quality: 75, maxPageBytes: 150 * 1024, pages: 'needed' as const };

export async function renderPageImages(bytes: Uint8Array, pages: CanonicalResult['pages'], options: PageImageOptions = {}, needed?: Set<number>): Promise<PageImages> {
  const opts = { ...DEFAULTS, ...options };
  const wanted = (n: number) => opts.pages === 'all' || !needed || needed.has(n);
  const images = new Map<number, PageImage>();
  const warnings: string[] = [];
  let canvasMod: CanvasModule;
  try {
    canvasMod = loadCanvas();
  } catch (e) {
    return { images, warnings: [`page images omitted: the @napi-rs/canvas package could not be loaded (${errText(e)})`] };
  }
  const { pdfjs, assets } = await loadPdfjs();
  const task = pdfjs.getDocument({
    ...offlineDocumentParams(assets, bytes),
    verbosity: pdfjs.VerbosityLevel.ERRORS,
  });
  try {
    let doc: Awaited<typeof task.promise>;
    try {
      doc = await task.promise;
    } catch (e) {
      return { images, warnings: [`page images omitted: the PDF could not be opened (${errText(e)})`] };
    }
    const rotations = new Map(pages.map((p) => [p.number, p.rotation] as const));
    type Doc = typeof doc;
    const render = async (d: Doc, n: number, scale: number) => {
      const page = await d.getPage(n);
      try {
        const viewport = page.getViewport({ scale, rotation: rotations.get(n) ?? page.rotate });
        const width = Math.max(1, Math.ceil(viewport.width));
        const height = Math.max(1, Math.ceil(viewport.height));
        const canvas = canvasMod.createCanvas(width, height);
        const ctx = canvas.getContext('2d');
        ctx.fillStyle = '#ffffff';
        ctx.fillRect(0, 0, width, height);
        await page.render({
          canvasContext: ctx as unknown as CanvasRenderingContext2D,
          canvas: canvas as unknown as HTMLCanvasElement,
          viewport,
        }).promise;
        return canvas;
      } finally {
        page.cleanup();
      }
    };
    type Attempt = { scale: number; quality: number; bits: GrayBits };
    const encode = async (canvas: Awaited<ReturnType<typeof render>>, a: Attempt) => {
      if (opts.format === 'png') {
        // The canvas's own pixels (RGBA, premultiplied: the same as unpremultiplied on the opaque white
        // page), not getImageData's converted copy, which cost 9 ms a page.
        return encodeGrayPng(canvas.data(), canvas.width, canvas.height, a.bits);
      }
      const data = opts.format === 'webp' ? await canvas.encode('webp', a.quality) : await canvas.encode('jpeg', a.quality);
      return new Uint8Array(data.buffer, data.byteOffset, data.byteLength);
    };
    // Encoding runs on libuv's thread pool (the deflate, or Skia's encoder): the next page renders meanwhile.
    const fit = async (n: number, first: Awaited<ReturnType<typeof render>>): Promise<PageImage> => {
      const q = opts.quality;
      const b = opts.grayBits;
      const fewer = (Math.min(b, 2) as GrayBits);
      const attempts: Attempt[] = [
        { scale: opts.scale, quality: q, bits: b },
        { scale: opts.scale, quality: Math.min(q, 60), bits: fewer },
        { scale: opts.scale * 0.75, quality: Math.min(q, 60), bits: fewer },
        { scale: opts.scale * 0.5, quality: Math.min(q, 50), bits: fewer },
      ];
      let canvas = first;
      let img: PageImage | null = null;
      for (const a of attempts) {
        if (a.scale !== opts.scale) canvas = await render(doc, n, a.scale);
        const data = await encode(canvas, a);
        img = { page: n, width: canvas.width, height: canvas.height, mime: `image/${opts.format}`, data };
        if (data.byteLength <= opts.maxPageBytes) break;
      }
      return img!;
    };
    const inFlight: Promise<void>[] = [];
    for (let n = 1; n <= doc.numPages; n++) {
      if (!wanted(n)) continue;
      try {
        const canvas = await render(doc, n, opts.scale);
        inFlight.push(
          fit(n, canvas).then(
            (img) => void images.set(n, img),
            (e: unknown) => void warnings.push(`page ${n} could not be encoded (${errText(e)})`),
          ),
        );
      } catch (e) {
        warnings.push(`page ${n} could not be rendered (${errText(e)})`);
      }
      if (inFlight.length >= 4) await inFlight.shift();
    }
    await Promise.all(inFlight);
  } finally {
    await task.destroy().catch(() => undefined);
  }
  return { images, warnings };
}

function errText(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}
