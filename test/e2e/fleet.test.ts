import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import yaml from 'js-yaml';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { JsonFleetReport } from '../../reports/fleet-json.js';
import { validateFleet } from '../../reports/schema/index.js';
import { runCli } from './helpers/cli.js';
import { applyManifests } from './helpers/kube.js';
import { clusterEnv, kubeconfig } from './helpers/paths.js';
import { SECOND_CLUSTER_DIR, secondKubeconfig, startSecondCluster, stopSecondCluster } from './helpers/second-cluster.js';

const e2e = inject('e2e');
const log = (line: string) => process.stderr.write(`[e2e fleet] ${line}\n`);

/** The suite's seeded cluster plays a vcluster that runs in namespace vc-dev of the second cluster (its context says so). */
const VIRTUAL = 'vcluster_dev_vc-dev_second';
const HOST = 'second';
const DEAD = 'dead';

/**
 * One kubeconfig with three contexts, as an auditor's would hold them: `second` (the second control
 * plane), the vcluster context named the way `vcluster connect` names it (here the suite's cluster),
 * and `dead`, a cluster that does not answer. Each reads as the read-only scanner of its cluster.
 */
function fleetKubeconfig(file: string): void {
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- kubeconfig YAML
  const load = (path: string) => yaml.load(readFileSync(path, 'utf8')) as any;
  const host = load(secondKubeconfig('scanner'));
  const virtual = load(kubeconfig('scanner'));
  const entry = (config: typeof host, name: string, server?: string) => ({
    cluster: { name, cluster: { ...config.clusters[0].cluster, ...(server ? { server } : {}) } },
    user: { name, user: config.users[0].user },
    context: { name, context: { cluster: name, user: name } },
  });
  const entries = [entry(host, HOST), entry(virtual, VIRTUAL), entry(host, DEAD, clusterEnv().UNREACHABLE_URL ?? 'https://127.0.0.1:1')];
  const config = {
    apiVersion: 'v1',
    kind: 'Config',
    'current-context': HOST,
    clusters: entries.map((e) => e.cluster),
    users: entries.map((e) => e.user),
    contexts: entries.map((e) => e.context),
  };
  writeFileSync(file, yaml.dump(config), { mode: 0o600 });
}

