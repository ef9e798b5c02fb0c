// Writes docs/checks/<id>.md for every built-in check, and docs/checks/README.md (the index).
// Run with `npm run docs:checks` (it builds first). The unit test test/checks/catalog.test.ts
// fails when a page is missing or stale.
import { mkdirSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { builtinChecks } from '../dist/checks/index.js';
import { renderCheckIndex, renderCheckPage } from '../dist/src/docs/check-page.js';

const root = join(fileURLToPath(import.meta.url), '..', '..');
const dir = join(root, 'docs', 'checks');
mkdirSync(dir, { recursive: true });
const ids = new Set(builtinChecks.map((c) => `${c.id}.md`));
for (const file of readdirSync(dir)) if (file.endsWith('.md') && file !== 'README.md' && !ids.has(file)) rmSync(join(dir, file));
for (const check of builtinChecks) writeFileSync(join(dir, `${check.id}.md`), renderCheckPage(check, root));
writeFileSync(join(dir, 'README.md'), renderCheckIndex(builtinChecks));
console.log(`wrote ${builtinChecks.length} check pages to docs/checks/`);
