import type { Page, SourceDocument, TextRun } from '../model/document.js';
import type { Box, Rule } from '../model/geometry.js';
import { isAmountText } from '../normalise/amount.js';
import { setOcrEvidence, type OcrEvidence, type OcrPageKind, type OcrPageReport, type OcrToken } from './ocr-evidence.js';
import {
  applyAffine,
  composeAffine,
  crop,
  encodePgm,
  eraseRules,
  estimateSkew,
  findTableRules,
  inkBox,
  inkCount,
  downscale,
  isBilevel,
  smooth,
  upscale,
  inkShare,
  invertAffine,
  otsuThreshold,
  pad,
  rotateQuarter,
  rotateSmall,
  type Affine,
  type GrayImage,
  type PixelRule,
  whitenPaper,
} from './ocr-image.js';
import { poolSize, recognize, type OcrWord } from './ocr-pool.js';
import { fixTitle } from './ocr-titles.js';
import { ImagePdf, type PageImageInfo, type PlacedImage } from './page-images.js';

/**
 * OCR for PDF pages without a usable text layer. After the text-layer reader (pdf.ts) has read a
 * document, every page is classified:
 *
 * - text-layer: the page has text (and enough of it, or no large images): kept as read;
 * - image-only: no text at all (a scan, or text drawn as outlines): the whole page is OCR'd;
 * - mixed: some text (a title, a page number) but few amounts and large images: the tables are
 *   pictures; the image regions are OCR'd and their words join the page's text-layer runs.
 *
 * Images: a page that is one scanned image is OCR'd from the image as stored (no resampling);
 * other pages are rendered by pdf.js onto @napi-rs/canvas at `dpi` (300). Each image is deskewed
 * (projection profile, ±3°), its paper made white, its ruling lines found (they become the page's
 * Rule[]) and erased, turned upright (0/90/180/270, by the confidence of a few text lines read each
 * way) and OCR'd by the tesseract.js pool (sparse text). Words are joined into phrases as the
 * text layer gives them; ruled cells whose label was read with low confidence are read again
 * alone; misread table titles are put right (ocr-titles.ts). Cells of numeric columns of the grid
 * (or numeric words, unruled) are read again restricted to digits and separators; both readings,
 * their confidences and alternatives are kept as evidence for the post-recognition step
 * (src/validate/ocr-flags.ts: flags, corrections).
 *
 * Words become TextRuns in page space (PDF points, top-left origin) with `confidence`, so the
 * layout stage treats OCR pages like text-layer pages.
 */
export interface OcrOptions {
  /** Resolution for rendered pages (pixels per inch); embedded scans are used at their own. */
  dpi?: number;
  password?: string;
  /** Progress messages (one per OCR'd page). */
  log?: (message: string) => void;
}

const DEFAULT_DPI = 300;
/**
 * Embedded scans coarser than MIN_SCAN_DPI are upsampled (bilinear) to LOW_SCAN_DPI: at 150 dpi
 * thin column borders break up and decimal points are a pixel; enlarged to 300 dpi, small print
 * reaches the size tesseract reads best.
 */
const MIN_SCAN_DPI = 200;
const LOW_SCAN_DPI = 300;

export type PageClass = 'text-layer' | 'image-only' | 'mixed';

/** Pages that may need OCR, from the text layer alone. */
export function ocrCandidate(page: Page): 'no-text' | 'sparse' | null {
  if (page.source !== 'text-layer') return null;
  if (page.runs.length === 0) return 'no-text';
  const amounts = page.runs.filter((r) => isAmountText(r.text)).length;
  return amounts < 3 ? 'sparse' : null;
}

/** Whether the file holds an image XObject (`/Subtype /Image` in a stream's dictionary). */
export function hasImageXObject(bytes: Uint8Array): boolean {
  return /\/Subtype\s*\/Image\b/.test(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('latin1'));
}

/** Classifies a candidate page once its images are known. */
export function classifyPage(page: Page, info: PageImageInfo): PageClass {
  if (page.runs.length === 0) return 'image-only';
  const large = info.images.filter((im) => area(im.box) >= 0.05 * info.width * info.height);
  return large.length > 0 && info.coverage >= 0.15 ? 'mixed' : 'text-layer';
}

/** Reads, by OCR, the pages of a text-layer-read PDF that need it. Returns the document with those pages replaced. */
export async function ocrScannedPages(doc: SourceDocument, bytes: Uint8Array, opts: OcrOptions = {}): Promise<SourceDocument> {
  const candidates = doc.pages.filter((p) => ocrCandidate(p) !== null);
  if (candidates.length === 0) return doc;
  // Pages with text but few amounts need OCR only for images over them; a file with no image
  // XObject has none (their dictionaries are never inside compressed object streams), and is not
  // opened a second time. Pages without any text are always looked at (text drawn as outlines).
  if (candidates.every((p) => ocrCandidate(p) === 'sparse') && !hasImageXObject(bytes)) return doc;
  const evidence: OcrEvidence = { pages: [], tokens: [], errors: [] };
  let pdf: ImagePdf;
  try {
    pdf = await ImagePdf.open(bytes, opts.password);
  } catch (e) {
    // The text layer was read; pages that needed OCR say why they could not have it.
    const message = e instanceof Error ? e.message : String(e);
    for (const p of candidates.filter((c) => ocrCandidate(c) === 'no-text')) evidence.errors.push({ page: p.number, message });
    if (evidence.errors.length > 0) setOcrEvidence(doc.source, evidence);
    return doc;
  }
  try {
    const pages = doc.pages.slice();
    // The pool is started by the first OCR job, not here: most candidates turn out to be text pages.
    // Pages in parallel: as many as engines, each page's jobs keep its engine busy. A second page
    // beside one engine (a batch's converter, see src/cli/pool.ts), so that this thread prepares
    // the next page while the engine reads one, was no faster on the 8-page narrative scan
    // (30.4–31.4 s against 32.3) and held a second page's images: 20 MB more at the peak
    // (docs/performance.md, "Session 8").
    const workers = poolSize();
    let next = 0;
    const run = async (): Promise<void> => {
      while (next < candidates.length) {
        const page = candidates[next++]!;
        try {
          const done = await ocrPage(pdf, page, opts, evidence);
          if (done) pages[pages.indexOf(page)] = done;
        } catch (e) {
          // A page with a text layer keeps it; one without text says why OCR could not read it.
          if (ocrCandidate(page) === 'no-text') evidence.errors.push({ page: page.number, message: e instanceof Error ? e.message : String(e) });
        }
      }
    };
    await Promise.all(Array.from({ length: Math.min(workers, candidates.length) }, run));
    evidence.pages.sort((a, b) => a.page - b.page);
    evidence.tokens.sort((a, b) => a.page - b.page || a.box.y0 - b.box.y0 || a.box.x0 - b.box.x0);
    if (evidence.pages.length > 0 || evidence.errors.length > 0) setOcrEvidence(doc.source, evidence);
    return { ...doc, pages };
  } finally {
    await pdf.close();
  }
}

