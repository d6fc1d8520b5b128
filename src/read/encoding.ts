import chardet from 'chardet';
import iconv from 'iconv-lite';

/**
 * Decodes a text dump: UTF-8 (with or without BOM), UTF-16 with BOM, otherwise what chardet
 * detects among the Chinese encodings (GB18030 is a superset of GBK and GB2312).
 */
export function decodeText(bytes: Uint8Array): { text: string; encoding: string } {
  if (bytes.length >= 3 && bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) {
    return { text: new TextDecoder('utf-8').decode(bytes.subarray(3)), encoding: 'UTF-8 (BOM)' };
  }
  if (bytes.length >= 2 && bytes[0] === 0xff && bytes[1] === 0xfe) {
    return { text: new TextDecoder('utf-16le').decode(bytes.subarray(2)), encoding: 'UTF-16LE' };
  }
  if (bytes.length >= 2 && bytes[0] === 0xfe && bytes[1] === 0xff) {
    return { text: new TextDecoder('utf-16be').decode(bytes.subarray(2)), encoding: 'UTF-16BE' };
  }
  try {
    return { text: new TextDecoder('utf-8', { fatal: true }).decode(bytes), encoding: 'UTF-8' };
  } catch {
    // Not valid UTF-8: a Chinese legacy encoding is by far the most likely.
  }
  const guess = (chardet.detect(bytes) ?? '').toUpperCase();
  const encoding = guess.startsWith('BIG5') ? 'Big5' : 'GB18030';
  return { text: iconv.decode(Buffer.from(bytes), encoding), encoding };
}
