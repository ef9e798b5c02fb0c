#!/usr/bin/env node
// Live-scan benchmark: the medium cluster loaded into a real control plane (scripts/test-cluster.sh),
// and the wall time of `tenantscan scan --kubeconfig ... --format json` against the floor of listing
// the same kinds with the same page size and concurrency from the same API server (bench/live-floor.mjs).
//
// The benchmark runs its own control plane beside the test one (state in
// ~/.cache/tenantscan/bench-cluster, API server on 127.0.0.1:27443), so that 18,000 objects never
// reach the cluster the e2e tests use. It is left running with its data (a marker ConfigMap says
// which dataset it holds), so a later run measures at once; stop it with
//   node bench/live.mjs --down
//
//   node bench/live.mjs [--size medium] [--runs 3] [--force]
//
// Used by bench/run.mjs, which builds the control plane when needed (from Go modules: 8 to 30
// minutes the first time); `npm run bench -- --live false` skips the live scan. Run alone without
// --force, this script measures only when the binaries are already built.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { homedir, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadDataset, loadedMarker, markerValue } from './live-load.mjs';

const ROOT = join(fileURLToPath(import.meta.url), '..', '..');
const STATE = join(homedir(), '.cache', 'tenantscan', 'bench-cluster');
const CLUSTER_ENV = {
  TENANTSCAN_CLUSTER_DIR: STATE,
  TENANTSCAN_APISERVER_PORT: '27443',
  TENANTSCAN_ETCD_PORT: '24790',
  TENANTSCAN_ETCD_PEER_PORT: '24800',
};
const KUBECONFIG = join(STATE, 'admin.kubeconfig');
const log = (line) => process.stderr.write(`live: ${line}\n`);

function cluster(command) {
  return spawnSync('bash', [join(ROOT, 'scripts', 'test-cluster.sh'), command], {
    cwd: ROOT,
    env: { ...process.env, ...CLUSTER_ENV },
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'pipe'],
  });
}

/** Are the control plane's binaries built (so `up` starts in seconds instead of compiling)? */
function binariesBuilt() {
  const versions = readFileSync(join(ROOT, 'scripts', 'cluster', 'versions.env'), 'utf8');
  const k8s = /K8S_VERSION=["']?([^"'\s]+)/.exec(versions)?.[1];
  const dir = process.env.TENANTSCAN_BIN_DIR ?? join(homedir(), '.cache', 'tenantscan', k8s ?? '');
  return ['etcd', 'kube-apiserver', 'kube-controller-manager'].every((b) => existsSync(join(dir, b)));
}

/** Another Go build (someone's `test-cluster.sh up`) is running: two at once would starve the machine. */
function goBuildRunning() {
  return spawnSync('pgrep', ['-f', 'go build'], { encoding: 'utf8' }).stdout.trim() !== '';
}

async function ensureCluster(force) {
  if (cluster('status').status === 0) return true;
  if (!binariesBuilt()) {
    if (!force) {
      log('skipped: the control plane is not built (run `npm run bench -- --live` to build it, 8 to 30 minutes)');
      return false;
    }
    while (goBuildRunning()) {
      log('another Go build is running; waiting for it to finish before building the control plane ...');
      await new Promise((r) => setTimeout(r, 30_000));
    }
  }
  log(`starting the benchmark control plane in ${STATE} ...`);
  const up = cluster('up');
  if (up.status !== 0) {
    log(`could not start the control plane:\n${up.stdout}${up.stderr}`);
    return false;
  }
  return true;
}

function timed(argv) {
  const start = performance.now();
  const res = spawnSync(process.execPath, argv, { cwd: ROOT, encoding: 'utf8', maxBuffer: 1 << 28 });
  const ms = performance.now() - start;
  if (res.status !== 0 && res.status !== 1) throw new Error(`${argv.join(' ')} exited ${res.status}: ${res.stderr}`);
  return { ms, stdout: res.stdout };
}

const median = (values) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];

/**
 * Load (once) and measure. Returns undefined when the control plane is not available, else
 * {size, objects, scanMs, floorMs, ratio, runs, scanSamples, floorSamples, pageSize, concurrency, server}.
 */
