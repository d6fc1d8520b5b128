import { writeToString } from 'fast-csv';
import { FINAL_ACCOUNT_SUMS, FINAL_ACCOUNT_PAIRS } from '../../extractors/checks/final-account.js';
import { FINAL_ACCOUNT_NARRATIVE } from '../../extractors/checks/narrative.js';
import { ALL_TEMPLATES } from '../recognise/registry.js';
import { DATASET_FILES } from '../emit/dataset.js';
import * as EN from './english.js';

/**
 * The codebook: what every English key, template id, column key, status and code in the outputs
 * means, in Chinese and English. Generated from extractors/ (template names, the titles regions
 * print, column keys with their Chinese labels, declared checks) and the English words in
 * english.ts; written as codebook.csv into every output folder and as docs/codebook.md.
 */
export interface CodebookEntry {
  /** template, title, column, record_field, document_kind, page_source, detection, side, table_status, document_status, check_status, verification, trust, flag_kind, correction, unit, level, check_id, check, dataset_column */
  section: string;
  key: string;
  /** The template the entry belongs to ('' when it applies everywhere). */
  template: string;
  zh: string;
  en: string;
}

export const CODEBOOK_COLUMNS = ['section', 'key', 'template', 'zh', 'en'] as const;
export const CODEBOOK_FILE = 'codebook.csv';

const pairs = (section: string, m: Record<string, [string, string]>): CodebookEntry[] =>
  Object.entries(m).map(([key, [zh, en]]) => ({ section, key, template: '', zh, en }));

export function buildCodebook(): CodebookEntry[] {
  const out: CodebookEntry[] = [];
  for (const t of ALL_TEMPLATES) {
    out.push({ section: 'template', key: t.id, template: t.id, zh: t.name, en: EN.TEMPLATE_EN[t.id] ?? '' });
    for (const title of t.titles) out.push({ section: 'title', key: t.id, template: t.id, zh: title, en: 'a title regions print for this table (keyword; years, quotes and brackets left out)' });
    const seen = new Set<string>();
    for (const c of t.columns) {
      // Sided tables list a key once per side: one entry per distinct label.
      if (seen.has(`${c.key}|${c.label}`)) continue;
      seen.add(`${c.key}|${c.label}`);
      out.push({ section: 'column', key: c.key, template: t.id, zh: c.label, en: EN.COLUMN_EN[c.key] ?? '' });
    }
    for (const f of t.recordFields ?? []) out.push({ section: 'record_field', key: f.key, template: t.id, zh: f.label, en: EN.RECORD_FIELD_EN[f.key] ?? '' });
  }
  out.push({ section: 'template', key: 'other', template: 'other', zh: '其他表', en: EN.TEMPLATE_EN.other! });
  out.push({
    section: 'column', key: 'c<N>', template: 'other', zh: '第 N 列（按印刷表头）',
    en: 'Column N as printed, in a table of no known template, or an amount outside the columns a template maps (c3_2 when a row has two); column_label holds the printed header',
  });
  out.push(...pairs('document_kind', EN.DOCUMENT_KIND));
  out.push(...pairs('page_source', EN.PAGE_SOURCE));
  out.push(...pairs('detection', EN.DETECTION));
  out.push(...pairs('side', EN.SIDE));
  out.push(...pairs('level', EN.LEVEL));
  out.push(...pairs('unit', EN.UNIT));
  out.push(...pairs('table_status', EN.TABLE_STATUS));
  out.push(...pairs('document_status', EN.DOCUMENT_STATUS));
  out.push(...pairs('check_status', EN.CHECK_STATUS));
  out.push(...pairs('verification', EN.VERIFICATION));
  out.push(...pairs('trust', EN.TRUST));
  out.push(...pairs('flag_kind', EN.FLAG_KIND));
  out.push(...pairs('correction', EN.CORRECTION_KIND));
  for (const [key, zh, en] of EN.CHECK_ID_GRAMMAR) out.push({ section: 'check_id', key, template: '', zh, en });
  for (const c of [...FINAL_ACCOUNT_SUMS, ...FINAL_ACCOUNT_PAIRS, ...FINAL_ACCOUNT_NARRATIVE]) {
    out.push({ section: 'check', key: c.id, template: c.id.match(/(?:FA|BU)\d\d/)?.[0] ?? '', zh: c.description, en: '' });
  }
  for (const [name, d] of Object.entries(DATASET_FILES)) {
    for (const col of d.columns) out.push({ section: 'dataset_column', key: col, template: d.file, zh: '', en: EN.DATASET_COLUMN_EN[col] ?? 'see the README, "The dataset"' });
    void name;
  }
  return out;
}

