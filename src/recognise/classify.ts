import type { TemplateSpec } from '../../extractors/types.js';
import type { Recognition } from '../model/canonical.js';
import type { DetectedTable } from '../model/layout.js';
import { isCode, splitCodeName } from '../normalise/code.js';
import { splitHeader, type HeaderInfo } from './header.js';
import { ALL_TEMPLATES, titleCandidates } from './registry.js';

/**
 * Which template a table is, by evidence: the printed title (in canonical wording, with its
 * classification qualifier), the printed label (公开01表), the header (how many of the template's
 * columns its wording names) and the body (functional 2xx or economic 3xx/5xx codes). Each
 * candidate gets a score; the best must beat the runner-up clearly, or the table stays `other`.
 */

/** Weights of the evidence (points). */
const W = {
  title: 6,
  titlePerChar: 0.5,
  titleCap: 12,
  qualifier: 2,
  label: 3,
  headerColumn: 1,
  headerCap: 5,
  codesAgree: 3,
  codesContradict: -6,
  /** The national core set (BU01–BU14, FA01–FA09) before its regional variants on equal evidence. */
  core: 0.5,
};
/** How far the best must lead the runner-up. */
const MARGIN = 0.5;
/** An untitled table is recognised from its header and body alone only with this much evidence. */
const UNTITLED_MIN = 6;

const CORE = /^(BU(0\d|1[0-4])|FA0\d)$/;

export interface Classified {
  template: TemplateSpec | null;
  recognition: Recognition | null;
}

/** The classification the body's codes are in, and how many codes say so. */
export function bodyCodes(header: HeaderInfo): { kind: 'functional' | 'economic' | null; count: number } {
  let functional = 0;
  let economic = 0;
  for (const r of header.bodyRows) {
    // The first code of the row (a row may print a functional and an economic code side by side).
    for (const c of r.cells) {
      const t = c.text.trim();
      const code = isCode(t) ? t : splitCodeName(t)?.code;
      if (!code) continue;
      if (code.startsWith('2')) functional++;
      else if (code.startsWith('3') || code.startsWith('5')) economic++;
      break;
    }
  }
  const count = functional + economic;
  if (count < 2) return { kind: null, count };
  if (functional > count * 0.7) return { kind: 'functional', count: functional };
  if (economic > count * 0.7) return { kind: 'economic', count: economic };
  return { kind: null, count };
}

/** Column keys of the template (of any side) that some printed header names. */
function headerKeys(tpl: TemplateSpec, header: HeaderInfo): string[] {
  const keys = new Set<string>();
  for (const spec of tpl.columns) {
    for (const path of header.paths) {
      if (path === '' || spec.notHeader?.some((n) => path.includes(n))) continue;
      if (spec.header.some((alt) => alt.every((s) => path.includes(s)))) {
        keys.add(spec.key + (spec.side ? `@${spec.side}` : ''));
        break;
      }
    }
  }
  return [...keys];
}

interface Scored {
  template: TemplateSpec;
  score: number;
  evidence: string[];
}

export function classify(title: string, labelNumber: number | null, detected: DetectedTable[], titled: TemplateSpec | null): Classified {
  const header = detected[0] ? splitHeader(detected[0]) : null;
  const codes = header ? bodyCodes(header) : { kind: null, count: 0 };
  const fromTitle = title ? titleCandidates(title) : [];
  const pool = new Set<TemplateSpec>(fromTitle.map((m) => m.template));
  if (titled) pool.add(titled);
  // Without any title, every template of a coded or sided layout is a candidate; a printed title
  // that names no template says the table is something else.
  if (pool.size === 0 && title.trim() !== '') return { template: null, recognition: null };
  const untitled = pool.size === 0;
  if (untitled) for (const t of ALL_TEMPLATES) if (t.layout !== 'records') pool.add(t);
  const scored: Scored[] = [];
  for (const tpl of pool) {
    const evidence: string[] = [];
    let score = 0;
    const tm = fromTitle.find((m) => m.template === tpl);
    if (tm) {
      score += W.title + Math.min(tm.score, W.titleCap) * W.titlePerChar;
      evidence.push(`title names ${tm.keyword}`);
      if (tm.featureAgrees) {
        score += W.qualifier;
        evidence.push(`title says ${tpl.classification === 'economic' ? '经济分类' : '功能分类'}`);
      }
    } else if (tpl === titled) {
      score += W.title;
      evidence.push('title');
    }
    if (labelNumber !== null && tpl.labelNumbers?.includes(labelNumber)) {
      score += W.label;
      evidence.push(`label ${labelNumber}`);
    }
    if (header) {
      const keys = headerKeys(tpl, header);
      if (keys.length > 0) {
        score += Math.min(keys.length, W.headerCap) * W.headerColumn;
        evidence.push(`header names ${keys.join(', ')}`);
      }
    }
    if (codes.kind && tpl.classification) {
      if (codes.kind === tpl.classification) {
        score += W.codesAgree;
        evidence.push(`${codes.count} ${codes.kind} codes`);
      } else {
        score += W.codesContradict;
        evidence.push(`${codes.count} ${codes.kind} codes contradict`);
      }
    }
    if (CORE.test(tpl.id)) score += W.core;
    scored.push({ template: tpl, score, evidence });
  }
  scored.sort((a, b) => b.score - a.score);
  const best = scored[0];
  const runner = scored[1];
  if (!best) return { template: null, recognition: null };
  const recognition: Recognition = {
    score: round(best.score),
    evidence: best.evidence,
    runnerUp: runner ? { template: runner.template.id, score: round(runner.score) } : null,
  };
  const clear = !runner || best.score - runner.score >= MARGIN;
  const enough = untitled ? best.score >= UNTITLED_MIN : best.score >= W.title;
  if (!clear || !enough) {
    // Recorded on the `other` table: what came closest and why it did not win.
    return { template: null, recognition: { ...recognition, evidence: [`best ${best.template.id}: ${best.evidence.join('; ')}`, clear ? 'too little evidence' : 'no clear winner'], runnerUp: recognition.runnerUp } };
  }
  return { template: best.template, recognition };
}

const round = (n: number) => Math.round(n * 100) / 100;
