import { createHash } from 'node:crypto';
import type { Box } from '../model/geometry.js';
import type { CanonicalCell, CanonicalResult, CanonicalRow, CanonicalTable, CellRef, CheckResult, Flag } from '../model/canonical.js';
import { REPORT_CSS, REPORT_JS } from './assets.js';
import { attrs, esc, groupDigits, pct } from './html.js';
import { renderPageImages, reportPages, type PageImage, type PageImageOptions, type PageImages } from './pages.js';
import { CellIndex, locKey, type CellLoc } from './resolve.js';
import { KIND_LABEL, summarise, type ReportSummary } from './summary.js';

export interface RenderReportOptions {
  /** The source PDF's bytes, for page images (checked against result.source.sha256). */
  pdfBytes?: Uint8Array;
  /** Shown instead of page images when a PDF source has none (e.g. why it was not found). */
  pdfNote?: string;
  /** Page image resolution and encoding; false: no page images. */
  pageImages?: PageImageOptions | false;
  /** Link back to the batch index (relative URL), when there is one. */
  indexHref?: string;
  /** Page images already rendered from pdfBytes (a batch renders a PDF once for several reports). */
  renderedPages?: PageImages;
}

export interface RenderedReport {
  html: string;
  summary: ReportSummary;
  /** Pages embedded as images and their encoded size (before base64). */
  pageImages: number;
  imageBytes: number;
  /** Why page images are missing or incomplete. */
  warnings: string[];
}

type Mark = 'fail' | 'flag' | 'corr';

/** One self-contained HTML file: facts, summary, checks and flags, every table, page images. */
export async function renderReport(result: CanonicalResult, opts: RenderReportOptions = {}): Promise<string> {
  return (await renderReportDetailed(result, opts)).html;
}

export async function renderReportDetailed(result: CanonicalResult, opts: RenderReportOptions = {}): Promise<RenderedReport> {
  const warnings: string[] = [];
  let images = new Map<number, PageImage>();
  if (result.source.format === 'pdf' && opts.pageImages !== false) {
    if (!opts.pdfBytes) {
      warnings.push(opts.pdfNote ?? `page images are not included: the source PDF ${result.source.file} was not given`);
    } else {
      const sha = createHash('sha256').update(opts.pdfBytes).digest('hex');
      if (sha !== result.source.sha256) {
        warnings.push(`page images are not included: the PDF given is not the one extracted (sha256 ${sha.slice(0, 12)}… differs from ${result.source.sha256.slice(0, 12)}…)`);
      } else {
        const rendered = opts.renderedPages ?? (await renderPageImages(opts.pdfBytes, result.pages, opts.pageImages || {}, reportPages(result)));
        images = rendered.images;
        warnings.push(...rendered.warnings);
      }
    }
  }
  const ctx = new ReportContext(result, images);
  const html = ctx.render(warnings, opts);
  let imageBytes = 0;
  for (const img of images.values()) imageBytes += img.data.byteLength;
  return { html, summary: ctx.summary, pageImages: images.size, imageBytes, warnings };
}

interface IssueItem {
  cls: string;
  id: string;
  badge: string;
  title: string;
  message: string;
  nums?: string;
  cells: CellLoc[];
  tables: number[];
  pages: number[];
  /** Further overlay keys to highlight (flag boxes). */
  extraKeys?: string[];
  refs?: { text: string; loc: CellLoc | null }[];
}

class ReportContext {
  readonly idx: CellIndex;
  readonly summary: ReportSummary;
  /** Marks and hover lines per cell key. */
  private readonly marks = new Map<string, Set<Mark>>();
  private readonly notes = new Map<string, string[]>();
  private readonly pageSize = new Map<number, { width: number; height: number }>();
  private overlays = new Map<number, string>();
  private readonly failCountByTable = new Map<number, number>();
  /** Boxes of check references that are not table cells (drawn on their page). */
  private readonly extraBoxes: { key: string; page: number; box: Box; title: string; fail: boolean }[] = [];

  constructor(
    private readonly r: CanonicalResult,
    private readonly images: Map<number, PageImage>,
  ) {
    this.idx = new CellIndex(r);
    this.summary = summarise(r);
    for (const p of r.pages) this.pageSize.set(p.number, { width: p.width, height: p.height });
  }

