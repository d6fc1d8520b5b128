/**
 * The report's inline stylesheet and script. Plain strings (no template interpolation inside):
 * the report is one file that works from file:// with no network, so nothing is linked.
 */

export const REPORT_CSS = String.raw`
:root{--fail:#cf222e;--fail-bg:#ffebe9;--flag:#9a6700;--flag-bg:#fff8c5;--corr:#8250df;--corr-bg:#fbefff;--hl:#ffd33d;--hl-line:#e36209;--tbl:#0969da;--ink:#1f2328;--muted:#59636e;--line:#d1d9e0;--bg:#f6f8fa;--ok:#1a7f37}
*{box-sizing:border-box}
html{scroll-behavior:auto}
body{margin:0;font:14px/1.45 system-ui,-apple-system,"Segoe UI","PingFang SC","Hiragino Sans GB","Microsoft YaHei","Noto Sans CJK SC","Source Han Sans SC","WenQuanYi Micro Hei",sans-serif;color:var(--ink);background:#fff}
a{color:var(--tbl)}
code,.mono{font-family:ui-monospace,SFMono-Regular,Menlo,Consolas,"Liberation Mono",monospace;font-size:12px}
header.doc{padding:14px 24px 10px;border-bottom:1px solid var(--line);background:var(--bg)}
header.doc h1{font-size:20px;margin:0 0 6px}
header.doc .back{float:right;font-size:13px}
dl.facts{display:grid;grid-template-columns:max-content 1fr;gap:1px 14px;margin:0 0 8px;font-size:13px}
dl.facts dt{color:var(--muted)}
dl.facts dd{margin:0;overflow-wrap:anywhere}
p.summary{margin:6px 0;font-size:15px}
.status{display:inline-block;border-radius:10px;padding:0 8px;font-size:12px;font-weight:600;color:#fff;background:var(--muted);vertical-align:1px}
.status.s-ok{background:var(--ok)}.status.s-review{background:var(--flag)}.status.s-fail{background:var(--fail)}
.legend{font-size:12px;color:var(--muted);margin:4px 0 0}
.legend .sw{display:inline-block;width:14px;height:11px;vertical-align:-1px;margin:0 3px 0 10px;border-radius:2px}
.sw.mk-fail{background:var(--fail-bg);box-shadow:inset 0 0 0 2px var(--fail)}
.sw.mk-flag{background:var(--flag-bg);box-shadow:inset 0 0 0 2px var(--flag)}
.sw.mk-corr{background:var(--corr-bg);box-shadow:inset 0 0 0 2px var(--corr)}
.sw.sw-hl{background:var(--hl);box-shadow:inset 0 0 0 2px var(--hl-line)}
.sw.tb{border:2px dashed var(--tbl)}
.note{background:var(--flag-bg);border:1px solid #d4a72c;padding:4px 8px;border-radius:4px;font-size:13px}
.layout{display:grid;grid-template-columns:minmax(260px,340px) minmax(0,1fr)}
aside#issues{position:sticky;top:0;align-self:start;max-height:100vh;overflow:auto;border-right:1px solid var(--line);padding:10px 12px 40px;background:#fff}
aside h2{font-size:16px;margin:4px 0 8px}
aside details{margin:0 0 10px}
aside summary{cursor:pointer;font-weight:600;padding:2px 0}
aside summary .n{color:var(--muted);font-weight:400}
aside ol{list-style:none;margin:4px 0 0;padding:0}
aside li{margin:0 0 6px}
button.iss{display:block;width:100%;text-align:left;font:inherit;font-size:13px;line-height:1.35;color:inherit;background:#fff;border:1px solid var(--line);border-left:4px solid var(--line);border-radius:4px;padding:4px 6px;cursor:pointer}
button.iss:hover{background:var(--bg)}
button.iss.active{background:#fff5b1;border-color:var(--hl-line)}
button.iss.s-fail,button.iss.f-error{border-left-color:var(--fail)}
button.iss.f-warning{border-left-color:var(--flag)}
button.iss.s-info,button.iss.f-info{border-left-color:#8c959f}
button.iss.corr{border-left-color:var(--corr)}
button.iss.s-pass{border-left-color:var(--ok)}
button.iss .b{font-size:11px;font-weight:700;text-transform:uppercase;margin-right:4px}
button.iss.s-fail .b,button.iss.f-error .b{color:var(--fail)}
button.iss.f-warning .b{color:var(--flag)}
button.iss.s-pass .b{color:var(--ok)}
button.iss .msg{display:block;overflow-wrap:anywhere}
button.iss .nums{display:block;color:var(--muted);font-size:12px}
ul.refs{margin:2px 0 0 10px;padding:0;list-style:none;font-size:12px}
button.ref{font:inherit;font-size:12px;background:none;border:0;padding:0;color:var(--tbl);cursor:pointer;text-align:left}
button.ref:hover{text-decoration:underline}
main{padding:10px 20px 60px;min-width:0}
nav.toc{display:flex;flex-wrap:wrap;gap:4px;margin:0 0 14px;font-size:12px}
nav.toc a{border:1px solid var(--line);border-radius:10px;padding:1px 8px;text-decoration:none;color:inherit;background:#fff}
nav.toc a.t-fail{border-color:var(--fail);color:var(--fail)}
nav.toc a.t-other{color:var(--muted)}
section.tbl{margin:0 0 28px;scroll-margin-top:6px;border-top:2px solid var(--line);padding-top:6px}
section.tbl>details>summary{cursor:pointer;list-style-position:outside}
section.tbl h2{display:inline;font-size:17px;margin:0}
section.tbl.hl h2{background:var(--hl)}
.tpl{font-family:ui-monospace,monospace;background:var(--tbl);color:#fff;border-radius:4px;padding:0 6px;margin-right:6px}
section.t-other .tpl{background:#8c959f}
.tstatus{font-size:12px;border:1px solid var(--line);border-radius:8px;padding:0 6px;margin-left:6px;vertical-align:2px}
.tstatus.st-empty,.tstatus.st-partial{background:var(--flag-bg)}
.tstatus.st-illegible{background:var(--fail-bg)}
p.meta{margin:2px 0 8px;color:var(--muted);font-size:12px}
.tbl-body{display:grid;grid-template-columns:minmax(0,1fr) minmax(300px,46%);gap:16px;align-items:start}
.tbl.wide .tbl-body{grid-template-columns:minmax(0,1fr) minmax(300px,60%)}
.tbl.broad .tbl-body,.tbl.broad.wide .tbl-body{grid-template-columns:minmax(0,1fr)}
.tbl.broad .pagescol{position:static;max-height:none;display:grid;grid-template-columns:repeat(auto-fill,minmax(320px,1fr));gap:10px}
.tbl.broad .pagescol>button.zoom{grid-column:1/-1;justify-self:end}
.tbl.broad.wide .pagescol{grid-template-columns:1fr}
.verif{font-size:12px;border-radius:8px;padding:0 6px;margin-left:6px;vertical-align:2px;border:1px solid var(--line)}
.verif.v-verified{background:#dafbe1;border-color:var(--ok)}.verif.v-inconsistent{background:var(--fail-bg);border-color:var(--fail)}
button.zoom{float:right;font:inherit;font-size:12px;border:1px solid var(--line);background:#fff;border-radius:4px;padding:0 6px;margin:0 0 4px;cursor:pointer}
.tbl-body.nopages{grid-template-columns:minmax(0,1fr)}
.gridwrap{overflow-x:auto;max-width:100%}
table.grid{border-collapse:collapse;font-size:13px;background:#fff}
table.grid th,table.grid td{border:1px solid var(--line);padding:2px 6px;vertical-align:top}
table.grid thead th{background:var(--bg);font-weight:600;font-size:12px;vertical-align:bottom}
table.grid thead th small{display:block;font-weight:400;color:var(--muted);font-family:ui-monospace,monospace;font-size:10px}
td.num{text-align:right;font-variant-numeric:tabular-nums;white-space:nowrap;min-width:4.5em;cursor:pointer}
td.code,td.ln{font-family:ui-monospace,monospace;font-size:12px;white-space:nowrap;color:#424a53}
td.label{min-width:10em}
tr.lv2 td.label{padding-left:1.4em}
tr.lv3 td.label{padding-left:2.8em}
tr.total td{font-weight:600;background:#fafbfc}
tr.side th{text-align:left;background:#eef1f4;font-size:12px}
td.mk-flag{background:var(--flag-bg);box-shadow:inset 0 0 0 2px var(--flag)}
td.mk-corr{background:var(--corr-bg);box-shadow:inset 0 0 0 2px var(--corr)}
td.mk-fail{background:var(--fail-bg);box-shadow:inset 0 0 0 2px var(--fail)}
td.mk-fail.mk-corr,td.mk-fail.mk-flag{box-shadow:inset 0 0 0 2px var(--fail),inset 0 0 0 4px var(--flag-bg)}
td.hl{background:var(--hl)!important;box-shadow:inset 0 0 0 3px var(--hl-line)!important;animation:pulse 1.2s ease-out 2}
@keyframes pulse{0%{outline:6px solid rgba(227,98,9,.5)}100%{outline:6px solid rgba(227,98,9,0)}}
ul.notes{margin:6px 0 0;padding-left:18px;font-size:12px;color:#424a53}
.pagescol{position:sticky;top:0;max-height:100vh;overflow:auto;padding:2px 2px 8px}
figure.pgfig{margin:0 0 10px;clear:both}
figure.pgfig figcaption{font-size:12px;color:var(--muted)}
.pg{position:relative;width:100%;background-color:#fff;background-size:100% 100%;background-repeat:no-repeat;border:1px solid var(--line);box-shadow:0 1px 3px rgba(0,0,0,.15);overflow:hidden}
.pg.hl{outline:3px solid var(--hl-line)}
.otb{position:absolute;border:1.5px dashed var(--tbl);pointer-events:none}
.otb>span{position:absolute;top:0;left:0;background:var(--tbl);color:#fff;font:600 10px/1.3 ui-monospace,monospace;padding:0 3px;opacity:.85}
.otb.hl{border:3px solid var(--tbl);background:rgba(9,105,218,.06)}
.ob{position:absolute;cursor:pointer;display:block}
.ob:hover{outline:1px solid var(--tbl)}
.ob.mk-corr{outline:2px dashed var(--corr);background:rgba(130,80,223,.12)}
.ob.mk-flag{outline:2px solid var(--flag);background:rgba(191,135,0,.18)}
.ob.mk-fail{outline:2px solid var(--fail);background:rgba(207,34,46,.18)}
.ob.est{outline-style:dashed!important}
.ob.hl{background:rgba(255,211,61,.3)!important;outline:3px solid var(--hl-line)!important;outline-offset:1px;z-index:2}
.ofl{position:absolute;outline:2px dotted var(--flag);pointer-events:none}
.ofl.hl{outline:3px solid var(--hl-line);background:rgba(255,211,61,.35)}
details.otherpages{margin-top:20px}
details.otherpages>summary{cursor:pointer;font-weight:600}
.pagesgrid{display:grid;grid-template-columns:repeat(auto-fill,minmax(300px,1fr));gap:12px;margin-top:8px}
footer{color:var(--muted);font-size:12px;padding:10px 24px;border-top:1px solid var(--line)}
@media (max-width:1100px){.layout{grid-template-columns:1fr}aside#issues{position:static;max-height:none;border-right:0;border-bottom:1px solid var(--line)}.tbl-body{grid-template-columns:1fr}.pagescol{position:static;max-height:none}}
@media print{aside#issues{display:none}.layout{display:block}.pagescol{position:static;max-height:none}.pg{print-color-adjust:exact;-webkit-print-color-adjust:exact}}
`;

