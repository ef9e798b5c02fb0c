#!/usr/bin/env node
// The tenantscan executable: compiled by `npm install`/`npm ci` (the `prepare` script) into dist/, and
// bundled into dist/bundle/ (scripts/bundle.mjs) so that start-up loads a few modules, not hundreds.
import { guardStandardStreams, main } from '../dist/bundle/main.js';

// A closed pipe ends the run quietly; a full disk is one clear line (cli/standard-streams.ts).
guardStandardStreams();

process.exitCode = await main();