  private mark(l: CellLoc, m: Mark, note?: string): void {
    const k = locKey(l);
    let s = this.marks.get(k);
    if (!s) this.marks.set(k, (s = new Set()));
    s.add(m);
    if (note) {
      const n = this.notes.get(k);
      if (n) n.push(note);
      else this.notes.set(k, [note]);
    }
  }

  render(warnings: string[], opts: RenderReportOptions): string {
    const r = this.r;
    // Issues first: they decide the marks drawn in the tables and on the pages.
    const failed: IssueItem[] = [];
    const infos: IssueItem[] = [];
    const skipped: IssueItem[] = [];
    const passed: IssueItem[] = [];
    for (const [ci, c] of r.checks.entries()) {
      const item = this.checkItem(c, ci);
      if (c.status === 'fail') {
        failed.push(item);
        for (const l of item.cells) {
          if (!this.marks.get(locKey(l))?.has('fail')) this.failCountByTable.set(l.t, (this.failCountByTable.get(l.t) ?? 0) + 1);
          this.mark(l, 'fail', `✗ ${c.id}: ${c.message}`);
        }
      } else if (c.status === 'info') infos.push(item);
      else if (c.status === 'skipped') skipped.push(item);
      else passed.push(item);
    }
    const sev = { error: 0, warning: 1, info: 2 } as const;
    const flagItems = r.flags
      .map((f, i) => ({ f, i }))
      .sort((a, b) => sev[a.f.severity] - sev[b.f.severity] || a.i - b.i)
      .map(({ f, i }) => {
        const item = this.flagItem(f, i);
        for (const l of item.cells) this.mark(l, 'flag', `⚑ ${f.kind} (${f.severity}): ${f.message}`);
        return item;
      });
    const corrections: IssueItem[] = [];
    r.tables.forEach((table, t) => {
      table.rows.forEach((row, ri) => {
        this.idx.columns[t]!.forEach((col, c) => {
          const cell = row.cells[col.key];
          if (!cell?.corrections?.length) return;
          const l = { t, r: ri, c };
          this.mark(l, 'corr');
          corrections.push({
            cls: 'corr',
            id: `correction-${locKey(l)}`,
            badge: 'corrected',
            title: `${table.template} ${rowName(row)} · ${col.key}`,
            message: cell.corrections.map((x) => `${x.kind}: ${x.from} → ${x.to} (${x.reason})`).join('; '),
            cells: [l],
            tables: [],
            pages: [],
          });
        });
      });
    });
    this.overlays = this.buildOverlays();

    const s = this.summary;
    const title = [r.document.department ?? 'Unknown department', r.document.year ?? '', KIND_LABEL[r.document.kind] ?? r.document.kind].filter(Boolean).join(' · ');
    const shownPages = new Set<number>();
    const sections = r.tables.map((t, i) => this.tableSection(t, i, shownPages)).join('\n');
    const otherPages = [...this.images.keys()].filter((p) => !shownPages.has(p)).sort((a, b) => a - b);

    const out: string[] = [];
    out.push('<!DOCTYPE html>');
    out.push('<html lang="zh-CN"><head><meta charset="utf-8">');
    out.push(`<meta name="viewport" content="width=device-width, initial-scale=1">`);
    out.push(`<meta http-equiv="Content-Security-Policy" content="default-src 'none'; img-src data:; style-src 'unsafe-inline'; script-src 'unsafe-inline'; font-src data:; base-uri 'none'; form-action 'none'">`);
    out.push(`<meta name="generator" content="${esc(r.tool.name)} ${esc(r.tool.version)}">`);
    out.push(`<title>${esc(`${STATUS_ICON[s.status]} ${r.source.file} — ${title}`)}</title>`);
    out.push(`<style>${REPORT_CSS}</style>`);
    if (this.images.size > 0) out.push(`<style>${this.imageCss()}</style>`);
    out.push('</head><body>');
    out.push(this.header(title, warnings, opts));
    out.push('<div class="layout">');
    out.push(this.aside(failed, flagItems, corrections, infos, skipped, passed));
    out.push('<main>');
    out.push(this.toc());
    out.push(sections);
    if (otherPages.length > 0) {
      out.push(`<details class="otherpages" id="other-pages"><summary>Other pages (${otherPages.length}): pages with no recognised table</summary><div class="pagesgrid">`);
      out.push(otherPages.map((p) => this.figure(p)).join(''));
      out.push('</div></details>');
    }
    out.push('</main></div>');
    out.push(
      `<footer>Made by ${esc(r.tool.name)} ${esc(r.tool.version)} from the canonical JSON (schema ${esc(r.schemaVersion)})${this.images.size ? ' and the source PDF' : ''}. ` +
        `Self-contained: works offline. Amounts on hover are exact 元 values; the tables show the strings as printed.</footer>`,
    );
    out.push(`<script>${REPORT_JS}</script>`);
    out.push('</body></html>\n');
    return out.join('\n');
  }