/**
 * Report behaviour: choosing a check, flag or correction (a button with data-cells / data-tables
 * / data-pages) highlights the table cells and page boxes it involves and scrolls to them;
 * clicking a cell shows its box on the page, clicking a box on the page shows its cell.
 * The chosen item goes into the address (#id) so a link can point at it.
 */
export const REPORT_JS = String.raw`
(function () {
  'use strict';
  var d = document;
  function all(sel, root) { return Array.prototype.slice.call((root || d).querySelectorAll(sel)); }
  function words(s) { return (s || '').split(' ').filter(Boolean); }
  var active = null;
  function clear() {
    all('.hl').forEach(function (e) { e.classList.remove('hl'); });
    if (active) { active.classList.remove('active'); active.setAttribute('aria-pressed', 'false'); active = null; }
  }
  function openDetails(el) {
    var x = el.parentElement ? el.parentElement.closest('details') : null;
    while (x) { x.open = true; x = x.parentElement ? x.parentElement.closest('details') : null; }
  }
  // Scrolls a page column so that el sits in the middle of the column's part on screen; if
  // the column cannot scroll far enough, the window moves just enough to show it.
  function scrollWithin(col, el) {
    var c = col.getBoundingClientRect(), r = el.getBoundingClientRect();
    var top = Math.max(c.top, 0), bottom = Math.min(c.bottom, window.innerHeight);
    if (bottom - top < r.height) { top = c.top; bottom = c.bottom; }
    col.scrollTop += r.top - ((top + bottom) / 2 - r.height / 2);
    r = el.getBoundingClientRect();
    if (r.top < 0 || r.bottom > window.innerHeight) el.scrollIntoView({ block: 'nearest', inline: 'nearest' });
  }
  function revealBoxes(boxes) {
    var done = [];
    boxes.forEach(function (b) {
      var col = b.closest('.pagescol');
      if (col && done.indexOf(col) < 0) { done.push(col); scrollWithin(col, b); }
    });
  }
  function highlight(keys, tables, pages) {
    var cells = [], boxes = [];
    keys.forEach(function (k) {
      all('[data-k="' + k + '"]').forEach(function (e) {
        e.classList.add('hl'); openDetails(e);
        (e.tagName === 'TD' ? cells : boxes).push(e);
      });
    });
    tables.forEach(function (t) {
      var s = d.getElementById('t' + t);
      if (s) { s.classList.add('hl'); openDetails(s.firstElementChild || s); if (s.firstElementChild && s.firstElementChild.tagName === 'DETAILS') s.firstElementChild.open = true; cells.push(s); }
      all('.otb[data-t="' + t + '"]').forEach(function (e) { e.classList.add('hl'); boxes.push(e); });
    });
    pages.forEach(function (p) {
      all('.pg[data-p="' + p + '"]').forEach(function (e) { e.classList.add('hl'); openDetails(e); boxes.push(e); });
    });
    return { cells: cells, boxes: boxes };
  }
  function choose(btn, scroll) {
    clear();
    if (btn.classList.contains('iss')) { active = btn; btn.classList.add('active'); btn.setAttribute('aria-pressed', 'true'); }
    var found = highlight(words(btn.getAttribute('data-cells')), words(btn.getAttribute('data-tables')), words(btn.getAttribute('data-pages')));
    if (scroll) {
      var first = found.cells[0] || found.boxes[0];
      if (first) first.scrollIntoView({ block: 'center', inline: 'nearest' });
      revealBoxes(found.boxes);
    }
    var id = btn.getAttribute('data-id');
    if (id && btn.classList.contains('iss')) { try { history.replaceState(null, '', '#' + encodeURIComponent(id)); } catch (e) { /* file:// may refuse */ } }
    return found;
  }
  d.addEventListener('click', function (ev) {
    var t = ev.target;
    if (!(t instanceof Element)) return;
    var zoom = t.closest('button[data-zoom]');
    if (zoom) {
      var sec = zoom.closest('section');
      var wide = sec ? sec.classList.toggle('wide') : false;
      zoom.setAttribute('aria-pressed', wide ? 'true' : 'false');
      zoom.textContent = wide ? 'Smaller pages' : 'Larger pages';
      return;
    }
    var btn = t.closest('button[data-cells],button[data-tables],button[data-pages]');
    if (btn) { choose(btn, true); return; }
    var cell = t.closest('td[data-k]');
    if (cell) {
      clear();
      var f = highlight([cell.getAttribute('data-k')], [], []);
      revealBoxes(f.boxes);
      return;
    }
    var box = t.closest('.ob[data-k]');
    if (box) {
      clear();
      var g = highlight([box.getAttribute('data-k')], [], []);
      if (g.cells[0]) g.cells[0].scrollIntoView({ block: 'center', inline: 'nearest' });
    }
  });
  d.addEventListener('keydown', function (ev) { if (ev.key === 'Escape') clear(); });
  function fromHash() {
    var h = location.hash ? decodeURIComponent(location.hash.slice(1)) : '';
    if (!h) return;
    var btn = all('button.iss').filter(function (b) { return b.getAttribute('data-id') === h; })[0];
    if (btn) { openDetails(btn); choose(btn, true); btn.scrollIntoView({ block: 'nearest' }); }
  }
  window.addEventListener('hashchange', fromHash);
  if (d.readyState === 'loading') d.addEventListener('DOMContentLoaded', fromHash); else fromHash();
  // A table wider than its column gets the full width, its pages below (it scrolls only if wider still).
  function broaden() {
    all('section.tbl').forEach(function (s) {
      var w = s.querySelector('.gridwrap');
      if (w && w.offsetParent !== null && w.scrollWidth > w.clientWidth + 4) s.classList.add('broad');
    });
  }
  broaden();
  window.addEventListener('resize', broaden);
  all('section.tbl > details').forEach(function (x) { x.addEventListener('toggle', broaden); });
})();
`;

