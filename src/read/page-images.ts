import { compose, IDENTITY, type Matrix } from './pdf-ops.js';
import { loadCanvas, loadPdfjs, offlineDocumentParams, type Pdfjs } from './pdfjs.js';
import { applyAffine, grayFromPdfImage, grayFromRgba, type Affine, type GrayImage } from './ocr-image.js';

/**
 * A PDF opened a second time, with images, for pages that need OCR: where each page's images
 * are placed (to classify pages as image-only or mixed), the embedded scan itself when a page
 * is one image (lossless, no resampling), and rendering of a page to pixels otherwise.
 *
 * The text-layer reader (pdf.ts) skips images for speed; this module is only opened for
 * documents that have pages without text or with too little of it.
 *
 * Coordinates: "page space" is the upright page of the text-layer reader (PDF points, origin
 * top-left, the page's /Rotate plus the reader's correction applied), so OCR words land where
 * text-layer runs would.
 */
export interface PlacedImage {
  /** pdf.js object id (null for inline images). */
  objId: string | null;
  /** Size in pixels of the image as stored. */
  width: number;
  height: number;
  /** Bounding box on the page, in page space. */
  box: { x0: number; y0: number; x1: number; y1: number };
  /** Image pixel (x right, y down, in pixels of the stored image) → page space. */
  toPage: Affine;
  /** Inline image data, when the operator list carries it. */
  inline?: { width: number; height: number; kind?: number; data: ArrayLike<number> };
}

export interface PageImageInfo {
  /** Page size in page space (points). */
  width: number;
  height: number;
  rotation: number;
  images: PlacedImage[];
  /** Share of the page area covered by the union of image boxes (approximate: sum, capped at 1). */
  coverage: number;
  /**
   * Whether any operator of the page may leave a mark (paints a path, text, an image, a shading,
   * or is not known to be harmless). A page without is blank, and is not rendered to find that out.
   */
  inked: boolean;
}

/**
 * pdf.js operators that only set state or structure: a page made of these alone prints nothing.
 * Any other operator counts as ink, so an operator pdf.js adds later errs on the side of a render.
 */
const INKLESS_OPS = [
  'dependency', 'save', 'restore', 'transform', 'setLineWidth', 'setLineCap', 'setLineJoin', 'setMiterLimit', 'setDash',
  'setRenderingIntent', 'setFlatness', 'setGState', 'beginText', 'endText', 'setCharSpacing', 'setWordSpacing', 'setHScale',
  'setLeading', 'setFont', 'setTextRenderingMode', 'setTextRise', 'moveText', 'setLeadingMoveText', 'setTextMatrix', 'nextLine',
  'setCharWidth', 'setCharWidthAndBounds', 'setStrokeColorSpace', 'setFillColorSpace', 'setStrokeColor', 'setStrokeColorN',
  'setFillColor', 'setFillColorN', 'setStrokeGray', 'setFillGray', 'setStrokeRGBColor', 'setFillRGBColor', 'setStrokeCMYKColor',
  'setFillCMYKColor', 'setStrokeTransparent', 'setFillTransparent', 'markPoint', 'markPointProps', 'beginMarkedContent',
  'beginMarkedContentProps', 'endMarkedContent', 'beginCompat', 'endCompat', 'paintFormXObjectBegin', 'paintFormXObjectEnd',
  'beginGroup', 'endGroup', 'beginAnnotation', 'endAnnotation', 'clip', 'eoClip', 'endPath',
];

/** Paint operators and the colours they use: white paint on the white page leaves no mark. */
const FILLS = ['fill', 'eoFill'];
const STROKES = ['stroke', 'closeStroke'];
const FILL_STROKES = ['fillStroke', 'eoFillStroke', 'closeFillStroke', 'closeEOFillStroke'];
const WHITE = '#ffffff';

/**
 * Follows a page's operators for anything that may print: paths painted in a colour other than
 * white, text, images, shadings, blend modes, and any operator not known to be harmless.
 * PDF producers paint white rectangles on blank pages; those pages need no render.
 */
class InkTracker {
  inked = false;
  private fill = '#000000';
  private stroke = '#000000';
  private readonly stack: [string, string][] = [];
  private readonly inkless: Set<number>;
  private readonly paint = new Map<number, 'fill' | 'stroke' | 'both'>();

  constructor(private readonly OPS: Record<string, number>) {
    this.inkless = new Set(INKLESS_OPS.map((name) => OPS[name]).filter((v): v is number => v !== undefined));
    for (const [names, kind] of [[FILLS, 'fill'], [STROKES, 'stroke'], [FILL_STROKES, 'both']] as const) {
      for (const n of names) if (OPS[n] !== undefined) this.paint.set(OPS[n], kind);
    }
  }

