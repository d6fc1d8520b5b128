import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { CORPUS, ROOT } from '../helpers.js';

/**
 * The Skia library of @napi-rs/canvas is loaded only when a page is drawn (src/read/canvas.ts):
 * ~20 MB less in every converter that reads text-layer PDFs. Run in a fresh Node process on dist/
 * (built by `npm test`), since this test process may have loaded the canvas already; "mapped" is
 * read from /proc/self/maps, which lists the .node file once it is loaded.
 */
const dist = (p: string) => pathToFileURL(join(ROOT, 'dist/src', p)).href;
const SCRIPT = `
import { readFileSync } from 'node:fs';
const mapped = () => readFileSync('/proc/self/maps', 'utf8').includes('skia.');
const { convertFile } = await import(${JSON.stringify(dist('pipeline.js'))});
const { ImagePdf } = await import(${JSON.stringify(dist('read/page-images.js'))});
const file = ${JSON.stringify(join(CORPUS, 'putuo-social-work-2024-final.pdf'))};
const result = await convertFile(file);
const afterText = mapped();
const pdf = await ImagePdf.open(readFileSync(file));
const { page } = await pdf.pageImages(12, 0);
const { image } = await pdf.render(page, 1, 0);
let dark = 0;
for (const v of image.data) if (v < 128) dark++;
await pdf.close();
console.log(JSON.stringify({ tables: result.tables.length, afterText, afterRender: mapped(), width: image.width, dark }));
`;

describe('lazy canvas', () => {
  it.runIf(process.platform === 'linux')('reads a text PDF without loading Skia, and loads it to render a page', async () => {
    const { stdout, stderr } = await promisify(execFile)(process.execPath, ['--input-type=module', '-e', SCRIPT], { cwd: ROOT });
    const r = JSON.parse(stdout.trim().split('\n').pop()!) as { tables: number; afterText: boolean; afterRender: boolean; width: number; dark: number };
    expect(r.tables).toBeGreaterThan(5);
    expect(r.afterText).toBe(false);
    expect(r.afterRender).toBe(true);
    // The page drawn is a table page: text and rules, not a blank or black canvas.
    expect(r.width).toBeGreaterThan(500);
    expect(r.dark).toBeGreaterThan(1000);
    expect(r.dark).toBeLessThan(r.width * r.width * 0.2);
    expect(stderr).not.toMatch(/Cannot (load|polyfill)/);
  });
});
