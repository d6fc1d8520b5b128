import type { TextLine, TextRun } from '../model/document.js';

/**
 * Groups positioned runs (PDF text layer, OCR words) into lines: runs whose vertical
 * centres lie within half a line height of each other share a line. Values printed on a
 * slightly different baseline than their label still join; a label wrapped onto two lines
 * does not (the stream stage joins those as fragments).
 */
export function groupRunsIntoLines(runs: readonly TextRun[]): TextLine[] {
  const sorted = runs
    .filter((r) => r.text.trim() !== '')
    .slice()
    .sort((a, b) => cy(a) - cy(b) || a.box.x0 - b.box.x0);
  const lines: { runs: TextRun[]; y: number; h: number }[] = [];
  for (const r of sorted) {
    const h = Math.max(1, r.box.y1 - r.box.y0);
    const last = lines[lines.length - 1];
    if (last && Math.abs(cy(r) - last.y) <= Math.min(last.h, h) * 0.5) {
      last.runs.push(r);
      last.y = (last.y * (last.runs.length - 1) + cy(r)) / last.runs.length;
      last.h = Math.max(last.h, h);
    } else {
      lines.push({ runs: [r], y: cy(r), h });
    }
  }
  return lines.map((l, i) => {
    const rs = l.runs.sort((a, b) => a.box.x0 - b.box.x0);
    return { lineNo: i + 1, text: rs.map((r) => r.text).join(' '), runs: rs, bold: rs.every((r) => r.bold) || undefined };
  });
}

function cy(r: TextRun): number {
  return (r.box.y0 + r.box.y1) / 2;
}