async function ocrPage(pdf: ImagePdf, page: Page, opts: OcrOptions, evidence: OcrEvidence): Promise<Page | null> {
  const started = performance.now();
  const { info, page: pdfPage } = await pdf.pageImages(page.number, page.rotation);
  try {
    const kind = classifyPage(page, info);
    if (kind === 'text-layer') return null;
    const dpi = opts.dpi ?? DEFAULT_DPI;
    if (kind === 'image-only') {
      // Nothing on the page would print: a blank page stays as the text layer gave it, unrendered
      // (the render loads the canvas library, ~70 MB that the converter keeps).
      if (!info.inked) return null;
      let source: PageSource | null = null;
      const single = singleScan(info);
      if (single) source = await embeddedScan(pdf, pdfPage, single);
      if (!source) source = { ...(await pdf.render(pdfPage, dpi / 72, info.rotation)), method: 'rendered' };
      // The page image is handed over, not shared: ocrImage takes it out of `source` (its mapping stays).
      const read = await ocrImage(source, source.toPage, page.number, true);
      // A blank page (no ink at all) stays as the text layer gave it.
      if (read.runs.length === 0 && read.rules.length === 0) return null;
      // A quarter turn of the whole page: page space turns with it.
      let runs = read.runs, rules = read.rules, width = info.width, height = info.height, rotation = info.rotation;
      if (read.orientation !== 0) {
        rotation = (info.rotation + read.orientation) % 360;
        const from = pdfPage.getViewport({ scale: 1, rotation: info.rotation }).transform;
        const to = pdfPage.getViewport({ scale: 1, rotation });
        const m = composeAffine(invertAffine(from), to.transform);
        runs = runs.map((r) => ({ ...r, box: mapBox(r.box, m) }));
        rules = rules.map((r) => mapRule(r, m));
        for (const t of read.tokens) t.box = mapBox(t.box, m);
        width = to.width;
        height = to.height;
      }
      evidence.tokens.push(...read.tokens);
      const rep = report(page.number, 'image-only', source.method, source.toPage, read, info.coverage, started);
      if (source.scanDpi !== undefined && Math.abs(source.scanDpi - rep.dpi) > 10) rep.scanDpi = source.scanDpi;
      evidence.pages.push(rep);
      opts.log?.(`page ${page.number}: image-only, ${read.runs.length} words, ${secondsSince(started)} s`);
      return { number: page.number, width: round(width), height: round(height), rotation, source: 'ocr', lines: [], runs, rules };
    }
    // Mixed: OCR the large images' regions of the rendered page; keep the text layer.
    const { regions, toPage: renderedToPage } = await imageRegions(pdf, pdfPage, dpi / 72, info);
    const runs: TextRun[] = [...page.runs];
    const rules: Rule[] = [...page.rules];
    let last: Awaited<ReturnType<typeof ocrImage>> | null = null;
    for (const region of regions) {
      const read = await ocrImage(region, region.toPage, page.number, false);
      // Words the text layer already has are not read twice.
      const fresh = read.runs.filter((r) => !page.runs.some((t) => inside(centre(r.box), grow(t.box, 1))));
      runs.push(...fresh);
      rules.push(...read.rules);
      evidence.tokens.push(...read.tokens.filter((t) => fresh.some((r) => sameBox(r.box, t.box))));
      last = read;
    }
    if (!last) return null;
    evidence.pages.push(report(page.number, 'mixed', 'rendered', renderedToPage, last, info.coverage, started));
    opts.log?.(`page ${page.number}: mixed, ${runs.length - page.runs.length} words by OCR, ${secondsSince(started)} s`);
    return { ...page, source: 'ocr', runs, rules };
  } finally {
    pdfPage.cleanup();
  }
}

/**
 * The page rendered and cut into the regions of its large images, each with its pixel → page
 * mapping. The rendered page is let go on return (a region that is the whole page is the page
 * itself, not a copy): only the regions are held while the engine reads them.
 */
async function imageRegions(pdf: ImagePdf, pdfPage: Parameters<ImagePdf['render']>[0], scale: number, info: PageImageInfo): Promise<{ regions: (ImageHandle & { toPage: Affine })[]; toPage: Affine }> {
  const rendered = await pdf.render(pdfPage, scale, info.rotation);
  const fromPage = invertAffine(rendered.toPage);
  const img = rendered.image;
  const regions: (ImageHandle & { toPage: Affine })[] = [];
  for (const im of info.images.filter((i) => area(i.box) >= 0.05 * info.width * info.height)) {
    const [px0, py0] = applyAffine(fromPage, Math.max(0, im.box.x0), Math.max(0, im.box.y0));
    const [px1, py1] = applyAffine(fromPage, Math.min(info.width, im.box.x1), Math.min(info.height, im.box.y1));
    const x0 = Math.min(px0, px1), y0 = Math.min(py0, py1), x1 = Math.max(px0, px1), y1 = Math.max(py0, py1);
    const whole = Math.floor(x0) <= 0 && Math.floor(y0) <= 0 && Math.ceil(x1) >= img.width && Math.ceil(y1) >= img.height;
    const region = whole ? img : crop(img, x0, y0, x1, y1);
    if (region.width < 20 || region.height < 20) continue;
    const offset: Affine = [1, 0, 0, 1, Math.max(0, Math.floor(x0)), Math.max(0, Math.floor(y0))];
    regions.push({ image: region, toPage: composeAffine(offset, rendered.toPage) });
  }
  return { regions, toPage: rendered.toPage };
}

function report(page: number, kind: OcrPageKind, method: OcrPageReport['method'], toPage: Affine, read: ImageRead, coverage: number, started: number): OcrPageReport {
  const scale = Math.hypot(toPage[0], toPage[1]);
  return {
    page,
    kind,
    method,
    dpi: Math.round(72 / Math.max(1e-6, scale)),
    orientation: read.orientation,
    skew: read.skew,
    words: read.runs.length,
    meanConfidence: Math.round(read.meanConfidence * 10) / 10,
    rules: read.rules.length,
    imageCoverage: Math.round(coverage * 100) / 100,
    seconds: Number(secondsSince(started)),
  };
}

function secondsSince(t: number): string {
  return ((performance.now() - t) / 1000).toFixed(2);
}

interface PageSource {
  image: GrayImage;
  toPage: Affine;
  method: OcrPageReport['method'];
  scanDpi?: number;
}

/** The scan as stored, upright at the resolution OCR wants (its own function: the stored pixels are let go on return). */
async function embeddedScan(pdf: ImagePdf, pdfPage: Parameters<ImagePdf['imagePixels']>[0], single: PlacedImage): Promise<PageSource | null> {
  const pixels = await pdf.imagePixels(pdfPage, single);
  return pixels ? { ...uprightScan(...finerThanNeeded(pixels, single)), scanDpi: Math.round(storedDpi(single)), method: 'embedded-image' } : null;
}

