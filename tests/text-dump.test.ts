import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import iconv from 'iconv-lite';
import { readTextDump } from '../src/read/text-dump.js';
import { convertBytes } from '../src/pipeline.js';

const SAMPLE = [
  '# 2023年度某某局部门决算',
  '## 2023年度一般公共预算财政拨款支出决算表',
  '单位：万元',
  '项目\t\t\t本年支出\t\t',
  '功能分类科目编码\t\t\t科目名称\t小计\t基本支出\t项目支出',
  '类\t款\t项\t栏次\t1\t2\t3',
  '\t\t\t<b>合计</b>\t1,234.50\t1,000.00\t234.50',
  '201\t\t\t一般公共服务支出\t1,234.50\t1,000.00\t234.50',
  '2013101\t\t\t行政运行\t1,234.50\t1,000.00\t234.50',
  '',
  '注：本表反映部门本年度一般公共预算财政拨款支出情况。',
].join('\n');

describe('text-dump reader', () => {
  it('detects UTF-8, UTF-8 with BOM and GB18030', () => {
    const utf8 = new TextEncoder().encode(SAMPLE);
    const bom = new Uint8Array([0xef, 0xbb, 0xbf, ...utf8]);
    const gbk = new Uint8Array(iconv.encode(SAMPLE, 'gbk'));
    const docs = [readTextDump(utf8, 'a.txt'), readTextDump(bom, 'b.txt'), readTextDump(gbk, 'c.txt')];
    expect(docs.map((d) => d.source.encoding)).toEqual(['UTF-8', 'UTF-8 (BOM)', 'GB18030']);
    for (const d of docs) expect(d.pages[0]!.lines.map((l) => l.text)).toContain('2023年度一般公共预算财政拨款支出决算表');
  });

  it('strips markdown and HTML, keeps tab cells', () => {
    const doc = readTextDump(new TextEncoder().encode(SAMPLE), 'a.txt');
    const total = doc.pages[0]!.lines.find((l) => l.cells?.includes('合计'))!;
    expect(total.cells).toEqual(['', '', '', '合计', '1,234.50', '1,000.00', '234.50']);
    expect(total.bold).toBe(true);
    expect(doc.pages[0]!.lines[0]!.heading).toBe(1);
  });

  it('converts the same dump identically whatever its encoding', async () => {
    const a = await convertBytes(new TextEncoder().encode(SAMPLE), 'a.txt');
    const b = await convertBytes(new Uint8Array(iconv.encode(SAMPLE, 'gb18030')), 'a.txt');
    const cells = (r: typeof a) => r.tables.flatMap((t) => t.rows.map((x) => [x.code, x.label, Object.values(x.cells).map((c) => c.yuan)]));
    expect(cells(a)).toEqual(cells(b));
    const fa05 = a.tables.find((t) => t.template === 'FA05')!;
    expect(fa05.rows.find((r) => r.code === '2013101')!.cells).toMatchObject({ total: { yuan: '12345000' }, basic: { yuan: '10000000' }, project: { yuan: '2345000' } });
    expect(fa05.rows.find((r) => r.code === '2013101')!.level).toBe(3);
    expect(a.document).toMatchObject({ kind: 'final_account', year: 2023 });
  });

  it('reads space-aligned layout text (pdftotext -layout) by column position', async () => {
    // A wrapped-label excerpt in the shape pdftotext -layout prints (Shanghai 2024 FA05).
    const layout = readFileSync(new URL('./fixtures/layout-fa05.txt', import.meta.url));
    const r = await convertBytes(new Uint8Array(layout), 'layout.txt');
    const t = r.tables.find((x) => x.template === 'FA05')!;
    const row = (code: string) => t.rows.find((x) => x.code === code)!;
    expect(row('201').label).toBe('一般公共服务支出');
    expect(row('2013999')).toMatchObject({ label: '其他社会工作事务支出', cells: { total: { yuan: '2022400' }, project: { yuan: '2022400' } } });
    expect(row('2013999').cells.basic).toBeUndefined();
    expect(row('2013101').cells).toMatchObject({ total: { yuan: '513200' }, basic: { yuan: '513200' } });
    expect(t.rows.find((x) => x.total)!.cells.total!.yuan).toBe('2648700');
  });
});
