import { describe, expect, it, beforeAll, afterAll } from 'vitest';
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { Decimal } from 'decimal.js';
import { chromium, type Browser, type Page } from 'playwright-core';
import type { CanonicalResult } from '../src/model/canonical.js';
import { safeFileName } from '../src/serve/security.js';
import { hiddenInputs, startDesk } from '../src/serve/server.js';
import { CORPUS, ROOT } from './helpers.js';

/**
 * `budget-tables serve` (issue 17), driven as a journalist would: the built CLI started in a
 * child process, its page opened in Debian's chromium (playwright-core, as tests/report.test.ts
 * does), three files uploaded (one broken), progress watched until each has a status, the
 * workbooks downloaded and opened, the review report opened; then the refusals a local tool owes
 * its user (other Host, other Origin, no token, too large, too many, odd names).
 */

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];
if (!existsSync(CHROMIUM)) spawnSync('sh', [join(ROOT, 'scripts/ensure-chromium.sh')], { stdio: 'inherit' });
const HAVE_CHROMIUM = existsSync(CHROMIUM);
const CLI = join(ROOT, 'dist/src/cli/main.js');

interface Desk {
  child: ChildProcess;
  url: string;
  port: number;
  token: string;
  stderr: string[];
}

async function startCli(dir: string, extra: string[] = []): Promise<Desk> {
  const child = spawn('node', [CLI, 'serve', '--dir', dir, '--no-open', ...extra], { stdio: ['ignore', 'pipe', 'pipe'] });
  const stderr: string[] = [];
  child.stderr!.on('data', (d) => stderr.push(String(d)));
  const url = await new Promise<string>((resolve, reject) => {
    let out = '';
    const t = setTimeout(() => reject(new Error(`the desk did not start: ${stderr.join('')}`)), 30_000);
    child.stdout!.on('data', (d) => {
      out += String(d);
      const m = /budget-tables desk: (http:\/\/\S+)/.exec(out);
      if (m) {
        clearTimeout(t);
        resolve(m[1]!);
      }
    });
    child.on('exit', (code) => reject(new Error(`the desk exited (${code}): ${stderr.join('')}`)));
  });
  const u = new URL(url);
  return { child, url, port: Number(u.port), token: u.searchParams.get('token')!, stderr };
}

async function stop(d: Desk): Promise<void> {
  if (d.child.exitCode !== null) return;
  const exited = new Promise((r) => d.child.once('exit', r));
  d.child.kill('SIGTERM');
  await exited;
}

/** A raw HTTP request to the desk with full control of the headers (fetch would fix Host and Origin). */
function raw(port: number, path: string, o: { method?: string; headers?: Record<string, string>; body?: Buffer; chunked?: boolean } = {}): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, path, method: o.method ?? 'GET', headers: { Host: `127.0.0.1:${port}`, ...o.headers } }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8') }));
    });
    req.on('error', (e) => (/EPIPE|ECONNRESET/.test(String(e)) ? resolve({ status: -1, body: String(e) }) : reject(e)));
    // Chunked: no Content-Length, so the desk can only find out the size while reading.
    if (o.chunked && o.body) {
      for (let i = 0; i < o.body.length; i += 256 * 1024) req.write(o.body.subarray(i, i + 256 * 1024));
      req.end();
    } else req.end(o.body);
  });
}

describe('safe file names', () => {
  it('keeps every upload a plain name inside the folder, whatever the name says', () => {
    expect(safeFileName('../../etc/passwd.txt')).toBe('etc_passwd.txt');
    expect(safeFileName('..\\..\\Windows\\x.pdf')).toBe('Windows_x.pdf');
    expect(safeFileName('/abs/path/报告.PDF')).toBe('abs_path_报告.PDF');
    expect(safeFileName('.hidden.pdf')).toBe('hidden.pdf');
    expect(safeFileName('a\u0000b<>:"|?*.pdf')).toBe('ab.pdf');
    expect(safeFileName('con.txt')).toBe('_con.txt');
    expect(safeFileName('x'.repeat(400) + '.pdf')!.length).toBe(150);
    expect(safeFileName('virus.exe')).toBeNull();
    expect(safeFileName('..')).toBeNull();
  });

  it('listens on 127.0.0.1 only', async () => {
    const desk = await startDesk({ dir: mkdtempSync(join(tmpdir(), 'bt-desk-addr-')) });
    try {
      expect(desk.address).toBe('127.0.0.1');
    } finally {
      await desk.close();
    }
  });
});

