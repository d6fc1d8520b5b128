import { describe, expect, it, beforeAll, afterAll } from 'vitest';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, statSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { Command } from 'commander';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import type { CanonicalResult } from '../src/model/canonical.js';
import { convertFile } from '../src/pipeline.js';
import { writeJson } from '../src/emit/json.js';
import { registerReportCommand } from '../src/cli/report-command.js';
import { renderIndex, renderReport, reportPages, summarise } from '../src/report/index.js';
import { CORPUS, ROOT } from './helpers.js';
import { rowKey } from '../src/report/resolve.js';

/**
 * The review report (issue 10), opened in a real browser: Debian's chromium driven by
 * playwright-core (no browser download: `npm test` runs scripts/ensure-chromium.sh first).
 * Asserts what a reader sees, and that no request leaves the page.
 */

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];

// `npm test` ensures chromium (pretest); a direct `vitest run` gets the same chance here.
if (!existsSync(CHROMIUM)) spawnSync('sh', [join(ROOT, 'scripts/ensure-chromium.sh')], { stdio: 'inherit' });
const HAVE_CHROMIUM = existsSync(CHROMIUM);
if (!HAVE_CHROMIUM) {
  console.warn(
    `\n⚠ tests/report.test.ts: SKIPPING the browser tests: ${CHROMIUM} is missing and scripts/ensure-chromium.sh could not install it ` +
      `(it needs apt-get and root). Install Debian's chromium package (or set CHROMIUM_PATH) to run them.\n`,
  );
}

const HANYANG = 'hanyang-party-office-2023-final';
const PDFS = ['putuo-planning-2024-final', 'putuo-social-work-2024-final', 'final-account-template-2024'];
const TAMPERED = 'putuo-planning-tampered';
/** The check made to fail in the tampered copy: its id, the table (index) and value of the changed cell, its page. */
const tampered = { id: '', table: -1, raw: '', page: 0, cells: 0 };

let dir: string;
let out: string;
const results = new Map<string, CanonicalResult>();
let commandCode = -1;
let log = '';

/** A regular expression matching exactly this text. */
const exactly = (text: string) => new RegExp(`^${text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}$`);

async function runReportCommand(args: string[]): Promise<number> {
  let code = -1;
  const program = new Command().name('budget-tables').exitOverride();
  registerReportCommand(program, (c) => {
    code = c;
  });
  const write = process.stdout.write.bind(process.stdout);
  process.stdout.write = ((chunk: string | Uint8Array) => {
    log += String(chunk);
    return true;
  }) as typeof process.stdout.write;
  try {
    await program.parseAsync(['node', 'budget-tables', 'report', ...args]);
  } finally {
    process.stdout.write = write;
  }
  return code;
}

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'bt-report-'));
  out = join(dir, 'out');
  for (const name of [HANYANG, ...PDFS]) {
    const ext = PDFS.includes(name) ? 'pdf' : 'txt';
    const r = await convertFile(join(CORPUS, `${name}.${ext}`));
    results.set(name, r);
    await writeJson(join(out, `${name}.json`), r);
  }
  // A copy of a PDF output with one printed amount changed and a check failing over it, as the
  // validation stage reports a genuine difference: a known spot to look for on the page.
  const t: CanonicalResult = structuredClone(results.get(PDFS[0]!)!);
  const located = (c: CanonicalResult['checks'][number]) =>
    c.status === 'pass' && (c.cells?.length ?? 0) >= 2 && c.cells!.every((x) => x.box && x.raw && t.tables.some((tb) => tb.template === x.table && tb.rows.some((r) => rowKey(r) === x.row)));
  const check = t.checks.find((c) => c.id === 'FA02.row[合计].total' && located(c)) ?? t.checks.find(located)!;
  const ref = check.cells![0]!;
  tampered.table = t.tables.findIndex((tb) => tb.template === ref.table && tb.rows.some((r) => rowKey(r) === ref.row && r.cells[ref.column]?.line === ref.line));
  const row = t.tables[tampered.table]!.rows.find((r) => rowKey(r) === ref.row && r.cells[ref.column]?.line === ref.line)!;
  const cell = row.cells[ref.column]!;
  cell.raw = ref.raw = cell.raw.replace(/\d(?=\D*$)/, (d) => String((Number(d) + 1) % 10));
  Object.assign(check, { status: 'fail', message: `${check.message} (changed for the test: ${cell.raw})` });
  Object.assign(tampered, { id: check.id, raw: cell.raw, page: ref.page!, cells: new Set(check.cells!.map((x) => `${x.table}|${x.row}|${x.column}`)).size });
  results.set(TAMPERED, t);
  await writeJson(join(out, `${TAMPERED}.json`), t);

  commandCode = await runReportCommand([out, '--source', CORPUS]);
}, 120_000);