export async function codebookCsv(bom = true): Promise<string> {
  const rows = buildCodebook().map((e) => CODEBOOK_COLUMNS.map((k) => e[k]));
  return writeToString([[...CODEBOOK_COLUMNS], ...rows], { writeBOM: bom, includeEndRowDelimiter: true });
}

const md = (s: string) => s.replace(/\|/g, '\\|').replace(/\n/g, ' ');

const SECTION_TITLES: [string, string][] = [
  ['template', 'Templates 表样'],
  ['column', 'Column keys 列'],
  ['record_field', 'Record fields (performance-target tables) 绩效目标字段'],
  ['document_kind', 'Document kinds 文档类型'],
  ['page_source', 'Page sources (pages[].source) 页面来源'],
  ['detection', 'How a table was found (detection) 表格识别方式'],
  ['side', 'Sides of side-by-side tables 方'],
  ['level', 'Code levels 编码层级'],
  ['unit', 'Units 单位'],
  ['table_status', 'Table statuses 表状态'],
  ['document_status', 'Document statuses 文档状态'],
  ['check_status', 'Check statuses 勾稽结果'],
  ['verification', 'Table verification 表核对'],
  ['trust', 'Trust of a number (facts.csv `trust`) 可信度'],
  ['flag_kind', 'Flag kinds 提示类型'],
  ['correction', 'Correction kinds 更正类型'],
  ['check_id', 'Check-id grammar 勾稽编号'],
  ['check', 'Declared checks (extractors/checks) 勾稽关系'],
  ['dataset_column', 'Dataset columns 数据集字段'],
];

/** docs/codebook.md: the same entries as codebook.csv, as tables for reading. */
export function codebookMarkdown(): string {
  const entries = buildCodebook();
  const lines: string[] = [
    '# Codebook 代码表',
    '',
    '<!-- Generated by `npm run codebook` from extractors/ and src/codebook/english.ts: do not edit by hand. -->',
    '',
    'What the English keys and codes in the JSON, CSV and Excel outputs mean, in Chinese and English.',
    'The same list is written as `codebook.csv` into every output folder of `budget-tables extract`',
    '(columns `section, key, template, zh, en`).',
    '',
  ];
  for (const [section, title] of SECTION_TITLES) {
    const list = entries.filter((e) => e.section === section);
    if (list.length === 0) continue;
    lines.push(`## ${title}`, '');
    if (section === 'template') {
      const titles = entries.filter((e) => e.section === 'title');
      lines.push('| id | 名称 national name | English | titles regions print (keywords) |', '|---|---|---|---|');
      for (const e of list) lines.push(`| ${e.key} | ${md(e.zh)} | ${md(e.en)} | ${titles.filter((t) => t.key === e.key).map((t) => md(t.zh)).join('、')} |`);
    } else if (section === 'column' || section === 'record_field') {
      // One line per key: the Chinese labels it has in each template.
      const keys = [...new Set(list.map((e) => e.key))];
      lines.push('| key | English | 中文 (template: label as printed) |', '|---|---|---|');
      for (const k of keys) {
        const of = list.filter((e) => e.key === k);
        lines.push(`| \`${k}\` | ${md(of[0]!.en)} | ${of.map((e) => `${e.template}: ${md(e.zh)}`).join('; ')} |`);
      }
    } else if (section === 'dataset_column') {
      const keys = [...new Set(list.map((e) => e.key))];
      lines.push('| column | meaning | in |', '|---|---|---|');
      for (const k of keys) {
        const of = list.filter((e) => e.key === k);
        lines.push(`| \`${k}\` | ${md(of[0]!.en)} | ${of.map((e) => e.template).join(', ')} |`);
      }
    } else if (section === 'check') {
      lines.push('| id | 说明 |', '|---|---|');
      for (const e of list) lines.push(`| \`${e.key}\` | ${md(e.zh)} |`);
    } else {
      lines.push('| key | 中文 | English |', '|---|---|---|');
      for (const e of list) lines.push(`| \`${md(e.key)}\` | ${md(e.zh)} | ${md(e.en)} |`);
    }
    lines.push('');
  }
  return lines.join('\n');
}
