/**
 * Builds small PDF files by hand for reader tests: one object per line of the PDF spec's
 * minimal file, xref offsets computed here. Fonts available to content streams:
 * - /F1: Helvetica (standard 14, not embedded; pdf.js uses its standard font data);
 * - /F2: STSong-Light with UniGB-UCS2-H (CJK, not embedded; needs pdf.js's cMaps): write
 *   text as UCS-2 hex strings, e.g. <54088BA1> Tj for 合计 (see `ucs2Hex`).
 */
export interface FixturePage {
  /** The page's content stream (ASCII). */
  content: string;
  /** Defaults to [0 0 200 200]. */
  mediaBox?: [number, number, number, number];
  rotate?: number;
}

export function buildPdf(pages: readonly FixturePage[]): Uint8Array {
  const objects: string[] = [];
  const add = (body: string): number => {
    objects.push(body);
    return objects.length;
  };
  const catalog = add(''); // 1, filled in below
  const pagesObj = add(''); // 2
  const helv = add('<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>');
  const cid = add(
    '<< /Type /Font /Subtype /CIDFontType0 /BaseFont /STSong-Light ' +
      '/CIDSystemInfo << /Registry (Adobe) /Ordering (GB1) /Supplement 4 >> ' +
      '/FontDescriptor << /Type /FontDescriptor /FontName /STSong-Light /Flags 6 /FontBBox [-25 -254 1000 880] ' +
      '/ItalicAngle 0 /Ascent 880 /Descent -120 /CapHeight 880 /StemV 93 >> /DW 1000 >>',
  );
  const song = add(`<< /Type /Font /Subtype /Type0 /BaseFont /STSong-Light /Encoding /UniGB-UCS2-H /DescendantFonts [${cid} 0 R] >>`);
  const kids: number[] = [];
  for (const p of pages) {
    const stream = add(`<< /Length ${p.content.length} >>\nstream\n${p.content}\nendstream`);
    const box = p.mediaBox ?? [0, 0, 200, 200];
    const rotate = p.rotate ? ` /Rotate ${p.rotate}` : '';
    kids.push(
      add(
        `<< /Type /Page /Parent ${pagesObj} 0 R /MediaBox [${box.join(' ')}]${rotate} ` +
          `/Resources << /Font << /F1 ${helv} 0 R /F2 ${song} 0 R >> >> /Contents ${stream} 0 R >>`,
      ),
    );
  }
  objects[catalog - 1] = `<< /Type /Catalog /Pages ${pagesObj} 0 R >>`;
  objects[pagesObj - 1] = `<< /Type /Pages /Kids [${kids.map((k) => `${k} 0 R`).join(' ')}] /Count ${kids.length} >>`;

  let out = '%PDF-1.7\n%\xe2\xe3\xcf\xd3\n';
  const offsets: number[] = [];
  objects.forEach((body, i) => {
    offsets.push(out.length);
    out += `${i + 1} 0 obj\n${body}\nendobj\n`;
  });
  const xref = out.length;
  out += `xref\n0 ${objects.length + 1}\n0000000000 65535 f \n`;
  for (const o of offsets) out += `${String(o).padStart(10, '0')} 00000 n \n`;
  out += `trailer\n<< /Size ${objects.length + 1} /Root ${catalog} 0 R >>\nstartxref\n${xref}\n%%EOF\n`;
  return Uint8Array.from(out, (c) => c.charCodeAt(0) & 0xff);
}

/** Text as a UCS-2 (big-endian) hex string for /F2: ucs2Hex('合计') === '<54088BA1>'. */
export function ucs2Hex(s: string): string {
  return '<' + [...s].map((c) => c.codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0')).join('') + '>';
}
