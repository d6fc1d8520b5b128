import { describe, expect, it } from 'vitest';
import { crc32, inflateSync } from 'node:zlib';
import { encodeGrayPng, encodeGrayPngSync, type GrayBits } from '../src/report/gray-png.js';

/**
 * The report's grayscale PNG encoder, read back by a small PNG reader written here from the
 * format (chunks, CRCs, IHDR, inflated rows, packed samples): what a browser would decode.
 * The report test decodes the same images in Chromium.
 */

interface Decoded {
  width: number;
  height: number;
  bits: number;
  colourType: number;
  samples: number[][];
}

function decode(png: Buffer): Decoded {
  expect([...png.subarray(0, 8)]).toEqual([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
  let o = 8;
  const chunks: { type: string; data: Buffer }[] = [];
  while (o < png.length) {
    const len = png.readUInt32BE(o);
    const type = png.toString('latin1', o + 4, o + 8);
    const data = png.subarray(o + 8, o + 8 + len);
    expect(png.readUInt32BE(o + 8 + len), `CRC of ${type}`).toBe(crc32(png.subarray(o + 4, o + 8 + len)) >>> 0);
    chunks.push({ type, data });
    o += 12 + len;
  }
  expect(chunks.map((c) => c.type)).toEqual(['IHDR', 'IDAT', 'IEND']);
  const ihdr = chunks[0]!.data;
  const width = ihdr.readUInt32BE(0);
  const height = ihdr.readUInt32BE(4);
  const bits = ihdr[8]!;
  const raw = inflateSync(chunks[1]!.data);
  const stride = Math.ceil((width * bits) / 8) + 1;
  expect(raw.length).toBe(stride * height);
  const samples: number[][] = [];
  for (let y = 0; y < height; y++) {
    expect(raw[y * stride], 'filter type').toBe(0);
    const row: number[] = [];
    for (let x = 0; x < width; x++) {
      const bit = x * bits;
      const byte = raw[y * stride + 1 + (bit >> 3)]!;
      row.push((byte >> (8 - bits - (bit & 7))) & ((1 << bits) - 1));
    }
    samples.push(row);
  }
  return { width, height, bits, colourType: ihdr[9]!, samples };
}

/** An odd-sized image: black, white, mid gray, pure red/green/blue, and a gray ramp. */
function pattern(width: number, height: number): Uint8Array {
  const px = new Uint8Array(width * height * 4);
  const set = (x: number, y: number, r: number, g: number, b: number) => px.set([r, g, b, 255], (y * width + x) * 4);
  for (let y = 0; y < height; y++) for (let x = 0; x < width; x++) set(x, y, 255, 255, 255);
  set(0, 0, 0, 0, 0);
  set(1, 0, 128, 128, 128);
  set(2, 0, 255, 0, 0);
  set(3, 0, 0, 255, 0);
  set(4, 0, 0, 0, 255);
  for (let x = 0; x < width; x++) set(x, 1, Math.round((x * 255) / (width - 1)), Math.round((x * 255) / (width - 1)), Math.round((x * 255) / (width - 1)));
  return px;
}

describe('grayscale PNG of a page (report page images)', () => {
  for (const bits of [2, 4, 8] as GrayBits[]) {
    it(`${bits} bits a pixel: dimensions, levels and luma as a PNG reader sees them`, async () => {
      const w = 13;
      const h = 3;
      const png = await encodeGrayPng(pattern(w, h), w, h, bits);
      expect(encodeGrayPngSync(pattern(w, h), w, h, bits).equals(png)).toBe(true);
      const d = decode(png);
      const max = (1 << bits) - 1;
      expect(d).toMatchObject({ width: w, height: h, bits, colourType: 0 });
      // Black is 0, white is the top level, mid gray the middle; colours by their luma (601 weights).
      expect(d.samples[0]![0]).toBe(0);
      expect(d.samples[0]![5]).toBe(max);
      expect(d.samples[0]![1]).toBe(Math.round((128 * max) / 255));
      expect(d.samples[0]![2]).toBe(Math.round((((255 * 77) >> 8) * max) / 255));
      expect(d.samples[0]![3]).toBe(Math.round((((255 * 150) >> 8) * max) / 255));
      expect(d.samples[0]![4]).toBe(Math.round((((255 * 29) >> 8) * max) / 255));
      // A ramp rises monotonically from 0 to the top level; the last row is all white.
      const ramp = d.samples[1]!;
      expect(ramp[0]).toBe(0);
      expect(ramp[w - 1]).toBe(max);
      for (let x = 1; x < w; x++) expect(ramp[x]!).toBeGreaterThanOrEqual(ramp[x - 1]!);
      expect(d.samples[2]!.every((v) => v === max)).toBe(true);
    });
  }

  it('refuses pixels that do not cover the size given', () => {
    expect(() => encodeGrayPngSync(new Uint8Array(10), 4, 4, 4)).toThrow(/less than 4×4 RGBA pixels/);
  });
});
