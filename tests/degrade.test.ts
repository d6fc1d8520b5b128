import { describe, expect, it, vi } from 'vitest';
import { join } from 'node:path';
import { convertFile } from '../src/pipeline.js';
import { CORPUS, schemaErrors } from './helpers.js';

/**
 * An internal error degrades one table or one page, never the document: the stages are made to
 * fail on purpose (a row builder on every coded table; stream layout on one page).
 */
vi.mock('../src/recognise/rows.js', async (importOriginal) => {
  const real = await importOriginal<typeof import('../src/recognise/rows.js')>();
  return { ...real, codedRows: () => { throw new Error('injected row-builder failure'); } };
});
vi.mock('../src/layout/stream.js', async (importOriginal) => {
  const real = await importOriginal<typeof import('../src/layout/stream.js')>();
  return {
    ...real,
    classifyLines: (...args: Parameters<typeof real.classifyLines>) => {
      if (args[1] === 3) throw new Error('injected layout failure');
      return real.classifyLines(...args);
    },
  };
});

describe('an internal error degrades one table or page, never the document', () => {
  it('a failing table builder leaves that table as `other` with every number, flagged with the stage', async () => {
    const r = await convertFile(join(CORPUS, 'jianghan-gov-office-2022-budget.txt'));
    expect(schemaErrors(r)).toEqual([]);
    const flags = r.flags.filter((f) => f.kind === 'internal_error');
    expect(flags.length).toBeGreaterThan(0);
    for (const f of flags) expect(f.message).toMatch(/^recognise: building BU\d+ .*injected row-builder failure.*kept as a table of no known template/);
    // The degraded tables keep their amounts; the others (sided, matrix …) are still recognised.
    const degraded = r.tables.filter((t) => t.template === 'other' && t.status === 'partial');
    expect(degraded.length).toBe(flags.length);
    expect(degraded.filter((t) => t.rows.some((row) => Object.values(row.cells).some((c) => c.yuan !== null))).length).toBeGreaterThan(2);
    expect(r.tables.some((t) => t.template === 'BU01' && t.status === 'ok')).toBe(true);
    expect(r.assessment!.status).toBe('partial');
  });

  it('a page that cannot be laid out keeps its text and is flagged; the other pages are read', async () => {
    const r = await convertFile(join(CORPUS, 'putuo-social-work-2024-final.pdf'));
    expect(schemaErrors(r)).toEqual([]);
    const f = r.flags.find((x) => x.kind === 'internal_error' && x.page === 3);
    expect(f?.message).toMatch(/^layout: page 3 could not be laid out \(injected layout failure\)/);
    // (The coded tables are degraded by the other injected failure; the sided and grouped ones are read.)
    expect(r.tables.filter((t) => ['FA01', 'FA04', 'FA06'].includes(t.template) && t.status === 'ok')).toHaveLength(3);
    expect(r.unplaced!.every((u) => u.page !== 3 || u.reason.length > 0)).toBe(true);
  });
});
