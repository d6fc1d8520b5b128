import type { CanonicalResult, CellRef, CheckResult } from '../model/canonical.js';
import type { LaidOutDocument } from '../model/layout.js';
import { templateById } from '../recognise/registry.js';

/** Template leftovers: "XX局", "××", "某某", "待填写", "（单位名称）". */
const PLACEHOLDER = /[XＸxｘ×]{2,}|某某|待填写|待补充|[（(]\s*(?:单位|部门)名称\s*[）)]/;
const norm = (s: string) => s.replace(/\s+/g, '').replace(/[（(]/g, '(').replace(/[）)]/g, ')');

const textRef = (text: string, page: number | null, line?: number): CellRef => ({ table: 'text', row: text.slice(0, 40), column: '', page, ...(line !== undefined ? { line } : {}), raw: text });

/**
 * Document consistency: the year in table titles, the department named in tables, template
 * placeholders left in, tables named but absent, empty tables without their 说明.
 */
export function consistencyChecks(result: CanonicalResult, doc: LaidOutDocument): CheckResult[] {
  const out: CheckResult[] = [];
  const year = result.document.year;
  if (year !== null) {
    const wrong = result.tables.filter((t) => {
      const m = /((?:19|20)\d{2})\s*年/.exec(t.title);
      return m !== null && Number(m[1]) !== year;
    });
    out.push(
      wrong.length === 0
        ? { id: 'doc.year.titles', status: 'pass', message: `every dated table title says ${year}` }
        : {
            id: 'doc.year.titles',
            status: 'fail',
            message: `table titles dated other than the document's year ${year}: ${wrong.map((t) => `${t.template} "${t.title}"`).join('; ')}`,
            expected: String(year),
            actual: wrong.map((t) => /((?:19|20)\d{2})\s*年/.exec(t.title)![1]).join(', '),
            cells: wrong.map((t) => ({ table: t.template, row: 'title', column: '', page: t.pages[0] ?? null, ...(t.lines ? { line: t.lines.from } : {}), raw: t.title })),
          },
    );
  }
  const dept = result.document.department;
  if (dept && !PLACEHOLDER.test(dept)) {
    const named = doc.blocks.flatMap((b) => {
      if (b.kind !== 'text') return [];
      const m = /^(?:部门|填报单位|单位名称|预算单位)[:：]\s*(\S+)/.exec(b.text.trim());
      return m ? [{ name: m[1]!, b }] : [];
    });
    // Tables often use a short form (区委办 for 中国共产党…区委员会办公室): a name whose characters
    // nearly all occur in the cover's name is the same department; another department's name is not.
    const chars = (s: string) => [...norm(s).replace(/[()（）:：、，,.\s]/g, '')];
    const same = (a: string) => {
      const cs = chars(a);
      return cs.length === 0 || cs.filter((c) => norm(dept).includes(c)).length / cs.length >= 0.9;
    };
    const differ = named.filter((n) => !/^[（(].*[）)]$/.test(n.name) && !same(n.name));
    if (named.length > 0) {
      out.push(
        differ.length === 0
          ? { id: 'doc.department', status: 'pass', message: `the tables name the department as the cover does (${dept})` }
          : { id: 'doc.department', status: 'fail', message: `the cover names ${dept} but tables name ${[...new Set(differ.map((d) => d.name))].join(', ')}`, expected: dept, actual: differ[0]!.name, cells: differ.map((d) => textRef(d.b.text, d.b.page, d.b.lineNo)) },
      );
    }
  }
  const leftovers = [
    ...result.tables.filter((t) => PLACEHOLDER.test(t.title)).map((t) => ({ text: t.title, page: t.pages[0] ?? null, line: t.lines?.from })),
    ...(dept && PLACEHOLDER.test(dept) ? [{ text: `department: ${dept}`, page: null, line: undefined }] : []),
    ...result.narrative.filter((s) => PLACEHOLDER.test(s.text)).map((s) => ({ text: s.text, page: s.page, line: s.line })),
  ];
  out.push(
    leftovers.length === 0
      ? { id: 'doc.placeholders', status: 'pass', message: 'no template placeholders (XX, ××, 待填写) left in titles, department or narrative' }
      : { id: 'doc.placeholders', status: 'fail', message: `template placeholders left in: ${leftovers.map((l) => `"${l.text.slice(0, 40)}"`).join('; ')}`, cells: leftovers.map((l) => textRef(l.text, l.page, l.line)) },
  );
  for (const f of result.flags.filter((x) => x.kind === 'missing_table')) {
    // Named in the document (a 目录 entry, a title without a body: page or line known), or
    // expected by the national set.
    const named = f.page !== null || f.line !== undefined;
    out.push({ id: `doc.tables.${named ? 'listed' : 'expected'}[${f.table}]`, status: 'fail', message: f.message, cells: [{ table: f.table ?? '', row: '', column: '', page: f.page, ...(f.line !== undefined ? { line: f.line } : {}) }] });
  }
  const texts = doc.blocks.flatMap((b) => (b.kind === 'text' ? [{ text: b.text.replace(/\s+/g, ''), page: b.page }] : []));
  for (const t of result.tables) {
    if (t.status !== 'empty' || t.template === 'other') continue;
    const tpl = templateById(t.template);
    // Explained beside the table, or in the explanation (情况说明) that says why ("三公经费预算数为0").
    const said = tpl?.emptyNote ? texts.find((s) => tpl.emptyNote!.test(s.text)) : undefined;
    const explained = t.notes.some((n) => (tpl?.emptyNote?.test(n) ?? false) || /^说明|没有|无|未/.test(n)) || said !== undefined;
    const cells = [{ table: t.template, row: 'title', column: '', page: t.pages[0] ?? null, raw: t.title }];
    const proof = explained ? null : noneOfFund(result, tpl?.fund);
    out.push(
      explained
        ? { id: `doc.empty_note[${t.template}]`, status: 'pass', message: `${t.template} is empty and says why${said && !t.notes.length ? ` (p${said.page ?? '?'}: "${said.text.slice(0, 40)}")` : ''}` }
        : proof
          ? { id: `doc.empty_note[${t.template}]`, status: 'info', message: `${t.template} ${t.templateName} is printed without data and without a sentence saying why; it is rightly empty: ${proof}`, cells }
          : { id: `doc.empty_note[${t.template}]`, status: 'fail', message: `${t.template} ${t.templateName} is printed without data and without a sentence saying why`, cells },
    );
  }
  return out;
}