export const INDEX_CSS = String.raw`
*{box-sizing:border-box}
body{margin:0;padding:16px 24px;font:14px/1.45 system-ui,-apple-system,"Segoe UI","PingFang SC","Hiragino Sans GB","Microsoft YaHei","Noto Sans CJK SC","Source Han Sans SC",sans-serif;color:#1f2328}
h1{font-size:20px;margin:0 0 4px}
p.sub{color:#59636e;margin:0 0 12px}
table{border-collapse:collapse;font-size:13px}
th,td{border:1px solid #d1d9e0;padding:4px 8px;text-align:left;vertical-align:top}
thead th{background:#f6f8fa;padding:0}
thead th button{font:inherit;font-weight:600;background:none;border:0;padding:6px 8px;width:100%;text-align:left;cursor:pointer;white-space:nowrap}
thead th button::after{content:" \2195";color:#8c959f;font-weight:400}
thead th[aria-sort=ascending] button::after{content:" \25B2";color:#1f2328}
thead th[aria-sort=descending] button::after{content:" \25BC";color:#1f2328}
td.n{text-align:right;font-variant-numeric:tabular-nums}
td.n.bad{color:#cf222e;font-weight:700}
.status{display:inline-block;border-radius:10px;padding:0 8px;font-size:12px;font-weight:600;color:#fff;background:#59636e}
.s-ok{background:#1a7f37}.s-review{background:#9a6700}.s-fail{background:#cf222e}.s-error{background:#6e7781}
small{color:#59636e}
tr:hover td{background:#f6f8fa}
footer{color:#59636e;font-size:12px;margin-top:14px}
`;