  see(fn: number, args: unknown[]): void {
    if (this.inked) return;
    const O = this.OPS;
    if (fn === O['save'] || fn === O['paintFormXObjectBegin'] || fn === O['beginGroup']) this.stack.push([this.fill, this.stroke]);
    else if (fn === O['restore'] || fn === O['paintFormXObjectEnd'] || fn === O['endGroup']) [this.fill, this.stroke] = this.stack.pop() ?? [this.fill, this.stroke];
    else if (fn === O['setFillRGBColor']) this.fill = typeof args[0] === 'string' ? args[0].toLowerCase() : '';
    else if (fn === O['setStrokeRGBColor']) this.stroke = typeof args[0] === 'string' ? args[0].toLowerCase() : '';
    else if (fn === O['setFillColorN'] || fn === O['setFillColor'] || fn === O['setFillGray'] || fn === O['setFillCMYKColor']) this.fill = '';
    else if (fn === O['setStrokeColorN'] || fn === O['setStrokeColor'] || fn === O['setStrokeGray'] || fn === O['setStrokeCMYKColor']) this.stroke = '';
    else if (fn === O['setGState']) {
      // A blend mode other than the normal one can darken white paint.
      const entries = (Array.isArray(args[0]) ? args[0] : []) as unknown[];
      if (entries.some((e) => Array.isArray(e) && e[0] === 'BM' && e[1] !== 'source-over' && e[1] !== 'normal')) this.inked = true;
      return;
    }
    // A path is built and painted by the operator its first argument names (pdf.js 5), or by the
    // next operator (earlier versions): either way, the painting operator is what marks.
    const op = fn === O['constructPath'] ? (typeof args[0] === 'number' ? args[0] : -1) : fn;
    const kind = this.paint.get(op);
    if (kind) {
      const white = (kind === 'stroke' || this.fill === WHITE) && (kind === 'fill' || this.stroke === WHITE);
      if (!white) this.inked = true;
    } else if (!this.inkless.has(op)) this.inked = true;
  }
}

type PdfDoc = Awaited<ReturnType<Pdfjs['getDocument']>['promise']>;
type PdfPage = Awaited<ReturnType<PdfDoc['getPage']>>;

export class ImagePdf {
  private constructor(
    private readonly pdfjs: Pdfjs,
    private readonly task: ReturnType<Pdfjs['getDocument']>,
    private readonly doc: PdfDoc,
  ) {}

  static async open(bytes: Uint8Array, password?: string): Promise<ImagePdf> {
    const { pdfjs, assets } = await loadPdfjs();
    const task = pdfjs.getDocument({
      ...offlineDocumentParams(assets, bytes, password),
      // Raw pixel data for embedded images (no ImageBitmap / ImageDecoder in Node).
      isOffscreenCanvasSupported: false,
      isImageDecoderSupported: false,
      verbosity: pdfjs.VerbosityLevel.ERRORS,
    });
    const doc = await task.promise;
    return new ImagePdf(pdfjs, task, doc);
  }

  get pageCount(): number {
    return this.doc.numPages;
  }

  async close(): Promise<void> {
    await this.task.destroy().catch(() => undefined);
  }

  /** Images on a page and where they are, for a page shown with `rotation` (degrees clockwise). */
  async pageImages(n: number, rotation: number): Promise<{ info: PageImageInfo; page: PdfPage }> {
    const page = await this.doc.getPage(n);
    const viewport = page.getViewport({ scale: 1, rotation });
    const ops = await page.getOperatorList({ annotationMode: this.pdfjs.AnnotationMode.DISABLE });
    const OPS = this.pdfjs.OPS as unknown as Record<string, number>;
    const images: PlacedImage[] = [];
    const stack: Matrix[] = [];
    let ctm: Matrix = [...IDENTITY];
    const place = (width: number, height: number, objId: string | null, inline?: PlacedImage['inline']): void => {
      // The image occupies the unit square of the CTM; its first row is at the top (y = 1).
      const unitToPage = compose(ctm, viewport.transform);
      const toPage: Affine = compose([1 / width, 0, 0, -1 / height, 0, 1], unitToPage);
      const corners = [applyAffine(toPage, 0, 0), applyAffine(toPage, width, 0), applyAffine(toPage, 0, height), applyAffine(toPage, width, height)];
      const xs = corners.map((c) => c[0]), ys = corners.map((c) => c[1]);
      const box = { x0: Math.min(...xs), y0: Math.min(...ys), x1: Math.max(...xs), y1: Math.max(...ys) };
      const img: PlacedImage = { objId, width, height, box, toPage };
      if (inline) img.inline = inline;
      images.push(img);
    };
    const ink = new InkTracker(OPS);
    for (let i = 0; i < ops.fnArray.length; i++) {
      const fn = ops.fnArray[i]!;
      const args = (ops.argsArray[i] ?? []) as unknown[];
      ink.see(fn, args);
      if (fn === OPS.save) stack.push([...ctm] as Matrix);
      else if (fn === OPS.restore) ctm = stack.pop() ?? ctm;
      else if (fn === OPS.transform) {
        if (args.length >= 6 && args.every((v) => typeof v === 'number')) ctm = compose(args as number[], ctm);
      } else if (fn === OPS.paintFormXObjectBegin) {
        stack.push([...ctm] as Matrix);
        const m = args[0] as ArrayLike<number> | null | undefined;
        if (m && m.length >= 6) ctm = compose(Array.from(m), ctm);
      } else if (fn === OPS.paintFormXObjectEnd) ctm = stack.pop() ?? ctm;
      else if (fn === OPS.beginGroup) stack.push([...ctm] as Matrix);
      else if (fn === OPS.endGroup) ctm = stack.pop() ?? ctm;
      else if (fn === OPS.paintImageXObject) {
        const [objId, w, h] = args as [string, number, number];
        if (typeof objId === 'string' && w > 0 && h > 0) place(w, h, objId);
      } else if (fn === OPS.paintInlineImageXObject) {
        const d = args[0] as PlacedImage['inline'] | undefined;
        if (d && d.width > 0 && d.height > 0) place(d.width, d.height, null, d);
      } else if (fn === OPS.paintImageMaskXObject) {
        // A stencil (1-bit scans are sometimes painted so): placed, but never taken directly.
        const d = args[0] as { width?: number; height?: number } | undefined;
        if (d?.width && d.height) place(d.width, d.height, null);
      }
    }
    const area = viewport.width * viewport.height;
    let covered = 0;
    for (const im of images) {
      const x0 = Math.max(0, im.box.x0), y0 = Math.max(0, im.box.y0);
      const x1 = Math.min(viewport.width, im.box.x1), y1 = Math.min(viewport.height, im.box.y1);
      if (x1 > x0 && y1 > y0) covered += (x1 - x0) * (y1 - y0);
    }
    return {
      info: { width: viewport.width, height: viewport.height, rotation, images, coverage: Math.min(1, covered / Math.max(1, area)), inked: ink.inked },
      page,
    };
  }

