import type { Block, DetectedTable, TextBlock } from '../model/layout.js';

/**
 * Prose that stream detection took for a table: a narrative set in columns of text (a dump that
 * kept the page's spacing) lines up like cells, but its "cells" are pieces of sentences. Such a
 * block goes back to being text, one line per row, so the narrative reader sees its sentences
 * and no table invents facts from them. Only alignment-detected tables: ruled grids and
 * delimited cells are tables whatever they hold.
 */
const SENTENCE = /[，。；]/;

export function isProseTable(t: DetectedTable): boolean {
  if (t.method !== 'stream' || t.rows.length < 2) return false;
  const prose = t.rows.filter((r) => r.cells.some((c) => SENTENCE.test(c.text) && c.text.replace(/\s+/g, '').length >= 6)).length;
  return prose * 2 >= t.rows.length;
}

export function demoteProse(blocks: Block[]): Block[] {
  return blocks.flatMap((b): Block[] => {
    if (b.kind !== 'table' || !isProseTable(b.table)) return [b];
    return b.table.rows.map((r): TextBlock => {
      const text = [...r.cells].sort((a, c) => a.col - c.col).map((c) => c.text.trim()).join('');
      const block: TextBlock = { kind: 'text', text, page: r.page, box: r.box };
      if (r.lineNo !== undefined) block.lineNo = r.lineNo;
      return block;
    });
  });
}
