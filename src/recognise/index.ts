import type { TemplateSpec } from '../../extractors/types.js';
import type { CanonicalTable, DocumentKind, Flag, TableStatus, Unit } from '../model/canonical.js';
import type { Block, DetectedTable, GridRow, LaidOutDocument, TextBlock } from '../model/layout.js';
import { parseAmount } from '../normalise/amount.js';
import { cleanLabel } from '../normalise/code.js';
import { classify } from './classify.js';
import { documentFacts } from './facts.js';
import { lastPage, sameFrame, type Group } from './groups.js';
import { mergeContinuations } from './merge.js';
import { splitHeader } from './header.js';
import { matchLabelNumber, matchTitle, normaliseTitle, ALL_TEMPLATES } from './registry.js';
import { TITLE_REFERENCE } from '../../extractors/titles.js';
import { codedRows, groupRows, matrixRows, recordRows, sidedRows, type BuiltRows } from './rows.js';
import { otherRows } from './other.js';
import { keepUnplaced } from './keep.js';

/**
 * The recognise stage: binds titles to detected tables, picks each table's template,
 * reads its unit and notes, and maps its grid to canonical rows and column keys.
 */
export interface Recognised {
  document: { kind: DocumentKind; year: number | null; department: string | null; scope?: 'department' | 'unit'; part?: 'narrative' | 'tables' };
  tables: CanonicalTable[];
  flags: Flag[];
}


const UNIT = /(?:金额)?单位[:：]\s*(万元|元)/;
const ILLEGIBLE = /\[\s*illegible\s*\]|无法识别|\[不可读\]/i;

function isTitleText(text: string): boolean {
  // A qualifier in brackets may follow the 表: "一般公共预算支出表（功能分类项级）", "…明细表（按支出
  // 功能分类科目-不含上年结转）".
  const t = normaliseTitle(text.replace(/\s*[（(][^（）()]{1,24}[）)]\s*$/, ''));
  return t.length >= 4 && t.length <= 40 && /表$/.test(t) && !/[。；，,]/.test(t) && !TITLE_REFERENCE.test(t);
}

/** A sentence or a section heading of the explanation (一、…, （二）…, 第三部分 …). */
function isProse(text: string): boolean {
  const t = text.replace(/\s+/g, '');
  return t.length > 60 || /[。；]$/.test(t) || /^(第[一二三四五六七八九十]+部分|[一二三四五六七八九十]+、|[（(][一二三四五六七八九十]+[）)])/.test(t);
}

/** A title wrapped onto a second short line ("…一般公共预算支出表（功能" + "分类项级）"). */
function wrappedTitle(a: TextBlock, b: Block | undefined): string | null {
  if (!b || b.kind !== 'text' || isTitleText(a.text) || /[：:。；]/.test(a.text)) return null;
  const tail = b.text.trim();
  if (isTitleText(tail) && matchTitle(tail)) return null;
  if (tail.replace(/\s+/g, '').length > 14 || !/(预算|决算|收支|支出|收入|三公|经费)/.test(a.text)) return null;
  const joined = a.text.trim() + tail;
  return isTitleText(joined) && matchTitle(joined) ? joined : null;
}

