import { describe, expect, it } from 'vitest';
import { ImagePdf } from '../../src/read/page-images.js';
import { buildPdf } from './pdf-fixture.js';

/** Whether ImagePdf finds ink on each page of a hand-built file. */
async function inked(contents: string[]): Promise<boolean[]> {
  const pdf = await ImagePdf.open(buildPdf(contents.map((content) => ({ content }))));
  try {
    const out: boolean[] = [];
    for (let n = 1; n <= contents.length; n++) {
      const { info, page } = await pdf.pageImages(n, 0);
      out.push(info.inked);
      page.cleanup();
    }
    return out;
  } finally {
    await pdf.close();
  }
}

describe('pages that print nothing are known without a render', () => {
  it('tells white paint and state changes from marks', async () => {
    expect(
      await inked([
        '',
        // White rectangles (a producer's page background), a clip, colours set and never used.
        'q 1 1 1 rg 0 0 200 200 re f 1 1 1 RG 10 10 50 50 re S Q q 0 0 100 100 re W n 0 0 1 rg Q',
        // The same rectangle in black (the default colour), and in white after a restore gave black back.
        '0 0 200 200 re f',
        'q 1 1 1 rg Q 10 10 50 50 re f',
        // A stroke in red; white fill with a black outline.
        '1 0 0 RG 10 10 m 100 100 l S',
        '1 1 1 rg 10 10 50 50 re B',
        // Text, even in white, is counted as ink (its rendering mode and fonts are not followed).
        'BT /F1 12 Tf 1 1 1 rg 20 20 Td (x) Tj ET',
      ]),
    ).toEqual([false, false, true, true, true, true, true]);
  });
});
