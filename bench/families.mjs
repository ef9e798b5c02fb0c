// Time per check family on one manifest folder, in-process, so the slowest check is visible.
// Prints JSON: { load, index, tenants, reachability, families: {family: ms}, checks: {id: ms} }.
import { builtinChecks } from '../dist/checks/index.js';
import { DEFAULT_SANDBOX_HANDLERS } from '../dist/src/config/defaults.js';
import { runChecks } from '../dist/src/engine/runner.js';
import { ResourceIndex } from '../dist/src/model/index.js';
import { computeReachability } from '../dist/src/k8s/network/index.js';
import { loadManifests } from '../dist/src/sources/manifests.js';
import { TenantModel } from '../dist/src/tenancy/model.js';

const time = (fn) => {
  const t = performance.now();
  const value = fn();
  return [value, performance.now() - t];
};
const t0 = performance.now();
const input = await loadManifests([process.argv[2]]);
const load = performance.now() - t0;
const [index, indexMs] = time(() => new ResourceIndex(input));
const [tenants, tenantsMs] = time(() => new TenantModel(index));
index.podTemplates();
const options = { profile: 'multi-team', sandboxHandlers: [...DEFAULT_SANDBOX_HANDLERS], checkOptions: {} };
const checks = {};
const families = {};
for (const check of builtinChecks) {
  const [, ms] = time(() => runChecks([check], index, tenants, options));
  checks[check.id] = ms;
  families[check.family] = (families[check.family] ?? 0) + ms;
}
// As the scan computes it for its report: open and unknown pairs only.
const [, reachability] = time(() => computeReachability(index, tenants, { closedPairs: false }));
console.log(JSON.stringify({ load, index: indexMs, tenants: tenantsMs, reachability, families, checks }));
