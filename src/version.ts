import { readFileSync } from 'node:fs';

/** The tool's name and version, from package.json (recorded in every output). */
const pkg = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { name: string; version: string };
export const TOOL = { name: pkg.name, version: pkg.version };
