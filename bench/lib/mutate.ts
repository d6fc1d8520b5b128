import { deflateSync } from 'node:zlib';

/**
 * Deterministic mutations of PDF bytes for the fuzz harness (bench/fuzz.ts): the same seed gives
 * the same files on every machine. Each class imitates a way real files get damaged (bit rot,
 * truncated downloads, bad copies) or a way a hostile file attacks a reader (bombs, nesting, cycles).
 */

/** mulberry32: a small, fast, deterministic PRNG. */
export function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const int = (rand: () => number, lo: number, hi: number) => lo + Math.floor(rand() * (hi - lo + 1));

/** Byte ranges of stream data (between `stream` EOL and `endstream`). */
export function streams(b: Uint8Array): [number, number][] {
  const s = Buffer.from(b.buffer, b.byteOffset, b.byteLength).toString('latin1');
  const out: [number, number][] = [];
  const re = /stream\r?\n/g;
  let m: RegExpExecArray | null;
  while ((m = re.exec(s))) {
    const start = m.index + m[0].length;
    const end = s.indexOf('endstream', start);
    if (end < 0) break;
    if (s.slice(Math.max(0, m.index - 3), m.index) !== 'end') out.push([start, end]);
    re.lastIndex = end + 9;
  }
  return out;
}

export type Mutator = (src: Uint8Array, rand: () => number) => Uint8Array;

export const MUTATORS: Record<string, Mutator> = {
  /** A few random bits flipped anywhere. */
  'bit-flips': (src, rand) => {
    const b = Uint8Array.from(src);
    for (let i = int(rand, 1, 32); i > 0; i--) b[int(rand, 0, b.length - 1)]! ^= 1 << int(rand, 0, 7);
    return b;
  },
  /** Many bytes overwritten with random values. */
  'bytes-overwritten': (src, rand) => {
    const b = Uint8Array.from(src);
    for (let i = int(rand, 50, 2000); i > 0; i--) b[int(rand, 0, b.length - 1)] = int(rand, 0, 255);
    return b;
  },
  /** Cut short (an interrupted download). */
  truncated: (src, rand) => src.slice(0, Math.max(8, Math.floor(src.length * (0.05 + rand() * 0.9)))),
  /** Two blocks of bytes swapped (a bad copy). */
  'swapped-blocks': (src, rand) => {
    const b = Uint8Array.from(src);
    const len = int(rand, 256, Math.min(16384, Math.floor(b.length / 4)));
    const a = int(rand, 0, b.length - 2 * len);
    const c = int(rand, a + len, b.length - len);
    const tmp = b.slice(a, a + len);
    b.copyWithin(a, c, c + len);
    b.set(tmp, c);
    return b;
  },
  /** Bits flipped inside stream data only (the structure stays intact). */
  'stream-flips': (src, rand) => {
    const b = Uint8Array.from(src);
    const ss = streams(b).filter(([s, e]) => e > s);
    for (let i = int(rand, 1, 64); i > 0 && ss.length; i--) {
      const [s, e] = ss[int(rand, 0, ss.length - 1)]!;
      b[int(rand, s, e - 1)]! ^= 1 << int(rand, 0, 7);
    }
    return b;
  },
  /** Some streams, or all of them, zeroed (no text left anywhere when all are). */
  'zeroed-streams': (src, rand) => {
    const b = Uint8Array.from(src);
    const all = rand() < 0.4;
    for (const [s, e] of streams(b)) if (all || rand() < 0.3) b.fill(0, s, e);
    return b;
  },
  /** /Length values replaced by huge or negative numbers. */
  'huge-lengths': (src, rand) => {
    const s = Buffer.from(src).toString('latin1');
    const values = ['99999999999', '2147483648', '-1', '0', '1e308'];
    return Buffer.from(s.replace(/\/Length (\d+)/g, (m) => (rand() < 0.5 ? `/Length ${values[int(rand, 0, values.length - 1)]}` : m)), 'latin1');
  },
  /** The cross-reference table pointed elsewhere (startxref offset wrong). */
  'bad-startxref': (src, rand) => {
    const s = Buffer.from(src).toString('latin1');
    return Buffer.from(s.replace(/startxref\s+(\d+)/, () => `startxref\n${int(rand, 0, src.length * 2)}`), 'latin1');
  },
};

/** A minimal PDF from object bodies (1-based numbers; object 1 is the catalog), with a correct xref table. */
export function buildPdf(objects: (string | Uint8Array)[]): Uint8Array {
  const parts: Buffer[] = [Buffer.from('%PDF-1.7\n%\xe2\xe3\xcf\xd3\n', 'latin1')];
  let offset = parts[0]!.length;
  const offsets: number[] = [];
  objects.forEach((body, i) => {
    offsets.push(offset);
    const b = Buffer.concat([Buffer.from(`${i + 1} 0 obj\n`, 'latin1'), typeof body === 'string' ? Buffer.from(body, 'latin1') : Buffer.from(body), Buffer.from('\nendobj\n', 'latin1')]);
    parts.push(b);
    offset += b.length;
  });
  const xref = [`xref\n0 ${objects.length + 1}\n0000000000 65535 f \n`, ...offsets.map((o) => `${String(o).padStart(10, '0')} 00000 n \n`)].join('');
  parts.push(Buffer.from(`${xref}trailer\n<< /Size ${objects.length + 1} /Root 1 0 R >>\nstartxref\n${offset}\n%%EOF\n`, 'latin1'));
  return Buffer.concat(parts);
}

