#!/usr/bin/env node
// `npm run bench`: measures tenantscan on synthetic shared clusters of three sizes and compares
// each figure with a floor measured in the same run on the same machine:
// - manifest scan (wall time, CPU time and peak memory of `tenantscan scan --file DIR --format json`)
//   against js-yaml loadAll of the same files (bench/floor-parse.mjs); floor and scan runs alternate,
//   so a change in machine load hits both alike;
// - time per check family (in-process), so the slowest check is visible;
// - live scan of the medium cluster against listing the same kinds from the same API server
//   (bench/live.mjs: when the control plane is built, or always with --live; never with --live false).
// - shapes of the large cluster (bench/generate.mjs SHAPES): few tenants of many namespaces marked by a
//   label or by Capsule, one tenant per namespace, most namespaces without NetworkPolicy;
// - a tenant-count series at a fixed object count (2,000 namespaces as 100, 1,000 and 2,000 tenants);
// - start-up: a scan of the bundled example (examples/shared-cluster) against `node -e 0`;
// - with --peers: kube-score, KubeLinter and Polaris (bench/peers.mjs) on the example and the sizes.
// - the HTML report of each dataset: one more scan that writes it (its size, and that scan's time and peak);
//   `--html false` skips it.
// Prints tables and writes bench/results.json. Options: --sizes small,medium,large --shapes label,capsule,single
// --shape-size large --series 100,1000,2000 (each of --sizes/--shapes/--series takes `none`) --runs N
// --live [true|false] --peers --html [true|false].
//
// Wall time is what the targets name, but on a machine that others share it is noisy: the load
// average is recorded beside every figure, and CPU time (user + system of the whole process,
// start-up included) is reported too, as the steadier measure of the work done.
import { spawnSync } from 'node:child_process';
import { closeSync, existsSync, mkdirSync, openSync, readFileSync, readSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, tmpdir, totalmem } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import Table from 'cli-table3';
import { GENERATOR_VERSION, SHAPES, SIZES, generate } from './generate.mjs';
import { installPeers, timePeer } from './peers.mjs';

const ROOT = join(fileURLToPath(import.meta.url), '..', '..');
const args = Object.fromEntries(
  process.argv
    .slice(2)
    .reduce(
      (acc, a, i, all) =>
        a.startsWith('--') ? [...acc, [a.slice(2), all[i + 1]?.startsWith('--') || all[i + 1] === undefined ? 'true' : all[i + 1]]] : acc,
      [],
    ),
);
const list = (value, fallback) => (value === 'none' ? [] : (value ?? fallback).split(','));
const sizes = list(args.sizes, 'small,medium,large');
const shapes = list(args.shapes, 'label,capsule,single');
const shapeSize = args['shape-size'] ?? 'large';
const series = list(args.series, '100,1000,2000').map(Number);
const seriesNamespaces = Number(args['series-namespaces'] ?? SIZES.large);
const runsFor = (size) => Number(args.runs ?? (size === 'large' || SIZES[size] >= SIZES.large ? 2 : 5));
const work = join(tmpdir(), 'tenantscan-bench');

/**
 * The generated cluster `name` (a size, or a shape at a size), made when missing or of an older generator.
 * Returns its manifest folder and the facts of its expected.json (objects, tenants, scanArgs ...).
 */
function dataset(name, namespaces = SIZES[name], shape = 'mixed', overrides = {}) {
  const dir = join(work, name);
  const expectedFile = join(dir, 'expected.json');
  const current =
    existsSync(expectedFile) &&
    existsSync(join(dir, 'manifests')) &&
    JSON.parse(readFileSync(expectedFile, 'utf8')).generatorVersion === GENERATOR_VERSION;
  if (!current) {
    process.stderr.write(`generating ${name} cluster in ${dir} ...\n`);
    generate(namespaces, dir, shape, overrides);
  }
  return { dir: join(dir, 'manifests'), ...JSON.parse(readFileSync(expectedFile, 'utf8')) };
}

/** Run node; exit code 1 is accepted only for the scan (its gate may fail). */
function node(argv, env = {}, allowed = [0]) {
  const load = loadavg()[0];
  const start = performance.now();
  const res = spawnSync(process.execPath, argv, { cwd: ROOT, encoding: 'utf8', env: { ...process.env, ...env }, maxBuffer: 1 << 30 });
  const ms = performance.now() - start;
  if (!allowed.includes(res.status)) throw new Error(`${argv.join(' ')} exited ${res.status}: ${res.stderr}`);
  return { ms, load, stdout: res.stdout };
}