/** One image covering (nearly) the whole page, axis-aligned: a scanned page. */
function singleScan(info: PageImageInfo): PlacedImage | null {
  const pageArea = info.width * info.height;
  const big = info.images.filter((im) => area(im.box) >= 0.5 * pageArea);
  if (big.length !== 1) return null;
  const im = big[0]!;
  if (area(im.box) < 0.8 * pageArea) return null;
  const [a, b, c, d] = im.toPage;
  const axis = (Math.abs(b) < 1e-6 * Math.abs(a) && Math.abs(c) < 1e-6 * Math.abs(d)) || (Math.abs(a) < 1e-6 * Math.abs(b) && Math.abs(d) < 1e-6 * Math.abs(c));
  return axis ? im : null;
}

/** Resolution of a placed image as stored, in its coarser direction (dots per inch). */
function storedDpi(placed: PlacedImage): number {
  const ptPerPx = Math.max(Math.hypot(placed.toPage[0], placed.toPage[1]), Math.hypot(placed.toPage[2], placed.toPage[3]));
  return ptPerPx > 0 ? 72 / ptPerPx : 0;
}

/**
 * A scan of 400 dpi or finer is box-filtered down by a whole factor to about 200 dpi (600 → 200):
 * OCR time grows with the pixels, and tesseract read worse at 600 dpi, and at 600 reduced to 300,
 * than at 200 (FA03/FA05 pages scanned at 600 dpi: 0–92% of cells at 300, 100% at 200).
 */
function finerThanNeeded(img: GrayImage, placed: PlacedImage): [GrayImage, PlacedImage] {
  const dpi = storedDpi(placed);
  const f = Math.floor(dpi / MIN_SCAN_DPI);
  if (dpi < 400 || f < 2) return [img, placed];
  const small = downscale(img, f);
  return [small, { ...placed, width: small.width, height: small.height, toPage: composeAffine([f, 0, 0, f, 0, 0], placed.toPage) }];
}

/**
 * The stored scan turned into page orientation (quarter turns and mirroring undone), at its own
 * resolution, or upsampled to LOW_SCAN_DPI when coarser than MIN_SCAN_DPI.
 */
function uprightScan(img: GrayImage, placed: PlacedImage): { image: GrayImage; toPage: Affine } {
  const box = placed.box;
  const wPt = box.x1 - box.x0, hPt = box.y1 - box.y0;
  // Pixels per point along the page's x and y.
  const nativeX = Math.hypot(placed.toPage[0], placed.toPage[1]) > 0 ? 1 / Math.hypot(placed.toPage[0], placed.toPage[1]) : 1;
  const nativeY = Math.hypot(placed.toPage[2], placed.toPage[3]) > 0 ? 1 / Math.hypot(placed.toPage[2], placed.toPage[3]) : 1;
  // Image x may run along page y (a quarter-turned placement): the page-x resolution is then nativeY.
  const alongX = Math.abs(placed.toPage[0]) >= Math.abs(placed.toPage[1]) ? nativeX : nativeY;
  const alongY = Math.abs(placed.toPage[0]) >= Math.abs(placed.toPage[1]) ? nativeY : nativeX;
  let s = Math.min(alongX, alongY);
  if (s * 72 < MIN_SCAN_DPI - 10) s = LOW_SCAN_DPI / 72;
  const W = Math.max(1, Math.round(wPt * s)), H = Math.max(1, Math.round(hPt * s));
  const toPage: Affine = [1 / s, 0, 0, 1 / s, box.x0, box.y0];
  const toSrc = composeAffine(toPage, invertAffine(placed.toPage));
  const out = new Uint8Array(W * H);
  const exact = Math.abs(alongX - s) < 1e-6 && Math.abs(alongY - s) < 1e-6;
  for (let y = 0; y < H; y++) {
    for (let x = 0; x < W; x++) {
      const [sx, sy] = applyAffine(toSrc, x + 0.5, y + 0.5);
      if (exact) {
        const ix = Math.floor(sx), iy = Math.floor(sy);
        out[y * W + x] = ix >= 0 && iy >= 0 && ix < img.width && iy < img.height ? img.data[iy * img.width + ix]! : 255;
      } else {
        const fx = sx - 0.5, fy = sy - 0.5;
        const x0 = Math.floor(fx), y0 = Math.floor(fy);
        if (x0 < 0 || y0 < 0 || x0 + 1 >= img.width || y0 + 1 >= img.height) {
          const ix = Math.min(img.width - 1, Math.max(0, Math.round(fx))), iy = Math.min(img.height - 1, Math.max(0, Math.round(fy)));
          out[y * W + x] = img.data[iy * img.width + ix]!;
          continue;
        }
        const ax = fx - x0, ay = fy - y0, i = y0 * img.width + x0;
        const top = img.data[i]! + (img.data[i + 1]! - img.data[i]!) * ax;
        const bot = img.data[i + img.width]! + (img.data[i + img.width + 1]! - img.data[i + img.width]!) * ax;
        out[y * W + x] = top + (bot - top) * ay + 0.5;
      }
    }
  }
  return { image: { width: W, height: H, data: out }, toPage };
}

interface ImageRead {
  runs: TextRun[];
  rules: Rule[];
  tokens: OcrToken[];
  orientation: number;
  skew: number;
  /** Mean confidence of the words of the whole-page reading, weighted by characters. */
  meanConfidence: number;
}

const CJK = /[\u3400-\u9fff\uf900-\ufaff]/u;
/**
 * Digits-only reading of numeric cells. '%' stays readable so that a percentage is never made a
 * number; the space too: without it, a widely spaced "1092. 80" is forced into one word and read
 * right but with confidence 0.
 */
const WHITELIST = '0123456789.,-% ';

/**
 * OCR of one image whose pixels map to page space by `toPage`: orientation, skew, ruling lines,
 * words, numeric cells read again. Boxes of runs, rules and tokens are in page space.
 */