describe.skipIf(!e2e.available)('a fleet of two clusters (and one that does not answer)', () => {
  let startedHere = false;
  const work = join(SECOND_CLUSTER_DIR, 'e2e');
  const fleetConfig = join(work, 'fleet.kubeconfig');
  const timings: Record<string, number> = {};

  beforeAll(async () => {
    startedHere = startSecondCluster(log);
    await applyManifests({
      kubeconfig: secondKubeconfig('admin'),
      paths: [join(import.meta.dirname, 'fleet', 'second-cluster.yaml')],
      log,
    });
    mkdirSync(work, { recursive: true });
    fleetKubeconfig(fleetConfig);
  });
  afterAll(() => {
    if (Object.keys(timings).length) {
      writeFileSync(join(work, 'timings.json'), JSON.stringify(timings, null, 2));
      log(`timings (s): ${JSON.stringify(timings)}`);
    }
    if (startedHere) stopSecondCluster(log);
  });

  /** Run the CLI and time it (wall clock, seconds). */
  async function timed(name: string, args: string[]) {
    const t0 = performance.now();
    const run = await runCli(args);
    timings[name] = Math.round(performance.now() - t0) / 1000;
    return run;
  }

  it('scans both clusters concurrently: each keeps its tenants, scores and access outcome, and the vcluster is linked to its host namespace and tenant', async () => {
    const run = await timed('fleet scan of both', [
      'scan',
      '--kubeconfig',
      fleetConfig,
      '--context',
      HOST,
      '--context',
      VIRTUAL,
      '--format',
      'json',
    ]);
    expect(run.code, run.stderr).toBe(0);
    const fleet = JSON.parse(run.stdout) as JsonFleetReport;
    expect(validateFleet(fleet)).toEqual([]);
    expect(fleet.summary).toMatchObject({ clusters: 2, scanned: 2, failed: 0 });
    const [host, virtual] = fleet.clusters;
    expect([host.name, host.status, virtual.name, virtual.status]).toEqual([HOST, 'scanned', VIRTUAL, 'scanned']);
    expect(host.report!.source).toMatchObject({
      type: 'cluster',
      context: HOST,
      server: expect.stringContaining(process.env.TENANTSCAN_SECOND_APISERVER_PORT ?? '26444'),
    });
    expect(virtual.report!.source).toMatchObject({ type: 'cluster', context: VIRTUAL, server: clusterEnv().APISERVER_URL });
    expect(host.report!.tenants.map((t) => t.name).sort()).toEqual(['team-x', 'vcluster-dev']);
    expect(virtual.report!.tenants.map((t) => t.name)).toEqual(expect.arrayContaining(['acme', 'globex', 'initech']));
    for (const c of [host, virtual]) expect(c.report!.access.find((a) => a.groupKind === 'Pod')).toMatchObject({ status: 'full' });
    expect(host.report!.virtualClusters).toEqual([
      { name: 'dev', namespace: 'vc-dev', kind: 'StatefulSet', object: 'dev', tenant: 'vcluster-dev' },
    ]);
    expect(virtual.virtualClusterOf).toEqual({ hostCluster: HOST, namespace: 'vc-dev', vcluster: 'dev', tenant: 'vcluster-dev' });
    expect(fleet.summary.tenants.filter((t) => t.cluster === HOST).map((t) => t.tenant)).toEqual(['team-x', 'vcluster-dev']);
    expect(run.stderr).toMatch(new RegExp(`cluster ${HOST}: scanned in [\\d.]+ s`));
  });

  it('reports the cluster that does not answer and scans the others (--all-contexts); a gate across the fleet then fails', async () => {
    const out = join(work, 'all.json');
    const run = await runCli([
      'scan',
      '--kubeconfig',
      fleetConfig,
      '--all-contexts',
      '--format',
      'json',
      '--output',
      out,
      '--format',
      'table',
    ]);
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toContain('fleet of 3 cluster(s): 2 scanned, 1 could not be scanned');
    expect(run.stdout).toMatch(/Tenant scores by cluster[\s\S]*│ acme\s+│ ·\s+│ [\d.]+ [A-F]\s+│/);
    expect(run.stdout).toContain(`${HOST}: namespace vc-dev (tenant vcluster-dev), vcluster dev`);
    const fleet = JSON.parse(readFileSync(out, 'utf8')) as JsonFleetReport;
    expect(validateFleet(fleet)).toEqual([]);
    expect(fleet.clusters.map((c) => [c.name, c.status])).toEqual([
      [HOST, 'scanned'],
      [VIRTUAL, 'scanned'],
      [DEAD, 'failed'],
    ]);
    expect(fleet.clusters[2].error).toMatchObject({ exitCode: 3, message: expect.stringContaining('cannot reach the API server') });
    expect(run.stderr).toContain(`1 of 3 cluster(s) could not be scanned: ${DEAD}`);

    const gated = await runCli(['scan', '--kubeconfig', fleetConfig, '--all-contexts', '--min-score', '0', '--format', 'json', '--quiet']);
    expect(gated.code).toBe(1);
    expect(gated.stderr).toContain(`tenantscan: gate failed: cluster ${DEAD} could not be scanned`);
    expect(JSON.parse(gated.stdout).gate).toMatchObject({ passed: false, reasons: [`cluster ${DEAD} could not be scanned`] });

    const none = await runCli(['scan', '--kubeconfig', fleetConfig, '--context', HOST, '--context', 'nope']);
    expect(none.code).toBe(2);
    expect(none.stderr).toContain('context "nope" is in none of the kubeconfigs');
  });

  it('merges two in-cluster-style JSON reports (one scan per cluster, each named) into the same fleet, linked by name; measures the fleet against the single scans', async () => {
    const files: string[] = [];
    for (const [name, file] of [
      [HOST, secondKubeconfig('scanner')],
      [VIRTUAL, kubeconfig('scanner')],
    ] as const) {
      const out = join(work, `${name}.json`);
      const run = await timed(`single scan of ${name}`, [
        'scan',
        '--kubeconfig',
        file,
        '--cluster-name',
        name,
        '--format',
        'json',
        '--output',
        out,
        '--quiet',
      ]);
      expect(run.code, run.stderr).toBe(0);
      files.push(out);
    }
    const merged = await runCli(['merge', ...files, '--format', 'json']);
    expect(merged.code, merged.stderr).toBe(0);
    const fleet = JSON.parse(merged.stdout) as JsonFleetReport;
    expect(validateFleet(fleet)).toEqual([]);
    expect(fleet.clusters.map((c) => [c.name, c.status, c.origin])).toEqual([
      [HOST, 'scanned', files[0]],
      [VIRTUAL, 'scanned', files[1]],
    ]);
    expect(fleet.clusters[1].virtualClusterOf).toEqual({ hostCluster: HOST, namespace: 'vc-dev', vcluster: 'dev', tenant: 'vcluster-dev' });

    const fleetScan = timings['fleet scan of both'];
    const sum = timings[`single scan of ${HOST}`] + timings[`single scan of ${VIRTUAL}`];
    if (fleetScan !== undefined) log(`fleet scan of two clusters: ${fleetScan} s; the two single scans: ${sum} s in sum`);
  });
});