describe.skipIf(!HAVE_CHROMIUM)('budget-tables serve in a browser', () => {
  let dir: string;
  let desk: Desk;
  let browser: Browser;
  let page: Page;
  const files = { pdf: join(CORPUS, 'putuo-social-work-2024-final.pdf'), txt: join(CORPUS, 'jianghan-gov-office-2022-budget.txt'), broken: '' };
  const foreign: string[] = [];

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'bt-desk-'));
    files.broken = join(mkdtempSync(join(tmpdir(), 'bt-desk-in-')), 'broken.pdf');
    writeFileSync(files.broken, '%PDF-1.7\nthis is not really a PDF, it stops here\n');
    desk = await startCli(dir, ['--max-upload-mb', '1', '--max-files', '4']);
    browser = await chromium.launch({ executablePath: CHROMIUM, args: ARGS });
    const context = await browser.newContext({ acceptDownloads: true, viewport: { width: 1400, height: 900 } });
    // The page may talk to the desk only.
    await context.route('**/*', (route) => {
      const url = route.request().url();
      if (url.startsWith(`http://127.0.0.1:${desk.port}/`)) return route.continue();
      foreign.push(url);
      return route.abort();
    });
    page = await context.newPage();
  }, 60_000);

  afterAll(async () => {
    await browser?.close();
    if (desk) await stop(desk);
  });

  it('uploads three files, shows progress and then each status, tables and findings', async () => {
    await page.goto(desk.url);
    await expect(page.title()).resolves.toContain('budget-tables');
    await page.setInputFiles('#pick-files', [files.pdf, files.txt, files.broken]);
    // Each row goes uploading → queued/converting → a final status.
    await page.waitForFunction(
      () => {
        const done = [...document.querySelectorAll('#files tbody [data-status]')].map((e) => e.getAttribute('data-status'));
        return done.length === 3 && done.every((s) => s === 'ok' || s === 'partial' || s === 'failed');
      },
      undefined,
      { timeout: 180_000, polling: 250 },
    );
    const rows = await page.$$eval('#files tbody tr', (trs) =>
      trs.map((tr) => ({ name: tr.getAttribute('data-name'), text: tr.textContent ?? '', status: tr.querySelector('[data-status]')?.getAttribute('data-status') })),
    );
    const byName = new Map(rows.map((r) => [r.name, r]));
    expect(byName.get('broken.pdf')!.status).toBe('failed');
    expect(byName.get('broken.pdf')!.text).toMatch(/damaged|not a PDF|truncated|could not/i);
    expect(['ok', 'partial']).toContain(byName.get('putuo-social-work-2024-final.pdf')!.status);
    expect(byName.get('putuo-social-work-2024-final.pdf')!.text).toContain('FA01');
    expect(byName.get('jianghan-gov-office-2022-budget.txt')!.text).toContain('BU01');
    expect(byName.get('jianghan-gov-office-2022-budget.txt')!.text).toMatch(/failed checks/);
    // The same manifest as extract.
    const manifest = JSON.parse(readFileSync(join(dir, 'output', 'manifest.json'), 'utf8'));
    expect(manifest.files.map((f: { status: string }) => f.status).sort()).toEqual(expect.arrayContaining(['failed']));
    expect(manifest.files).toHaveLength(3);
  }, 200_000);

  it('downloads a document workbook whose table cells are those of the JSON', async () => {
    const row = page.locator('#files tbody tr[data-name="putuo-social-work-2024-final.pdf"]');
    const [download] = await Promise.all([page.waitForEvent('download'), row.locator('a[data-kind="xlsx"]').click()]);
    expect(download.suggestedFilename()).toBe('putuo-social-work-2024-final.xlsx');
    const saved = join(dir, 'downloaded.xlsx');
    await download.saveAs(saved);
    const [jsonDl] = await Promise.all([page.waitForEvent('download'), row.locator('a[data-kind="json"]').click()]);
    const jsonPath = join(dir, 'downloaded.json');
    await jsonDl.saveAs(jsonPath);
    const result = JSON.parse(readFileSync(jsonPath, 'utf8')) as CanonicalResult;
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(saved);
    const ti = result.tables.findIndex((t) => t.template === 'FA05');
    const t = result.tables[ti]!;
    const ws = wb.worksheets[ti + 1]!;
    expect(ws.name).toBe('FA05 一般公共预算财政拨款支出决算表');
    let keyRow = 0;
    ws.eachRow((r, n) => void (r.getCell(1).value === 'column key →' && (keyRow = n)));
    const colOf = new Map<string, number>();
    ws.getRow(keyRow).eachCell((c, n) => void colOf.set(String(c.value), n));
    let compared = 0;
    t.rows.forEach((r, i) => {
      for (const [k, cell] of Object.entries(r.cells)) {
        if (cell.yuan === null) continue;
        expect(ws.getRow(keyRow + 1 + i).getCell(colOf.get(k)!).value).toBe(new Decimal(cell.yuan).div(t.unit.applied === '万元' ? 10000 : 1).toNumber());
        compared++;
      }
    });
    expect(compared).toBeGreaterThan(20);
  });

  it('downloads the session dataset as one workbook and as CSVs', async () => {
    const [download] = await Promise.all([page.waitForEvent('download'), page.locator('a[data-dataset="dataset.xlsx"]').click()]);
    const saved = join(dir, 'dataset-downloaded.xlsx');
    await download.saveAs(saved);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(saved);
    expect(wb.worksheets.map((w) => w.name).slice(0, 5)).toEqual(['documents', 'tables', 'facts', 'checks', 'flags']);
    expect(wb.worksheets.map((w) => w.name)).toContain('FA01 收入支出决算总表');
    expect(wb.getWorksheet('documents')!.rowCount).toBe(4);
    const facts = readFileSync(join(dir, 'output', 'facts.csv'), 'utf8').trimEnd().split('\n').length;
    expect(wb.getWorksheet('facts')!.rowCount).toBe(facts);
    for (const n of ['documents.csv', 'facts.csv', 'checks.csv', 'codebook.csv']) expect(await page.locator(`a[data-dataset="${n}"]`).count(), n).toBe(1);
  });

  it('opens the review report of a document', async () => {
    const row = page.locator('#files tbody tr[data-name="putuo-social-work-2024-final.pdf"]');
    const [report] = await Promise.all([page.context().waitForEvent('page'), row.locator('a[data-kind="report"]').click()]);
    await report.waitForLoadState('load', { timeout: 120_000 });
    expect(await report.locator('body').textContent()).toContain('putuo-social-work-2024-final.pdf');
    // Page images come from the uploaded PDF (found through the session's manifest).
    expect(await report.content()).toContain('data:image/');
    await report.close();
    expect(foreign).toEqual([]);
  }, 150_000);

  it('refuses other hosts, other origins, missing tokens, oversized and surplus uploads, and unknown types', async () => {
    const { port, token } = desk;
    const body = readFileSync(files.txt);
    const up = (name: string, headers: Record<string, string> = { Origin: `http://127.0.0.1:${port}` }, b = body) =>
      raw(port, `/api/upload?name=${encodeURIComponent(name)}&token=${token}`, { method: 'POST', headers: { 'Content-Type': 'application/octet-stream', ...headers }, body: b });
    // DNS rebinding: a page of evil.example resolving to 127.0.0.1 sends Host: evil.example.
    expect((await raw(port, `/api/state?token=${token}`, { headers: { Host: `evil.example:${port}` } })).status).toBe(403);
    // No token, wrong token.
    expect((await raw(port, '/api/state')).status).toBe(401);
    expect((await raw(port, `/files/documents.csv?token=${'0'.repeat(token.length)}`)).status).toBe(401);
    // Another site driving the desk from the user's browser.
    expect((await up('evil.txt', { Origin: 'http://evil.example' })).status).toBe(403);
    expect((await up('evil.txt', {})).status).toBe(403);
    expect((await raw(port, `/api/state?token=${token}`, { headers: { 'Sec-Fetch-Site': 'cross-site' } })).status).toBe(403);
    // Unknown type, too large (limit 1 MB).
    expect((await up('tool.exe')).status).toBe(415);
    expect((await up('big.txt', undefined, Buffer.alloc(1_600_000, 0x41))).status).toBe(413);
    // A huge body is cut off after the answer (the client may see the reset before the 413).
    expect([413, -1]).toContain((await up('huge.txt', undefined, Buffer.alloc(6_000_000, 0x41))).status);
    // Without a Content-Length the limit is enforced while reading: cut off, nothing kept.
    const chunked = await raw(port, `/api/upload?name=stream.txt&token=${token}`, { method: 'POST', headers: { Origin: `http://127.0.0.1:${port}` }, body: Buffer.alloc(3_000_000, 0x41), chunked: true });
    expect([413, -1]).toContain(chunked.status);
    // A name that climbs out of the folder lands inside it, as a plain name.
    const climbed = await up('../../../outside.txt');
    expect(climbed.status).toBe(201);
    expect(JSON.parse(climbed.body).stored).toBe('outside.txt');
    expect(existsSync(join(dir, '..', 'outside.txt'))).toBe(false);
    // The fifth file is over --max-files 4.
    expect((await up('fifth.txt')).status).toBe(429);
    // Downloads: only plain names of the output folder.
    expect((await raw(port, `/files/..%2Fmanifest.json?token=${token}`)).status).toBe(404);
    expect((await raw(port, `/files/.budget-tables.lock?token=${token}`)).status).toBe(404);
    // Nothing half-written is left behind by the refused uploads.
    expect(await hiddenInputs(dir)).toEqual([]);
    const inputs = readdirSync(join(dir, 'inputs')).sort();
    expect(inputs).toEqual(['broken.pdf', 'jianghan-gov-office-2022-budget.txt', 'outside.txt', 'putuo-social-work-2024-final.pdf']);
    // The refusals are shown on the page too, and the desk still works.
    await page.reload();
    await page.waitForSelector('#files tbody [data-status="refused"]');
    expect(await page.locator('#files tbody [data-status="ok"], #files tbody [data-status="partial"]').count()).toBeGreaterThanOrEqual(2);
  }, 60_000);

  it('resumes after a restart from the folder: the manifest says what is done', async () => {
    await stop(desk);
    desk = await startCli(dir, ['--max-upload-mb', '1', '--max-files', '4']);
    const deadline = Date.now() + 60_000;
    let state: { files: { name: string; phase: string; status: string | null }[]; busy: boolean } = { files: [], busy: true };
    while (Date.now() < deadline) {
      state = JSON.parse((await raw(desk.port, `/api/state?token=${desk.token}`)).body);
      if (!state.busy && state.files.every((f) => f.phase === 'done')) break;
      await new Promise((r) => setTimeout(r, 300));
    }
    const status = Object.fromEntries(state.files.map((f) => [f.name, f.status]));
    expect(status['broken.pdf']).toBe('failed');
    expect(['ok', 'partial']).toContain(status['putuo-social-work-2024-final.pdf']);
    // outside.txt has the content of the budget text uploaded first: converted once, recorded as its duplicate.
    expect(status['outside.txt']).toBe('duplicate');
    // The old token no longer opens the new desk.
    expect(desk.token).not.toBe(new URL(page.url()).searchParams.get('token'));
  }, 90_000);
});