  private header(title: string, warnings: string[], opts: RenderReportOptions): string {
    const r = this.r;
    const s = this.summary;
    const src = r.source;
    const pageSources = [...new Set(r.pages.map((p) => p.source))].join(', ');
    const facts: [string, string][] = [
      ['Department', esc(r.document.department ?? 'not found')],
      ['Year', esc(r.document.year ?? 'not found')],
      ['Kind', esc(KIND_LABEL[r.document.kind] ?? r.document.kind)],
      [
        'Source file',
        `${esc(src.file)} <span class="mono" title="sha256 ${esc(src.sha256)}">(${esc(src.format)}${src.encoding ? `, ${esc(src.encoding)}` : ''}, sha256 ${esc(src.sha256.slice(0, 12))}…)</span>`,
      ],
      ['Pages', `${esc(src.pageCount)}${pageSources ? ` <span class="mono">(${esc(pageSources)})</span>` : ''}${this.images.size ? ` · ${this.images.size} page images below` : ''}`],
      ['Extracted by', `${esc(r.tool.name)} ${esc(r.tool.version)}, schema ${esc(r.schemaVersion)}`],
    ];
    const tablesText =
      s.tablesExpected !== null
        ? `<b>${s.tablesFound}/${s.tablesExpected}</b> tables found${s.missing.length ? ` (missing ${esc(s.missing.join(', '))})` : ''}`
        : `<b>${s.templates.length}</b> tables recognised`;
    const checksText = s.checks.total
      ? `checks: <b>${s.checks.pass}</b> passed, <b${s.checks.fail ? ' style="color:var(--fail)"' : ''}>${s.checks.fail}</b> failed` +
        `${s.checks.info ? `, ${s.checks.info} within rounding or informational` : ''}${s.checks.skipped ? `, ${s.checks.skipped} skipped` : ''}`
      : 'no checks run';
    const flagsText = `flags: <b>${s.flags.total}</b>${s.flags.total ? ` (${[s.flags.error && `${s.flags.error} errors`, s.flags.warning && `${s.flags.warning} warnings`, s.flags.info && `${s.flags.info} info`].filter(Boolean).join(', ')})` : ''}`;
    const corrText = s.corrections ? ` · ${s.corrections} corrected cells` : '';
    // Issue 14's coverage: how many amount-like strings of the pages were placed in a table or sentence.
    const cov = (r.document as { coverage?: { amounts: number; inTables: number; inNarrative: number; unplaced: number; share: number } }).coverage;
    if (cov) facts.push(['Coverage', `<span id="coverage">${esc((cov.share * 100).toFixed(1))}% of ${esc(cov.amounts)} amounts placed (${esc(cov.inTables)} in tables, ${esc(cov.inNarrative)} in the narrative, <b${cov.unplaced ? ' style="color:var(--fail)"' : ''}>${esc(cov.unplaced)}</b> unplaced)</span>`]);
    const other = s.otherTables ? ` (+${s.otherTables} other)` : '';
    return [
      '<header class="doc">',
      opts.indexHref ? `<a class="back" href="${esc(opts.indexHref)}">← all documents</a>` : '',
      `<h1>${esc(title)}</h1>`,
      `<dl class="facts">${facts.map(([k, v]) => `<dt>${k}</dt><dd>${v}</dd>`).join('')}</dl>`,
      `<p class="summary" id="summary"><span class="status s-${s.status}">${esc(s.status)}</span> ${tablesText}${other} · ${checksText} · ${flagsText}${corrText}</p>`,
      ...warnings.map((w) => `<p class="note">${esc(w)}</p>`),
      '<p class="legend">Marked cells:<span class="sw mk-fail"></span>in a failed check<span class="sw mk-flag"></span>flagged<span class="sw mk-corr"></span>corrected<span class="sw sw-hl"></span>chosen' +
        (this.images.size ? '<span class="sw tb"></span>recognised table on the page' : '') +
        ' · hover a number for its value in 元; choose a check or flag on the left to see its cells</p>',
      '</header>',
    ].join('\n');
  }

