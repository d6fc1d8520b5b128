import { demoteProse } from './prose.js';
import type { Page, SourceDocument, TextLine } from '../model/document.js';
import type { Block, LaidOutDocument, LayoutProblem } from '../model/layout.js';
import { delimitedTable } from './delimited.js';
import { detectLattices } from './lattice.js';
import { groupRunsIntoLines } from './lines.js';
import { classifyLines, streamBlocks, type StreamSettings } from './stream.js';

/** The layout stage: a SourceDocument → text blocks and detected tables in reading order. */
export function layoutDocument(doc: SourceDocument): LaidOutDocument {
  const blocks: Block[] = [];
  const problems: LayoutProblem[] = [];
  for (const page of doc.pages) {
    try {
      blocks.push(...demoteProse(layoutPage(page)));
    } catch (e) {
      // An internal error on one page degrades that page, never the document: its text is kept
      // as plain lines (so the narrative and the ledger still see it) and the problem is reported.
      problems.push({ page: page.number, stage: 'layout', message: e instanceof Error ? e.message : String(e) });
      blocks.push(...plainText(page));
    }
  }
  const laid: LaidOutDocument = {
    source: doc.source,
    pages: doc.pages.map((p) => ({ number: p.number, width: p.width, height: p.height, rotation: p.rotation, source: p.source })),
    blocks,
  };
  if (problems.length > 0) laid.problems = problems;
  return laid;
}

/** A page's text as lines, without any table detection (the fallback when layout fails on it). */
function plainText(page: Page): Block[] {
  const lines = page.lines.length > 0 ? page.lines : [...page.runs].sort((a, b) => a.box.y0 - b.box.y0 || a.box.x0 - b.box.x0).map((r, i) => ({ lineNo: i + 1, text: r.text, runs: [r] }));
  return lines.map((l) => {
    const b: Block = { kind: 'text', text: l.text, page: page.number, lineNo: l.lineNo, box: l.runs[0]?.box ?? null };
    return b;
  });
}

export function settingsFor(page: Page, lines: TextLine[]): StreamSettings {
  if (page.source === 'text-dump') return { joinGap: 1, cellGap: 2, proseWidth: 44, lineHeight: 1 };
  const heights = lines.flatMap((l) => l.runs.map((r) => r.box.y1 - r.box.y0)).sort((a, b) => a - b);
  const f = heights[Math.floor(heights.length / 2)] ?? 10;
  return { joinGap: f * 0.6, cellGap: f * 0.9, proseWidth: page.width * 0.55, lineHeight: f * 1.3 };
}

/**
 * A page with ruling lines: ruled tables come from the line grid (lattice); the text outside
 * them goes through stream detection; blocks are put back in reading order (top to bottom).
 */
function withLattices(page: Page): Block[] {
  const lattices = detectLattices(page.rules, page.runs, page.number);
  if (lattices.length === 0) return layoutPage({ ...page, rules: [] });
  const used = new Set(lattices.flatMap((l) => [...l.used]));
  const rest = layoutPage({ ...page, rules: [], runs: page.runs.filter((r) => !used.has(r)) });
  const tables: Block[] = lattices.map((l) => ({ kind: 'table', table: l.table }));
  const top = (b: Block) => (b.kind === 'text' ? b.box?.y0 ?? 0 : b.table.boxes[0]?.box.y0 ?? 0);
  return [...rest, ...tables].sort((a, b) => top(a) - top(b));
}

export function layoutPage(page: Page): Block[] {
  if (page.lines.length === 0 && page.rules.length > 0) return withLattices(page);
  const lines = page.lines.length > 0 ? page.lines : groupRunsIntoLines(page.runs);
  const settings = settingsFor(page, lines);
  const out: Block[] = [];
  let i = 0;
  while (i < lines.length) {
    if (lines[i]!.cells) {
      let j = i;
      while (j < lines.length && lines[j]!.cells) j++;
      out.push({ kind: 'table', table: delimitedTable(lines.slice(i, j), page.number) });
      i = j;
    } else {
      let j = i;
      while (j < lines.length && !lines[j]!.cells) j++;
      out.push(...streamBlocks(classifyLines(lines.slice(i, j), page.number, settings), settings));
      i = j;
    }
  }
  return out;
}
