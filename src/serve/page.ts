/**
 * The desk's page: plain HTML, one stylesheet and one script served by the desk itself (the
 * Content-Security-Policy allows nothing else). The script uploads each file with its own
 * request (progress from XMLHttpRequest), then polls /api/state once a second.
 */

const esc = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

export function pageHtml(o: { dir: string; tool: { name: string; version: string }; maxBytes: number; maxFiles: number }): string {
  return `<!doctype html>
<html lang="zh-CN">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>budget-tables 预决算表格</title>
<link rel="stylesheet" href="/app.css">
</head>
<body>
<header>
  <h1>budget-tables <span>预决算公开表格 → Excel</span></h1>
  <p class="muted">Files and results are kept in <code>${esc(o.dir)}</code> on this computer. Nothing leaves it.</p>
</header>
<main>
  <section id="drop" tabindex="0" aria-label="drop files here">
    <p><strong>Drop PDFs, text dumps or a whole folder here</strong><br>把 PDF 或文件夹拖到这里</p>
    <p>
      <label class="button">Choose files 选择文件<input id="pick-files" type="file" multiple accept=".pdf,.txt,.text,.htm,.html"></label>
      <label class="button">Choose a folder 选择文件夹<input id="pick-folder" type="file" webkitdirectory multiple></label>
    </p>
    <p class="muted">.pdf .txt .text .htm .html · at most ${Math.round(o.maxBytes / 1048576)} MB per file, ${o.maxFiles} files</p>
  </section>
  <section>
    <h2>Files 文件 <span id="busy" class="muted"></span></h2>
    <div class="scroll">
    <table id="files">
      <thead><tr><th>File 文件</th><th>Status 状态</th><th>Document 文档</th><th>Coverage 覆盖</th><th>Tables 表</th><th>Findings 问题</th><th>Downloads 下载</th></tr></thead>
      <tbody></tbody>
    </table>
    </div>
    <p id="empty" class="muted">No files yet.</p>
  </section>
  <section>
    <h2>All documents together 全部文档</h2>
    <p id="dataset" class="muted">The dataset appears after the first conversion.</p>
  </section>
</main>
<footer class="muted">${esc(o.tool.name)} ${esc(o.tool.version)} · what the columns and codes mean: codebook.csv</footer>
<script src="/app.js"></script>
</body>
</html>
`;
}

export const APP_CSS = `
body { font: 14px/1.45 system-ui, "PingFang SC", "Microsoft YaHei", "Noto Sans CJK SC", sans-serif; margin: 0; color: #1b1f24; background: #f6f7f9; }
header, main, footer { max-width: 1200px; margin: 0 auto; padding: 0 16px; }
header h1 { font-size: 22px; margin: 16px 0 4px; } header h1 span { font-weight: 400; color: #555; font-size: 16px; }
.muted { color: #667; }
#drop { border: 2px dashed #8aa; border-radius: 10px; background: #fff; padding: 24px; text-align: center; margin: 16px 0; }
#drop.over { background: #e8f4ff; border-color: #3a7bd5; }
.button { display: inline-block; padding: 6px 12px; margin: 4px; border-radius: 6px; background: #3a7bd5; color: #fff; cursor: pointer; }
.button input { display: none; }
.scroll { overflow-x: auto; }
table { border-collapse: collapse; width: 100%; background: #fff; }
th, td { border-bottom: 1px solid #e3e6ea; padding: 6px 8px; text-align: left; vertical-align: top; }
th { background: #eef1f5; font-weight: 600; white-space: nowrap; }
td.name { max-width: 260px; word-break: break-all; }
.st { display: inline-block; padding: 1px 8px; border-radius: 10px; font-size: 12px; white-space: nowrap; }
.st-ok { background: #dcf5e3; color: #14632d; } .st-partial { background: #fff1c2; color: #7a5200; }
.st-failed, .st-refused { background: #fde0e0; color: #8a1111; } .st-duplicate, .st-queued, .st-uploading, .st-converting { background: #e6ecf5; color: #294a7a; }
progress { width: 120px; }
.tables span { display: inline-block; margin: 1px 2px; padding: 0 4px; border-radius: 4px; background: #eef1f5; font-size: 12px; }
.tables span.bad { background: #fde0e0; } .tables span.other { background: #f3eefc; }
.downloads a { margin-right: 8px; white-space: nowrap; }
.err { color: #8a1111; }
`;