  private toc(): string {
    const links = this.r.tables.map((t, i) => {
      const fails = this.failCountByTable.get(i) ?? 0;
      const cls = t.template === 'other' ? 't-other' : fails ? 't-fail' : '';
      // An `other` table is listed by its printed title, shortened (the full title is its tooltip).
      const name = t.template === 'other' ? (t.title ? (t.title.length > 16 ? `${t.title.slice(0, 15)}…` : t.title) : 'other') : t.template;
      const label = `${name}${t.status === 'ok' ? '' : ` (${t.status})`}${fails ? ` ✗${fails}` : ''}`;
      return `<a${attrs({ href: `#t${i}`, class: cls || null, title: t.title || t.templateName || null })}>${esc(label)}</a>`;
    });
    return `<nav class="toc" aria-label="Tables">${links.join('')}</nav>`;
  }

  private aside(failed: IssueItem[], flags: IssueItem[], corrections: IssueItem[], infos: IssueItem[], skipped: IssueItem[], passed: IssueItem[]): string {
    const group = (id: string, name: string, items: IssueItem[], open: boolean, empty?: string) =>
      `<details id="${id}"${open ? ' open' : ''}><summary>${esc(name)} <span class="n">(${items.length})</span></summary>` +
      (items.length ? `<ol>${items.map((x) => this.issue(x)).join('')}</ol>` : empty ? `<p class="legend">${esc(empty)}</p>` : '') +
      '</details>';
    return [
      '<aside id="issues" aria-label="Checks and flags">',
      '<h2>Checks and flags</h2>',
      group('failed-checks', 'Failed checks', failed, true, 'No check failed.'),
      group('flags', 'Flags', flags, true, 'Nothing flagged.'),
      corrections.length ? group('corrections', 'Corrected cells', corrections, corrections.length <= 30) : '',
      infos.length ? group('info-checks', 'Within rounding / informational', infos, false) : '',
      skipped.length ? group('skipped-checks', 'Skipped checks', skipped, false) : '',
      passed.length ? group('passed-checks', 'Passed checks', passed, false) : '',
      '</aside>',
    ].join('\n');
  }

  private issue(x: IssueItem): string {
    const keys = [...x.cells.map(locKey), ...(x.extraKeys ?? [])].join(' ');
    const btn =
      `<button${attrs({ type: 'button', class: `iss ${x.cls}`, 'data-id': x.id, 'data-cells': keys || null, 'data-tables': x.tables.join(' ') || null, 'data-pages': x.pages.join(' ') || null, 'aria-pressed': 'false' })}>` +
      `<span class="b">${esc(x.badge)}</span><code>${esc(x.title)}</code><span class="msg">${esc(x.message)}</span>` +
      (x.nums ? `<span class="nums">${esc(x.nums)}</span>` : '') +
      (!keys && !x.tables.length && !x.pages.length ? '<span class="nums">(nothing to show on the tables or pages)</span>' : '') +
      '</button>';
    const refs = x.refs?.length
      ? `<ul class="refs">${x.refs
          .map((ref) => (ref.loc ? `<li><button type="button" class="ref" data-cells="${locKey(ref.loc)}">${esc(ref.text)}</button></li>` : `<li>${esc(ref.text)}</li>`))
          .join('')}</ul>`
      : '';
    return `<li>${btn}${refs}</li>`;
  }