export const INDEX_JS = String.raw`
(function () {
  'use strict';
  var table = document.querySelector('table.docs');
  if (!table) return;
  var body = table.tBodies[0];
  var heads = Array.prototype.slice.call(table.tHead.rows[0].cells);
  function val(row, i) { var c = row.cells[i]; return c ? (c.getAttribute('data-v') !== null ? c.getAttribute('data-v') : c.textContent) : ''; }
  heads.forEach(function (th, i) {
    var b = th.querySelector('button');
    if (!b) return;
    b.addEventListener('click', function () {
      var dir = th.getAttribute('aria-sort') === 'ascending' ? 'descending' : 'ascending';
      heads.forEach(function (h) { h.removeAttribute('aria-sort'); });
      th.setAttribute('aria-sort', dir);
      var rows = Array.prototype.slice.call(body.rows);
      var numeric = rows.every(function (r) { var v = val(r, i); return v === '' || !isNaN(Number(v)); });
      rows.sort(function (a, b) {
        var x = val(a, i), y = val(b, i), c;
        if (numeric) c = (x === '' ? -Infinity : Number(x)) - (y === '' ? -Infinity : Number(y));
        else c = String(x).localeCompare(String(y), 'zh');
        if (c === 0) c = Number(a.getAttribute('data-i')) - Number(b.getAttribute('data-i'));
        else if (dir === 'descending') c = -c;
        return c;
      });
      rows.forEach(function (r) { body.appendChild(r); });
    });
  });
})();
`;
