import { existsSync, readFileSync } from 'node:fs';

/** The tool's name and version, from package.json (recorded in every output). Works from src/ and dist/src/. */
const candidates = ['../package.json', '../../package.json'].map((p) => new URL(p, import.meta.url));
const found = candidates.find((u) => existsSync(u) && (JSON.parse(readFileSync(u, 'utf8')) as { name?: string }).name === 'budget-tables');
const pkg = found ? (JSON.parse(readFileSync(found, 'utf8')) as { name: string; version: string }) : { name: 'budget-tables', version: '0.0.0' };
export const TOOL = { name: pkg.name, version: pkg.version };
