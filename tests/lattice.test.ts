import { describe, expect, it } from 'vitest';
import { detectLattices } from '../src/layout/lattice.js';
import type { TextRun } from '../src/model/document.js';
import type { Rule } from '../src/model/geometry.js';

/** A ruled 3-column table built in the test: a spanning header, a wrapped label, two amounts. */
const h = (y: number, x0: number, x1: number): Rule => ({ x0, y0: y, x1, y1: y });
const v = (x: number, y0: number, y1: number): Rule => ({ x0: x, y0, x1: x, y1 });
const run = (text: string, x0: number, y0: number, w = 20, hgt = 8): TextRun => ({ text, box: { x0, y0, x1: x0 + w, y1: y0 + hgt } });

describe('lattice detection', () => {
  const rules: Rule[] = [
    h(100, 50, 350), h(120, 50, 350), h(140, 50, 350), h(180, 50, 350),
    v(50, 100, 180), v(350, 100, 180), v(150, 100, 180),
    // No border between the two amount columns in the first band: 本年支出 spans them.
    v(250, 120, 180),
  ];
  const runs = [
    run('项目', 60, 106), run('本年支出', 230, 106, 40),
    run('科目名称', 60, 126), run('基本支出', 160, 126), run('项目支出', 260, 126),
    run('机关事业单位基本养老保险缴费', 60, 146, 85), run('支出', 60, 160), run('6.18', 200, 152), run('0.00', 300, 152),
    run('outside', 60, 300),
  ];
  const [lat] = detectLattices(rules, runs, 3);

  it('finds the grid, its columns and its box', () => {
    expect(lat).toBeDefined();
    expect(lat!.table).toMatchObject({ method: 'lattice', columnCount: 3, pages: [3] });
    expect(lat!.box).toEqual({ x0: 50, y0: 100, x1: 350, y1: 180 });
    expect(lat!.used.has(runs[runs.length - 1]!)).toBe(false);
  });

  it('gives a header cell whose inner border is missing its span', () => {
    const top = lat!.table.rows[0]!.cells;
    expect(top.find((c) => c.text === '本年支出')).toMatchObject({ col: 1, span: 2 });
  });

  it('joins a label wrapped inside its cell and keeps each amount in its own cell', () => {
    const body = lat!.table.rows[2]!.cells;
    expect(body.map((c) => [c.col, c.text])).toEqual([[0, '机关事业单位基本养老保险缴费支出'], [1, '6.18'], [2, '0.00']]);
    expect(body[1]!.box).toEqual({ x0: 150, y0: 140, x1: 250, y1: 180 });
  });
});

describe('lattice: a label drawn past its cell border', () => {
  // Xi'an 基本支出明细表: "机关事业单位基本养老保险缴费" + "支" (the next run, no gap) crosses into 合计.
  const rules: Rule[] = [h(100, 50, 350), h(120, 50, 350), h(140, 50, 350), v(50, 100, 140), v(200, 100, 140), v(350, 100, 140)];
  const runs = [
    run('科目名称', 60, 106), run('合计', 260, 106),
    { text: '机关事业单位基本养老保险缴费', box: { x0: 60, y0: 126, x1: 195, y1: 134 } },
    { text: '支', box: { x0: 195, y0: 126, x1: 209, y1: 134 } },
    run('2947399.16', 290, 126, 55),
  ];
  const [lat] = detectLattices(rules, runs, 1);

  it('keeps the fragment with the text it continues, the amount alone in its cell', () => {
    expect(lat!.table.rows[1]!.cells.map((c) => [c.col, c.text])).toEqual([[0, '机关事业单位基本养老保险缴费支'], [1, '2947399.16']]);
  });

  it('splits a label\'s overflow read together with the next cell\'s amount (one run "缴费支出43608.96")', () => {
    const glued = [runs[0]!, runs[1]!, { text: '机关事业单位职业年金', box: { x0: 60, y0: 126, x1: 195, y1: 134 } }, { text: '缴费支出43608.96', box: { x0: 195, y0: 126, x1: 345, y1: 134 } }];
    const [l3] = detectLattices(rules, glued, 1);
    expect(l3!.table.rows[1]!.cells.map((c) => [c.col, c.text])).toEqual([[0, '机关事业单位职业年金缴费支出'], [1, '43608.96']]);
  });

  it('gives a label its closing bracket drawn past the border with the amount ("机关资本性支出（一" + "）104.31", Xi\'an)', () => {
    const glued = [runs[0]!, runs[1]!, { text: '3、机关资本性支出（一', box: { x0: 60, y0: 126, x1: 195, y1: 134 } }, { text: '）104.31', box: { x0: 195, y0: 126, x1: 345, y1: 134 } }];
    const [l4] = detectLattices(rules, glued, 1);
    expect(l4!.table.rows[1]!.cells.map((c) => [c.col, c.text])).toEqual([[0, '3、机关资本性支出（一）'], [1, '104.31']]);
  });

  it('still places a separate word by its centre', () => {
    const apart = [...runs.slice(0, 3), { text: '支', box: { x0: 205, y0: 126, x1: 219, y1: 134 } }, runs[4]!];
    const [l2] = detectLattices(rules, apart, 1);
    expect(l2!.table.rows[1]!.cells.map((c) => [c.col, c.text])).toEqual([[0, '机关事业单位基本养老保险缴费'], [1, '支2947399.16']]);
  });
});
