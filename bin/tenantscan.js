#!/usr/bin/env node
// The tenantscan executable: compiled by `npm install`/`npm ci` (the `prepare` script) into dist/.
import { main } from '../dist/src/cli/main.js';

process.exitCode = await main();