  private checkItem(c: CheckResult, ci: number): IssueItem {
    const cells = this.idx.checkCells(c);
    const refs = c.cells ?? [];
    const tables = new Set<number>();
    const pages = new Set<number>();
    const extraKeys: string[] = [];
    // References that are not table cells: a table as a whole (its title), the narrative or
    // other text of a page (shown by its page), or a box of their own (drawn on the page).
    refs.forEach((ref, ri) => {
      if (this.idx.candidates(ref).length > 0) return;
      const own = this.idx.tablesOf(ref.table);
      if (own.length > 0) for (const t of own) tables.add(t);
      if (ref.page !== null && ref.page !== undefined && this.images.has(ref.page)) {
        if (ref.box) {
          const k = `c${ci}-${ri}`;
          this.extraBoxes.push({ key: k, page: ref.page, box: ref.box, title: refText(ref), fail: c.status === 'fail' });
          extraKeys.push(k);
        } else if (own.length === 0) pages.add(ref.page);
      }
    });
    // A check that names no cell at all: the tables its id names (e.g. X.FA04-FA05.class[208]).
    if (refs.length === 0) for (const m of c.id.match(/\b(?:FA|BU)\d{2}\b/g) ?? []) for (const t of this.idx.tablesOf(m)) tables.add(t);
    const nums =
      c.expected !== undefined || c.actual !== undefined
        ? [c.expected !== undefined && `expected ${groupDigits(c.expected)}`, c.actual !== undefined && `actual ${groupDigits(c.actual)}`, c.difference !== undefined && c.difference !== '0' && `difference ${groupDigits(c.difference)}`]
            .filter(Boolean)
            .join(' · ')
        : undefined;
    const item: IssueItem = {
      cls: `s-${c.status}`,
      id: c.id,
      badge: c.status,
      title: c.id,
      message: c.message,
      ...(nums ? { nums } : {}),
      cells,
      tables: [...tables],
      pages: [...pages],
      ...(extraKeys.length ? { extraKeys } : {}),
    };
    if (c.status !== 'pass') {
      item.refs = refs.map((ref) => {
        const loc = this.idx.candidates(ref).length ? (this.idx.checkCells({ ...c, cells: [ref] })[0] ?? null) : null;
        return { text: refText(ref), loc };
      });
    }
    return item;
  }

  private flagItem(f: Flag, i: number): IssueItem {
    const cells = this.idx.flagCells(f);
    const boxed = !!f.box && f.page !== null && this.images.has(f.page);
    const tables = cells.length === 0 && f.table ? this.idx.tablesOf(f.table) : [];
    const pages = cells.length === 0 && !boxed && tables.length === 0 && f.page !== null && this.images.has(f.page) ? [f.page] : [];
    const where = [f.table, f.page !== null && this.r.source.format === 'pdf' ? `page ${f.page}` : null, f.line !== undefined ? `line ${f.line}` : null].filter(Boolean).join(' · ');
    return {
      cls: `f-${f.severity}`,
      id: `flag-${i + 1}`,
      badge: `${f.severity} · ${f.kind}`,
      title: where,
      message: f.message,
      cells,
      tables,
      pages,
      ...(boxed ? { extraKeys: [`f${i + 1}`] } : {}),
    };
  }

