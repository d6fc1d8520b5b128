import { randomBytes } from 'node:crypto';
import { createReadStream, createWriteStream } from 'node:fs';
import { link, readdir, rm, stat } from 'node:fs/promises';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { extname, join, resolve, sep } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { Transform } from 'node:stream';
import { tempPathFor } from '../emit/atomic.js';
import { writeReports } from '../report/write.js';
import { TOOL } from '../version.js';
import { APP_CSS, APP_JS, pageHtml } from './page.js';
import { BASE_HEADERS, PAGE_CSP, plainName, refusal, REPORT_CSP, safeFileName } from './security.js';
import { Session } from './session.js';
import { DEFAULT_MAX_FILES, DEFAULT_MAX_UPLOAD_MB } from './limits.js';

/**
 * `budget-tables serve`: a local web page to drop files on (Tabula-style). It listens on
 * 127.0.0.1 only and checks Host, Origin and a per-run token on every request (security.ts);
 * uploads are limited in size and count and stored under safe names in `<dir>/inputs/`;
 * conversions go through the same batch as `extract` (session.ts).
 */
export interface ServeOptions {
  dir: string;
  /** 0 = any free port. */
  port?: number;
  /** Largest upload in bytes. */
  maxUploadBytes?: number;
  /** Most files the folder may hold. */
  maxFiles?: number;
  token?: string;
  log?: (line: string) => void;
}

export interface RunningDesk {
  url: string;
  /** The address listened on (always 127.0.0.1). */
  address: string;
  port: number;
  token: string;
  session: Session;
  close(): Promise<void>;
}

export { DEFAULT_MAX_FILES, DEFAULT_MAX_UPLOAD_MB };

const MIME: Record<string, string> = {
  '.json': 'application/json; charset=utf-8',
  '.csv': 'text/csv; charset=utf-8',
  '.xlsx': 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  '.html': 'text/html; charset=utf-8',
};

class HttpError extends Error {
  constructor(readonly status: number, message: string) {
    super(message);
  }
}