const stream = (dict: string, data: Uint8Array): Uint8Array =>
  Buffer.concat([Buffer.from(`<< ${dict} /Length ${data.length} >>\nstream\n`, 'latin1'), Buffer.from(data), Buffer.from('\nendstream', 'latin1')]);

const onePage = (contents: Uint8Array, resources = '/Font << /F1 4 0 R >>'): Uint8Array =>
  buildPdf([
    '<< /Type /Catalog /Pages 2 0 R >>',
    '<< /Type /Pages /Kids [5 0 R] /Count 1 >>',
    contents,
    '<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>',
    `<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << ${resources} >> /Contents 3 0 R >>`,
  ]);

/** Hand-made hostile files: bombs, nesting, cycles. Sizes are the inflated sizes. */
export const SYNTHETIC: Record<string, () => Uint8Array> = {
  'bomb-text-ops-16mb': () => onePage(stream('/Filter /FlateDecode', deflateSync(Buffer.from('BT /F1 9 Tf 72 720 Td (1,234.56) Tj ET\n'.repeat(16 << 20 >> 5))))),
  'bomb-text-ops-64mb': () => onePage(stream('/Filter /FlateDecode', deflateSync(Buffer.from('BT /F1 9 Tf 72 720 Td (1,234.56) Tj ET\n'.repeat(64 << 20 >> 5))))),
  'bomb-one-tj-many-glyphs': () => onePage(stream('/Filter /FlateDecode', deflateSync(Buffer.from(`BT /F1 9 Tf 72 720 Td (${'8'.repeat(24 << 20)}) Tj ET`)))),
  'bomb-whitespace-256mb': () => onePage(stream('/Filter /FlateDecode', deflateSync(Buffer.alloc(256 << 20, 0x20), { level: 9 }))),
  'bomb-path-ops': () => onePage(stream('/Filter /FlateDecode', deflateSync(Buffer.from('10 10 m 20 20 l S\n'.repeat(2 << 20))))),
  'bomb-image-huge-dimensions': () =>
    buildPdf([
      '<< /Type /Catalog /Pages 2 0 R >>',
      '<< /Type /Pages /Kids [5 0 R] /Count 1 >>',
      stream('', Buffer.from('q 595 0 0 842 0 0 cm /Im1 Do Q')),
      stream('/Type /XObject /Subtype /Image /Width 40000 /Height 40000 /ColorSpace /DeviceGray /BitsPerComponent 8 /Filter /FlateDecode', deflateSync(Buffer.alloc(64 << 20, 0xff), { level: 9 })),
      '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /XObject << /Im1 4 0 R >> >> /Contents 3 0 R >>',
    ]),
  'deep-nesting-arrays': () => onePage(stream('', Buffer.from(`BT /F1 9 Tf 72 720 Td ${'['.repeat(200_000)}(x)${']'.repeat(200_000)} TJ ET`))),
  'deep-nesting-dicts': () =>
    buildPdf([
      '<< /Type /Catalog /Pages 2 0 R >>',
      '<< /Type /Pages /Kids [5 0 R] /Count 1 >>',
      stream('', Buffer.from('BT /F1 9 Tf 72 720 Td (deep) Tj ET')),
      '<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>',
      `<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 4 0 R >> >> /Contents 3 0 R /X ${'<< /A '.repeat(100_000)}1${' >>'.repeat(100_000)} >>`,
    ]),
  'cycle-page-tree': () =>
    buildPdf([
      '<< /Type /Catalog /Pages 2 0 R >>',
      '<< /Type /Pages /Kids [2 0 R 3 0 R] /Count 2 >>',
      '<< /Type /Pages /Kids [2 0 R] /Parent 2 0 R /Count 1 >>',
    ]),
  'cycle-contents-self': () =>
    buildPdf([
      '<< /Type /Catalog /Pages 2 0 R >>',
      '<< /Type /Pages /Kids [3 0 R] /Count 1 >>',
      '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 3 0 R >>',
    ]),
  'cycle-form-xobject': () =>
    buildPdf([
      '<< /Type /Catalog /Pages 2 0 R >>',
      '<< /Type /Pages /Kids [5 0 R] /Count 1 >>',
      stream('', Buffer.from('/Fm1 Do')),
      stream('/Type /XObject /Subtype /Form /BBox [0 0 595 842] /Resources << /XObject << /Fm1 4 0 R >> >>', Buffer.from('q /Fm1 Do Q')),
      '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /XObject << /Fm1 4 0 R >> >> /Contents 3 0 R >>',
    ]),
  'many-pages-tiny': () => {
    const n = 3000;
    const kids = Array.from({ length: n }, (_, i) => `${i + 4} 0 R`).join(' ');
    return buildPdf([
      '<< /Type /Catalog /Pages 2 0 R >>',
      `<< /Type /Pages /Kids [${kids}] /Count ${n} >>`,
      stream('', Buffer.from('BT /F1 9 Tf 72 720 Td (page) Tj ET')),
      ...Array.from({ length: n }, () => '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 << /Type /Font /Subtype /Type1 /BaseFont /Helvetica >> >> >> /Contents 3 0 R >>'),
    ]);
  },
  'count-lies': () =>
    buildPdf([
      '<< /Type /Catalog /Pages 2 0 R >>',
      '<< /Type /Pages /Kids [3 0 R] /Count 2147483647 >>',
      '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] >>',
    ]),
  'nan-matrix': () => onePage(stream('', Buffer.from('1e309 0 0 1e309 0 0 cm BT /F1 9 Tf 72 720 Td (nan) Tj ET 0 0 m 1e400 1e400 l S'))),
};
