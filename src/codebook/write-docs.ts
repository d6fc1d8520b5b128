/** `npm run codebook`: regenerates docs/codebook.md (tests/codebook.test.ts fails when it is stale). */
import { writeFileSync } from 'node:fs';
import { codebookMarkdown } from './index.js';

const target = new URL('../../../docs/codebook.md', import.meta.url);
writeFileSync(target, codebookMarkdown());
process.stdout.write(`wrote ${target.pathname}\n`);
