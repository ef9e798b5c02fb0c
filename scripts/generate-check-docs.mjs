// Writes docs/checks/<id>.md for every built-in check, and docs/checks/README.md (the index).
// Run with `npm run docs:checks` (it builds first). The unit test test/checks/catalog.test.ts
// fails when a page is missing or stale.
//
// `node scripts/generate-check-docs.mjs [--root DIR] MODULE...` writes only the pages of the checks
// that the given compiled modules export by default, under DIR (default: this repository), and
// leaves the other pages and the index alone: scripts/new-check.mjs uses it for a check that is
// not registered yet.
import { mkdirSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { builtinChecks } from '../dist/checks/index.js';
import { renderCheckIndex, renderCheckPage } from '../dist/src/docs/check-page.js';

const { values, positionals } = parseArgs({ options: { root: { type: 'string' } }, allowPositionals: true });
const root = values.root ? resolve(values.root) : join(fileURLToPath(import.meta.url), '..', '..');
const dir = join(root, 'docs', 'checks');
mkdirSync(dir, { recursive: true });

if (positionals.length) {
  for (const module of positionals) {
    const check = (await import(pathToFileURL(resolve(module)).href)).default;
    writeFileSync(join(dir, `${check.id}.md`), renderCheckPage(check, root));
    console.log(`wrote docs/checks/${check.id}.md`);
  }
} else {
  const ids = new Set(builtinChecks.map((c) => `${c.id}.md`));
  for (const file of readdirSync(dir)) if (file.endsWith('.md') && file !== 'README.md' && !ids.has(file)) rmSync(join(dir, file));
  for (const check of builtinChecks) writeFileSync(join(dir, `${check.id}.md`), renderCheckPage(check, root));
  writeFileSync(join(dir, 'README.md'), renderCheckIndex(builtinChecks));
  console.log(`wrote ${builtinChecks.length} check pages to docs/checks/`);
}