export async function startDesk(o: ServeOptions): Promise<RunningDesk> {
  const session = new Session(resolve(o.dir));
  await session.open();
  const token = o.token ?? randomBytes(24).toString('hex');
  const maxBytes = o.maxUploadBytes ?? DEFAULT_MAX_UPLOAD_MB * 1024 * 1024;
  const maxFiles = o.maxFiles ?? DEFAULT_MAX_FILES;
  const uploadErrors: { name: string; error: string }[] = [];
  let port = 0;
  const log = o.log ?? (() => undefined);

  const send = (res: ServerResponse, status: number, body: string | Buffer, type: string, extra: Record<string, string> = {}) => {
    res.writeHead(status, { ...BASE_HEADERS, 'Content-Type': type, 'Content-Length': String(Buffer.byteLength(body)), ...extra });
    res.end(body);
  };
  const json = (res: ServerResponse, status: number, v: unknown) => send(res, status, JSON.stringify(v), 'application/json; charset=utf-8');

  async function upload(req: IncomingMessage, res: ServerResponse, url: URL): Promise<void> {
    const given = url.searchParams.get('name') ?? '';
    const refuse = (status: number, error: string) => {
      uploadErrors.push({ name: given || '(no name)', error });
      res.setHeader('Connection', 'close');
      json(res, status, { error });
      // A refused body is read and dropped so the browser sees the answer; a huge one is cut off
      // once the answer is out rather than read to its end.
      const declared = Number(req.headers['content-length'] ?? 0);
      if (declared > 2 * maxBytes) res.once('finish', () => req.destroy());
      req.resume();
    };
    const name = safeFileName(given);
    if (!name) return refuse(415, `${given}: not a file budget-tables reads (${['.pdf', '.txt', '.text', '.htm', '.html'].join(', ')})`);
    const declared = Number(req.headers['content-length'] ?? NaN);
    if (Number.isFinite(declared) && declared > maxBytes) return refuse(413, `${given}: ${(declared / 1048576).toFixed(1)} MB is over the limit of ${(maxBytes / 1048576).toFixed(0)} MB`);
    if ((await session.inputNames()).length >= maxFiles) return refuse(429, `${given}: the desk already holds ${maxFiles} files (the limit); start another with --dir`);
    const target = join(session.inputs, name);
    const tmp = tempPathFor(target);
    let seen = 0;
    const limit = new Transform({
      transform(chunk: Buffer, _enc, cb) {
        seen += chunk.length;
        if (seen > maxBytes) cb(new HttpError(413, `${given}: over the limit of ${(maxBytes / 1048576).toFixed(0)} MB`));
        else cb(null, chunk);
      },
    });
    try {
      await pipeline(req, limit, createWriteStream(tmp, { flags: 'wx' }));
      const stored = await placeUnique(tmp, name);
      await rm(tmp, { force: true });
      log(`received ${given} → inputs/${stored} (${seen} bytes)`);
      session.enqueue(stored);
      json(res, 201, { stored, bytes: seen });
    } catch (e) {
      await rm(tmp, { force: true });
      if (e instanceof HttpError) return refuse(e.status, e.message);
      if (!res.headersSent) refuse(400, `${given}: the upload was interrupted (${e instanceof Error ? e.message : String(e)})`);
    }
  }

  /** Gives the uploaded temp file its name, "name (2).pdf" … when taken; never overwrites (link fails on an existing name). */
  async function placeUnique(tmp: string, name: string): Promise<string> {
    const ext = extname(name);
    const stem = name.slice(0, name.length - ext.length);
    for (let n = 1; n < 10_000; n++) {
      const candidate = n === 1 ? name : `${stem} (${n})${ext}`;
      const path = join(session.inputs, candidate);
      // The resolved path must stay directly inside inputs/ whatever the name says.
      if (resolve(path) !== join(resolve(session.inputs), candidate) || candidate.includes(sep)) throw new HttpError(400, `${name}: unsafe name`);
      try {
        await link(tmp, path);
        return candidate;
      } catch (e) {
        if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
      }
    }
    throw new HttpError(409, `${name}: too many files of this name`);
  }

  async function download(res: ServerResponse, name: string, asAttachment: boolean): Promise<void> {
    const plain = plainName(name);
    if (!plain) throw new HttpError(404, 'no such file');
    const path = join(session.output, plain);
    const st = await stat(path).catch(() => null);
    if (!st?.isFile()) throw new HttpError(404, `no such file: ${plain}`);
    const type = MIME[extname(plain).toLowerCase()] ?? 'application/octet-stream';
    res.writeHead(200, {
      ...BASE_HEADERS,
      'Content-Type': type,
      'Content-Length': String(st.size),
      'Content-Security-Policy': "default-src 'none'; sandbox",
      ...(asAttachment ? { 'Content-Disposition': `attachment; filename="${plain.replace(/[^\x20-\x7e]|"/g, '_')}"; filename*=UTF-8''${encodeURIComponent(plain)}` } : {}),
    });
    await pipeline(createReadStream(path), res);
  }

  async function report(res: ServerResponse, id: string): Promise<void> {
    const entry = (await session.manifest()).find((e) => e.id === id && (e.status === 'ok' || e.status === 'partial'));
    if (!entry) throw new HttpError(404, `no converted document ${id}`);
    const jsonPath = join(session.output, `${id}.json`);
    const htmlPath = join(session.output, `${id.toLowerCase() === 'index' ? `${id}-report` : id}.html`);
    const [j, h] = await Promise.all([stat(jsonPath).catch(() => null), stat(htmlPath).catch(() => null)]);
    if (!j) throw new HttpError(404, `no JSON for ${id}`);
    if (!h || h.mtimeMs < j.mtimeMs) {
      const r = await writeReports([jsonPath], { sources: [session.inputs], index: false, log: () => undefined, error: (l) => log(l) });
      if (r.reports.length === 0) throw new HttpError(500, `the report for ${id} could not be written`);
    }
    const st = await stat(htmlPath);
    res.writeHead(200, { ...BASE_HEADERS, 'Content-Type': 'text/html; charset=utf-8', 'Content-Length': String(st.size), 'Content-Security-Policy': REPORT_CSP });
    await pipeline(createReadStream(htmlPath), res);
  }

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', `http://127.0.0.1:${port}`);
    const why = refusal(req, port, token, url);
    if (why) {
      log(`refused ${req.method} ${url.pathname}: ${why.message}`);
      req.resume();
      return send(res, why.status, why.message + '\n', 'text/plain; charset=utf-8');
    }
    const method = req.method ?? 'GET';
    const path = url.pathname;
    if (method === 'POST' && path === '/api/upload') return upload(req, res, url);
    if (method !== 'GET' && method !== 'HEAD') throw new HttpError(405, 'method not allowed');
    if (path === '/') return send(res, 200, pageHtml({ dir: session.dir, tool: TOOL, maxBytes, maxFiles }), 'text/html; charset=utf-8', { 'Content-Security-Policy': PAGE_CSP });
    if (path === '/app.js') return send(res, 200, APP_JS, 'text/javascript; charset=utf-8');
    if (path === '/app.css') return send(res, 200, APP_CSS, 'text/css; charset=utf-8');
    if (path === '/favicon.ico') return send(res, 204, '', 'image/x-icon');
    if (path === '/api/state') return json(res, 200, { ...(await session.state(uploadErrors)), dir: session.dir, tool: TOOL });
    const file = /^\/files\/([^/]+)$/.exec(path);
    if (file) return download(res, decodeURIComponent(file[1]!), url.searchParams.get('view') !== '1');
    const rep = /^\/report\/([^/]+)$/.exec(path);
    if (rep) return report(res, decodeURIComponent(rep[1]!));
    throw new HttpError(404, 'not found');
  }

  const server: Server = createServer((req, res) => {
    handle(req, res).catch((e: unknown) => {
      const status = e instanceof HttpError ? e.status : 500;
      if (status === 500) log(`error: ${e instanceof Error ? e.stack : String(e)}`);
      if (!res.headersSent) send(res, status, `${e instanceof Error ? e.message : String(e)}\n`, 'text/plain; charset=utf-8');
      else res.destroy();
    });
  });
  server.headersTimeout = 30_000;
  server.requestTimeout = 0; // large uploads on slow disks
  await new Promise<void>((ok, fail) => {
    server.once('error', fail);
    server.listen(o.port ?? 0, '127.0.0.1', () => ok());
  });
  const bound = server.address() as { address: string; port: number };
  port = bound.port;
  return {
    url: `http://127.0.0.1:${port}/?token=${token}`,
    address: bound.address,
    port,
    token,
    session,
    close: async () => {
      const closed = new Promise<void>((ok) => server.close(() => ok()));
      server.closeAllConnections();
      await closed;
      await session.idle();
    },
  };
}

/** Files left in inputs/ by an interrupted upload are hidden temp files; list for the tests. */
export async function hiddenInputs(dir: string): Promise<string[]> {
  return (await readdir(join(dir, 'inputs'))).filter((f) => f.startsWith('.'));
}