  private tableSection(t: CanonicalTable, ti: number, shownPages: Set<number>): string {
    const cols = this.idx.columns[ti]!;
    const hasCode = t.rows.some((r) => r.code !== null);
    const hasLineNo = t.rows.some((r) => r.lineNo !== undefined);
    const hasSide = t.rows.some((r) => r.side !== undefined);
    const ncols = cols.length + 1 + (hasCode ? 1 : 0) + (hasLineNo ? 1 : 0);
    const head =
      '<thead><tr>' +
      (hasCode ? '<th>编码<small>code</small></th>' : '') +
      '<th>项目<small>label</small></th>' +
      (hasLineNo ? '<th>行次<small>line no.</small></th>' : '') +
      cols.map((c) => `<th title="${esc(c.key)}">${esc(c.label || c.key)}<small>${esc(c.key)}</small></th>`).join('') +
      '</tr></thead>';
    const body: string[] = [];
    let side: string | undefined;
    t.rows.forEach((row, ri) => {
      if (hasSide && row.side !== side) {
        side = row.side;
        body.push(`<tr class="side"><th colspan="${ncols}">${esc(SIDE_LABEL[side ?? ''] ?? side ?? '')}</th></tr>`);
      }
      const cls = [row.level ? `lv${row.level}` : '', row.total ? 'total' : ''].filter(Boolean).join(' ');
      const tds = cols.map((col, c) => this.cellTd(t, ti, row, ri, c, row.cells[col.key])).join('');
      body.push(
        `<tr${attrs({ class: cls || null })}>` +
          (hasCode ? `<td class="code">${esc(row.code ?? '')}</td>` : '') +
          `<td class="label">${esc(row.label)}</td>` +
          (hasLineNo ? `<td class="ln">${esc(row.lineNo ?? '')}</td>` : '') +
          tds +
          '</tr>',
      );
    });
    const grid = t.rows.length
      ? `<div class="gridwrap"><table class="grid" aria-label="${esc(`${t.template} ${t.templateName || t.title}`)}">${head}<tbody>${body.join('')}</tbody></table></div>`
      : t.records?.length
        ? this.recordsTable(t)
        : `<div class="gridwrap"><p class="legend">No rows: the table is ${esc(t.status)}${t.status === 'empty' ? ' (printed without amounts)' : ''}.</p>${cols.length ? `<table class="grid">${head}</table>` : ''}</div>`;
    const pages = [...new Set([...(t.pages ?? []), ...(t.boxes ?? []).map((b) => b.page)])].filter((p) => this.images.has(p)).sort((a, b) => a - b);
    for (const p of pages) shownPages.add(p);
    const pagesCol = pages.length ? `<div class="pagescol" aria-label="Source pages"><button type="button" class="zoom" data-zoom aria-pressed="false">Larger pages</button>${pages.map((p) => this.figure(p)).join('')}</div>` : '';
    const notes = t.notes.length ? `<ul class="notes">${t.notes.map((n) => `<li>${esc(n)}</li>`).join('')}</ul>` : '';
    const metaParts = [
      t.title ? `printed title “${esc(t.title)}”` : 'no title printed',
      t.variant ? `variant ${esc(t.variant)}` : '',
      t.pages.length ? `${t.pages.length > 1 ? 'pages' : 'page'} ${esc(t.pages.join(', '))}` : '',
      t.lines ? `lines ${t.lines.from}–${t.lines.to}` : '',
      `unit ${esc(t.unit.applied)}${t.unit.declared ? ` (printed ${esc(t.unit.declared)})` : ' (not printed)'}${t.unit.reason ? `: ${esc(t.unit.reason)}` : ''}`,
      `${t.rows.length} rows`,
      t.detection ? `found by ${esc(t.detection.method)} (confidence ${Math.round(t.detection.confidence * 100)}%)` : '',
    ].filter(Boolean);
    const fails = this.failCountByTable.get(ti) ?? 0;
    // An `other` table is named by its printed title (it has no template name).
    const name = t.template === 'other' ? t.title || 'table of no known template' : t.templateName;
    const verification = (t as { verification?: { status?: string; checks?: number; failed?: number; reason?: string | null } }).verification;
    const verif = verification?.status
      ? ` <span class="verif v-${esc(verification.status)}" title="${esc([verification.checks !== undefined ? `${verification.checks} checks, ${verification.failed ?? 0} failed` : '', verification.reason ?? ''].filter(Boolean).join('; '))}">${esc(verification.status)}</span>`
      : '';
    const heading =
      `<h2 id="h${ti}"><span class="tpl">${esc(t.template)}</span>${esc(name)}` +
      `<span class="tstatus st-${esc(t.status)}">${esc(t.status)}</span>${verif}${fails ? ` <span class="status s-fail">${fails} cell${fails === 1 ? '' : 's'} in failed checks</span>` : ''}</h2>`;
    const inner = `<p class="meta">${metaParts.join(' · ')}</p><div class="tbl-body${pagesCol ? '' : ' nopages'}">${grid}${pagesCol}</div>${notes}`;
    const open = t.template !== 'other' || fails > 0;
    return (
      // Broad tables (many columns) take the full width, their pages below: they scroll rather than squeeze.
      `<section${attrs({ class: `tbl${t.template === 'other' ? ' t-other' : ''}${cols.length > BROAD_COLUMNS ? ' broad' : ''}`, id: `t${ti}`, 'data-template': t.template })}>` +
      `<details${open ? ' open' : ''}><summary>${heading}</summary>${inner}</details></section>`
    );
  }

