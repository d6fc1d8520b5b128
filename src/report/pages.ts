import { loadPdfjs, offlineDocumentParams } from '../read/pdfjs.js';
import type { CanonicalResult } from '../model/canonical.js';

/**
 * Page images for the report: each PDF page rendered with pdf.js onto an @napi-rs/canvas canvas
 * (offline: fonts and cMaps come from the pdfjs-dist package folder), upright the same way the
 * reader turned it (the result's pages[].rotation), encoded as WebP or JPEG.
 *
 * Size: at the default 2× (144 dpi) and WebP quality 80 a table page is 40–140 KB, so a 30-page
 * report stays well under 10 MB even after base64 (4/3). A page over `maxPageBytes` is encoded
 * again at lower quality and then at lower resolution until it fits.
 */
export interface PageImageOptions {
  /** Pixels per PDF point (1 = 72 dpi). Default 2. */
  scale?: number;
  format?: 'webp' | 'jpeg';
  /** 0–100. Default 80. */
  quality?: number;
  /** Upper bound per encoded page. Default 200 KB (30 pages × 200 KB × 4/3 base64 = 8 MB). */
  maxPageBytes?: number;
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

const DEFAULTS = { scale: 2, format: 'webp' as const, quality: 80, maxPageBytes: 200 * 1024 };

type CanvasModule = typeof import('@napi-rs/canvas');

export async function renderPageImages(bytes: Uint8Array, pages: CanonicalResult['pages'], options: PageImageOptions = {}): Promise<PageImages> {
  const opts = { ...DEFAULTS, ...options };
  const images = new Map<number, PageImage>();
  const warnings: string[] = [];
  let canvasMod: CanvasModule;
  try {
    canvasMod = await import('@napi-rs/canvas');
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
    const encode = async (canvas: Awaited<ReturnType<typeof render>>, quality: number) => {
      const data = opts.format === 'webp' ? await canvas.encode('webp', quality) : await canvas.encode('jpeg', quality);
      return new Uint8Array(data.buffer, data.byteOffset, data.byteLength);
    };
    // Encoding runs on libuv's thread pool: the next page renders while earlier ones encode.
    const fit = async (n: number, first: Awaited<ReturnType<typeof render>>): Promise<PageImage> => {
      const attempts = [
        { scale: opts.scale, quality: opts.quality },
        { scale: opts.scale, quality: Math.min(opts.quality, 60) },
        { scale: opts.scale * 0.75, quality: Math.min(opts.quality, 60) },
        { scale: opts.scale * 0.5, quality: Math.min(opts.quality, 50) },
      ];
      let canvas = first;
      let img: PageImage | null = null;
      for (const a of attempts) {
        if (a.scale !== opts.scale) canvas = await render(doc, n, a.scale);
        const data = await encode(canvas, a.quality);
        img = { page: n, width: canvas.width, height: canvas.height, mime: `image/${opts.format}`, data };
        if (data.byteLength <= opts.maxPageBytes) break;
      }
      return img!;
    };
    const inFlight: Promise<void>[] = [];
    for (let n = 1; n <= doc.numPages; n++) {
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
