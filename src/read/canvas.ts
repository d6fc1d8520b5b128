import { createRequire, Module } from 'node:module';
import { dirname, join } from 'node:path';

/**
 * @napi-rs/canvas, loaded only when something is drawn.
 *
 * pdf.js 5.6 (pdf.mjs, node_utils.js) requires '@napi-rs/canvas' as soon as it is imported, to
 * polyfill DOMMatrix, ImageData and Path2D: that maps the Skia library and costs ~18–21 MB of
 * resident memory in every converter process, although the text reader never draws (only OCR's
 * page renders, page-images.ts, and the report's page images, src/report/pages.ts, do). Node 20
 * has no hook for a CommonJS require() made from an ES module (module.registerHooks is Node 22.15+),
 * so `installLazyCanvas`, called before pdf.js is imported, uses the one documented way to answer a
 * require() with something else: an entry in `require.cache` for the path pdf.js's require
 * resolves to. The entry is a stand-in whose properties load the real package on first use; the
 * three globals are set beforehand so that pdf.js's polyfill code finds them present and reads
 * nothing from the stand-in:
 * - DOMMatrix: the package's own, from its geometry.js, which is plain JavaScript (no native
 *   code; pdf.js constructs one at load, and the native Path2D accepts it later as the real one);
 * - Path2D and ImageData (native): constructors that load the package and build the real object.
 * `loadCanvas` (everything here that draws calls it) removes the stand-in from the cache, loads the
 * package for real and puts its Path2D and ImageData in place of the stand-ins, so that pdf.js's
 * `instanceof Path2D` checks while rendering see the real classes. If anything here does not
 * resolve (another package layout or version), nothing is installed and pdf.js loads the package
 * at import as before. tests/read/canvas.test.ts checks in a fresh process that a text PDF is read
 * without the Skia library mapped, and that a page still renders.
 */
export type CanvasModule = typeof import('@napi-rs/canvas');

const here = createRequire(import.meta.url);

interface Paths {
  /** The package's main file, as pdf.js's require('@napi-rs/canvas') resolves it. */
  main: string;
  geometry: string;
  /** A require() from pdf.js's folder, so that the package loaded is the one pdf.js would load. */
  require: NodeJS.Require;
}
let paths: Paths | null | undefined;
function resolvePaths(): Paths | null {
  if (paths !== undefined) return paths;
  try {
    const fromPdfjs = createRequire(here.resolve('pdfjs-dist/legacy/build/pdf.mjs'));
    const main = fromPdfjs.resolve('@napi-rs/canvas');
    paths = { main, geometry: join(dirname(main), 'geometry.js'), require: fromPdfjs };
  } catch {
    paths = null;
  }
  return paths;
}

let real: CanvasModule | null = null;
let standIn: Module | null = null;
const standInClasses = new Map<string, unknown>();

/** The @napi-rs/canvas package, loaded on the first call (throws if it cannot be loaded). */
export function loadCanvas(): CanvasModule {
  if (real) return real;
  const p = resolvePaths();
  if (!p) return (real = here('@napi-rs/canvas') as CanvasModule);
  if (standIn && here.cache[p.main] === standIn) delete here.cache[p.main];
  standIn = null;
  real = p.require(p.main) as CanvasModule;
  const g = globalThis as Record<string, unknown>;
  for (const [name, cls] of standInClasses) if (g[name] === cls) g[name] = (real as unknown as Record<string, unknown>)[name];
  standInClasses.clear();
  return real;
}

/** Call before pdf.js is imported (src/read/pdfjs.ts); does nothing once pdf.js or the canvas is loaded. */
export function installLazyCanvas(): void {
  const p = resolvePaths();
  if (!p || real || standIn || here.cache[p.main]) return;
  const g = globalThis as Record<string, unknown>;
  let DOMMatrix: unknown;
  try {
    DOMMatrix = (p.require(p.geometry) as { DOMMatrix?: unknown }).DOMMatrix;
  } catch {
    return;
  }
  if (typeof DOMMatrix !== 'function') return;
  g.DOMMatrix ??= DOMMatrix;
  for (const name of ['Path2D', 'ImageData'] as const) {
    if (g[name]) continue;
    const cls = lazyClass(name);
    standInClasses.set(name, cls);
    g[name] = cls;
  }
  const m = new Module(p.main);
  m.filename = p.main;
  m.loaded = true;
  m.exports = new Proxy({} as Record<string | symbol, unknown>, {
    get: (_, key) => Reflect.get(loadCanvas(), key),
    has: (_, key) => Reflect.has(loadCanvas(), key),
  });
  standIn = m;
  here.cache[p.main] = m;
}

/** A constructor that loads the package and returns the real class's object. */
function lazyClass(name: 'Path2D' | 'ImageData'): unknown {
  const load = () => loadCanvas()[name] as unknown as new (...args: unknown[]) => object;
  return {
    [name]: class {
      constructor(...args: unknown[]) {
        return new (load())(...args);
      }
      static [Symbol.hasInstance](x: unknown): boolean {
        return x instanceof load();
      }
    },
  }[name];
}