export async function ocrImage(handed: ImageHandle, toPageIn: Affine, pageNo: number, detectTurn: boolean): Promise<ImageRead> {
  const dpi = Math.round(72 / Math.max(1e-6, Math.hypot(toPageIn[0], toPageIn[1])));
  let image: GrayImage = softened(takeImage(handed));
  let toPage = toPageIn;
  let orientation = 0;
  const t0 = performance.now();
  const dbg = (m: string): void => {
    if (!process.env['BUDGET_TABLES_OCR_DEBUG']) return;
    // Memory beside the time: resident, and the array buffers (page images) of this thread.
    const mem = process.memoryUsage();
    console.error(`[ocr p${pageNo}] ${m} ${((performance.now() - t0) / 1000).toFixed(2)}s rss ${Math.round(mem.rss / 2 ** 20)} MB, buffers ${Math.round(mem.arrayBuffers / 2 ** 20)} MB, heap ${Math.round(mem.heapUsed / 2 ** 20)}/${Math.round(mem.heapTotal / 2 ** 20)} MB`);
  };
  dbg(`start ${image.width}x${image.height}`);
  const skew = estimateSkew(image);
  if (Math.abs(skew) >= 0.05) image = rotateSmall(image, -skew);
  const threshold = otsuThreshold(image);
  image = whitenPaper(image, threshold);
  // A blank page (or a blank image): nothing to read.
  if (inkShare(image, threshold) < 0.0003) return { runs: [], rules: [], tokens: [], orientation: 0, skew, meanConfidence: 0 };
  const ruleOptions = { threshold, minLength: Math.round(dpi * 0.3), maxThickness: Math.max(4, Math.round(dpi / 40)), maxGap: Math.max(2, Math.round(dpi / 100)) };
  let pixelRules = findTableRules(image, ruleOptions);
  let clean = eraseRules(image, pixelRules, threshold);
  dbg('rules erased');
  if (detectTurn) {
    orientation = await detectOrientation(clean, threshold, dpi);
    if (orientation !== 0) {
      const turned = rotateQuarter(image, orientation);
      image = turned.image;
      toPage = composeAffine(turned.toSource, toPage);
      pixelRules = findTableRules(image, ruleOptions);
      clean = eraseRules(image, pixelRules, threshold);
    }
  }
  dbg(`skew ${skew}, orientation ${orientation}`);
  // From here on only the erased copy is read: the whitened page is let go before the engine's turn.
  image = EMPTY_IMAGE;
  const full = await recognize(encodePgm(clean), { tessedit_pageseg_mode: '11', user_defined_dpi: String(dpi) });
  dbg(`full page ${clean.width}x${clean.height}`);
  const words = full.words.filter((w) => w.text.trim() !== '' && w.bbox.x1 > w.bbox.x0 && w.bbox.y1 > w.bbox.y0);
  const chars = words.reduce((n, w) => n + [...w.text.trim()].length, 0);
  const meanConfidence = chars ? words.reduce((n, w) => n + w.confidence * [...w.text.trim()].length, 0) / chars : 0;
  const cells = gridCells(pixelRules);
  const pieces = await rereadLabels(attachOrdinals(joinPieces(splitAtRules(words, pixelRules), pixelRules), pixelRules), cells, clean, threshold, dpi);
  for (const p of pieces) {
    const fix = fixTitle(p.text);
    if (fix) {
      p.original = p.text;
      p.text = fix.text;
    }
  }

  // Numeric cells: from the grid when the image has one, else the numeric-looking words.
  const targets = numericTargets(pieces, cells, clean, threshold, dpi);
  const reread = await Promise.all(targets.map((t) => readNumeric(clean, t.box, threshold, dpi)));

  dbg(`numeric ${targets.length}`);
  const tokens: OcrToken[] = [];
  const runs: TextRun[] = [];
  const tokenRun = new Map<OcrToken, TextRun>();
  const replaced = new Set<Piece>();
  targets.forEach((t, i) => {
    const r = reread[i]!;
    for (const p of t.pieces) replaced.add(p);
    const first = t.pieces.map((p) => p.text).join('');
    const firstConf = t.pieces.length ? Math.min(...t.pieces.map((p) => p.confidence)) : 0;
    const chosen = choose(first, firstConf, r);
    if (!chosen) return;
    const box = mapBox(chosen.box ?? unionPx(t.pieces.map((p) => p.bbox))!, toPage);
    const run: TextRun = { text: chosen.text, box, confidence: chosen.confidence };
    const token: OcrToken = { page: pageNo, box, text: chosen.text, confidence: chosen.confidence, alternatives: chosen.alternatives, numeric: true };
    runs.push(run);
    tokens.push(token);
    tokenRun.set(token, run);
  });
  for (const p of pieces) {
    if (replaced.has(p)) continue;
    const box = mapBox(p.bbox, toPage);
    const text = p.text.trim();
    const run: TextRun = { text, box, confidence: Math.round(p.confidence) };
    const token: OcrToken = { page: pageNo, box, text, confidence: Math.round(p.confidence), alternatives: p.choices.filter((c) => c.text !== text), numeric: false };
    if (p.original !== undefined) token.original = p.original;
    runs.push(run);
    tokens.push(token);
    tokenRun.set(token, run);
  }
  normaliseHeights(runs);
  for (const [t, r] of tokenRun) t.box = r.box;
  const rules = pixelRules.map((r) => pixelRuleToRule(r, toPage));
  return { runs, rules, tokens, orientation, skew, meanConfidence };
}

/**
 * A page image handed from one step to the next. The receiver takes it out (takeImage), so that the
 * giver's reference does not keep 9 MB per page alive while the engine reads it (two pages are in
 * flight: the copies of both were ~40 MB of a converter's peak).
 */
export interface ImageHandle {
  image: GrayImage;
}

const EMPTY_IMAGE: GrayImage = { width: 0, height: 0, data: new Uint8Array(0) };

function takeImage(h: ImageHandle): GrayImage {
  const img = h.image;
  h.image = EMPTY_IMAGE;
  return img;
}

/** Black-and-white scans are softened (see smooth) before anything else. */
function softened(img: GrayImage): GrayImage {
  return isBilevel(img) ? smooth(img) : img;
}

/** A word, or the part of a word between two vertical ruling lines (pixel space). */
interface Piece {
  text: string;
  /** The reading before a table title was put right (ocr-titles.ts). */
  original?: string;
  /** Tesseract's line number: words of one line come in reading order. */
  line: number;
  confidence: number;
  bbox: PxBox;
  choices: { text: string; confidence: number }[];
}

interface PxBox {
  x0: number;
  y0: number;
  x1: number;
  y1: number;
}

/** Splits words that straddle a vertical ruling line (a cell border is never inside a token). */
function splitAtRules(words: OcrWord[], rules: PixelRule[]): Piece[] {
  const verticals = rules.filter((r) => r.o === 'v');
  const out: Piece[] = [];
  for (const w of words) {
    const cy = (w.bbox.y0 + w.bbox.y1) / 2;
    const cut = verticals.filter((r) => r.a <= cy && r.b >= cy && r.at > w.bbox.x0 + 2 && r.at < w.bbox.x1 - 2);
    if (cut.length === 0 || w.symbols.length < 2) {
      out.push({ text: w.text, line: w.line, confidence: w.confidence, bbox: w.bbox, choices: w.choices });
      continue;
    }
    let cur: OcrWord['symbols'] = [];
    const flush = (): void => {
      if (cur.length === 0) return;
      out.push({ text: cur.map((s) => s.text).join(''), line: w.line, confidence: Math.min(...cur.map((s) => s.confidence)), bbox: unionPx(cur.map((s) => s.bbox))!, choices: [] });
      cur = [];
    };
    for (const s of w.symbols) {
      const prev = cur[cur.length - 1];
      if (prev && cut.some((r) => r.at > (prev.bbox.x0 + prev.bbox.x1) / 2 && r.at < (s.bbox.x0 + s.bbox.x1) / 2)) flush();
      cur.push(s);
    }
    flush();
  }
  return out;
}

