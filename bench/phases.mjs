#!/usr/bin/env node
// Where the time of one manifest scan goes, phase by phase, in-process (the CLI's pipeline without
// start-up and argument parsing): load (read + parse), index, tenants, scan() (checks, reachability,
// scoring), and the JSON report written to /dev/null with and without its reachability section.
// Reachability and scoring are timed again on their own (warm) to apportion scan().
// Prints JSON: { phases: {name: ms}, jsonMb: {report, reachability}, objects, results, pairs }.
//
//   node bench/phases.mjs DIR
import { createWriteStream } from 'node:fs';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { builtinChecks } from '../dist/checks/index.js';
import { renderJsonChunks } from '../dist/reports/json.js';
import { DEFAULT_SANDBOX_HANDLERS } from '../dist/src/config/defaults.js';
import { scan } from '../dist/src/engine/scan.js';
import { scoreOf, unitsOf } from '../dist/src/engine/scoring.js';
import { ResourceIndex } from '../dist/src/model/index.js';
import { computeReachability } from '../dist/src/k8s/network/index.js';
import { loadManifests } from '../dist/src/sources/manifests.js';
import { TenantModel } from '../dist/src/tenancy/model.js';

const phases = {};
const timed = async (name, fn) => {
  const start = performance.now();
  const value = await fn();
  phases[name] = performance.now() - start;
  return value;
};
const options = { profile: 'multi-team', sandboxHandlers: [...DEFAULT_SANDBOX_HANDLERS], checkOptions: {}, tenancy: {} };

const input = await timed('load', () => loadManifests([process.argv[2]]));
const index = await timed('index', () => new ResourceIndex(input));
const tenants = await timed('tenants', () => new TenantModel(index));
const report = await timed('checks, reachability, scoring', () => scan(index, builtinChecks, options));
// Apportioned by running two parts again, warm (caches filled, code compiled): approximate.
const units = await timed('scoring (again)', () => scoreOf(unitsOf(report.results)));
const reachability = await timed('reachability (again)', () => computeReachability(index, tenants, { closedPairs: false }));
void units;

const write = async (value) => {
  let chars = 0;
  const counted = (function* () {
    for (const piece of renderJsonChunks(value)) {
      chars += piece.length;
      yield piece;
    }
  })();
  await pipeline(Readable.from(counted), createWriteStream('/dev/null'));
  return chars / 2 ** 20;
};
const { reachability: _section, ...withoutReachability } = report;
await write({ warm: report.results.slice(0, 1000) });
const jsonAll = await timed('JSON', () => write(report));
const jsonWithout = await timed('JSON without reachability', () => write(withoutReachability));
console.log(
  JSON.stringify({
    objects: index.all().length,
    results: report.results.length,
    pairs: reachability.pairs.length,
    tenants: reachability.tenants.length,
    jsonMb: { report: jsonAll, reachability: jsonAll - jsonWithout },
    phases,
  }),
);
