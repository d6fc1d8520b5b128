import { describe, expect, it } from 'vitest';
import { parseAmount, toYuan } from '../src/normalise/amount.js';
import { cleanLabel, joinSplitCode, splitCodeName } from '../src/normalise/code.js';

const yuan = (raw: string, unit: '万元' | '元' = '万元') => {
  const p = parseAmount(raw);
  return p.kind === 'number' ? toYuan(p.value, unit) : p.kind;
};

describe('printed amounts', () => {
  it.each([
    ['811.25', '8112500'],
    ['3,927.98', '39279800'],
    ['2, 024. 59', '20245900'],
    ['1635. 3', '16353000'],
    ['10.0 0', '100000'],
    ['３．２０', '32000'],
    ['0', '0'],
    ['0.00', '0'],
    ['-3.2', '-32000'],
    ['(3.2)', '-32000'],
    ['0.0001', '1'],
  ])('%s 万元 → %s 元', (raw, want) => expect(yuan(raw)).toBe(want));

  it('keeps yuan tables in yuan, exactly', () => {
    expect(yuan('100,000.00', '元')).toBe('100000');
    expect(yuan('0.1', '万元')).toBe('1000');
    // Binary floating point would give 1234567.8899999999.
    expect(yuan('123.45678899', '万元')).toBe('1234567.8899');
  });

  it.each(['', '  ', '-', '—', '－－', '/'])('"%s" is a blank', (raw) => expect(parseAmount(raw).kind).toBe('blank'));
  it.each(['行政运行', '12,34', '1.2.3', '86.91%', '[illegible]'])('"%s" is not an amount', (raw) => expect(parseAmount(raw).kind).toBe('text'));
});

describe('codes and labels', () => {
  it('joins codes split over 类/款/项', () => {
    expect(joinSplitCode(['201', '06', '01'])).toBe('2010601');
    expect(joinSplitCode(['201', '', ''])).toBe('201');
    expect(joinSplitCode(['201', '20106', '2010601'])).toBe('2010601');
  });
  it('splits a code merged with its name', () => {
    expect(splitCodeName('201 一般公共服务支出')).toEqual({ code: '201', name: '一般公共服务支出' });
    expect(splitCodeName('310资本性支出')).toEqual({ code: '310', name: '资本性支出' });
    expect(splitCodeName('2024.59')).toBeNull();
  });
  it('cleans labels', () => {
    expect(cleanLabel('二十六、抗疫特别国债安排的支出')).toBe('抗疫特别国债安排的支出');
    expect(cleanLabel('（一）机关 运行经费')).toBe('机关运行经费');
    expect(cleanLabel('3.20')).toBe('3.20');
  });
});