/**
 * Joins words printed next to each other into one piece, as the text layer gives a phrase
 * ("一般公共服务" rather than "一 般 公共 服务"): consecutive words of one tesseract line (its
 * reading order: chi_sim word boxes overlap and cannot be ordered by position), with a gap under
 * about one ideograph (a third of one next to a number) and no vertical ruling line between them.
 */
function joinPieces(pieces: Piece[], rules: readonly PixelRule[]): Piece[] {
  const verticals = rules.filter((r) => r.o === 'v');
  // Prose lines (many ideographs): numbers inside sentences ("2024 年度", "21.07 万元") belong to
  // the sentence, as the text layer's single spaces keep them; table rows have far wider gaps.
  const cjkPerLine = new Map<number, number>();
  for (const p of pieces) cjkPerLine.set(p.line, (cjkPerLine.get(p.line) ?? 0) + (p.text.match(/[\u3400-\u9fff]/gu) ?? []).length);
  const out: Piece[] = [];
  for (const p of pieces) {
    const last = out[out.length - 1];
    const numeric = last ? [looksNumeric(last.text), looksNumeric(p.text)] : [];
    if (last && last.line === p.line) {
      const h = Math.max(last.bbox.y1 - last.bbox.y0, p.bbox.y1 - p.bbox.y0);
      const gap = p.bbox.x0 - last.bbox.x1;
      const cy = (p.bbox.y0 + p.bbox.y1) / 2;
      const ruled = verticals.some((r) => r.a <= cy && r.b >= cy && r.at > Math.min(last.bbox.x1, p.bbox.x0) - 1 && r.at < Math.max(last.bbox.x1, p.bbox.x0) + 1);
      const prose = (cjkPerLine.get(p.line) ?? 0) >= 10;
      // Two numbers never join (two cells), unless OCR split one at its decimal point ("21." "07").
      const splitDecimal = numeric[0] && numeric[1] && (/[.,]$/.test(last.text) || /^[.,]/.test(p.text));
      const maxGap = numeric[0] && numeric[1] ? (splitDecimal ? h * 0.6 : -Infinity) : numeric[0] || numeric[1] ? (prose ? h : h * 0.3) : h * 0.9;
      if (gap <= maxGap && p.bbox.x1 > last.bbox.x0 && !ruled) {
        const decimal = splitDecimal || (/\d[.,]$/.test(last.text) && /^\d/.test(p.text));
        const sep = !decimal && /[\x21-\x7e]$/.test(last.text) && /^[\x21-\x7e]/.test(p.text) ? ' ' : '';
        last.text += sep + p.text;
        last.confidence = Math.min(last.confidence, p.confidence);
        last.bbox = unionPx([last.bbox, p.bbox])!;
        last.choices = [];
        continue;
      }
    }
    out.push({ ...p, bbox: { ...p.bbox } });
  }
  return out;
}

/**
 * A short number that opens a sentence ("(2)" for （二）, "2024" before 年度…) but that tesseract
 * put on a line of its own joins the sentence on its right, as in the text layer; left alone it
 * would read as a lone amount and be taken for a table cell. Only integers of up to four digits
 * (never codes or decimals), left of a piece of 10 or more ideographs on the same line, close by,
 * with no ruling line between.
 */
function attachOrdinals(pieces: Piece[], rules: readonly PixelRule[]): Piece[] {
  const verticals = rules.filter((r) => r.o === 'v');
  const cjk = (t: string): number => (t.match(/[\u3400-\u9fff]/gu) ?? []).length;
  const out = pieces.slice();
  for (const n of pieces) {
    if (!/^[(（]?\d{1,4}[)）]?[.、]?$/u.test(n.text.trim())) continue;
    const prose = out.find((p) => {
      if (p === n || cjk(p.text) < 10) return false;
      const nh = n.bbox.y1 - n.bbox.y0, ph = p.bbox.y1 - p.bbox.y0;
      const ov = Math.min(p.bbox.y1, n.bbox.y1) - Math.max(p.bbox.y0, n.bbox.y0);
      const gap = p.bbox.x0 - n.bbox.x1;
      // Digits are shorter than ideographs: the line's height is the ideographs'.
      if (ov < 0.6 * Math.min(nh, ph) || gap < -ph * 0.3 || gap > ph * 1.2) return false;
      const cy = (n.bbox.y0 + n.bbox.y1) / 2;
      return !verticals.some((r) => r.a <= cy && r.b >= cy && r.at > n.bbox.x1 - 1 && r.at < p.bbox.x0 + 1);
    });
    if (!prose) continue;
    prose.text = n.text.trim() + prose.text;
    prose.confidence = Math.min(prose.confidence, n.confidence);
    prose.bbox = unionPx([prose.bbox, n.bbox])!;
    prose.choices = [];
    out.splice(out.indexOf(n), 1);
  }
  return out;
}

interface Cell extends PxBox {}

const LATIN = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';

/** A cell's words are one short Latin word and nothing else ("Bit", "REE"). */
function latinOnly(ps: readonly Piece[]): boolean {
  const t = ps.map((p) => p.text.trim()).join('');
  return /^[A-Za-z]{1,5}$/.test(t);
}

/**
 * Labels of ruled cells read with low confidence by the whole-page pass (small header words
 * such as 决算数 come out as "REE") are read again from the cell alone, as a block; the new
 * reading replaces the old when it is clearly more confident.
 */
