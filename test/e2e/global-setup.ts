import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, readdirSync, statSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import type { TestProject } from 'vitest/node';
import { type SeedInfo, seedCluster } from './helpers/seed.js';
import { CLUSTER_DIR, ROOT } from './helpers/paths.js';
import { toolAvailable } from '../helpers/tool.js';

/** What every e2e test file receives through `inject('e2e')`. */
export interface E2eContext {
  /** False when the control plane cannot be built here (no Go, no cached binaries): tests skip. */
  available: boolean;
  reason?: string;
  seed?: SeedInfo;
}

declare module 'vitest' {
  export interface ProvidedContext {
    e2e: E2eContext;
  }
}

const SCRIPT = join(ROOT, 'scripts', 'test-cluster.sh');

/**
 * Start (or reuse) the local control plane, make sure dist/ is built from the current sources, and
 * seed the cluster once. Without Go and without cached binaries the suite is skipped with a loud
 * message, except under CI=true, where that is a failure. The teardown stops the cluster only if this
 * setup started it (set TENANTSCAN_E2E_KEEP_CLUSTER=1 to keep it for the next run).
 */
export default async function setup(project: TestProject): Promise<() => void> {
  const log = (line: string) => process.stderr.write(`[e2e] ${line}\n`);
  const wasUp = run('bash', [SCRIPT, 'status'], { quiet: true }).status === 0;
  if (!wasUp) {
    const missing = missingPrerequisite();
    if (missing) {
      toolAvailable('END-TO-END TESTS', `${missing}; install Go >= 1.26 (see docs/test-cluster.md) to run them`);
      project.provide('e2e', { available: false, reason: missing });
      return () => {};
    }
    log('starting the test control plane (scripts/test-cluster.sh up; the first build takes minutes)');
    const up = run('bash', [SCRIPT, 'up']);
    if (up.status !== 0)
      throw new Error(`scripts/test-cluster.sh up failed (exit ${up.status}); see the output above and ${CLUSTER_DIR}/*.log`);
  } else {
    log(`reusing the running test control plane in ${CLUSTER_DIR}`);
  }
  const stop = () => {
    if (wasUp || process.env.TENANTSCAN_E2E_KEEP_CLUSTER === '1') return;
    log('stopping the test control plane (scripts/test-cluster.sh down)');
    run('bash', [SCRIPT, 'down']);
  };
  try {
    buildIfStale(log);
    const seed = await seedCluster(log);
    project.provide('e2e', { available: true, seed });
  } catch (err) {
    stop();
    throw err;
  }
  return stop;
}

/** Why the control plane cannot start here, or undefined when it can (Go on PATH, or binaries already cached). */
function missingPrerequisite(): string | undefined {
  if (run('go', ['version'], { quiet: true }).status === 0) return undefined;
  const version = /K8S_VERSION=(\S+)/.exec(readFileSync(join(ROOT, 'scripts', 'cluster', 'versions.env'), 'utf8'))?.[1];
  const cache =
    process.env.TENANTSCAN_BIN_DIR ?? join(process.env.XDG_CACHE_HOME ?? join(homedir(), '.cache'), 'tenantscan', version ?? '');
  if (['etcd', 'kube-apiserver', 'kube-controller-manager'].every((b) => existsSync(join(cache, b)))) return undefined;
  return `Go is not installed and no control plane binaries are cached in ${cache}`;
}

/** The tests run bin/tenantscan.js, which loads dist/: rebuild when a source is newer than the build. */
function buildIfStale(log: (line: string) => void): void {
  const built = join(ROOT, 'dist', 'cli', 'main.js');
  const builtAt = existsSync(built) ? statSync(built).mtimeMs : 0;
  const newest = Math.max(...['cli', 'src', 'checks', 'reports'].map((dir) => newestMtime(join(ROOT, dir))));
  if (newest <= builtAt) return;
  log('dist/ is older than the sources: npm run build');
  // tsc still emits when it reports type errors; the unit suite and `npm run build` in CI fail on them.
  const build = run('npm', ['run', 'build', '--silent']);
  if (build.status !== 0) log('WARNING: npm run build reported errors (above); running the e2e tests on what it emitted');
}

function newestMtime(path: string): number {
  if (!existsSync(path)) return 0;
  const st = statSync(path);
  if (!st.isDirectory()) return path.endsWith('.ts') || path.endsWith('.json') ? st.mtimeMs : 0;
  return Math.max(0, ...readdirSync(path).map((entry) => newestMtime(join(path, entry))));
}

function run(command: string, args: string[], options: { quiet?: boolean } = {}) {
  return spawnSync(command, args, { cwd: ROOT, stdio: options.quiet ? 'ignore' : ['ignore', 'inherit', 'inherit'], env: process.env });
}
