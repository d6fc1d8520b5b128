// tsc writes dist/src/cli/main.js as 0644. npm makes a bin executable only when it links it, and
// npx reuses a link it made earlier (~/.npm/_npx), so a rebuilt clone would run into
// "budget-tables: Permission denied". The build therefore sets the bit itself.
import { chmodSync, readFileSync } from 'node:fs';

const pkg = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8'));
for (const bin of Object.values(pkg.bin ?? {})) chmodSync(new URL(`../${bin}`, import.meta.url), 0o755);