  private recordsTable(t: CanonicalTable): string {
    const keys = [...new Set(t.records!.flatMap((r) => Object.keys(r)))];
    return (
      `<div class="gridwrap"><table class="grid"><thead><tr>${keys.map((k) => `<th>${esc(k)}</th>`).join('')}</tr></thead><tbody>` +
      t.records!.map((r) => `<tr>${keys.map((k) => `<td>${esc(r[k] ?? '')}</td>`).join('')}</tr>`).join('') +
      '</tbody></table></div>'
    );
  }

  private cellTd(t: CanonicalTable, ti: number, row: CanonicalRow, ri: number, c: number, cell: CanonicalCell | undefined): string {
    const k = locKey({ t: ti, r: ri, c });
    const marks = this.marks.get(k);
    const cls = ['num', ...[...(marks ?? [])].map((m) => `mk-${m}`)].join(' ');
    return `<td${attrs({ class: cls, 'data-k': k, title: this.cellTitle(t, cell, k) })}>${esc(cell?.raw ?? '')}</td>`;
  }

  private cellTitle(t: CanonicalTable, cell: CanonicalCell | undefined, k: string): string {
    const lines: string[] = [];
    if (!cell) lines.push('blank (nothing printed)');
    else {
      if (cell.yuan !== null) lines.push(`${groupDigits(cell.yuan)} 元`);
      else lines.push(cell.raw ? `“${cell.raw}”: no amount` : 'blank');
      if (cell.yuan !== null && t.unit.applied !== '元') lines.push(`printed “${cell.raw}” ${t.unit.applied}`);
      const where = [cell.page !== null && this.r.source.format === 'pdf' ? `page ${cell.page}` : null, cell.line !== undefined ? `line ${cell.line}` : null].filter(Boolean);
      if (where.length) lines.push(where.join(', '));
      if (cell.confidence !== undefined && cell.confidence < 1) lines.push(`confidence ${cell.confidence}`);
      for (const x of cell.corrections ?? []) lines.push(`corrected (${x.kind}): ${x.from} → ${x.to} — ${x.reason}`);
    }
    for (const n of this.notes.get(k) ?? []) lines.push(n);
    return lines.join('\n');
  }

  /** Overlay markup per page: table boxes, a box per located cell, flag boxes. */
  private buildOverlays(): Map<number, string> {
    const byPage = new Map<number, string[]>();
    const add = (p: number, s: string) => {
      const l = byPage.get(p);
      if (l) l.push(s);
      else byPage.set(p, [s]);
    };
    const pos = (p: number, b: Box): string | null => {
      const size = this.pageSize.get(p);
      if (!size) return null;
      return `left:${pct(b.x0, size.width)};top:${pct(b.y0, size.height)};width:${pct(b.x1 - b.x0, size.width)};height:${pct(b.y1 - b.y0, size.height)}`;
    };
    this.r.tables.forEach((t, ti) => {
      for (const tb of t.boxes ?? []) {
        const style = pos(tb.page, tb.box);
        if (style) add(tb.page, `<b class="otb" data-t="${ti}" style="${style}"><span>${esc(t.template)}</span></b>`);
      }
      t.rows.forEach((row, ri) => {
        this.idx.columns[ti]!.forEach((col, c) => {
          const cell = row.cells[col.key];
          const page = cell?.page ?? row.page;
          if (!cell?.box || page === null) return;
          const style = pos(page, cell.box);
          if (!style) return;
          const k = locKey({ t: ti, r: ri, c });
          const marks = [...(this.marks.get(k) ?? [])].map((m) => `mk-${m}`).join(' ');
          add(page, `<i class="ob${marks ? ` ${marks}` : ''}" data-k="${k}" style="${style}" title="${esc(`${t.template} ${rowName(row)} · ${col.key}: ${cell.raw}`)}"></i>`);
        });
      });
    });
    // A blank cell in a failed check or flag has no box of its own: its spot is where its row
    // (the row's other amounts) meets its column (the column's other amounts), drawn dashed.
    this.r.tables.forEach((t, ti) => {
      t.rows.forEach((row, ri) => {
        this.idx.columns[ti]!.forEach((col, c) => {
          const k = locKey({ t: ti, r: ri, c });
          if (!this.marks.has(k) || row.cells[col.key]?.box) return;
          const est = this.estimateBox(t, row, col.key);
          if (!est) return;
          const style = pos(est.page, est.box);
          if (!style) return;
          const marks = [...this.marks.get(k)!].map((m) => `mk-${m}`).join(' ');
          add(est.page, `<i class="ob est ${marks}" data-k="${k}" style="${style}" title="${esc(`${t.template} ${rowName(row)} · ${col.key}: blank (where it would be printed)`)}"></i>`);
        });
      });
    });
    for (const x of this.extraBoxes) {
      const style = pos(x.page, x.box);
      if (style) add(x.page, `<i class="ob${x.fail ? ' mk-fail' : ''}" data-k="${x.key}" style="${style}" title="${esc(x.title)}"></i>`);
    }
    this.r.flags.forEach((f, i) => {
      if (!f.box || f.page === null) return;
      const style = pos(f.page, f.box);
      if (style) add(f.page, `<i class="ofl" data-k="f${i + 1}" style="${style}" title="${esc(`${f.kind}: ${f.message}`)}"></i>`);
    });
    return new Map([...byPage].map(([p, l]) => [p, l.join('')]));
  }