export const APP_JS = `
'use strict';
const token = new URLSearchParams(location.search).get('token') || '';
const q = (s) => document.querySelector(s);
const withToken = (path) => path + (path.includes('?') ? '&' : '?') + 'token=' + encodeURIComponent(token);
const uploads = new Map(); // name → { loaded, total, error, stored }
let state = { files: [], dataset: [], busy: false };

function el(tag, attrs, ...kids) {
  const e = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs || {})) {
    if (v === null || v === undefined) continue;
    if (k === 'class') e.className = v; else if (k === 'text') e.textContent = v; else e.setAttribute(k, v);
  }
  for (const k of kids) if (k !== null && k !== undefined) e.append(k);
  return e;
}

function upload(file, name) {
  return new Promise((resolve) => {
    const u = { loaded: 0, total: file.size, error: null, stored: null };
    uploads.set(name, u);
    render();
    const x = new XMLHttpRequest();
    x.open('POST', withToken('/api/upload?name=' + encodeURIComponent(name)));
    x.setRequestHeader('Content-Type', 'application/octet-stream');
    x.upload.onprogress = (ev) => { u.loaded = ev.loaded; render(); };
    x.onload = () => {
      try {
        const r = JSON.parse(x.responseText);
        if (x.status === 201) u.stored = r.stored; else u.error = r.error || ('HTTP ' + x.status);
      } catch { u.error = 'HTTP ' + x.status; }
      render(); resolve();
    };
    x.onerror = () => { u.error = 'the upload failed (connection)'; render(); resolve(); };
    x.send(file);
  });
}

async function uploadAll(list) {
  // Two at a time: the desk converts while the next ones arrive.
  const queue = [...list];
  const worker = async () => { while (queue.length) { const [f, n] = queue.shift(); await upload(f, n); } };
  await Promise.all([worker(), worker()]);
  poll();
}

async function entriesOf(entry, prefix) {
  if (entry.isFile) return [[await new Promise((ok, fail) => entry.file(ok, fail)), prefix + entry.name]];
  if (!entry.isDirectory) return [];
  const reader = entry.createReader();
  const out = [];
  for (;;) {
    const batch = await new Promise((ok, fail) => reader.readEntries(ok, fail));
    if (!batch.length) break;
    for (const e of batch) out.push(...await entriesOf(e, prefix + entry.name + '/'));
  }
  return out;
}

const wanted = (n) => /\\.(pdf|txt|text|html?)$/i.test(n);

const drop = q('#drop');
drop.addEventListener('dragover', (e) => { e.preventDefault(); drop.classList.add('over'); });
drop.addEventListener('dragleave', () => drop.classList.remove('over'));
drop.addEventListener('drop', async (e) => {
  e.preventDefault();
  drop.classList.remove('over');
  const items = [...(e.dataTransfer.items || [])].map((i) => i.webkitGetAsEntry && i.webkitGetAsEntry()).filter(Boolean);
  let list;
  if (items.length) list = (await Promise.all(items.map((i) => entriesOf(i, '')))).flat();
  else list = [...e.dataTransfer.files].map((f) => [f, f.name]);
  uploadAll(list.filter(([, n]) => wanted(n) || list.length === 1));
});
q('#pick-files').addEventListener('change', (e) => uploadAll([...e.target.files].map((f) => [f, f.name])));
q('#pick-folder').addEventListener('change', (e) => uploadAll([...e.target.files].filter((f) => wanted(f.name)).map((f) => [f, f.webkitRelativePath || f.name])));

function statusCell(f) {
  if (f.phase === 'uploading') return el('td', {}, el('progress', { max: String(f.total || 1), value: String(f.loaded) }), ' uploading');
  const label = f.phase === 'done' ? f.status : f.phase;
  const td = el('td', {}, el('span', { class: 'st st-' + label, 'data-status': label, text: label }));
  if (f.error) td.append(el('div', { class: 'err', text: f.error }));
  if (f.statusReason) td.append(el('div', { class: 'muted', text: f.statusReason }));
  if (f.duplicateOf) td.append(el('div', { class: 'muted', text: 'same as ' + f.duplicateOf }));
  return td;
}

function tablesCell(f) {
  const td = el('td', { class: 'tables' });
  for (const t of f.tables || []) {
    const bad = t.status === 'partial' || t.status === 'illegible' || t.verification === 'inconsistent';
    const mark = t.verification === 'verified' ? ' ✓' : t.verification === 'inconsistent' ? ' ✗' : '';
    const text = (t.template === 'other' ? (t.title || 'other') : t.template + (t.status === 'empty' ? ' (empty)' : '')) + mark;
    td.append(el('span', { class: bad ? 'bad' : t.template === 'other' ? 'other' : null, title: t.template === 'other' ? 'other: ' + t.title : t.name + ' — ' + t.title + (t.verification ? ' · ' + t.verification : ''), text }));
  }
  return td;
}

function render() {
  const rows = [];
  const shown = new Set();
  for (const f of state.files) {
    shown.add(f.name);
    rows.push(f);
  }
  for (const [name, u] of uploads) {
    if (u.stored && shown.has(u.stored)) continue;
    if (u.error) { if (!state.files.some((f) => f.status === 'refused' && f.error === u.error)) rows.push({ name, phase: 'done', status: 'refused', error: u.error }); continue; }
    if (!u.stored || !shown.has(u.stored)) rows.push({ name: u.stored || name, phase: u.stored ? 'queued' : 'uploading', loaded: u.loaded, total: u.total });
  }
  const body = q('#files tbody');
  body.replaceChildren(...rows.map((f) => {
    const doc = f.document ? [f.document.kind, f.document.year, f.document.department].filter(Boolean).join(' · ') : '';
    const cov = f.coverage ? Math.round(f.coverage.share * 1000) / 10 + '% of ' + f.coverage.amounts + ' amounts' : '';
    const findings = f.checks || f.flags ? [f.checks ? f.checks.failed + ' failed checks / ' + f.checks.total : '', f.flags ? f.flags.error + ' errors, ' + f.flags.warning + ' warnings' : ''].filter(Boolean).join('; ') : '';
    const dl = el('td', { class: 'downloads' });
    for (const o of f.outputs || []) {
      const ext = o.split('.').pop();
      dl.append(el('a', { href: withToken('/files/' + encodeURIComponent(o)), download: o, 'data-kind': ext, text: ext === 'xlsx' ? 'Excel' : ext.toUpperCase() }));
    }
    if (f.id && (f.status === 'ok' || f.status === 'partial' || f.status === 'duplicate')) dl.append(el('a', { href: withToken('/report/' + encodeURIComponent(f.id)), target: '_blank', rel: 'noopener', 'data-kind': 'report', text: 'Review report' }));
    return el('tr', { 'data-name': f.name }, el('td', { class: 'name', text: f.name }), statusCell(f), el('td', { text: doc }), el('td', { text: cov }), tablesCell(f), el('td', { text: findings }), dl);
  }));
  q('#empty').hidden = rows.length > 0;
  q('#busy').textContent = state.busy ? '· converting…' : '';
  const ds = q('#dataset');
  if (state.dataset.length) {
    ds.className = 'downloads';
    ds.replaceChildren(...state.dataset.map((n) => el('a', { href: withToken('/files/' + encodeURIComponent(n)), download: n, 'data-dataset': n, text: n === 'dataset.xlsx' ? 'dataset.xlsx (every document, one workbook)' : n })));
  }
}

async function poll() {
  try {
    const r = await fetch(withToken('/api/state'));
    if (r.ok) state = await r.json();
  } catch { /* the desk was stopped */ }
  render();
}
setInterval(poll, 1000);
poll();
`;