async function rereadLabels(pieces: Piece[], cells: Cell[], img: GrayImage, threshold: number, dpi: number): Promise<Piece[]> {
  if (cells.length === 0) return pieces;
  const centreIn = (p: Piece, c: PxBox): boolean => {
    const x = (p.bbox.x0 + p.bbox.x1) / 2, y = (p.bbox.y0 + p.bbox.y1) / 2;
    return x >= c.x0 && x <= c.x1 && y >= c.y0 && y <= c.y1;
  };
  const weak = cells
    .map((cell) => ({ cell, ps: pieces.filter((p) => centreIn(p, cell)) }))
    .filter(({ cell, ps }) => {
      // A cell with ink but no word: the sparse-text pass can drop a whole word ("项目支出").
      if (ps.length === 0) {
        const inset = Math.max(3, dpi / 60);
        return inkCount(img, cell.x0 + inset, cell.y0 + inset, cell.x1 - inset, cell.y1 - inset, threshold) >= (dpi / 30) ** 2;
      }
      return ps.length <= 6 && !ps.some((p) => looksNumeric(p.text)) && (Math.min(...ps.map((p) => p.confidence)) < 60 || latinOnly(ps));
    });
  let nextLine = -1;
  const reads = await Promise.all(
    weak.map(async ({ cell, ps: weakPieces }) => {
      const inset = Math.max(3, dpi / 60);
      const ink = inkBox(img, cell.x0 + inset, cell.y0 + inset, cell.x1 - inset, cell.y1 - inset, threshold);
      if (!ink) return null;
      const m = Math.round(dpi / 30);
      const x0 = Math.max(cell.x0 + inset, ink.x0 - m), y0 = Math.max(cell.y0 + inset, ink.y0 - m);
      const border = Math.round(dpi / 10);
      const res = await recognize(encodePgm(pad(crop(img, x0, y0, Math.min(cell.x1 - inset, ink.x1 + m), Math.min(cell.y1 - inset, ink.y1 + m)), border)), {
        tessedit_pageseg_mode: '6',
        user_defined_dpi: String(dpi),
        // A label read as a short Latin word ("Bit" for 总计) is read again as Chinese only.
        ...(latinOnly(weakPieces) ? { tessedit_char_blacklist: LATIN } : {}),
      });
      const ox = Math.floor(x0) - border, oy = Math.floor(y0) - border;
      return res.words
        .filter((w) => w.text.trim() !== '')
        .map((w) => ({ ...w, bbox: { x0: w.bbox.x0 + ox, y0: w.bbox.y0 + oy, x1: w.bbox.x1 + ox, y1: w.bbox.y1 + oy } }));
    }),
  );
  const drop = new Set<Piece>();
  const add: Piece[] = [];
  weak.forEach(({ ps }, i) => {
    const words = reads[i];
    if (!words || words.length === 0) return;
    const mean = (xs: { text: string; confidence: number }[]): number => {
      const n = xs.reduce((a, x) => a + [...x.text.trim()].length, 0);
      return n ? xs.reduce((a, x) => a + x.confidence * [...x.text.trim()].length, 0) / n : 0;
    };
    if (words.some((w) => looksNumeric(w.text))) return;
    // Latin in a Chinese table's label cell is a misreading: a Chinese reading of fair confidence wins.
    const better = ps.length === 0 ? mean(words) >= 60 : latinOnly(ps) ? words.every((w) => CJK.test(w.text)) && mean(words) >= 60 : mean(words) >= mean(ps) + 15;
    if (!better) return;
    for (const p of ps) drop.add(p);
    // One piece per line of the cell.
    const lines = new Map<number, OcrWord[]>();
    for (const w of words) lines.set(w.line, [...(lines.get(w.line) ?? []), w]);
    for (const ws of lines.values()) {
      const text = ws.reduce((t, w) => t + (/[\x21-\x7e]$/.test(t) && /^[\x21-\x7e]/.test(w.text) ? ' ' : '') + w.text.trim(), '');
      add.push({ text, line: nextLine--, confidence: Math.min(...ws.map((w) => w.confidence)), bbox: unionPx(ws.map((w) => w.bbox))!, choices: [] });
    }
  });
  if (add.length === 0) return pieces;
  return [...pieces.filter((p) => !drop.has(p)), ...add];
}

/**
 * Cells of the ruled grid (pixel space): between consecutive horizontal lines, split by the
 * vertical lines crossing that band; a cell exists where lines close it above and below.
 */
export function gridCells(rules: readonly PixelRule[]): Cell[] {
  const hs = rules.filter((r) => r.o === 'h');
  const vs = rules.filter((r) => r.o === 'v');
  if (hs.length < 2 || vs.length < 2) return [];
  const ys: number[] = [];
  for (const y of hs.map((r) => r.at).sort((a, b) => a - b)) if (ys.length === 0 || y - ys[ys.length - 1]! > 4) ys.push(y);
  const covers = (r: PixelRule, pos: number): boolean => r.a - 3 <= pos && r.b + 3 >= pos;
  const cells: Cell[] = [];
  for (let i = 0; i + 1 < ys.length; i++) {
    const ya = ys[i]!, yb = ys[i + 1]!;
    if (yb - ya < 8) continue;
    const mid = (ya + yb) / 2;
    const xs = vs.filter((r) => covers(r, mid)).map((r) => r.at).sort((a, b) => a - b);
    for (let k = 0; k + 1 < xs.length; k++) {
      const xa = xs[k]!, xb = xs[k + 1]!;
      if (xb - xa < 8) continue;
      const xm = (xa + xb) / 2;
      const top = hs.some((r) => Math.abs(r.at - ya) <= 4 && covers(r, xm));
      const bottom = hs.some((r) => Math.abs(r.at - yb) <= 4 && covers(r, xm));
      if (top && bottom) cells.push({ x0: xa, y0: ya, x1: xb, y1: yb });
    }
  }
  return cells;
}

/** Lenient: digits and separators, allowing a few OCR slips (l, I, O, S …). */
function looksNumeric(text: string): boolean {
  const s = text.replace(/\s+/g, '').replace(/[;；,，。:：、]+$/u, '');
  // Digits, separators and the letters OCR confuses digits with; nothing else (no %, no 年).
  if (s === '' || !/^[-−(（]?[\d.,，。·:lIOoSBZ]+[)）]?$/u.test(s)) return false;
  const digits = (s.match(/\d/g) ?? []).length;
  const seps = (s.match(/[.,，。·:\-−]/g) ?? []).length;
  return digits >= 1 && (digits + seps) / s.length >= 0.6;
}

interface Target {
  box: PxBox;
  pieces: Piece[];
}

/**
 * What to read again as a number: in a ruled grid, every inked cell of a numeric column (most of
 * its filled cells read as numbers) that holds no confidently read Chinese; without a grid, each
 * numeric-looking word.
 */
function numericTargets(pieces: Piece[], cells: Cell[], img: GrayImage, threshold: number, dpi: number): Target[] {
  const centreIn = (p: Piece, c: PxBox): boolean => {
    const x = (p.bbox.x0 + p.bbox.x1) / 2, y = (p.bbox.y0 + p.bbox.y1) / 2;
    return x >= c.x0 && x <= c.x1 && y >= c.y0 && y <= c.y1;
  };
  const used = new Set<Piece>();
  const targets: Target[] = [];
  if (cells.length > 0) {
    const tol = Math.max(6, dpi / 30);
    const columns: { x0: number; x1: number; cells: { cell: Cell; pieces: Piece[] }[] }[] = [];
    for (const cell of cells) {
      const inCell = pieces.filter((p) => centreIn(p, cell));
      let col = columns.find((c) => Math.abs(c.x0 - cell.x0) <= tol && Math.abs(c.x1 - cell.x1) <= tol);
      if (!col) columns.push((col = { x0: cell.x0, x1: cell.x1, cells: [] }));
      col.cells.push({ cell, pieces: inCell });
    }
    const isNumeric = (ps: Piece[]): boolean => ps.length > 0 && looksNumeric(ps.map((p) => p.text).join(''));
    const numericColumns = columns.filter((col) => {
      const filled = col.cells.filter((c) => c.pieces.length > 0);
      const numeric = filled.filter((c) => isNumeric(c.pieces));
      return numeric.length >= 2 && numeric.length >= 0.5 * filled.length;
    });
    // A data row: some cell of a numeric column on the same band reads as a number.
    const dataRow = (cell: Cell): boolean =>
      numericColumns.some((col) => col.cells.some((c) => Math.abs(c.cell.y0 - cell.y0) <= tol && Math.abs(c.cell.y1 - cell.y1) <= tol && isNumeric(c.pieces)));
    for (const col of numericColumns) {
      for (const { cell, pieces: ps } of col.cells) {
        if (ps.some((p) => CJK.test(p.text) && p.confidence >= 70)) continue;
        // Text misread as Latin ("REE" for 决算数) in a header row is not a number to read.
        if (ps.length > 0 && !isNumeric(ps) && !dataRow(cell)) continue;
        const inset = Math.max(3, dpi / 60);
        const ink = inkCount(img, cell.x0 + inset, cell.y0 + inset, cell.x1 - inset, cell.y1 - inset, threshold);
        if (ink < (dpi / 30) ** 2 && ps.length === 0) continue;
        for (const p of ps) used.add(p);
        targets.push({ box: { x0: cell.x0 + inset, y0: cell.y0 + inset, x1: cell.x1 - inset, y1: cell.y1 - inset }, pieces: ps });
      }
    }
  }
  for (const p of pieces) {
    if (used.has(p) || !looksNumeric(p.text)) continue;
    if (cells.some((c) => centreIn(p, c))) continue; // in a text column of the grid: leave it
    const m = Math.max(4, dpi / 25);
    targets.push({ box: { x0: p.bbox.x0 - m, y0: p.bbox.y0 - m, x1: p.bbox.x1 + m, y1: p.bbox.y1 + m }, pieces: [p] });
  }
  return targets;
}

