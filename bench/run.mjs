#!/usr/bin/env node
// `npm run bench`: measures tenantscan on synthetic shared clusters of three sizes and compares
// each figure with a floor measured in the same run on the same machine:
// - manifest scan (wall time and peak memory of `tenantscan scan --file DIR --format json`)
//   against js-yaml loadAll of the same files;
// - time per check family (in-process), so the slowest check is visible;
// - live scan of the medium cluster against listing the same kinds from the same API server
//   (with --live, or when the test control plane is running: see bench/live.mjs).
// Prints a table and writes bench/results.json. Options: --sizes small,medium,large --runs N.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, tmpdir, totalmem } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import Table from 'cli-table3';
import { GENERATOR_VERSION, SIZES, generate } from './generate.mjs';

const ROOT = join(fileURLToPath(import.meta.url), '..', '..');
const args = Object.fromEntries(process.argv.slice(2).reduce((acc, a, i, all) => (a.startsWith('--') ? [...acc, [a.slice(2), all[i + 1]?.startsWith('--') || all[i + 1] === undefined ? 'true' : all[i + 1]]] : acc), []));
const sizes = (args.sizes ?? 'small,medium,large').split(',');
const runsFor = (size) => Number(args.runs ?? (size === 'large' ? 1 : 3));
const work = join(tmpdir(), 'tenantscan-bench');

function dataset(size) {
  const dir = join(work, size);
  const expectedFile = join(dir, 'expected.json');
  const manifests = join(dir, 'manifests');
  if (existsSync(expectedFile) && JSON.parse(readFileSync(expectedFile, 'utf8')).generatorVersion === GENERATOR_VERSION) return { dir: manifests, ...JSON.parse(readFileSync(expectedFile, 'utf8')) };
  process.stderr.write(`generating ${size} cluster in ${dir} ...\n`);
  generate(SIZES[size], dir);
  return { dir: manifests, ...JSON.parse(readFileSync(expectedFile, 'utf8')) };
}

function node(argv, env = {}) {
  const start = performance.now();
  const res = spawnSync(process.execPath, argv, { cwd: ROOT, encoding: 'utf8', env: { ...process.env, ...env }, maxBuffer: 1 << 30 });
  const ms = performance.now() - start;
  if (res.status !== 0 && res.status !== 1) throw new Error(`${argv.join(' ')} exited ${res.status}: ${res.stderr}`);
  return { ms, stdout: res.stdout };
}

function median(values) {
  const s = [...values].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
}

function measureFloor(dir, runs) {
  const samples = Array.from({ length: runs }, () => {
    const { ms, stdout } = node([join(ROOT, 'bench', 'floor-parse.mjs'), dir]);
    return { wall: ms, ...JSON.parse(stdout) };
  });
  return { ms: median(samples.map((s) => s.wall)), parseMs: median(samples.map((s) => s.ms)), maxRssMb: Math.max(...samples.map((s) => s.maxRssMb)) };
}

function measureScan(dir, runs) {
  const rssFile = join(work, 'rss.txt');
  const samples = Array.from({ length: runs }, () => {
    const out = join(work, 'report.json');
    const { ms } = node(['--import', join(ROOT, 'bench', 'rss-probe.mjs'), join(ROOT, 'bin', 'tenantscan.js'), 'scan', '--file', dir, '--format', 'json', '--output', out, '--quiet'], { TENANTSCAN_BENCH_RSS_FILE: rssFile });
    const report = JSON.parse(readFileSync(out, 'utf8'));
    return { ms, maxRssMb: Number(readFileSync(rssFile, 'utf8')), results: report.results.length, score: report.score.score };
  });
  return { ms: median(samples.map((s) => s.ms)), maxRssMb: Math.max(...samples.map((s) => s.maxRssMb)), results: samples[0].results, score: samples[0].score };
}

mkdirSync(work, { recursive: true });
const machine = { cpus: cpus().length, cpuModel: cpus()[0]?.model, memoryGb: Math.round(totalmem() / 2 ** 30), node: process.version };
const results = { generatedAt: new Date().toISOString(), machine, sizes: {} };
for (const size of sizes) {
  const data = dataset(size);
  const runs = runsFor(size);
  process.stderr.write(`measuring ${size} (${data.objects} objects, ${runs} run(s)) ...\n`);
  const floor = measureFloor(data.dir, runs);
  const scan = measureScan(data.dir, runs);
  const families = JSON.parse(node([join(ROOT, 'bench', 'families.mjs'), data.dir]).stdout);
  results.sizes[size] = { objects: data.objects, namespaces: data.namespaces, floor, scan, ratio: scan.ms / floor.ms, families };
}

const live = join(ROOT, 'bench', 'live.mjs');
if (args.live !== 'false' && existsSync(live)) {
  const { measureLive } = await import(live);
  const outcome = await measureLive({ size: 'medium', dataset, force: args.live === 'true' });
  if (outcome) results.live = outcome;
}

const table = new Table({ head: ['size', 'objects', 'floor: js-yaml loadAll', 'scan --format json', 'scan / floor', 'peak memory', 'slowest family'], style: { head: [], border: [] } });
for (const [size, r] of Object.entries(results.sizes)) {
  const [slowest, slowMs] = Object.entries(r.families.families).sort((a, b) => b[1] - a[1])[0] ?? ['-', 0];
  table.push([size, r.objects, `${(r.floor.ms / 1000).toFixed(2)} s`, `${(r.scan.ms / 1000).toFixed(2)} s`, r.ratio.toFixed(2), `${Math.round(r.scan.maxRssMb)} MB`, `${slowest} ${slowMs.toFixed(0)} ms`]);
}
console.log(table.toString());
const names = Object.keys(results.sizes);
for (let i = 1; i < names.length; i++) {
  const a = results.sizes[names[i - 1]];
  const b = results.sizes[names[i]];
  console.log(`${names[i - 1]} -> ${names[i]}: objects x${(b.objects / a.objects).toFixed(1)}, scan time x${(b.scan.ms / a.scan.ms).toFixed(1)}, floor x${(b.floor.ms / a.floor.ms).toFixed(1)}`);
}
const famTable = new Table({ head: ['family (ms)', ...names], style: { head: [], border: [] } });
const families = [...new Set(names.flatMap((n) => Object.keys(results.sizes[n].families.families)))].sort();
for (const f of [...families, 'reachability', 'load', 'index', 'tenants']) {
  famTable.push([f, ...names.map((n) => { const fam = results.sizes[n].families; return (fam.families[f] ?? fam[f] ?? 0).toFixed(1); })]);
}
console.log(famTable.toString());
if (results.live) console.log(`live scan (medium, ${results.live.objects} objects): ${(results.live.scanMs / 1000).toFixed(2)} s vs list floor ${(results.live.floorMs / 1000).toFixed(2)} s: ratio ${results.live.ratio.toFixed(2)}`);
writeFileSync(join(ROOT, 'bench', 'results.json'), `${JSON.stringify(results, null, 2)}\n`);
console.log('wrote bench/results.json');
rmSync(join(work, 'report.json'), { force: true });
