#!/usr/bin/env node
// Summarise a V8 CPU profile (node --cpu-prof): the functions and files that took the most time,
// by self time and by inclusive time, so the costs that BENCHMARKS.md names can be checked.
//
//   node --cpu-prof --cpu-prof-dir=/tmp/prof bin/tenantscan.js scan --file DIR --format json --output /dev/null --quiet
//   node bench/profile-summary.mjs /tmp/prof/*.cpuprofile [rows]
import { readFileSync } from 'node:fs';

const [file, rows = '30'] = process.argv.slice(2);
if (!file) {
  console.error('usage: node bench/profile-summary.mjs PROFILE.cpuprofile [rows]');
  process.exit(2);
}
const profile = JSON.parse(readFileSync(file, 'utf8'));
const nodes = new Map(profile.nodes.map((n) => [n.id, n]));
const parent = new Map();
for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
const where = (url) => url.replace(/^.*\/(dist|node_modules)\//, '$1/');
const label = (n) => `${n.callFrame.functionName || '(anonymous)'} ${where(n.callFrame.url)}:${n.callFrame.lineNumber + 1}`;

// Sample times: timeDeltas[i] is the time before sample i (microseconds).
const selfTime = new Map();
let total = 0;
profile.samples.forEach((id, i) => {
  const dt = profile.timeDeltas[i] ?? 0;
  total += dt;
  selfTime.set(id, (selfTime.get(id) ?? 0) + dt);
});
const bySelf = new Map();
const byFile = new Map();
const inclusive = new Map();
const add = (map, key, t) => map.set(key, (map.get(key) ?? 0) + t);
for (const [id, t] of selfTime) {
  const n = nodes.get(id);
  add(bySelf, label(n), t);
  add(byFile, where(n.callFrame.url) || n.callFrame.functionName, t);
  const seen = new Set();
  for (let cur = id; cur !== undefined; cur = parent.get(cur)) {
    const l = label(nodes.get(cur));
    if (!seen.has(l)) {
      add(inclusive, l, t);
      seen.add(l);
    }
  }
}
const show = (title, map) => {
  console.log(`\n${title}`);
  for (const [k, v] of [...map].sort((a, b) => b[1] - a[1]).slice(0, Number(rows)))
    console.log(`${(v / 1000).toFixed(0).padStart(8)} ms  ${k}`);
};
console.log(`profile: ${(total / 1000).toFixed(0)} ms sampled`);
show('self time by function', bySelf);
show('self time by file', byFile);
show('inclusive time by function', inclusive);
