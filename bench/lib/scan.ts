import { spawnSync } from 'node:child_process';
import { readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { deflateSync } from 'node:zlib';
import { createCanvas, loadImage } from '@napi-rs/canvas';

/**
 * Scanned-page fixtures made on the fly, the way scripts/make-scans.sh makes them (pdftoppm at
 * 200 dpi in grey, a small turn per page, Gaussian scanner noise with a fixed seed, JPEG), but
 * with @napi-rs/canvas (a product dependency) instead of ImageMagick + img2pdf, so the benchmark
 * needs nothing beyond poppler-utils. Output: an image-only PDF (one DCT image per page) and the
 * page images themselves (the same JPEG bytes), for native tesseract.
 */
export interface ScanOptions {
  dpi: number;
  /** Degrees clockwise; 'auto' = a small angle per page in [-0.8, 0.8] (as make-scans.sh --all). */
  angle: number | 'auto';
  /** Standard deviation of the grey noise, in levels (0–255). */
  noise: number;
  quality: number;
  /** 'bilevel': black and white, 1 bit per pixel (threshold at mid-grey, no noise), as office scanners' fax-style PDFs. */
  mode?: 'grey' | 'bilevel';
}

export const DEFAULT_SCAN: ScanOptions = { dpi: 200, angle: 'auto', noise: 6, quality: 60 };

function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export interface ScannedPage {
  /** Page number in the source PDF. */
  sourcePage: number;
  /** The page image: a JPEG, or (bilevel) deflated 1-bit rows, 0 = black. */
  jpeg: Buffer;
  bilevel?: boolean;
  width: number;
  height: number;
  components: number;
  angle: number;
}

/** Renders pages first..last of `pdf` and turns each into a "scan". */
export async function scanPages(pdf: string, first: number, last: number, workDir: string, o: ScanOptions = DEFAULT_SCAN): Promise<ScannedPage[]> {
  const r = spawnSync('pdftoppm', ['-r', String(o.dpi), '-f', String(first), '-l', String(last), '-gray', '-png', pdf, join(workDir, 'p')], { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`pdftoppm failed: ${r.stderr}`);
  const pngs = readdirSync(workDir).filter((f) => /^p-\d+\.png$/.test(f)).sort((a, b) => Number(/\d+/.exec(a)![0]) - Number(/\d+/.exec(b)![0]));
  const out: ScannedPage[] = [];
  for (const f of pngs) {
    const n = Number(/\d+/.exec(f)![0]);
    const img = await loadImage(readFileSync(join(workDir, f)));
    const w = img.width, h = img.height;
    const angle = o.angle === 'auto' ? (((n * 37) % 17) - 8) / 10 : o.angle;
    const canvas = createCanvas(w, h);
    const ctx = canvas.getContext('2d');
    ctx.fillStyle = '#ffffff';
    ctx.fillRect(0, 0, w, h);
    ctx.translate(w / 2, h / 2);
    ctx.rotate((angle * Math.PI) / 180);
    ctx.drawImage(img, -w / 2, -h / 2);
    ctx.setTransform(1, 0, 0, 1, 0, 0);
    const data = ctx.getImageData(0, 0, w, h);
    const px = data.data;
    if (o.mode === 'bilevel') {
      const stride = (w + 7) >> 3;
      const bits = new Uint8Array(stride * h).fill(0xff);
      for (let y = 0; y < h; y++) {
        for (let x = 0; x < w; x++) if (px[(y * w + x) * 4]! < 128) bits[y * stride + (x >> 3)]! &= ~(0x80 >> (x & 7));
      }
      out.push({ sourcePage: n, jpeg: deflateSync(bits), bilevel: true, width: w, height: h, components: 1, angle });
      continue;
    }
    const rnd = mulberry32(n * 7919);
    for (let i = 0; i < px.length; i += 4) {
      // Box–Muller: one Gaussian sample per pixel, the same on R, G and B (a grey scan).
      const g = Math.sqrt(-2 * Math.log(1 - rnd())) * Math.cos(2 * Math.PI * rnd());
      const v = Math.max(0, Math.min(255, Math.round(px[i]! + g * o.noise)));
      px[i] = px[i + 1] = px[i + 2] = v;
    }
    ctx.putImageData(data, 0, 0);
    const jpeg = canvas.encodeSync('jpeg', o.quality);
    out.push({ sourcePage: n, jpeg, width: w, height: h, components: jpegComponents(jpeg), angle });
  }
  return out;
}

/** Number of colour components in a baseline or progressive JPEG (from its SOF marker). */
export function jpegComponents(b: Uint8Array): number {
  let i = 2;
  while (i + 9 < b.length) {
    if (b[i] !== 0xff) return 3;
    const m = b[i + 1]!;
    const len = (b[i + 2]! << 8) | b[i + 3]!;
    if (m >= 0xc0 && m <= 0xcf && m !== 0xc4 && m !== 0xc8 && m !== 0xcc) return b[i + 9]!;
    i += 2 + len;
  }
  return 3;
}

/** A minimal image-only PDF: one page per image, the JPEG stored as is (DCTDecode) or 1-bit rows (FlateDecode), page size from dpi. */
export function imagePdf(pages: { jpeg: Uint8Array; bilevel?: boolean; width: number; height: number; components: number }[], dpi: number): Buffer {
  const chunks: Buffer[] = [];
  const offsets: number[] = [];
  let pos = 0;
  const add = (b: Buffer | string) => {
    const buf = typeof b === 'string' ? Buffer.from(b, 'latin1') : b;
    chunks.push(buf);
    pos += buf.length;
  };
  const obj = (n: number, body: (Buffer | string)[]) => {
    offsets[n] = pos;
    add(`${n} 0 obj\n`);
    for (const b of body) add(b);
    add('\nendobj\n');
  };
  add('%PDF-1.4\n%\xe2\xe3\xcf\xd3\n');
  const kids = pages.map((_, i) => `${3 + i * 3} 0 R`).join(' ');
  obj(1, ['<< /Type /Catalog /Pages 2 0 R >>']);
  obj(2, [`<< /Type /Pages /Kids [${kids}] /Count ${pages.length} >>`]);
  pages.forEach((p, i) => {
    const pageN = 3 + i * 3, imgN = pageN + 1, contN = pageN + 2;
    const w = ((p.width * 72) / dpi).toFixed(2), h = ((p.height * 72) / dpi).toFixed(2);
    obj(pageN, [`<< /Type /Page /Parent 2 0 R /MediaBox [0 0 ${w} ${h}] /Resources << /XObject << /Im0 ${imgN} 0 R >> >> /Contents ${contN} 0 R >>`]);
    const cs = p.components === 1 ? '/DeviceGray' : '/DeviceRGB';
    const enc = p.bilevel ? '/BitsPerComponent 1 /Filter /FlateDecode' : '/BitsPerComponent 8 /Filter /DCTDecode';
    obj(imgN, [`<< /Type /XObject /Subtype /Image /Width ${p.width} /Height ${p.height} /ColorSpace ${cs} ${enc} /Length ${p.jpeg.length} >>\nstream\n`, Buffer.from(p.jpeg), '\nendstream']);
    const content = `q ${w} 0 0 ${h} 0 0 cm /Im0 Do Q`;
    obj(contN, [`<< /Length ${content.length} >>\nstream\n${content}\nendstream`]);
  });
  const n = 3 + pages.length * 3;
  const xref = pos;
  add(`xref\n0 ${n}\n0000000000 65535 f \n`);
  for (let i = 1; i < n; i++) add(`${String(offsets[i]).padStart(10, '0')} 00000 n \n`);
  add(`trailer\n<< /Size ${n} /Root 1 0 R >>\nstartxref\n${xref}\n%%EOF\n`);
  return Buffer.concat(chunks);
}

/** Makes `<out>.pdf` from pages first..last of `pdf`; returns the pages (with their JPEGs). */
export async function makeScanPdf(pdf: string, first: number, last: number, out: string, workDir: string, o: ScanOptions = DEFAULT_SCAN): Promise<ScannedPage[]> {
  const pages = await scanPages(pdf, first, last, workDir, o);
  writeFileSync(out, imagePdf(pages, o.dpi));
  return pages;
}