  /**
   * The pixels of an embedded image as stored, when pdf.js decoded it to raw data. Null when the
   * image is not available that way (stencil masks, decoding failures): render the page instead.
   */
  async imagePixels(page: PdfPage, img: PlacedImage): Promise<GrayImage | null> {
    try {
      if (img.inline) return grayFromPdfImage(img.inline);
      if (!img.objId) return null;
      const store = img.objId.startsWith('g_') ? page.commonObjs : page.objs;
      const data = await new Promise<unknown>((resolve) => {
        store.get(img.objId!, resolve);
      });
      const d = data as { width?: number; height?: number; kind?: number; data?: ArrayLike<number> } | null;
      if (!d || !d.data || !d.width || !d.height) return null;
      return grayFromPdfImage({ width: d.width, height: d.height, kind: d.kind, data: d.data });
    } catch {
      return null;
    }
  }

  /**
   * Renders a page at `scale` pixels per point, shown with `rotation`, into gray pixels.
   * Returns the image and pixel → page space (a plain scale).
   */
  async render(page: PdfPage, scale: number, rotation: number): Promise<{ image: GrayImage; toPage: Affine }> {
    const { createCanvas } = loadCanvas();
    const viewport = page.getViewport({ scale, rotation });
    const w = Math.ceil(viewport.width), h = Math.ceil(viewport.height);
    const canvas = createCanvas(w, h);
    const ctx = canvas.getContext('2d');
    ctx.fillStyle = '#ffffff';
    ctx.fillRect(0, 0, w, h);
    await page.render({
      canvas: canvas as unknown as HTMLCanvasElement,
      canvasContext: ctx as unknown as CanvasRenderingContext2D,
      viewport,
      annotationMode: this.pdfjs.AnnotationMode.DISABLE,
      background: '#ffffff',
    }).promise;
    const image = grayOfCanvas(ctx, w, h);
    // The surface (w × h × 4 bytes: 35 MB for an A4 page at 300 dpi) is native memory that V8 does
    // not count; it would stay until a collection finalises the canvas. Shrunk now.
    canvas.width = 1;
    canvas.height = 1;
    // pdf.js keeps the page's decoded images (a full-page scan: 26 MB of RGB) until the page is
    // cleaned up; only the gray copy is read from here on.
    page.cleanup();
    return { image, toPage: [1 / scale, 0, 0, 1 / scale, 0, 0] };
  }
}

/** Rows read back from the canvas at a time: 256 rows of an A4 page at 300 dpi are 2.5 MB of RGBA. */
const STRIP_ROWS = 256;

/**
 * The canvas's pixels as gray, read back a strip of rows at a time: the same values as
 * grayFromRgba on the whole page, without a second full copy of the page in RGBA.
 */
function grayOfCanvas(ctx: { getImageData(x: number, y: number, w: number, h: number): { data: ArrayLike<number> } }, w: number, h: number): GrayImage {
  const data = new Uint8Array(w * h);
  for (let y = 0; y < h; y += STRIP_ROWS) {
    const rows = Math.min(STRIP_ROWS, h - y);
    data.set(grayFromRgba(w, rows, ctx.getImageData(0, y, w, rows).data).data, y * w);
  }
  return { width: w, height: h, data };
}