describe('budget-tables report (the command)', () => {
  it('writes <name>.html next to each JSON and index.html, exit 0', () => {
    expect(commandCode).toBe(0);
    for (const name of [HANYANG, ...PDFS, TAMPERED]) expect(existsSync(join(out, `${name}.html`))).toBe(true);
    expect(existsSync(join(out, 'index.html'))).toBe(true);
    expect(log).toMatch(new RegExp(`putuo-planning-2024-final\\.html \\([\\d.]+ KB; 9/9 tables, \\d+ failed checks, \\d+ flags; ${reportPages(results.get(PDFS[0]!)!).size} page images from `));
    expect(log).toMatch(/hanyang-party-office-2023-final\.html \(\d+ KB; 9\/9 tables, \d+ failed checks, \d+ flags; text source: no page images\)/);
  });

  it('keeps a 30-page PDF report under 1.5 MB, with the pages of its tables and findings as images', () => {
    const size = statSync(join(out, `${PDFS[0]}.html`)).size;
    expect(size).toBeLessThan(1.5 * 1024 * 1024);
    const html = readFileSync(join(out, `${PDFS[0]}.html`), 'utf8');
    const wanted = reportPages(results.get(PDFS[0]!)!);
    // Every page a table is on, and only such pages (plus pages of flags and failing checks): 15 of 30 here.
    for (const t of results.get(PDFS[0]!)!.tables) for (const p of t.pages) expect(wanted.has(p)).toBe(true);
    expect(wanted.size).toBeLessThan(30);
    const shown = [...html.matchAll(/\.pgi(\d+)\{background-image:url\(data:image\/png;base64,/g)].map((m) => Number(m[1]));
    expect(shown.sort((a, b) => a - b)).toEqual([...wanted].sort((a, b) => a - b));
  });

  it('includes every page with --all-pages', async () => {
    const single = join(dir, 'all-pages');
    mkdirSync(single, { recursive: true });
    await writeJson(join(single, `${PDFS[1]}.json`), results.get(PDFS[1]!)!);
    expect(await runReportCommand([join(single, `${PDFS[1]}.json`), '--source', CORPUS, '--all-pages', '--no-index'])).toBe(0);
    const html = readFileSync(join(single, `${PDFS[1]}.html`), 'utf8');
    expect(html.match(/\.pgi\d+\{background-image:url\(data:image\/png;base64,/g)?.length).toBe(results.get(PDFS[1]!)!.source.pageCount);
  });

  it('links nothing outside the file', () => {
    for (const name of [HANYANG, PDFS[0]!, 'index']) {
      const html = readFileSync(join(out, `${name}.html`), 'utf8');
      expect(html).not.toMatch(/(src|href)\s*=\s*["']?(https?:|\/\/)/i);
      expect(html).not.toMatch(/url\(\s*["']?(https?:|\/\/)/i);
      expect(html).not.toMatch(/@import/);
    }
  });

  it('leaves out page images when the PDF found is not the one extracted (sha256)', async () => {
    const r = results.get(HANYANG)!;
    const fake: CanonicalResult = { ...r, source: { ...r.source, format: 'pdf', file: 'x.pdf' } };
    const html = await renderReport(fake, { pdfBytes: new Uint8Array(readFileSync(join(CORPUS, 'putuo-planning-2024-final.pdf'))) });
    expect(html).toContain('is not the one extracted');
    expect(html).not.toContain('background-image:url(data:');
  });

  it("shows the document's coverage and each table's verification when the JSON has them", async () => {
    const r = structuredClone(results.get(HANYANG)!) as CanonicalResult & { document: { coverage?: unknown } };
    r.document.coverage = { amounts: 200, inTables: 180, inNarrative: 15, unplaced: 5, share: 0.975 };
    (r.tables[0] as { verification?: unknown }).verification = { status: 'inconsistent', checks: 12, failed: 2, reason: 'FA01.income.27 failed' };
    (r.tables[1] as { verification?: unknown }).verification = { status: 'verified', checks: 40, failed: 0, reason: null };
    const html = await renderReport(r);
    expect(html).toMatch(/97\.5% of 200 amounts placed \(180 in tables, 15 in the narrative, <b[^>]*>5<\/b> unplaced\)/);
    expect(html).toMatch(/<span class="verif v-inconsistent" title="12 checks, 2 failed; FA01.income.27 failed">inconsistent<\/span>/);
    expect(html).toMatch(/<span class="verif v-verified"[^>]*>verified<\/span>/);
  });

  it('renders an index row per document with its counts', () => {
    const html = renderIndex([{ json: 'a.json', report: 'a.html', result: results.get(HANYANG)! }, { json: 'b.json', report: null, error: 'broken JSON' }]);
    expect(html).toContain('<a href="a.html">hanyang-party-office-2023-final.txt</a>');
    expect(html).toContain('broken JSON');
    const r = results.get(HANYANG)!;
    const s = summarise(r);
    expect([s.tablesFound, s.tablesExpected]).toEqual([9, 9]);
    expect(s.checks.fail).toBe(r.checks.filter((c) => c.status === 'fail').length);
    expect(s.checks.fail).toBeGreaterThan(0);
    // Hanyang's failures are the source's own (tests/fixtures/known-source-failures.json): its
    // numbers are placed and add up, so the report agrees with the per-file line: ok, with findings.
    expect(r.assessment!.status).toBe('ok');
    expect(s.status).toBe('ok');
    expect(s.statusText).toMatch(/possible errors? in the document/);
  });

  it('exits 2 when there is nothing to report', async () => {
    expect(await runReportCommand([join(ROOT, 'schema')])).toBe(2);
  });
});

describe.skipIf(!HAVE_CHROMIUM)('review report in headless Chromium', () => {
  let browser: Browser;
  let context: BrowserContext;
  const requests: string[] = [];
  const problems: string[] = [];

  beforeAll(async () => {
    browser = await chromium.launch({ executablePath: CHROMIUM, args: ARGS });
    context = await browser.newContext({ viewport: { width: 1400, height: 900 } });
    // Every request is seen here; anything but the file itself (file:) and inlined data (data:) is refused and reported.
    await context.route('**/*', (route) => {
      const url = route.request().url();
      requests.push(url);
      return /^(file|data):/.test(url) ? route.continue() : route.abort();
    });
    context.on('request', (req) => requests.push(req.url()));
    context.on('page', (p) => watch(p));
  }, 60_000);

  afterAll(async () => {
    await browser?.close();
  });

  function watch(page: Page): void {
    page.on('console', (m) => {
      if (m.type() === 'error') problems.push(`console: ${m.text()}`);
    });
    page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
  }

  async function open(name: string): Promise<Page> {
    const page = await context.newPage();
    await page.goto(pathToFileURL(join(out, `${name}.html`)).href);
    return page;
  }

  it('names an `other` table by its printed title, visibly, and lets wide tables scroll rather than cut', async () => {
    const page = await open(HANYANG);
    const r = results.get(HANYANG)!;
    const oi = r.tables.findIndex((t) => t.template === 'other' && t.title);
    expect(oi).toBeGreaterThanOrEqual(0);
    const heading = page.locator(`#t${oi} h2`);
    expect(await heading.isVisible()).toBe(true);
    expect(await heading.textContent()).toContain(r.tables[oi]!.title);
    expect(await page.locator(`nav.toc a[href="#t${oi}"]`).textContent()).toContain(r.tables[oi]!.title.slice(0, 8));
    // FA09's twelve columns: the table gets the full width and every column can be scrolled into view.
    const fi = r.tables.findIndex((t) => t.template === 'FA09');
    const sec = page.locator(`#t${fi}`);
    expect(await sec.getAttribute('class')).toContain('broad');
    const reach = await sec.evaluate((s) => {
      const w = s.querySelector<HTMLElement>('.gridwrap')!;
      w.scrollLeft = w.scrollWidth;
      const last = s.querySelector('thead tr th:last-child')!.getBoundingClientRect();
      const box = w.getBoundingClientRect();
      return { style: getComputedStyle(w).overflowX, inside: last.right <= box.right + 1 && last.right <= window.innerWidth, width: box.width };
    });
    expect(reach.style).toBe('auto');
    expect(reach.inside).toBe(true);
    expect(reach.width).toBeGreaterThan(900);
    await page.close();
  });

  it('shows the text-dump report: facts, summary, FA01 with its printed values', async () => {
    const page = await open(HANYANG);
    await expect(page.locator('h1').textContent()).resolves.toContain('中国共产党武汉市汉阳区委员会办公室');
    const summary = (await page.locator('#summary').textContent()) ?? '';
    const s = summarise(results.get(HANYANG)!);
    expect(summary).toMatch(/9\/9 tables found/);
    expect(summary).toContain(`${s.checks.pass} passed, ${s.checks.fail} failed`);
    expect(summary).toContain(`flags: ${s.flags.total}`);
    const fa01 = page.locator('section[data-template="FA01"]');
    await expect(fa01.locator('h2').textContent()).resolves.toMatch(/FA01\s*收入支出决算总表/);
    const cell = fa01.locator('tr', { has: page.locator('td.label', { hasText: /^一般公共预算财政拨款收入$/ }) }).locator('td.num');
    expect(await cell.textContent()).toBe('811.25');
    expect(await cell.isVisible()).toBe(true);
    expect(await cell.getAttribute('title')).toContain('8,112,500 元');
    // Every recognised table is there, each with its rows.
    const r = results.get(HANYANG)!;
    for (const [i, t] of r.tables.entries()) {
      if (t.template === 'other') continue;
      expect(await page.locator(`#t${i}[data-template="${t.template}"] h2`).isVisible()).toBe(true);
      expect(await page.locator(`#t${i} table.grid tbody tr:not(.side)`).count()).toBe(t.rows.length);
    }
    await page.close();
  });

  it('choosing a failed check highlights its cells (FA01.income.27), all marked before', async () => {
    const page = await open(HANYANG);
    const check = results.get(HANYANG)!.checks.find((c) => c.id === 'FA01.income.27')!;
    expect(check.status).toBe('fail');
    const fa01 = page.locator('section[data-template="FA01"]');
    expect(await fa01.locator('td.mk-fail').count()).toBeGreaterThanOrEqual(check.cells!.length);
    expect(await page.locator('td.hl').count()).toBe(0);
    await page.locator('button.iss[data-id="FA01.income.27"]').click();
    expect(await page.locator('td.hl').count()).toBe(check.cells!.length);
    expect(await fa01.locator('td.hl').count()).toBe(check.cells!.length);
    // The blank 本年收入合计 (27行) and the 811.25 it should have added up are among them.
    expect(await fa01.locator('tr', { hasText: '本年收入合计' }).locator('td.hl').count()).toBe(1);
    expect(await fa01.locator('tr', { has: page.locator('td.label', { hasText: /^一般公共预算财政拨款收入$/ }) }).locator('td.hl').textContent()).toBe('811.25');
    expect(await page.locator('td.hl').first().isVisible()).toBe(true);
    expect(await page.locator('button.iss.active').getAttribute('data-id')).toBe('FA01.income.27');
    // Choosing another item moves the highlight.
    await page.locator('button.iss[data-id="X.FA01-FA02.income"]').click();
    expect(await page.locator('td.hl').count()).toBe(2);
    expect(await page.locator('section[data-template="FA02"] td.hl', { hasText: /^811\.25$/ }).count()).toBe(1);
    await page.close();
  });

  it('shows every corpus PDF with its page images and all recognised tables boxed on them', async () => {
    for (const name of PDFS) {
      const r = results.get(name)!;
      const page = await open(name);
      const pages = await page.evaluate(async () => {
        const seen = new Map<string, { w: number; h: number; ok: boolean; ink: number; white: number }>();
        for (const el of Array.from(document.querySelectorAll<HTMLElement>('.pg[data-p]'))) {
          const p = el.dataset['p']!;
          if (seen.has(p)) continue;
          const bg = getComputedStyle(el).backgroundImage;
          const m = /^url\("(data:image\/png;base64,[^"]+)"\)$/.exec(bg);
          if (!m) {
            seen.set(p, { w: 0, h: 0, ok: false, ink: 0, white: 0 });
            continue;
          }
          const img = new Image();
          img.src = m[1]!;
          await img.decode();
          // The browser's decoding of our grayscale PNG: some ink (text, rules) on a white page.
          const c = document.createElement('canvas');
          c.width = img.naturalWidth;
          c.height = img.naturalHeight;
          const g = c.getContext('2d')!;
          g.drawImage(img, 0, 0);
          const px = g.getImageData(0, 0, c.width, c.height).data;
          let ink = 0;
          let white = 0;
          for (let i = 0; i < px.length; i += 4) {
            if (px[i]! < 96 && px[i] === px[i + 1] && px[i] === px[i + 2]) ink++;
            else if (px[i]! > 240) white++;
          }
          const n = px.length / 4;
          seen.set(p, { w: img.naturalWidth, h: img.naturalHeight, ok: true, ink: ink / n, white: white / n });
        }
        return [...seen.values()];
      });
      expect(pages.length, name).toBe(reportPages(r).size);
      for (const p of pages) expect(p.ok && p.w > 500 && p.h > 500, name).toBe(true);
      for (const p of pages) expect(p.ink > 0.002 && p.ink < 0.5 && p.white > 0.5, `${name}: ${JSON.stringify(p)}`).toBe(true);
      for (const [i, t] of r.tables.entries()) {
        if (t.template === 'other') continue;
        expect(await page.locator(`#t${i} h2`).isVisible(), `${name} ${t.template}`).toBe(true);
        expect(await page.locator(`#t${i} table.grid tbody tr:not(.side)`).count()).toBe(t.rows.length);
        // The table's boxes are drawn on the page images beside it.
        expect(await page.locator(`#t${i} .pagescol .otb[data-t="${i}"]`).count(), `${name} ${t.template}`).toBe(t.boxes?.length ?? 0);
      }
      const firstImage = page.locator('section[data-template="FA01"] .pg').first();
      expect(await firstImage.isVisible()).toBe(true);
      await page.close();
    }
  });

  it('choosing a failed check on a PDF shows and highlights the spot on the page image', async () => {
    const page = await open(TAMPERED);
    const failing = results.get(TAMPERED)!.checks.filter((c) => c.status === 'fail').length;
    expect(await page.locator('#failed-checks button.iss').count()).toBe(failing);
    // The failing cells are marked in the table and their boxes drawn on the page before anything is chosen.
    const section = page.locator(`#t${tampered.table}`);
    const changed = section.locator('td.num', { hasText: exactly(tampered.raw) }).first();
    expect(await changed.getAttribute('class')).toContain('mk-fail');
    expect(await section.locator(`.pg[data-p="${tampered.page}"] .ob.mk-fail`).count()).toBeGreaterThanOrEqual(1);
    expect(await page.locator('td.hl').count()).toBe(0);
    await page.locator('#failed-checks button.iss').filter({ has: page.locator('code', { hasText: tampered.id }) }).first().click();
    expect(await page.locator('td.hl').count()).toBe(tampered.cells);
    expect(await changed.getAttribute('class')).toContain('hl');
    const spots = section.locator(`.pg[data-p="${tampered.page}"] .ob.hl`);
    expect(await spots.count()).toBeGreaterThanOrEqual(1);
    // The spot is on screen: inside the viewport and inside the page column's visible part.
    const inView = await spots.first().evaluate((el) => {
      const r = el.getBoundingClientRect();
      const col = el.closest('.pagescol')!.getBoundingClientRect();
      const cy = r.top + r.height / 2;
      return r.width > 0 && r.height > 0 && cy >= Math.max(0, col.top) && cy <= Math.min(window.innerHeight, col.bottom);
    });
    expect(inView).toBe(true);
    await page.close();
  });

  it('every failing check of every corpus PDF report shows what it is about, on the page image where it has a place', async () => {
    let located = 0;
    for (const name of [...PDFS, TAMPERED]) {
      const page = await open(name);
      const failing = results.get(name)!.checks.filter((c) => c.status === 'fail');
      expect(await page.locator('#failed-checks button.iss').count(), name).toBe(failing.length);
      for (const check of failing) {
        await page.locator('#failed-checks button.iss').filter({ has: page.locator('code', { hasText: check.id }) }).first().click();
        const what = `${name} ${check.id}`;
        // Its cells (or, for a check about a whole table or the narrative, that table or page).
        expect(await page.locator('td.hl, section.hl, .pg.hl').count(), what).toBeGreaterThan(0);
        if ((check.cells ?? []).some((c) => c.box)) {
          expect(await page.locator('.pg .ob.hl').count(), what).toBeGreaterThan(0);
          located++;
        }
      }
      await page.close();
    }
    expect(located).toBeGreaterThan(0);
  });

  it('index.html lists every document with its counts, sorts by column and links to the reports', async () => {
    const page = await open('index');
    const rows = page.locator('table.docs tbody tr');
    expect(await rows.count()).toBe(5);
    const hanyang = rows.filter({ hasText: 'hanyang-party-office-2023-final.txt' });
    const cells = await hanyang.locator('td').allTextContents();
    const s = summarise(results.get(HANYANG)!);
    expect(cells[4]).toMatch(/^ok/);
    expect(cells[5]).toBe('9/9');
    expect(cells[6]).toBe(String(s.checks.fail));
    expect(cells[7]).toMatch(new RegExp(`^${s.checks.pass}/${s.checks.total}\\b`));
    expect(cells[8]).toMatch(new RegExp(`^${s.flags.total}\\b`));
    // Sorting by failed checks, up then down.
    const fails = [...results.values()].map((r) => summarise(r).checks.fail);
    const failedColumn = async () => (await page.locator('table.docs tbody tr td:nth-child(7)').allTextContents()).map(Number);
    await page.locator('th[data-col="failed"] button').click();
    expect(await failedColumn()).toEqual([...fails].sort((a, b) => a - b));
    expect(await page.locator('th[data-col="failed"]').getAttribute('aria-sort')).toBe('ascending');
    await page.locator('th[data-col="failed"] button').click();
    expect(await failedColumn()).toEqual([...fails].sort((a, b) => b - a));
    // Sorting by document name, and opening one.
    await page.locator('th[data-col="doc"] button').click();
    const names = await page.locator('table.docs tbody tr td:nth-child(1)').allTextContents();
    expect(names).toEqual([...names].sort((a, b) => a.localeCompare(b, 'zh')));
    await page.locator('table.docs tbody tr', { hasText: 'hanyang' }).locator('a').click();
    await page.waitForURL(/hanyang-party-office-2023-final\.html$/);
    expect(await page.locator('section[data-template="FA01"] h2').isVisible()).toBe(true);
    await page.close();
  });

  it('made no request other than the files themselves (file:, data:) and logged no error', () => {
    expect(requests.length).toBeGreaterThan(0);
    expect(requests.filter((u) => !/^(file|data):/.test(u))).toEqual([]);
    expect(problems).toEqual([]);
  });
});
