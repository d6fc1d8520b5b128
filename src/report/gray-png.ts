import { crc32, deflate, deflateSync } from 'node:zlib';
import { promisify } from 'node:util';

/**
 * A grayscale PNG of 1, 2, 4 or 8 bits per pixel from RGBA pixels, for the report's page images.
 *
 * Why our own encoder: @napi-rs/canvas encodes only RGBA PNG (about 140 KB a table page at
 * 108 dpi) and lossy WebP, whose encoder was more than half of a report's CPU time (1.2 s of
 * 2.5 s for the 18 table pages of a 40-page budget). A page of black text on white in 16 gray
 * levels keeps the anti-aliasing, is sharp (no compression artefacts around digits), and
 * deflates to 30–60 KB in a few milliseconds. The format is small: IHDR, one IDAT, IEND.
 * node:zlib does the compression and the CRC (zlib.crc32: Node ≥ 20.15).
 */
export type GrayBits = 1 | 2 | 4 | 8;

const deflateAsync = promisify(deflate);
const SIGNATURE = Uint8Array.of(0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a);

/** The PNG rows (filter byte 0, then the pixels packed `bits` to a sample, MSB first). */
export function packGray(rgba: Uint8Array | Uint8ClampedArray, width: number, height: number, bits: GrayBits): Buffer {
  if (rgba.length < width * height * 4) throw new Error(`packGray: ${rgba.length} bytes is less than ${width}×${height} RGBA pixels`);
  const perByte = 8 / bits;
  const stride = Math.ceil(width / perByte) + 1;
  const out = Buffer.alloc(stride * height);
  const max = (1 << bits) - 1;
  // Luma (ITU-R 601 weights, in 1/256) mapped to `max` levels, rounded: a 256-entry table.
  const level = new Uint8Array(256);
  for (let g = 0; g < 256; g++) level[g] = Math.round((g * max) / 255);
  for (let y = 0; y < height; y++) {
    let o = y * stride + 1; // out[y * stride] = 0: filter type None
    let i = y * width * 4;
    let acc = 0;
    let k = 0;
    for (let x = 0; x < width; x++, i += 4) {
      acc = (acc << bits) | level[(rgba[i]! * 77 + rgba[i + 1]! * 150 + rgba[i + 2]! * 29) >> 8]!;
      if (++k === perByte) {
        out[o++] = acc;
        acc = 0;
        k = 0;
      }
    }
    if (k) out[o] = acc << (bits * (perByte - k));
  }
  return out;
}

function chunk(type: string, data: Uint8Array): Buffer {
  const head = Buffer.alloc(8);
  head.writeUInt32BE(data.length, 0);
  head.write(type, 4, 'latin1');
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(data, crc32(head.subarray(4))) >>> 0, 0);
  return Buffer.concat([head, data, crc]);
}

function header(width: number, height: number, bits: GrayBits): Buffer {
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(width, 0);
  ihdr.writeUInt32BE(height, 4);
  ihdr[8] = bits;
  ihdr[9] = 0; // colour type 0: grayscale; compression, filter, interlace 0
  return ihdr;
}

function assemble(width: number, height: number, bits: GrayBits, idat: Uint8Array): Buffer {
  return Buffer.concat([SIGNATURE, chunk('IHDR', header(width, height, bits)), chunk('IDAT', idat), chunk('IEND', new Uint8Array(0))]);
}

/**
 * Encodes on libuv's thread pool (the deflate), so the next page can render meanwhile.
 * Level 6 (zlib's default): level 9 is 50 % slower for 8 % less; level 1–3 is 10–15 % larger.
 */
export async function encodeGrayPng(rgba: Uint8Array | Uint8ClampedArray, width: number, height: number, bits: GrayBits = 4): Promise<Buffer> {
  return assemble(width, height, bits, await deflateAsync(packGray(rgba, width, height, bits), { level: 6 }));
}

export function encodeGrayPngSync(rgba: Uint8Array | Uint8ClampedArray, width: number, height: number, bits: GrayBits = 4): Buffer {
  return assemble(width, height, bits, deflateSync(packGray(rgba, width, height, bits), { level: 6 }));
}
