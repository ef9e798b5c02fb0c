#!/usr/bin/env node
// The tenantscan executable: compiled by `npm install`/`npm ci` (the `prepare` script) into dist/, and
// bundled into dist/bundle/ (scripts/bundle.mjs) so that start-up loads a few modules, not hundreds.
import { main } from '../dist/bundle/main.js';

// A reader that stops early (`tenantscan scan | head`) closes the pipe: that is no error of ours.
for (const stream of [process.stdout, process.stderr]) {
  stream.on('error', (err) => {
    if (err.code === 'EPIPE') process.exit(process.exitCode ?? 0);
    throw err;
  });
}

process.exitCode = await main();
