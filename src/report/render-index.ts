import { INDEX_CSS, INDEX_JS } from './assets.js';
import { attrs, esc } from './html.js';
import { KIND_LABEL, summarise, type ReportSummary } from './summary.js';
import type { CanonicalResult } from '../model/canonical.js';

/** One document of a batch, for index.html. */
export interface IndexEntry {
  /** The canonical JSON's file name (as shown; relative to the index). */
  json: string;
  /** The report's URL relative to the index; null when there is no report. */
  report: string | null;
  /** The document's summary (or give `result` and it is computed). */
  summary?: ReportSummary;
  result?: CanonicalResult;
  /** Why the document has no report (unreadable JSON, …). */
  error?: string;
}

export interface RenderIndexOptions {
  title?: string;
  tool?: { name: string; version: string };
}

const STATUS_RANK = { fail: 0, review: 1, ok: 2 } as const;

/** The batch index: one row per document, sortable by clicking a column header. */
export function renderIndex(entries: IndexEntry[], opts: RenderIndexOptions = {}): string {
  const sums = entries.map((e) => e.summary ?? (e.result ? summarise(e.result) : null));
  const rows = entries.map((e, i) => row(e, i));
  const count = (s: ReportSummary['status']) => sums.filter((x) => x?.status === s).length;
  const errors = entries.filter((e, i) => !sums[i]).length;
  const title = opts.title ?? 'Budget tables: review reports';
  const sub = [
    `${entries.length} document${entries.length === 1 ? '' : 's'}`,
    `${count('fail')} with failed checks or errors`,
    `${count('review')} to review`,
    `${count('ok')} ok`,
    errors ? `${errors} without a report` : '',
  ].filter(Boolean).join(' · ');
  const heads: [string, string][] = [
    ['doc', 'Document'],
    ['department', 'Department'],
    ['year', 'Year'],
    ['kind', 'Kind'],
    ['status', 'Status'],
    ['tables', 'Tables found'],
    ['failed', 'Failed checks'],
    ['checks', 'Checks passed'],
    ['flags', 'Flags'],
    ['pages', 'Pages'],
  ];
  return [
    '<!DOCTYPE html>',
    '<html lang="zh-CN"><head><meta charset="utf-8">',
    '<meta name="viewport" content="width=device-width, initial-scale=1">',
    `<meta http-equiv="Content-Security-Policy" content="default-src 'none'; img-src data:; style-src 'unsafe-inline'; script-src 'unsafe-inline'; base-uri 'none'; form-action 'none'">`,
    `<title>${esc(title)}</title>`,
    `<style>${INDEX_CSS}</style>`,
    '</head><body>',
    `<h1>${esc(title)}</h1>`,
    `<p class="sub" id="counts">${esc(sub)}. Click a column header to sort; click a document to open its report.</p>`,
    `<table class="docs"><thead><tr>${heads.map(([k, h]) => `<th data-col="${k}" scope="col"><button type="button">${esc(h)}</button></th>`).join('')}</tr></thead>`,
    `<tbody>${rows.join('\n')}</tbody></table>`,
    `<footer>${opts.tool ? `Made by ${esc(opts.tool.name)} ${esc(opts.tool.version)}. ` : ''}Every report is a self-contained HTML file that works offline.</footer>`,
    `<script>${INDEX_JS}</script>`,
    '</body></html>\n',
  ].join('\n');

  function row(e: IndexEntry, i: number): string {
    const s = sums[i];
    const name = s?.file ?? e.json;
    const link = e.report ? `<a href="${esc(e.report)}">${esc(name)}</a>` : esc(name);
    // The JSON's name only when it is not simply the source's name with .json.
    const plain = stem(e.json) === stem(name);
    const doc = `<td data-v="${esc(name)}">${link}${plain ? '' : `<br><small>${esc(e.json)}</small>`}</td>`;
    if (!s) {
      return `<tr data-i="${i}" data-status="error">${doc}<td colspan="9" data-v=""><span class="status s-error">no report</span> ${esc(e.error ?? 'unreadable')}</td></tr>`;
    }
    const td = (v: string | number, text: string, cls?: string, title?: string) => `<td${attrs({ 'data-v': v, class: cls ?? null, title: title ?? null })}>${text}</td>`;
    const tablesText = s.tablesExpected !== null ? `${s.tablesFound}/${s.tablesExpected}` : `${s.tablesFound}`;
    const tablesTitle = [s.templates.map((t) => t.id + (t.status === 'ok' ? '' : `(${t.status})`)).join(' '), s.missing.length ? `missing: ${s.missing.join(', ')}` : '', s.otherTables ? `+${s.otherTables} other` : '']
      .filter(Boolean)
      .join('; ');
    const flagParts = [s.flags.error && `${s.flags.error} error${s.flags.error === 1 ? '' : 's'}`, s.flags.warning && `${s.flags.warning} warning${s.flags.warning === 1 ? '' : 's'}`, s.flags.info && `${s.flags.info} info`].filter(Boolean);
    return (
      `<tr data-i="${i}" data-status="${s.status}">` +
      doc +
      td(s.department ?? '', esc(s.department ?? '—')) +
      td(s.year ?? '', esc(s.year ?? '—'), 'n') +
      td(s.kind, esc(KIND_LABEL[s.kind] ?? s.kind)) +
      td(STATUS_RANK[s.status], `<span class="status s-${s.status}">${esc(s.status)}</span>${s.status === 'ok' ? '' : ` <small>${esc(s.statusText)}</small>`}`) +
      td(s.tablesFound, esc(tablesText) + (s.missing.length ? ` <small>(missing ${esc(s.missing.join(', '))})</small>` : ''), 'n', tablesTitle) +
      td(s.checks.fail, String(s.checks.fail), s.checks.fail ? 'n bad' : 'n') +
      td(
        s.checks.total ? s.checks.pass / s.checks.total : '',
        s.checks.total ? `${s.checks.pass}/${s.checks.total}${s.checks.info || s.checks.skipped ? ` <small>(${[s.checks.info && `${s.checks.info} info`, s.checks.skipped && `${s.checks.skipped} skipped`].filter(Boolean).join(', ')})</small>` : ''}` : '—',
        'n',
      ) +
      td(s.flags.total, `${s.flags.total}${flagParts.length ? ` <small>(${esc(flagParts.join(', '))})</small>` : ''}`, 'n') +
      td(s.pages, String(s.pages), 'n') +
      '</tr>'
    );
  }
}

const stem = (file: string) => file.replace(/\.[^.]*$/, '');
