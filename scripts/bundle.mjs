#!/usr/bin/env node
// Start-up (issue 15): bundles the compiled CLI (dist/cli/main.js and what it imports) into a few
// ES modules in dist/bundle/, which bin/tenantscan.js loads. Resolving, reading and linking ~170
// modules of dist/ cost about half of a small scan's time; one module (plus the chunks that dynamic
// imports load only when used: reporters, the live source, custom checks) costs a fraction of it.
// The parse worker is a second entry (dist/bundle/parse-worker.js), found beside the bundle as
// src/sources/parallel-parse.ts expects. Run by `npm run build` after tsc.
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'rolldown';

const ROOT = join(fileURLToPath(import.meta.url), '..', '..');
const out = join(ROOT, 'dist', 'bundle');
rmSync(out, { recursive: true, force: true });
await build({
  input: { main: join(ROOT, 'dist', 'cli', 'main.js'), 'parse-worker': join(ROOT, 'dist', 'src', 'sources', 'parse-worker.js') },
  platform: 'node',
  output: { dir: out, format: 'esm', entryFileNames: '[name].js', chunkFileNames: '[name]-[hash].js', sourcemap: false },
  onLog(level, log, handle) {
    // json.js and scan.js are imported statically by the scan command and dynamically elsewhere: both are always loaded
    if (log.code !== 'INEFFECTIVE_DYNAMIC_IMPORT') handle(level, log);
  },
});
