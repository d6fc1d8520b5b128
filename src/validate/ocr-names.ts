import type { CanonicalResult, Flag } from '../model/canonical.js';
import type { LaidOutDocument } from '../model/layout.js';
import { CITIES, COUNTIES, PROVINCES } from '../../extractors/places.js';

/**
 * The department's name as OCR read it, checked against the place names of China: a name that
 * begins with no known place ("北素市政务服务和数据管理局", 京 read as 素) takes the known place one
 * character away that the document itself prints most ("北京市", in its other pages' titles).
 * 北素 is also one character from 北海, so the document's own text decides, and with no evidence
 * (or a tie) the name stays as read. Every change is an `ocr_name` flag with the reading and why.
 */
export function reviewOcrDepartment(result: CanonicalResult, doc: LaidOutDocument): Flag[] {
  const dept = result.document.department;
  if (!dept) return [];
  const name = dept.replace(/^(?:中共|中国共产党)/, '');
  const lead = dept.slice(0, dept.length - name.length);
  const places = placeNames();
  if (places.prefixes.some((p) => name.startsWith(p))) return [];
  const m = /^([\u4e00-\u9fa5]{2,7}?)(特别行政区|自治区|自治州|地区|省|市|盟|区|县|旗)/.exec(name);
  if (!m) return [];
  const read = m[0];
  const text = documentText(doc);
  const count = (s: string) => text.split(s).length - 1;
  const candidates = places.full
    .filter((p) => p.length === read.length && p.endsWith(m[2]!) && differsByOne(p, read))
    .map((p) => ({ place: p, n: count(p) }))
    .filter((c) => c.n > 0)
    .sort((a, b) => b.n - a.n);
  const best = candidates[0];
  if (!best || (candidates[1] && candidates[1].n === best.n)) return [];
  const corrected = lead + best.place + name.slice(read.length);
  result.document.department = corrected;
  return [
    {
      kind: 'ocr_name',
      severity: 'warning',
      message: `department read by OCR as "${dept}" taken as "${corrected}": "${read}" is no place name of China (GB/T 2260); "${best.place}" is one character from it and the document prints it ${best.n} time${best.n > 1 ? 's' : ''}` +
        (candidates.length > 1 ? ` (also one character away: ${candidates.slice(1).map((c) => `${c.place} ×${c.n}`).join(', ')})` : ''),
      page: null,
      table: null,
    },
  ];
}

let cache: { full: string[]; prefixes: string[] } | null = null;
function placeNames(): { full: string[]; prefixes: string[] } {
  if (cache) return cache;
  const provinces = PROVINCES.split(' ');
  const cities = CITIES.split(' ');
  const counties = COUNTIES.split(' ');
  const full = [...new Set([...provinces, ...cities, ...counties])];
  // Provinces and cities are also written without their suffix (福州经济技术开发区, 江苏省 → 江苏);
  // a county's short name (东城) is too common a word to count as a place.
  const short = [...provinces, ...cities].map((p) => p.replace(/(?:壮族|回族|维吾尔)?(?:特别行政区|自治区|自治州|地区|省|市|盟)$/, '')).filter((p) => p.length >= 2);
  cache = { full, prefixes: [...new Set([...full, ...short])] };
  return cache;
}

function documentText(doc: LaidOutDocument): string {
  const parts: string[] = [];
  for (const b of doc.blocks) {
    if (b.kind === 'text') parts.push(b.text);
    else for (const r of b.table.rows) for (const c of r.cells) parts.push(c.text);
  }
  return parts.join('\n').replace(/[ \t\u3000]+/g, '');
}

function differsByOne(a: string, b: string): boolean {
  let d = 0;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i] && ++d > 1) return false;
  return d === 1;
}