const median = (values) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];
const spread = (values) => ({ min: Math.min(...values), max: Math.max(...values) });

/**
 * What the bench needs from a JSON report without parsing it (a large one is longer than a string
 * can be): its size, the number of results (`"checkId"` appears once per result) and the score.
 */
function reportFacts(file) {
  const fd = openSync(file, 'r');
  const buffer = Buffer.alloc(1 << 20);
  const needle = Buffer.from('"checkId": "');
  let results = 0;
  let head = '';
  let carry = Buffer.alloc(0);
  try {
    for (let n; (n = readSync(fd, buffer, 0, buffer.length, null)) > 0;) {
      const chunk = Buffer.concat([carry, buffer.subarray(0, n)]);
      if (head.length < 1 << 20) head += buffer.subarray(0, n).toString('utf8');
      for (let at = chunk.indexOf(needle); at >= 0; at = chunk.indexOf(needle, at + needle.length)) results++;
      carry = chunk.subarray(Math.max(0, chunk.length - needle.length + 1));
    }
  } finally {
    closeSync(fd);
  }
  const score = /"score": \{\s*"score": ([\d.]+|null)/.exec(head)?.[1];
  const bytes = statSync(file).size;
  return {
    results,
    score: score === undefined || score === 'null' ? null : Number(score),
    jsonMb: bytes / 2 ** 20,
    jsonParses: parses(file, bytes),
  };
}

/** Whether JSON.parse loads the report: no string holds more than 2^29 - 24 characters (about 512 MB). */
function parses(file, bytes) {
  if (bytes >= 2 ** 29 - 24) return false;
  try {
    JSON.parse(readFileSync(file, 'utf8'));
    return true;
  } catch {
    return false;
  }
}

/**
 * One more scan that writes the HTML report instead (not counted in the scan's figures): the page's
 * size, and the wall time, CPU and peak memory of a scan that renders it.
 */
function measureHtml(dir, scanArgs) {
  const out = join(work, 'report.html');
  const { run, usage } = timedScan(dir, 'html', out, scanArgs, join(work, 'usage-html.json'));
  const html = { mb: statSync(out).size / 2 ** 20, ms: run.ms, cpuMs: usage.cpuMs, maxRssMb: usage.maxRssMb, load: run.load };
  rmSync(out, { force: true });
  return html;
}

/** One `tenantscan scan` of `dir` writing `format` to `out`, with its wall time and its CPU and peak memory (rss-probe.mjs). */
function timedScan(dir, format, out, scanArgs, rssFile) {
  const run = node(
    [
      '--import',
      join(ROOT, 'bench', 'rss-probe.mjs'),
      join(ROOT, 'bin', 'tenantscan.js'),
      'scan',
      '--file',
      dir,
      '--format',
      format,
      '--output',
      out,
      '--quiet',
      ...scanArgs,
    ],
    { TENANTSCAN_BENCH_RSS_FILE: rssFile },
    [0, 1],
  );
  return { run, usage: JSON.parse(readFileSync(rssFile, 'utf8')) };
}

/** Floor and scan runs, alternating. `scanArgs`: what the scan needs to see the dataset's tenants. */
function measure(dir, runs, scanArgs = []) {
  const rssFile = join(work, 'usage.json');
  const out = join(work, 'report.json');
  const floors = [];
  const scans = [];
  for (let i = 0; i < runs; i++) {
    const f = node([join(ROOT, 'bench', 'floor-parse.mjs'), dir]);
    floors.push({ wall: f.ms, load: f.load, ...JSON.parse(f.stdout) });
    const { run: s, usage } = timedScan(dir, 'json', out, scanArgs, rssFile);
    scans.push({ wall: s.ms, load: s.load, ...usage, ...(i === 0 ? reportFacts(out) : {}) });
  }
  rmSync(out, { force: true });
  const floor = {
    ms: median(floors.map((s) => s.wall)),
    cpuMs: median(floors.map((s) => s.cpuMs)),
    parseMs: median(floors.map((s) => s.ms)),
    maxRssMb: Math.max(...floors.map((s) => s.maxRssMb)),
    wallSpread: spread(floors.map((s) => s.wall)),
  };
  const scan = {
    ms: median(scans.map((s) => s.wall)),
    cpuMs: median(scans.map((s) => s.cpuMs)),
    maxRssMb: Math.max(...scans.map((s) => s.maxRssMb)),
    wallSpread: spread(scans.map((s) => s.wall)),
    results: scans[0].results,
    score: scans[0].score,
    jsonMb: scans[0].jsonMb,
    jsonParses: scans[0].jsonParses,
  };
  const loads = [...floors, ...scans].map((s) => s.load);
  const html = args.html === 'false' ? undefined : measureHtml(dir, scanArgs);
  return { floor, scan, runs, load: { mean: loads.reduce((a, b) => a + b, 0) / loads.length, max: Math.max(...loads) }, html };
}

mkdirSync(work, { recursive: true });
const machine = { cpus: cpus().length, cpuModel: cpus()[0]?.model, memoryGb: Math.round(totalmem() / 2 ** 30), node: process.version };
const results = { generatedAt: new Date().toISOString(), machine, startup: startup(), sizes: {}, shapes: {}, series: {} };
for (const size of sizes) {
  const data = dataset(size);
  const runs = runsFor(size);
  process.stderr.write(`measuring ${size} (${data.objects} objects, ${runs} run(s)) ...\n`);
  const m = measure(data.dir, runs);
  const families = JSON.parse(node([join(ROOT, 'bench', 'families.mjs'), data.dir]).stdout);
  results.sizes[size] = {
    objects: data.objects,
    namespaces: data.namespaces,
    tenants: data.tenants,
    ...m,
    ratio: m.scan.ms / m.floor.ms,
    cpuRatio: m.scan.cpuMs / m.floor.cpuMs,
    families,
  };
  save(size, results.sizes[size]);
}
for (const shape of shapes) {
  if (!SHAPES[shape]) throw new Error(`unknown shape ${shape}: one of ${Object.keys(SHAPES).join(', ')}`);
  const data = dataset(`${shape}-${shapeSize}`, SIZES[shapeSize], shape);
  const runs = runsFor(shapeSize);
  process.stderr.write(`measuring shape ${shape} at ${shapeSize} (${data.objects} objects, ${data.tenants} tenants, ${runs} run(s)) ...\n`);
  const m = measure(data.dir, runs, data.scanArgs);
  results.shapes[shape] = { size: shapeSize, objects: data.objects, namespaces: data.namespaces, tenants: data.tenants, ...m };
  save(`shape ${shape}`, results.shapes[shape]);
}
for (const tenants of series) {
  // label-marked tenants of equal size, so only the tenant count changes
  const perTenant = Math.max(1, Math.round(seriesNamespaces / tenants));
  const data = dataset(`series-${seriesNamespaces}-${tenants}`, seriesNamespaces, 'label', { namespacesPerTenant: perTenant });
  process.stderr.write(`measuring series: ${data.tenants} tenants of ${perTenant} namespace(s), ${data.objects} objects ...\n`);
  const m = measure(data.dir, Number(args.runs ?? 1), data.scanArgs);
  results.series[tenants] = { objects: data.objects, namespaces: data.namespaces, tenants: data.tenants, ...m };
  save(`series ${tenants} tenants`, results.series[tenants]);
}

if (args.peers === 'true') {
  const example = join(ROOT, 'examples', 'shared-cluster');
  const inputs = [['example', example], ...sizes.map((size) => [size, dataset(size).dir])];
  results.peers = { installed: {}, runs: {} };
  for (const peer of installPeers()) {
    results.peers.installed[peer.name] = peer.refused
      ? { version: peer.version, module: peer.module, refused: peer.refused }
      : { version: peer.version, module: peer.module };
    if (peer.refused) continue;
    for (const [name, dir] of inputs) {
      process.stderr.write(`timing ${peer.name} on ${name} ...\n`);
      (results.peers.runs[name] ??= {})[peer.name] = timePeer(peer, dir);
    }
  }
  for (const [name, dir] of inputs) {
    // tenantscan on the same input, once, right after the peers
    const scan = name === 'example' ? results.startup.scan : results.sizes[name].scan;
    (results.peers.runs[name] ??= {}).tenantscan = { ms: scan.ms, maxRssMb: scan.maxRssMb, dir };
  }
}

/**
 * Write bench/results.json after every measurement, so a long run that is interrupted keeps what it
 * measured, and print the measurement's figures at once.
 */
function save(name, r) {
  if (r)
    process.stderr.write(
      `  ${name}: floor ${(r.floor.ms / 1000).toFixed(2)} s (cpu ${(r.floor.cpuMs / 1000).toFixed(2)} s), scan ${(r.scan.ms / 1000).toFixed(2)} s (cpu ${(r.scan.cpuMs / 1000).toFixed(2)} s), peak ${Math.round(r.scan.maxRssMb)} MB, JSON ${Math.round(r.scan.jsonMb)} MB${r.scan.jsonParses ? '' : ' (JSON.parse cannot load it)'}, load ${r.load.mean.toFixed(1)}${r.html ? `; HTML ${r.html.mb.toFixed(1)} MB (scan with HTML ${(r.html.ms / 1000).toFixed(2)} s, cpu ${(r.html.cpuMs / 1000).toFixed(2)} s, peak ${Math.round(r.html.maxRssMb)} MB, load ${r.html.load.toFixed(1)})` : ''}\n`,
    );
  writeFileSync(join(ROOT, 'bench', 'results.json'), `${JSON.stringify(results, null, 2)}\n`);
}

/**
 * Start-up: `tenantscan scan --file examples/shared-cluster --format json` (one small chart's worth,
 * where start-up is most of the time) against the floor `node -e 0`, alternating, 5 runs each.
 */
function startup() {
  const floors = [];
  const scans = [];
  const rssFile = join(work, 'usage-startup.json');
  for (let i = 0; i < 5; i++) {
    floors.push(node(['-e', '0']).ms);
    const s = node(
      [
        '--import',
        join(ROOT, 'bench', 'rss-probe.mjs'),
        join(ROOT, 'bin', 'tenantscan.js'),
        'scan',
        '--file',
        join(ROOT, 'examples', 'shared-cluster'),
        '--format',
        'json',
        '--output',
        join(work, 'startup.json'),
        '--quiet',
      ],
      { TENANTSCAN_BENCH_RSS_FILE: rssFile },
      [0, 1],
    );
    scans.push({ ms: s.ms, ...JSON.parse(readFileSync(rssFile, 'utf8')) });
  }
  return {
    floor: { ms: median(floors), wallSpread: spread(floors) },
    scan: {
      ms: median(scans.map((s) => s.ms)),
      cpuMs: median(scans.map((s) => s.cpuMs)),
      maxRssMb: Math.max(...scans.map((s) => s.maxRssMb)),
      wallSpread: spread(scans.map((s) => s.ms)),
    },
  };
}

const live = join(ROOT, 'bench', 'live.mjs');
if (args.live !== 'false' && existsSync(live)) {
  const { measureLive } = await import(live);
  // Builds the control plane when needed (8 to 30 minutes the first time); `--live false` skips the live scan.
  const outcome = await measureLive({ size: 'medium', dataset, force: true });
  if (outcome) results.live = { ...outcome, load: loadavg()[0] };
}

const s = (ms) => `${(ms / 1000).toFixed(2)} s`;
const table = new Table({
  head: [
    'size',
    'objects',
    'floor wall (cpu)',
    'scan wall (cpu)',
    'scan / floor wall (cpu)',
    'peak memory',
    'JSON',
    'load avg',
    'slowest family',
  ],
  style: { head: [], border: [] },
});
for (const [size, r] of Object.entries(results.sizes)) {
  const [slowest, slowMs] = Object.entries(r.families.families).sort((a, b) => b[1] - a[1])[0] ?? ['-', 0];
  table.push([
    size,
    r.objects,
    `${s(r.floor.ms)} (${s(r.floor.cpuMs)})`,
    `${s(r.scan.ms)} (${s(r.scan.cpuMs)})`,
    `${r.ratio.toFixed(2)} (${r.cpuRatio.toFixed(2)})`,
    `${Math.round(r.scan.maxRssMb)} MB`,
    `${Math.round(r.scan.jsonMb)} MB`,
    r.load.mean.toFixed(1),
    `${slowest} ${slowMs.toFixed(0)} ms`,
  ]);
}
console.log(table.toString());
const names = Object.keys(results.sizes);
for (let i = 1; i < names.length; i++) {
  const a = results.sizes[names[i - 1]];
  const b = results.sizes[names[i]];
  console.log(
    `${names[i - 1]} -> ${names[i]}: objects x${(b.objects / a.objects).toFixed(1)}, scan wall x${(b.scan.ms / a.scan.ms).toFixed(1)}, scan cpu x${(b.scan.cpuMs / a.scan.cpuMs).toFixed(1)}, floor wall x${(b.floor.ms / a.floor.ms).toFixed(1)}`,
  );
}
const famTable = new Table({ head: ['family (ms, in-process)', ...names], style: { head: [], border: [] } });
const families = [...new Set(names.flatMap((n) => Object.keys(results.sizes[n].families.families)))].sort();
for (const f of [...families, 'reachability', 'load', 'index', 'tenants']) {
  famTable.push([
    f,
    ...names.map((n) => {
      const fam = results.sizes[n].families;
      return (fam.families[f] ?? fam[f] ?? 0).toFixed(1);
    }),
  ]);
}
console.log(famTable.toString());
const mb = (v) => (v === undefined ? '-' : `${Math.round(v)} MB`);
console.log(
  `start-up: tenantscan scan of the example ${s(results.startup.scan.ms)} (${s(results.startup.scan.wallSpread.min)}–${s(results.startup.scan.wallSpread.max)}, cpu ${s(results.startup.scan.cpuMs)}) against node -e 0 ${s(results.startup.floor.ms)}`,
);
const shaped = [
  ...Object.entries(results.shapes).map(([name, r]) => [`${name} (${r.size})`, r]),
  ...Object.entries(results.series).map(([tenants, r]) => [`series: ${tenants} tenants`, r]),
];
if (shaped.length) {
  const shapeTable = new Table({
    head: ['shape', 'objects', 'tenants', 'floor wall', 'scan wall (cpu)', 'scan / floor', 'peak memory', 'JSON', 'JSON.parse', 'HTML'],
    style: { head: [], border: [] },
  });
  for (const [name, r] of shaped)
    shapeTable.push([
      name,
      r.objects,
      r.tenants,
      s(r.floor.ms),
      `${s(r.scan.ms)} (${s(r.scan.cpuMs)})`,
      (r.scan.ms / r.floor.ms).toFixed(2),
      mb(r.scan.maxRssMb),
      mb(r.scan.jsonMb),
      r.scan.jsonParses ? 'yes' : 'no',
      r.html ? `${r.html.mb.toFixed(1)} MB` : '-',
    ]);
  console.log(shapeTable.toString());
}
const seriesRuns = Object.entries(results.series);
for (let i = 1; i < seriesRuns.length; i++) {
  const [ta, a] = seriesRuns[i - 1];
  const [tb, b] = seriesRuns[i];
  console.log(
    `series ${ta} -> ${tb} tenants: tenants x${(b.tenants / a.tenants).toFixed(1)}, scan wall x${(b.scan.ms / a.scan.ms).toFixed(2)}, scan cpu x${(b.scan.cpuMs / a.scan.cpuMs).toFixed(2)}, JSON x${(b.scan.jsonMb / a.scan.jsonMb).toFixed(2)}`,
  );
}
if (results.peers) {
  for (const [name, peer] of Object.entries(results.peers.installed))
    if (peer.refused) console.log(`${name} ${peer.version} not installed: ${peer.refused}`);
  const peerNames = ['tenantscan', ...Object.keys(results.peers.installed).filter((n) => !results.peers.installed[n].refused)];
  const peerTable = new Table({ head: ['input', ...peerNames], style: { head: [], border: [] } });
  for (const [input, runs] of Object.entries(results.peers.runs))
    peerTable.push([input, ...peerNames.map((n) => (runs[n] ? `${s(runs[n].ms)} / ${mb(runs[n].maxRssMb)}` : '-'))]);
  console.log(peerTable.toString());
}
if (results.live)
  console.log(
    `live scan (${results.live.size}, ${results.live.objects} objects listed): ${s(results.live.scanMs)} vs list floor ${s(results.live.floorMs)}: ratio ${results.live.ratio.toFixed(2)} (median of ${results.live.runs})`,
  );
save();
console.log('wrote bench/results.json');