/**
 * How much to enlarge a crop whose ink is `height` pixels high before reading it again: small
 * print (9-point digits at 200 dpi are about 18 pixels) loses decimal points and thin strokes.
 */
function smallPrintFactor(height: number): number {
  return height < 16 ? 3 : height < 28 ? 2 : 1;
}

interface NumericRead {
  text: string;
  confidence: number;
  box: PxBox | null;
  choices: { text: string; confidence: number }[];
}

/** Reads a region as one line of digits and separators. */
async function readNumeric(img: GrayImage, region: PxBox, threshold: number, dpi: number): Promise<NumericRead> {
  const ink = inkBox(img, region.x0, region.y0, region.x1, region.y1, threshold);
  if (!ink) return { text: '', confidence: 0, box: null, choices: [] };
  const m = Math.round(dpi / 30);
  const x0 = Math.max(region.x0, ink.x0 - m), y0 = Math.max(region.y0, ink.y0 - m);
  const x1 = Math.min(region.x1, ink.x1 + m), y1 = Math.min(region.y1, ink.y1 + m);
  // Grey, from the paper-whitened image: tesseract's own thresholding of a small crop takes
  // JPEG-grey paper for ink, and binarising here loses the thin strokes of Song digits (4 → 1).
  const at = async (f: number): Promise<NumericRead> => {
    const piece = pad(upscale(crop(img, x0, y0, x1, y1), f), Math.round((f * dpi) / 10));
    const res = await recognize(encodePgm(piece), { tessedit_pageseg_mode: '7', tessedit_char_whitelist: WHITELIST, user_defined_dpi: String(f * dpi) });
    const words = res.words.filter((w) => w.text.trim() !== '');
    if (words.length === 0) return { text: '', confidence: 0, box: ink, choices: [] };
    return {
      text: words.map((w) => w.text.trim()).join(''),
      confidence: Math.round(Math.min(...words.map((w) => w.confidence))),
      box: ink,
      choices: words.length === 1 ? words[0]!.choices : [],
    };
  };
  const first = await at(1);
  const f = smallPrintFactor(ink.y1 - ink.y0);
  if (f === 1 || (first.text !== '' && first.confidence >= 90)) return first;
  // Doubtful small print: read it enlarged too, and keep the clearly more confident reading.
  // Enlarging is not better in general (JPEG noise grows with it: 6 read as 0), hence both.
  const second = await at(f);
  const [kept, other] = second.text !== '' && second.confidence >= first.confidence + 5 ? [second, first] : [first, second];
  return other.text && other.text !== kept.text ? { ...kept, choices: [...kept.choices, { text: other.text, confidence: other.confidence }] } : kept;
}

/**
 * The reading kept for a numeric cell: the digits-only reading (B) unless it is empty; when the
 * whole-page reading (A) agrees, the confidence is the better of the two; when they disagree, the
 * worse, and the other reading is kept as an alternative.
 */
function choose(a: string, aConf: number, b: NumericRead): { text: string; confidence: number; box: PxBox | null; alternatives: { text: string; confidence: number }[] } | null {
  const na = a.replace(/\s+/g, '');
  if (b.text === '') {
    if (na === '') return null;
    return { text: na, confidence: Math.round(Math.min(aConf, 50)), box: null, alternatives: [] };
  }
  const alternatives = b.choices.filter((c) => c.text !== b.text).map((c) => ({ text: c.text, confidence: Math.round(c.confidence) }));
  if (na === b.text) return { text: b.text, confidence: Math.round(Math.max(aConf, b.confidence)), box: b.box, alternatives };
  if (na !== '') alternatives.unshift({ text: na, confidence: Math.round(aConf) });
  return { text: b.text, confidence: Math.round(Math.min(b.confidence, na === '' ? b.confidence : Math.max(aConf, 0))), box: b.box, alternatives };
}

/**
 * OCR boxes hug the ink (digits are shorter than ideographs); text-layer runs are em boxes.
 * Every run gets at least the page's typical ideograph height, centred where it was, so that
 * lines group and phrases join as they do for text-layer pages.
 */
function normaliseHeights(runs: TextRun[]): void {
  const cjk = runs.filter((r) => CJK.test(r.text)).map((r) => r.box.y1 - r.box.y0).sort((a, b) => a - b);
  const h = cjk[Math.floor(cjk.length / 2)];
  if (!h) return;
  for (const r of runs) {
    const cur = r.box.y1 - r.box.y0;
    if (cur < h) {
      const cy = (r.box.y0 + r.box.y1) / 2;
      r.box = { ...r.box, y0: round(cy - h / 2), y1: round(cy + h / 2) };
    }
    r.fontSize = round(Math.max(cur, h));
  }
}

/**
 * Samples of text lines: bands of rows with ink between blank rows (about a line of text high),
 * each cut to the window of about a dozen characters with the most ink. `count` bands with the
 * most ink, spread over the image.
 */