  /** Where a blank cell sits: the row's amounts give y, the column's amounts (same page) give x. */
  private estimateBox(t: CanonicalTable, row: CanonicalRow, key: string): { page: number; box: Box } | null {
    const rowBoxes = Object.values(row.cells).filter((c) => c.box && c.page !== null);
    const page = rowBoxes[0]?.page ?? row.page;
    if (page === null) return null;
    const ys = rowBoxes.filter((c) => c.page === page).map((c) => c.box!);
    const xs = t.rows.map((r) => r.cells[key]).filter((c): c is CanonicalCell => !!c?.box && c.page === page).map((c) => c.box!);
    if (ys.length === 0 || xs.length === 0) return null;
    return {
      page,
      box: { x0: Math.min(...xs.map((b) => b.x0)), x1: Math.max(...xs.map((b) => b.x1)), y0: Math.min(...ys.map((b) => b.y0)), y1: Math.max(...ys.map((b) => b.y1)) },
    };
  }

  private figure(p: number): string {
    const img = this.images.get(p);
    const size = this.pageSize.get(p);
    if (!img || !size) return '';
    return (
      `<figure class="pgfig"><div class="pg pgi${p}" data-p="${p}" role="img" aria-label="Page ${p} of ${this.r.source.pageCount}" style="aspect-ratio:${size.width} / ${size.height}">` +
      `${this.overlays.get(p) ?? ''}</div><figcaption>Page ${p} of ${this.r.source.pageCount}</figcaption></figure>`
    );
  }

  private imageCss(): string {
    return [...this.images.values()].map((img) => `.pgi${img.page}{background-image:url(data:${img.mime};base64,${Buffer.from(img.data).toString('base64')})}`).join('\n');
  }
}

const STATUS_ICON = { ok: '✓', review: '!', fail: '✗' } as const;

/** Value columns beyond which a table gets the full width (FA09's 12, BU05's economic classes). */
const BROAD_COLUMNS = 8;

const SIDE_LABEL: Record<string, string> = { income: '收入 income', expenditure: '支出 expenditure' };

function rowName(row: CanonicalRow): string {
  return [row.side, row.code, row.label].filter(Boolean).join(' ');
}

function refText(ref: CellRef): string {
  const where = [ref.page !== null && ref.page !== undefined ? `page ${ref.page}` : '', ref.line !== undefined ? `line ${ref.line}` : ''].filter(Boolean).join(', ');
  if (!ref.column) return `${ref.table}: ${ref.raw ?? ref.row}${where ? ` (${where})` : ''}`;
  const value = ref.raw !== undefined ? ref.raw : 'blank';
  return `${ref.table} ${ref.row || '(unnamed row)'} · ${ref.column}: ${value}`;
}

