import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

/** Summary of the .cpuprofile files of one run (one per thread: main, CLI worker, tesseract.js workers). */
export interface ProfileSummary {
  threads: number;
  /** Sampled time, idle excluded, all threads, ms. */
  busyMs: number;
  categories: { category: string; ms: number; share: number }[];
  top: { fn: string; where: string; category: string; selfMs: number; share: number }[];
  /** Functions by inclusive time (self + callees), recursion counted once; wrappers of everything left out. */
  inclusive: { fn: string; where: string; ms: number; share: number }[];
}

interface CpuProfile {
  nodes: { id: number; callFrame: { functionName: string; url: string; lineNumber: number }; children?: number[] }[];
  samples: number[];
  timeDeltas: number[];
}

/** Where a function lives, in words a reader of docs/performance.md can place. */
export function category(url: string, fn: string): string {
  if (url === '') {
    if (fn === '(garbage collector)') return 'garbage collection';
    if (fn === '(idle)') return 'idle';
    if (fn === '(program)') return 'V8/native (program)';
    return `native: ${fn}`;
  }
  if (url.startsWith('wasm://')) return 'tesseract (WebAssembly)';
  if (url.includes('tesseract.js')) return 'tesseract.js (JavaScript glue)';
  if (url.includes('pdf.worker.mjs')) return FONT_FNS.test(fn) ? 'pdf.js: fonts (parse, repair, glyph paths)' : 'pdf.js: parsing, operator lists, streams';
  if (url.includes('pdfjs-dist')) return 'pdf.js: API side (messages, objects)';
  if (url.includes('@napi-rs/canvas')) return '@napi-rs/canvas';
  const m = /\/dist\/(src|extractors)\/([^/]+)/.exec(url) ?? /\/(src|extractors)\/([^/]+)/.exec(url);
  if (m) return m[1] === 'extractors' ? 'budget-tables: extractors' : `budget-tables: ${m[2]!.replace(/\.js$/, '')}`;
  if (url.includes('/bench/')) return 'bench harness';
  if (url.startsWith('node:')) return 'Node.js internals (modules, streams, fs)';
  if (url.includes('node_modules')) return `other packages`;
  return 'other';
}

/** Frames every sample passes through (event loop, promise machinery, module evaluation, main()). */
const WRAPPERS = /^(processTicksAndRejections|runMicrotasks|processImmediate|listOnTimeout|run|evaluate|main|emit|onMessage|callback|promiseBody|resolve|then|_onMessage|onmessage|drainQueue|handle|on)$/;

const FONT_FNS = /font|glyph|cmap|cff|truetype|type1|checkAndRepair|sanitize|readCmapTable|parseGlyf|compileGlyf|getPathJs|buildPath|loca|hmtx|charsToGlyphs|createBuiltInEncoding|Encoding|unicode|toUnicode/i;

function shortUrl(url: string): string {
  return url.replace(/^file:\/\//, '').replace(/.*\/node_modules\//, '').replace(/.*\/dist\//, '').replace(/^wasm:\/\/wasm\//, 'wasm:');
}

export function summariseProfiles(dir: string, topN = 15): ProfileSummary {
  const files = readdirSync(dir).filter((f) => f.endsWith('.cpuprofile'));
  const self = new Map<string, { fn: string; where: string; category: string; us: number }>();
  const cats = new Map<string, number>();
  const incl = new Map<string, { fn: string; where: string; us: number }>();
  let busy = 0;
  for (const f of files) {
    const p = JSON.parse(readFileSync(join(dir, f), 'utf8')) as CpuProfile;
    const byId = new Map(p.nodes.map((n) => [n.id, n]));
    const parent = new Map<number, number>();
    for (const n of p.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
    for (let i = 0; i < p.samples.length; i++) {
      const n = byId.get(p.samples[i]!);
      const dt = p.timeDeltas[i] ?? 0;
      if (!n || dt <= 0) continue;
      const { functionName, url, lineNumber } = n.callFrame;
      const fn = functionName || '(anonymous)';
      const cat = category(url, fn);
      if (cat === 'idle') continue;
      busy += dt;
      cats.set(cat, (cats.get(cat) ?? 0) + dt);
      const where = url ? `${shortUrl(url)}:${lineNumber + 1}` : '';
      const key = `${fn}@${where}`;
      const e = self.get(key) ?? { fn, where, category: cat, us: 0 };
      e.us += dt;
      self.set(key, e);
      const seen = new Set<string>();
      for (let id: number | undefined = n.id; id !== undefined; id = parent.get(id)) {
        const cf = byId.get(id)!.callFrame;
        const f2 = cf.functionName || '(anonymous)';
        if (!cf.url || f2 === '(anonymous)' || WRAPPERS.test(f2)) continue;
        const w2 = `${shortUrl(cf.url)}:${cf.lineNumber + 1}`;
        const k2 = `${f2}@${w2}`;
        if (seen.has(k2)) continue;
        seen.add(k2);
        const x = incl.get(k2) ?? { fn: f2, where: w2, us: 0 };
        x.us += dt;
        incl.set(k2, x);
      }
    }
  }
  const ms = (us: number) => Math.round(us / 1000);
  const share = (us: number) => Math.round((us / Math.max(1, busy)) * 1000) / 10;
  return {
    threads: files.length,
    busyMs: ms(busy),
    categories: [...cats].sort((a, b) => b[1] - a[1]).map(([c, us]) => ({ category: c, ms: ms(us), share: share(us) })),
    inclusive: [...incl.values()].sort((a, b) => b.us - a.us).slice(0, topN).map((e) => ({ fn: e.fn, where: e.where, ms: ms(e.us), share: share(e.us) })),
    top: [...self.values()].sort((a, b) => b.us - a.us).slice(0, topN).map((e) => ({ fn: e.fn, where: e.where, category: e.category, selfMs: ms(e.us), share: share(e.us) })),
  };
}