export function recognise(doc: LaidOutDocument): Recognised {
  const groups: Group[] = [];
  const listed: { template: TemplateSpec; block: TextBlock }[] = [];
  let pending: Group | null = null;
  let current: Group | null = null;
  let pendingUnit: Unit | null = null;
  let pendingLabel: number | null = null;

  const startGroup = (template: TemplateSpec | null, title: string, block: TextBlock | null): Group => ({
    template, title, titleBlock: block, labelNumber: pendingLabel, unit: pendingUnit, detected: [], notes: [], illegible: [],
  });

  const lost: Group[] = [];
  // A title left without a table body: printed in the body (not a 目录 list entry), its table
  // was lost in conversion; it is listed with status illegible unless the table turns up later.
  const dropPending = () => {
    if (pending && pending.detected.length === 0 && pending.illegible.length === 0 && pending.template && !pending.titleBlock?.listItem) lost.push(pending);
    pending = null;
  };
  // The 目录: from a "目录" line until the body starts (a table, or a line the 目录 already
  // listed, such as the first part heading printed again). Its entries are not table titles.
  let inToc = false;
  const tocSeen = new Set<string>();
  for (let bi = 0; bi < doc.blocks.length; bi++) {
    let b = doc.blocks[bi]!;
    // Whether the block before this one was a table (no line printed between the two).
    const afterTable = bi > 0 && doc.blocks[bi - 1]!.kind === 'table';
    if (b.kind === 'table') {
      // A 目录 printed as a table (Xi'an: 报表 | 报表名称 | 是否空表 | 公开空表理由): its title cells list the tables.
      if (inToc) listed.push(...tocTableEntries(b.table));
      inToc = false;
    }
    if (b.kind === 'text') {
      const key = b.text.replace(/\s+/g, '');
      if (/目录$/.test(key) && key.length <= 30) {
        inToc = true;
        continue;
      }
      if (inToc) {
        if (tocSeen.has(key)) inToc = false;
        else {
          tocSeen.add(key);
          b = { ...b, listItem: true };
        }
      }
      const joined = wrappedTitle(b, doc.blocks[bi + 1]);
      if (joined) {
        b = { ...b, text: joined };
        bi++;
      }
      const text = b.text.trim();
      const unit = UNIT.exec(text.replace(/\s+/g, ''))?.[1] as Unit | undefined;
      const bareUnit = /^(万元|元)$/.test(text) ? (text as Unit) : undefined;
      const label = matchLabelNumber(text);
      // A label on its own line ("公开06表", or "开06表" as OCR read it) is not a title.
      const labelOnly = label !== null && text.replace(/\s+/g, '').length <= 6;
      if (isTitleText(text) && !labelOnly) {
        const m = matchTitle(text);
        if (m) listed.push({ template: m.template, block: b });
        dropPending();
        pending = startGroup(m?.template ?? null, text.replace(/^#+\s*/, ''), b);
        pendingUnit = null;
        pendingLabel = null;
        current = null;
        if (unit) pending.unit = unit;
        continue;
      }
      if (unit || bareUnit) {
        if (pending) pending.unit = (unit ?? bareUnit)!;
        else pendingUnit = (unit ?? bareUnit)!;
      }
      if (label !== null && text.replace(/\s+/g, '').length <= 12) {
        if (pending) pending.labelNumber = label;
        else pendingLabel = label;
        continue;
      }
      // A title followed by prose (a sentence, a part heading) has no table body: a 目录 entry
      // or a table lost in conversion. It stays listed; the next table is not bound to it.
      if (pending && pending.detected.length === 0 && !ILLEGIBLE.test(text) && (/[。；]$/.test(text) || text.replace(/\s+/g, '').length > 60 || /^第[一二三四五六七八九十]+部分/.test(text))) {
        dropPending();
      }
      if (ILLEGIBLE.test(text) && pending) {
        pending.illegible.push(b);
        groups.push(pending);
        current = pending;
        pending = null;
        continue;
      }
      if (current && (b.heading === undefined || b.heading > 3)) {
        if (/^(注|说明)[:：]|^\d+[栏行]|栏各行|[=＝]/.test(text) || (current.template?.emptyNote?.test(text) ?? false) || /^本(部门|单位)/.test(text)) {
          if (current.notes.length < 6) current.notes.push(text);
        } else if (current.detected.length > 0 && isProse(text)) {
          // The explanation after the tables: a table further on is not this one's continuation.
          current = null;
        }
      }
      if (b.heading !== undefined && b.heading <= 2) current = null;
      continue;
    }
    // A table block.
    if (pending) {
      pending.detected.push(b.table);
      groups.push(pending);
      current = pending;
      pending = null;
    } else if (current && current.detected.length > 0 && (b.table.pages[0]! > lastPage(current) || (afterTable && (b.table.columnCount === current.detected[current.detected.length - 1]!.columnCount || sameFrame(b.table, current))))) {
      // No title since the previous table, on a following page: its continuation. So is a table
      // right below it with the same columns or the same ruled frame (one table the layout cut at
      // a row gap, or into a stream piece and a lattice piece, which count columns differently).
      current.detected.push(b.table);
    } else {
      const g = startGroup(null, '', null);
      g.detected.push(b.table);
      groups.push(g);
      current = g;
    }
    pendingUnit = null;
  }

  dropPending();
  // Each table's template by evidence (title, label, header, codes); a 目录 or title entry that
  // named another template no longer lists that one.
  for (const g of groups) {
    if (g.detected.length === 0) continue;
    const c = classify(g.title, g.labelNumber, g.detected, g.template);
    if (c.template !== g.template && g.titleBlock) {
      for (let i = listed.length - 1; i >= 0; i--) if (listed[i]!.block === g.titleBlock) listed.splice(i, 1);
      if (c.template) listed.push({ template: c.template, block: g.titleBlock });
    }
    g.template = c.template;
    if (c.recognition) g.recognition = c.recognition;
  }
  groups.splice(0, groups.length, ...mergeContinuations(groups));
  // Performance-target forms repeat their title per project: one table per template, its forms
  // (pages, records) in document order.
  const kept: Group[] = [];
  for (const g of groups) {
    const first = g.template?.layout === 'records' ? kept.find((x) => x.template === g.template) : undefined;
    if (first) first.detected.push(...g.detected);
    else kept.push(g);
  }
  groups.splice(0, groups.length, ...kept);
  const flags: Flag[] = [];
  const tables: CanonicalTable[] = [];
  const variantKey = (g: Group) => `${g.template?.id}|${variantOf(g.template, g.title, []) ?? ''}`;
  const real = new Set(groups.map(variantKey));
  const lostKeys = new Set<string>();
  const ordered = [...groups, ...lost.filter((g) => !real.has(variantKey(g)) && !lostKeys.has(variantKey(g)) && lostKeys.add(variantKey(g)))]
    .sort((a, b) => blockOrder(doc, a) - blockOrder(doc, b));
  for (const g of ordered) {
    if (lost.includes(g)) {
      const built = guardedBuild({ ...g, illegible: [] });
      built.table.status = 'illegible';
      tables.push(built.table);
      flags.push({
        kind: 'missing_table',
        severity: 'warning',
        message: `${g.template!.id} ${g.template!.name}: the title "${g.title}" is printed but no table body follows it (lost in conversion?)`,
        page: g.titleBlock?.page ?? null,
        table: g.template!.id,
        ...(g.titleBlock?.lineNo !== undefined ? { line: g.titleBlock.lineNo } : {}),
      });
      continue;
    }
    const built = guardedBuild(g);
    tables.push(built.table);
    flags.push(...built.flags);
  }

  // Listed (目录 or a title) but no table found: missing.
  const found = new Set(tables.filter((t) => t.status !== 'illegible' || t.rows.length > 0 || flags.some((f) => f.kind === 'illegible' && f.table === t.template)).map((t) => t.template));
  // A table printed under the listed title whose body matched no template (kept as `other`) is
  // printed, not missing: its recognition says why it is not the template.
  for (const t of tables) {
    const m = t.template === 'other' && t.title ? matchTitle(t.title) : null;
    if (m) found.add(m.template.id);
  }
  const missing = new Map<string, { template: TemplateSpec; block: TextBlock }>();
  for (const l of listed) if (!found.has(l.template.id) && !missing.has(l.template.id)) missing.set(l.template.id, l);
  for (const [id, l] of missing) {
    if (flags.some((f) => f.kind === 'missing_table' && f.table === id)) continue;
    flags.push({
      kind: 'missing_table',
      severity: 'warning',
      message: `${id} ${l.template.name} is named in the document ("${l.block.text.trim()}") but no table body follows it`,
      page: l.block.page,
      table: id,
      ...(l.block.lineNo !== undefined ? { line: l.block.lineNo } : {}),
    });
  }

  // The narrative part of a disclosure published as two files (情况说明 + 报表): it names the
  // national tables (目录, 详见附表) but prints none of them. One note for the document instead of a
  // missing or illegible table per title.
  const printed = tables.filter((t) => t.template !== 'other' && (t.rows.length > 0 || (t.records?.length ?? 0) > 0)).length;
  const missingFlags = flags.filter((f) => f.kind === 'missing_table');
  if (printed === 0 && !tables.some((t) => t.template === 'other' && t.rows.length > 0) && new Set(missingFlags.map((f) => f.table)).size >= 3) {
    const named = [...new Set(missingFlags.map((f) => f.table))];
    for (let i = flags.length - 1; i >= 0; i--) if (flags[i]!.kind === 'missing_table') flags.splice(i, 1);
    for (let i = tables.length - 1; i >= 0; i--) if (tables[i]!.status === 'illegible' && tables[i]!.rows.length === 0 && !flags.some((f) => f.kind === 'illegible' && f.table === tables[i]!.template)) tables.splice(i, 1);
    flags.push({
      kind: 'tables_published_separately',
      severity: 'info',
      message: `the document names ${named.length} national tables (${named.join(', ')}) but prints none of them: a narrative part whose tables are published as a separate file`,
      page: null,
      table: null,
    });
  }

  const { cover, ...facts } = documentFacts(doc.blocks, tables.filter((t) => t.template !== 'other').map((t) => (t.template.startsWith('FA') ? 'final_account' : 'budget')));
  // One part of a disclosure published as two files: the narrative (it names the tables, prints
  // none), or the tables without the cover and narrative (Beijing 附件2 报表, Jiangsu 报表).
  const nationalPrinted = new Set(tables.filter((t) => t.template !== 'other').map((t) => t.template)).size;
  const part = flags.some((f) => f.kind === 'tables_published_separately') ? 'narrative' : !cover && nationalPrinted >= 3 ? 'tables' : undefined;
  return { document: { ...facts, ...(part ? { part } : {}) }, tables, flags };
}

/** The national tables a 目录 table lists: each cell that reads as a known table title. */
function tocTableEntries(table: DetectedTable): { template: TemplateSpec; block: TextBlock }[] {
  const out: { template: TemplateSpec; block: TextBlock }[] = [];
  for (const row of table.rows) {
    for (const c of row.cells) {
      const text = c.text.trim();
      if (!isTitleText(text)) continue;
      const m = matchTitle(text);
      if (m) out.push({ template: m.template, block: { kind: 'text', text, page: c.page, box: c.box, listItem: true, ...(c.lineNo !== undefined ? { lineNo: c.lineNo } : {}) } });
    }
  }
  return out;
}

function blockOrder(doc: LaidOutDocument, g: Group): number {
  const anchor = g.titleBlock ?? g.illegible[0];
  const i = anchor ? doc.blocks.findIndex((b) => b === anchor || (b.kind === 'text' && anchor.kind === 'text' && b.lineNo === anchor.lineNo && b.page === anchor.page)) : -1;
  if (i >= 0) return i;
  const t = g.detected[0];
  return t ? doc.blocks.findIndex((b) => b.kind === 'table' && b.table === t) : Infinity;
}

/** x-centre of each grid column of a positioned table (null for delimited text). */
function columnCentres(t: DetectedTable): ({ x0: number; x1: number } | null)[] | null {
  if (t.method === 'delimited') return null;
  // Body cells place a column best; header labels only where the body has none.
  const { headerRows, bodyRows } = splitHeader(t);
  const collect = (rows: GridRow[]) => {
    const xs: { x0: number; x1: number }[][] = Array.from({ length: t.columnCount }, () => []);
    for (const r of rows) for (const c of r.cells) if (c.box && c.span === 1) xs[c.col]?.push({ x0: c.box.x0, x1: c.box.x1 });
    return xs.map((v) => (v.length === 0 ? null : { x0: Math.min(...v.map((b) => b.x0)), x1: Math.max(...v.map((b) => b.x1)) }));
  };
  const body = collect(bodyRows);
  const head = collect(headerRows);
  return body.map((x, k) => x ?? head[k] ?? null);
}

/** Puts a continuation row's cells in the column whose extent they overlap most (else the nearest). */
function realignRow(r: GridRow, cols: ({ x0: number; x1: number } | null)[]): GridRow {
  const cells = r.cells.map((c) => {
    if (!c.box) return c;
    const box = c.box;
    let best = c.col, score = -Infinity;
    cols.forEach((e, k) => {
      if (!e) return;
      const overlap = Math.min(box.x1, e.x1) - Math.max(box.x0, e.x0);
      const s = overlap > 0 ? overlap : -Math.abs((e.x0 + e.x1) / 2 - (box.x0 + box.x1) / 2) - 1e6;
      if (s > score) { score = s; best = k; }
    });
    return { ...c, col: best, span: 1 };
  });
  return { ...r, cells };
}

/** The template variant a title or header names (BU05 功能分类项级), if any. */
export function variantOf(tpl: TemplateSpec | null, title: string, paths: string[]): string | undefined {
  const t = normaliseTitle(title);
  const header = paths.join('');
  return tpl?.variants?.find((v) => (v.titles?.some((k) => t.includes(k)) ?? false) || (v.header !== undefined && v.header.length > 0 && v.header.every((h) => header.includes(h))))?.id;
}


/** Concatenates a group's detected tables (page continuations) into one grid. */
function mergeDetected(ds: DetectedTable[]): DetectedTable {
  if (ds.length === 1) return ds[0]!;
  const first = ds[0]!;
  const firstHeader = splitHeader(first);
  const rows = [...first.rows];
  const centres = columnCentres(first);
  const rowText = (r: GridRow) => r.cells.map((c) => c.text.replace(/\s+/g, '')).join('|');
  const headerTexts = new Set(firstHeader.headerRows.map(rowText));
  // A 合计 line printed again at the top of every page (Foshan) is the same line, not another.
  const isTotal = (r: GridRow) => /^(合计|总计)$/.test(r.cells.find((c) => c.text.trim() !== '')?.text.replace(/\s+/g, '') ?? '');
  const totals = new Set(first.rows.filter(isTotal).map((r) => r.cells.map((c) => c.text.replace(/\s+/g, '')).filter((t) => t !== '').join('|')));
  for (const d of ds.slice(1)) {
    // A header repeated on the next page is dropped; every other row is kept (a continuation
    // may start with rows that have no amounts, which are not a header).
    let skip = 0;
    while (skip < d.rows.length && headerTexts.has(rowText(d.rows[skip]!))) skip++;
    const h = splitHeader(d);
    const repeatsHeader = skip === 0 && h.headerRows.length > 0 && h.headerRows.every((r) => r.cells.every((c) => [...firstHeader.headerRows].some((fr) => fr.cells.some((fc) => fc.text.replace(/\s+/g, '') === c.text.replace(/\s+/g, '')))));
    const part = (repeatsHeader ? h.bodyRows : d.rows.slice(skip)).filter((r, i) => !(i < 3 && isTotal(r) && totals.has(r.cells.map((c) => c.text.replace(/\s+/g, '')).filter((t) => t !== '').join('|'))));
    // A continuation detected on its own may have fewer columns (those with values on that
    // page): its cells are put back in the first part's columns by position on the page.
    rows.push(...(centres ? part.map((r) => realignRow(r, centres)) : part));
  }
  return {
    method: first.method,
    pages: [...new Set(ds.flatMap((d) => d.pages))],
    rows,
    columnCount: Math.max(...ds.map((d) => d.columnCount)),
    boxes: ds.flatMap((d) => d.boxes),
    confidence: Math.min(...ds.map((d) => d.confidence)),
  };
}

/**
 * An internal error while building one table degrades that table, never the document: the
 * table is read again as a table of no known template (every number kept), and flagged with the
 * stage and the message. Should even that fail, an empty partial table stands in its place.
 */
function guardedBuild(g: Group): { table: CanonicalTable; flags: Flag[] } {
  try {
    return buildTable(g);
  } catch (e) {
    const message = e instanceof Error ? e.message : String(e);
    const page = g.titleBlock?.page ?? g.detected[0]?.pages[0] ?? null;
    const flag: Flag = {
      kind: 'internal_error',
      severity: 'error',
      message: `recognise: building ${g.template?.id ?? 'a table'} "${g.title}" failed (${message}); ${g.template ? 'its cells are kept as a table of no known template' : 'the table is left empty'}`,
      page,
      table: g.template?.id ?? 'other',
    };
    if (g.template) {
      try {
        const fallback = buildTable({ ...g, template: null });
        fallback.table.status = 'partial';
        return { table: fallback.table, flags: [...fallback.flags, flag] };
      } catch { /* fall through to the empty table */ }
    }
    const unit = g.unit;
    return {
      table: { template: 'other', templateName: '', title: g.title, pages: page !== null ? [page] : [], status: 'partial', unit: { declared: unit, applied: unit ?? '万元', reason: null }, columns: [], rows: [], notes: g.notes, detection: null },
      flags: [flag],
    };
  }
}

function buildTable(g: Group): { table: CanonicalTable; flags: Flag[] } {
  const flags: Flag[] = [];
  const tpl = g.template;
  const id = tpl?.id ?? 'other';
  const page = g.titleBlock?.page ?? g.detected[0]?.pages[0] ?? g.illegible[0]?.page ?? null;
  const declared = g.unit;
  const applied: Unit = declared ?? '万元';
  const base: CanonicalTable = {
    template: id,
    templateName: tpl?.name ?? '',
    title: g.title,
    pages: page !== null ? [page] : [],
    status: 'ok',
    unit: { declared, applied, reason: declared ? null : 'no unit printed with the table; the template unit 万元 is assumed' },
    columns: [],
    rows: [],
    notes: g.notes,
    detection: null,
    ...(g.recognition ? { recognition: g.recognition } : {}),
  };
  if (g.detected.length === 0) {
    for (const b of g.illegible) {
      flags.push({ kind: 'illegible', severity: 'error', message: `${id} ${tpl?.name ?? g.title}: the converter marked the table unreadable ("${b.text.trim().slice(0, 40)}")`, page: b.page, table: id, ...(b.lineNo !== undefined ? { line: b.lineNo } : {}) });
    }
    base.status = 'illegible';
    const variant = variantOf(tpl, g.title, []);
    if (variant) base.variant = variant;
    if (g.illegible[0]?.lineNo !== undefined) base.lines = { from: g.illegible[0]!.lineNo!, to: g.illegible[g.illegible.length - 1]!.lineNo! };
    return { table: base, flags };
  }
  const detected = mergeDetected(g.detected);
  const header = splitHeader(detected);
  base.pages = detected.pages;
  const variant = variantOf(tpl, g.title, header.paths);
  if (variant) base.variant = variant;
  base.detection = { method: detected.method, confidence: detected.confidence };
  if (detected.boxes.length > 0) base.boxes = detected.boxes;
  const lineNos = detected.rows.map((r) => r.lineNo).filter((n): n is number => n !== undefined);
  if (lineNos.length > 0) base.lines = { from: Math.min(...lineNos), to: Math.max(...lineNos) };

  if (tpl?.layout === 'records') {
    // Each form keeps its own header and project lines.
    const all = g.detected.flatMap((d) => d.rows);
    base.records = recordRows(tpl, all);
    base.status = base.records.length > 0 ? 'ok' : all.length > 0 ? 'partial' : 'empty';
    // The forms' amounts (资金总额 …) are kept as cells too, each in its printed row and column.
    keepUnplaced({ headerRows: [], bodyRows: all, paths: [], numbers: [] }, base.rows, base.columns, applied, { textAmounts: true });
    return { table: base, flags };
  }
  let built: BuiltRows;
  if (!tpl) built = otherRows(header, detected.columnCount, applied);
  else if (tpl.layout === 'sided') built = sidedRows(tpl, header, detected.columnCount, applied);
  else if (tpl.layout === 'groups') built = groupRows(tpl, header, detected.columnCount, applied);
  else if (tpl.layout === 'matrix') built = matrixRows(tpl, header, detected.columnCount, applied);
  else built = codedRows(tpl, header, detected.columnCount, applied);
  base.columns = built.columns;
  base.rows = built.rows;
  flags.push(...summariseRealigned(built.flags, id, page));
  // Text cells that state amounts (a project's 概述 "资金1550万元") are kept too, as printed.
  const kept = tpl ? keepUnplaced(header, base.rows, base.columns, applied, { textAmounts: true }) : { kept: 0, keys: [] };
  if (kept.kept > 0) {
    // Every number is kept; the template's own columns are mapped (or flagged on their own), so
    // extra printed columns (上年 comparisons, breakdowns) do not make the table partial.
    flags.push({
      kind: 'unmapped_values',
      severity: 'info',
      message: `${id}: ${kept.kept} printed amount${kept.kept > 1 ? 's' : ''} in column${kept.keys.length > 1 ? 's' : ''} or rows the template does not map ${kept.kept > 1 ? 'are' : 'is'} kept under the printed header (${kept.keys.slice(0, 6).join(', ')}${kept.keys.length > 6 ? ', …' : ''})`,
      page,
      table: id,
    });
  }

  const hasValues = base.rows.some((r) => Object.values(r.cells).some((c) => c.yuan !== null));
  let status: TableStatus = 'ok';
  if (!tpl) status = base.rows.some((r) => Object.keys(r.cells).length > 0) ? 'ok' : 'empty';
  else if (!hasValues) status = 'empty';
  else if (built.flags.some((f) => f.severity !== 'info')) status = 'partial';
  base.status = status;
  if (status === 'empty' && tpl && base.notes.length === 0) {
    flags.push({ kind: 'empty_without_note', severity: 'info', message: `${id} is printed without data and without a sentence saying why`, page, table: id });
  }
  return { table: base, flags };
}

/** Realigned rows (info) are reported once per table; unassigned values stay one flag each. */
function summariseRealigned(flags: Flag[], id: string, page: number | null): Flag[] {
  const info = flags.filter((f) => f.kind === 'misaligned_row' && f.severity === 'info');
  const rest = flags.filter((f) => !info.includes(f));
  if (info.length <= 1) return flags;
  const names = info.map((f) => /row "([^"]*)"/.exec(f.message)?.[1] ?? '?');
  return [
    ...rest,
    {
      kind: 'misaligned_row',
      severity: 'info',
      message: `${id}: ${info.length} rows printed with their values out of line with the header were realigned (each cell records the shift): ${names.slice(0, 8).join(', ')}${names.length > 8 ? ', …' : ''}`,
      page,
      table: id,
    },
  ];
}

export { ALL_TEMPLATES };