const FUND_NAME = { general_budget: '一般公共预算', gov_fund: '政府性基金预算', state_capital: '国有资本经营预算' } as const;

/**
 * Whether the 财政拨款收支总表 (BU04) shows none of a fund: its expenditure 总计 row has that fund's
 * column blank or 0. Returns the evidence in words, or null when BU04 does not prove it.
 */
function noneOfFund(result: CanonicalResult, fund: keyof typeof FUND_NAME | undefined): string | null {
  if (!fund) return null;
  const bu04 = result.tables.find((t) => t.template === 'BU04' && t.rows.some((r) => Object.values(r.cells).some((c) => c.yuan !== null && c.yuan !== '0')));
  if (!bu04) return null;
  if (!bu04.columns.some((c) => c.key === fund)) {
    // No column per fund: the income side lists each fund on its own line.
    const word = FUND_NAME[fund].replace(/预算$/, '');
    const line = bu04.rows.find((r) => r.side === 'income' && !r.total && r.label.includes(word));
    if (!line || Object.values(line.cells).some((c) => c.yuan !== null && c.yuan !== '0')) return null;
    const c = Object.values(line.cells)[0];
    return `BU04 ${line.label} prints ${c ? c.raw : 'nothing'} (p${line.page ?? '?'})`;
  }
  const totals = bu04.rows.filter((r) => r.total && r.side === 'expenditure');
  const grand = totals.find((r) => /总计/.test(r.label)) ?? totals[totals.length - 1];
  if (!grand || !Object.values(grand.cells).some((c) => c.yuan !== null && c.yuan !== '0')) return null;
  const v = grand.cells[fund];
  if (v && v.yuan !== null && v.yuan !== '0') return null;
  return `BU04 ${grand.label} prints ${v ? v.raw : 'nothing'} under ${FUND_NAME[fund]} (p${grand.page ?? '?'})`;
}