export function textLineSamples(img: GrayImage, threshold: number, dpi: number, count: number): GrayImage[] {
  const { width: w, height: h, data } = img;
  const rowInk = new Uint32Array(h);
  for (let y = 0; y < h; y++) {
    let n = 0;
    for (let x = 0; x < w; x++) if (data[y * w + x]! <= threshold) n++;
    rowInk[y] = n;
  }
  const minH = Math.round(dpi * 0.06), maxH = Math.round(dpi * 0.3);
  const bands: { y0: number; y1: number; x0: number; x1: number; ink: number }[] = [];
  let y = 0;
  while (y < h) {
    if (rowInk[y]! === 0) { y++; continue; }
    const y0 = y;
    while (y < h && rowInk[y]! > 0) y++;
    const y1 = y;
    if (y1 - y0 < minH || y1 - y0 > maxH) continue;
    // Best window along the band: about 12 line heights wide.
    const win = Math.min(w, (y1 - y0) * 12);
    const colInk = new Uint32Array(w);
    for (let yy = y0; yy < y1; yy++) for (let x = 0; x < w; x++) if (data[yy * w + x]! <= threshold) colInk[x]!++;
    let sum = 0, best = -1, bestX = 0;
    for (let x = 0; x < w; x++) {
      sum += colInk[x]!;
      if (x >= win) sum -= colInk[x - win]!;
      if (x >= win - 1 && sum > best) { best = sum; bestX = x - win + 1; }
    }
    if (best <= 0) continue;
    const share = best / (win * (y1 - y0));
    if (share < 0.04 || share > 0.6) continue; // blank, or a filled area
    bands.push({ y0, y1, x0: bestX, x1: bestX + win, ink: best });
  }
  bands.sort((a, b) => b.ink - a.ink);
  const picked: typeof bands = [];
  for (const b of bands) {
    if (picked.length >= count) break;
    if (picked.some((p) => Math.abs(p.y0 - b.y0) < (b.y1 - b.y0) * 3)) continue;
    picked.push(b);
  }
  const m = Math.round(dpi / 30);
  return picked.map((b) => pad(crop(img, b.x0 - m, b.y0 - m, b.x1 + m, b.y1 + m), m * 2));
}

/**
 * Picks the quarter turn (clockwise degrees) that makes the text readable: a few text-line
 * samples are read as single lines, as they are and upside down, and likewise the samples of the
 * image turned a quarter (sideways pages); the best mean confidence wins. Reading lines instead of
 * a page keeps this fast (tesseract is slow on upside-down text) and needs no OSD data.
 */
export async function detectOrientation(img: GrayImage, threshold: number, dpi: number): Promise<number> {
  // `turn` turns the samples; `result` is the page's turn it stands for.
  const read = async (samples: GrayImage[], turn: number, result = turn): Promise<{ turn: number; mean: number; chars: number }> => {
    const results = await Promise.all(
      samples.map((s) => recognize(encodePgm(turn === 0 ? s : rotateQuarter(s, turn).image), { tessedit_pageseg_mode: '7', user_defined_dpi: String(dpi) })),
    );
    let chars = 0, conf = 0;
    for (const r of results) {
      for (const w of r.words) {
        const n = [...w.text.trim()].length;
        chars += n;
        conf += w.confidence * n;
      }
    }
    return { turn: result, mean: chars ? conf / chars : 0, chars };
  };
  const across = textLineSamples(img, threshold, dpi, 3);
  const upright = across.length ? await read(across, 0) : { turn: 0, mean: 0, chars: 0 };
  if (upright.mean >= 80 && upright.chars >= 6) return 0;
  const sideways = textLineSamples(rotateQuarter(img, 90).image, threshold, dpi, 3);
  const tries = await Promise.all([
    across.length ? read(across, 180) : null,
    // Sideways samples were cut from the image turned 90°: their turns add up.
    sideways.length ? read(sideways, 0, 90) : null,
    sideways.length ? read(sideways, 180, 270) : null,
  ]);
  const all = [upright, ...tries.filter((t): t is NonNullable<typeof t> => t !== null)]
    .filter((t) => t.chars >= 3)
    .sort((a, b) => b.mean - a.mean);
  const best = all[0];
  // Keep the page as it is unless another turn reads clearly better.
  return best && best.turn !== 0 && best.mean >= upright.mean + 15 ? best.turn : 0;
}

function pixelRuleToRule(r: PixelRule, toPage: Affine): Rule {
  const [x0, y0] = r.o === 'h' ? applyAffine(toPage, r.a, r.at) : applyAffine(toPage, r.at, r.a);
  const [x1, y1] = r.o === 'h' ? applyAffine(toPage, r.b, r.at) : applyAffine(toPage, r.at, r.b);
  const scale = Math.hypot(toPage[0], toPage[1]);
  // A quarter turn may swap the ends or the axis: keep x0 ≤ x1, y0 ≤ y1, exactly axis-aligned.
  const horizontal = Math.abs(x1 - x0) >= Math.abs(y1 - y0);
  const rule: Rule = horizontal
    ? { x0: round(Math.min(x0, x1)), y0: round((y0 + y1) / 2), x1: round(Math.max(x0, x1)), y1: round((y0 + y1) / 2) }
    : { x0: round((x0 + x1) / 2), y0: round(Math.min(y0, y1)), x1: round((x0 + x1) / 2), y1: round(Math.max(y0, y1)) };
  rule.width = round(r.thickness * scale);
  return rule;
}

function mapRule(r: Rule, m: Affine): Rule {
  const [x0, y0] = applyAffine(m, r.x0, r.y0);
  const [x1, y1] = applyAffine(m, r.x1, r.y1);
  const out: Rule = { x0: round(Math.min(x0, x1)), y0: round(Math.min(y0, y1)), x1: round(Math.max(x0, x1)), y1: round(Math.max(y0, y1)) };
  if (r.width !== undefined) out.width = r.width;
  return out;
}

export function mapBox(b: PxBox, m: Affine): Box {
  const pts = [applyAffine(m, b.x0, b.y0), applyAffine(m, b.x1, b.y0), applyAffine(m, b.x0, b.y1), applyAffine(m, b.x1, b.y1)];
  const xs = pts.map((p) => p[0]), ys = pts.map((p) => p[1]);
  return { x0: round(Math.min(...xs)), y0: round(Math.min(...ys)), x1: round(Math.max(...xs)), y1: round(Math.max(...ys)) };
}

function unionPx(boxes: PxBox[]): PxBox | null {
  if (boxes.length === 0) return null;
  return {
    x0: Math.min(...boxes.map((b) => b.x0)),
    y0: Math.min(...boxes.map((b) => b.y0)),
    x1: Math.max(...boxes.map((b) => b.x1)),
    y1: Math.max(...boxes.map((b) => b.y1)),
  };
}

function area(b: Box): number {
  return Math.max(0, b.x1 - b.x0) * Math.max(0, b.y1 - b.y0);
}

function centre(b: Box): [number, number] {
  return [(b.x0 + b.x1) / 2, (b.y0 + b.y1) / 2];
}

function inside([x, y]: [number, number], b: Box): boolean {
  return x >= b.x0 && x <= b.x1 && y >= b.y0 && y <= b.y1;
}

function grow(b: Box, d: number): Box {
  return { x0: b.x0 - d, y0: b.y0 - d, x1: b.x1 + d, y1: b.y1 + d };
}

function sameBox(a: Box, b: Box): boolean {
  return a.x0 === b.x0 && a.y0 === b.y0 && a.x1 === b.x1 && a.y1 === b.y1;
}

function round(v: number): number {
  return Math.round(v * 100) / 100 + 0;
}
