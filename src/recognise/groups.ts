import type { TemplateSpec } from '../../extractors/types.js';
import type { Recognition, Unit } from '../model/canonical.js';
import type { DetectedTable, TextBlock } from '../model/layout.js';

/** A title bound to the detected table(s) that make its table, before the canonical table is built. */
export interface Group {
  template: TemplateSpec | null;
  title: string;
  titleBlock: TextBlock | null;
  labelNumber: number | null;
  unit: Unit | null;
  detected: DetectedTable[];
  notes: string[];
  illegible: TextBlock[];
  recognition?: Recognition;
}

export function lastPage(g: Group): number {
  return Math.max(...g.detected.flatMap((d) => d.pages));
}

/**
 * Whether `t` spans the same width as a table of the group (left and right edges within 1 % of
 * the width, ≥ 2 pt): the frame of one ruled table, whatever number of columns each piece shows.
 */
export function sameFrame(t: DetectedTable, g: Group): boolean {
  return t.boxes.some(({ box: a }) =>
    g.detected.some((d) =>
      d.boxes.some(({ box: b }) => {
        const tol = Math.max(2, 0.01 * Math.max(a.x1 - a.x0, b.x1 - b.x0));
        return Math.abs(a.x0 - b.x0) <= tol && Math.abs(a.x1 - b.x1) <= tol;
      }),
    ),
  );
}
