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
