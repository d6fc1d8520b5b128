import { timingSafeEqual } from 'node:crypto';
import type { IncomingMessage } from 'node:http';

/**
 * What makes the local desk safe to run: it answers only requests addressed to itself
 * (Host = 127.0.0.1/localhost on its port: a DNS-rebinding page's Host is its own name), only
 * from its own page (Origin / Sec-Fetch-Site: no other site can drive it from the browser), only
 * with the per-run token, and it turns any uploaded file name into a plain name inside its folder.
 */

export const TOKEN_HEADER = 'x-budget-tables-token';

const PUBLIC_PATHS = new Set(['/app.js', '/app.css', '/favicon.ico']);

export function allowedHosts(port: number): Set<string> {
  return new Set([`127.0.0.1:${port}`, `localhost:${port}`]);
}

export function allowedOrigins(port: number): Set<string> {
  return new Set([`http://127.0.0.1:${port}`, `http://localhost:${port}`]);
}

/** Why a request is refused (null when it may go on). */
export function refusal(req: IncomingMessage, port: number, token: string, url: URL): { status: number; message: string } | null {
  const host = (req.headers.host ?? '').toLowerCase();
  if (!allowedHosts(port).has(host)) return { status: 403, message: `refused: this desk answers only http://127.0.0.1:${port}/ (Host was "${host}")` };
  const origin = req.headers.origin;
  if (origin !== undefined && !allowedOrigins(port).has(origin.toLowerCase())) return { status: 403, message: `refused: requests from ${origin} are not allowed` };
  const site = req.headers['sec-fetch-site'];
  if (site === 'cross-site') return { status: 403, message: 'refused: cross-site request' };
  const method = req.method ?? 'GET';
  // A state-changing request must say where it comes from: browsers always send Origin on POST.
  if (method !== 'GET' && method !== 'HEAD' && origin === undefined) return { status: 403, message: 'refused: no Origin header' };
  // The page's own script and stylesheet hold no data: the token guards everything else.
  if (PUBLIC_PATHS.has(url.pathname) && (method === 'GET' || method === 'HEAD')) return null;
  const given = (req.headers[TOKEN_HEADER] as string | undefined) ?? url.searchParams.get('token') ?? '';
  if (!sameToken(given, token)) return { status: 401, message: 'refused: the address needs the token printed when the desk started (open that address again)' };
  return null;
}

function sameToken(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

export const INPUT_EXTENSIONS = ['.pdf', '.txt', '.text', '.htm', '.html'] as const;

/**
 * A safe stored name for an uploaded file: folder parts joined with "_" (a dropped folder keeps
 * distinct names), no path separators, no "..", no control or reserved characters, no leading
 * dot, at most 150 characters with the extension kept. Returns null for a type we do not read.
 */
export function safeFileName(given: string): string | null {
  const parts = given
    .normalize('NFC')
    .split(/[\\/]+/)
    .map((p) => p.replace(/[\u0000-\u001f\u007f<>:"|?*]/g, '').trim())
    .filter((p) => p !== '' && p !== '.' && p !== '..');
  let name = parts.join('_').replace(/\s+/g, ' ').replace(/^[.\s]+/, '');
  const dot = name.lastIndexOf('.');
  const ext = dot >= 0 ? name.slice(dot).toLowerCase() : '';
  if (!(INPUT_EXTENSIONS as readonly string[]).includes(ext)) return null;
  let stem = name.slice(0, dot).replace(/[.\s]+$/, '');
  if (stem === '') stem = 'upload';
  if (stem.length > 150 - ext.length) stem = stem.slice(0, 150 - ext.length);
  name = stem + name.slice(dot);
  // Names Windows reserves (a folder may be opened there later).
  if (/^(con|prn|aux|nul|com\d|lpt\d)$/i.test(stem)) name = `_${name}`;
  return name;
}

/** A download name: a plain file name (no folder, not hidden), or null. */
export function plainName(s: string): string | null {
  if (s === '' || s.length > 255 || /[\\/\u0000]/.test(s) || s.startsWith('.')) return null;
  return s;
}

/** Security headers for every answer. */
export const BASE_HEADERS: Record<string, string> = {
  'X-Content-Type-Options': 'nosniff',
  'X-Frame-Options': 'DENY',
  'Referrer-Policy': 'no-referrer',
  'Cache-Control': 'no-store',
  'Cross-Origin-Resource-Policy': 'same-origin',
  'Cross-Origin-Opener-Policy': 'same-origin',
};

/** The desk's own page: scripts and styles from itself only. */
export const PAGE_CSP = "default-src 'none'; script-src 'self'; style-src 'self'; connect-src 'self'; img-src 'self' data:; form-action 'none'; frame-ancestors 'none'; base-uri 'none'";

/** A review report: self-contained (inline script, styles and images), no network. */
export const REPORT_CSP = "default-src 'none'; script-src 'unsafe-inline'; style-src 'unsafe-inline'; img-src data: blob:; frame-ancestors 'none'; base-uri 'none'; form-action 'none'";