export async function measureLive({ size = 'medium', dataset, force = false, runs = 3 }) {
  if (!(await ensureCluster(force))) return undefined;
  const data = dataset(size);
  if ((await loadedMarker(KUBECONFIG)) !== markerValue(data)) {
    log(`loading the ${size} cluster (${data.objects} objects) ...`);
    const loaded = await loadDataset(KUBECONFIG, data, { log });
    log(`loaded: ${loaded.created} created, ${loaded.existing} already there, in ${loaded.seconds.toFixed(0)} s`);
  } else {
    log(`the ${size} cluster is already loaded`);
  }
  const work = mkdtempSync(join(tmpdir(), 'tenantscan-live-'));
  // What the scanner lists, for the floor (which must not pay for loading the scanner's modules).
  const plan = join(work, 'plan.json');
  const dist = (...p) => join(ROOT, 'dist', 'src', 'sources', ...p);
  const { DEFAULT_PAGE_SIZE, DEFAULT_CONCURRENCY } = await import(dist('cluster.js'));
  // The kinds a scan with the built-in checks reads in full (src/engine/read-plan.ts).
  const { scanReadPlan } = await import(join(ROOT, 'dist', 'src', 'engine', 'read-plan.js'));
  const { builtinChecks } = await import(join(ROOT, 'dist', 'checks', 'index.js'));
  const FULL_KINDS = [...scanReadPlan(builtinChecks).kinds].filter(([, read]) => read.part === 'full').map(([gk]) => gk);
  const { METADATA_ONLY_ACCEPT } = await import(dist('cluster-list.js'));
  const { AGGREGATED_DISCOVERY_ACCEPT } = await import(dist('cluster-discovery.js'));
  writeFileSync(
    plan,
    JSON.stringify({ FULL_KINDS, METADATA_ONLY_ACCEPT, AGGREGATED_DISCOVERY_ACCEPT, DEFAULT_PAGE_SIZE, DEFAULT_CONCURRENCY }),
  );
  const scanSamples = [];
  const floorSamples = [];
  let objects = 0;
  let results = 0;
  try {
    // Alternate floor and scan, so that a change in machine load hits both alike.
    for (let i = 0; i < runs; i++) {
      const floor = timed([join(ROOT, 'bench', 'live-floor.mjs'), KUBECONFIG, plan]);
      objects = JSON.parse(floor.stdout).objects;
      floorSamples.push(floor.ms);
      const out = join(work, 'report.json');
      scanSamples.push(
        timed([join(ROOT, 'bin', 'tenantscan.js'), 'scan', '--kubeconfig', KUBECONFIG, '--format', 'json', '--output', out, '--quiet']).ms,
      );
      results = JSON.parse(readFileSync(out, 'utf8')).results.length;
      log(`run ${i + 1}: floor ${(floor.ms / 1000).toFixed(2)} s, scan ${(scanSamples.at(-1) / 1000).toFixed(2)} s`);
    }
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
  const scanMs = median(scanSamples);
  const floorMs = median(floorSamples);
  return {
    size,
    objects,
    results,
    scanMs,
    floorMs,
    ratio: scanMs / floorMs,
    runs,
    scanSamples,
    floorSamples,
    pageSize: DEFAULT_PAGE_SIZE,
    concurrency: DEFAULT_CONCURRENCY,
    server: 'https://127.0.0.1:27443',
  };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const args = process.argv.slice(2);
  if (args.includes('--down')) {
    const down = cluster('down');
    process.stdout.write(down.stdout + down.stderr);
    process.exit(down.status ?? 1);
  }
  const { GENERATOR_VERSION, SIZES, generate } = await import('./generate.mjs');
  const size = args[args.indexOf('--size') + 1] && args.includes('--size') ? args[args.indexOf('--size') + 1] : 'medium';
  const dataset = (name) => {
    const dir = join(tmpdir(), 'tenantscan-bench', name);
    const expectedFile = join(dir, 'expected.json');
    if (
      !existsSync(join(dir, 'manifests')) ||
      !existsSync(expectedFile) ||
      JSON.parse(readFileSync(expectedFile, 'utf8')).generatorVersion !== GENERATOR_VERSION
    )
      generate(SIZES[name], dir);
    return { dir: join(dir, 'manifests'), ...JSON.parse(readFileSync(expectedFile, 'utf8')) };
  };
  const runs = args.includes('--runs') ? Number(args[args.indexOf('--runs') + 1]) : 3;
  const outcome = await measureLive({ size, dataset, force: args.includes('--force'), runs });
  console.log(JSON.stringify(outcome ?? { skipped: true }, null, 2));
}
