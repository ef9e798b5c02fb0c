import { describe, expect, it } from 'vitest';
import { evaluateFleetGate, fleetGateLine } from '../../cli/gate.js';
import storageHostpathVolume from '../../checks/storage/storage-hostpath-volume.js';
import { type FleetClusterInput, fleetOf } from '../../src/engine/fleet.js';
import { linkVirtualClusters, parseVclusterContext } from '../../src/engine/fleet-links.js';
import type { Report } from '../../src/engine/report.js';
import { scan } from '../../src/engine/scan.js';
import { indexFromText } from '../../src/testing/run-check.js';

/** A host cluster: a vcluster `dev` in namespace vc-dev (its own tenant), one `prod` in Capsule tenant acme's namespace, and a hostPath pod. */
const HOST = `
apiVersion: v1
kind: Namespace
metadata: { name: vc-dev }
---
apiVersion: v1
kind: Namespace
metadata: { name: acme-prod, labels: { capsule.clastix.io/tenant: acme } }
---
apiVersion: v1
kind: Namespace
metadata: { name: kube-system }
---
apiVersion: apps/v1
kind: StatefulSet
metadata: { name: dev, namespace: vc-dev, labels: { app: vcluster, release: dev } }
spec: { selector: { matchLabels: { app: vcluster } }, template: { metadata: { labels: { app: vcluster } }, spec: { containers: [{ name: syncer, image: vcluster }] } } }
---
apiVersion: apps/v1
kind: Deployment
metadata: { name: prod, namespace: acme-prod, labels: { app: vcluster, release: prod } }
spec: { selector: { matchLabels: { app: vcluster } }, template: { metadata: { labels: { app: vcluster } }, spec: { containers: [{ name: syncer, image: vcluster }] } } }
---
apiVersion: apps/v1
kind: Deployment
metadata: { name: web, namespace: acme-prod, labels: { app: web } }
spec: { selector: { matchLabels: { app: web } }, template: { metadata: { labels: { app: web } }, spec: { containers: [{ name: web, image: nginx }], volumes: [{ name: h, hostPath: { path: /var } }] } } }
`;

function reportOf(text: string): Report {
  return scan(indexFromText(text), [storageHostpathVolume], { profile: 'multi-team', sandboxHandlers: [], checkOptions: {}, tenancy: {} });
}

describe('the report lists the vcluster control planes a cluster runs', () => {
  it('names each one (release label), its namespace, workload and the tenant of that namespace', () => {
    expect(reportOf(HOST).virtualClusters).toEqual([
      { name: 'prod', namespace: 'acme-prod', kind: 'Deployment', object: 'prod', tenant: 'acme' },
      { name: 'dev', namespace: 'vc-dev', kind: 'StatefulSet', object: 'dev', tenant: 'vcluster-dev' },
    ]);
  });

  it('leaves the section out of a cluster without vcluster, and ignores a workload labelled app=vcluster without a release', () => {
    const report = reportOf(HOST.replace('release: dev', 'tier: dev').replace('release: prod', 'tier: prod'));
    expect(report.virtualClusters).toBeUndefined();
  });
});

describe('parseVclusterContext', () => {
  it('reads vcluster_<name>_<namespace>_<host context>, the host context keeping its own underscores', () => {
    expect(parseVclusterContext('vcluster_dev_vc-dev_kind-host')).toEqual({
      vcluster: 'dev',
      namespace: 'vc-dev',
      hostContext: 'kind-host',
    });
    expect(parseVclusterContext('vcluster_dev_vc-dev_gke_proj_zone_host')).toEqual({
      vcluster: 'dev',
      namespace: 'vc-dev',
      hostContext: 'gke_proj_zone_host',
    });
  });

  it('is undefined for other names, and for parts that are not DNS labels', () => {
    for (const name of ['prod-eu', 'vcluster_dev', 'vcluster_dev_ns', 'vcluster_Dev_ns_host', 'vcluster-platform_dev_proj_host', undefined])
      expect(parseVclusterContext(name)).toBeUndefined();
  });
});

describe('linkVirtualClusters', () => {
  const host = { name: 'host', context: 'host', report: reportOf(HOST) };

  it('links a virtual cluster to the namespace and tenant its control plane runs in, on the host its context names', () => {
    const other = { name: 'other', context: 'other', report: reportOf(HOST) };
    const links = linkVirtualClusters([other, host, { name: 'vcluster_prod_acme-prod_host', context: 'vcluster_prod_acme-prod_host' }]);
    expect(links.get('vcluster_prod_acme-prod_host')).toEqual({
      hostCluster: 'host',
      namespace: 'acme-prod',
      vcluster: 'prod',
      tenant: 'acme',
    });
    expect(links.size).toBe(1);
  });

  it('takes the only host that runs it when the host context is not in the fleet (merged in-cluster reports)', () => {
    const links = linkVirtualClusters([{ ...host, context: undefined, name: 'prod-eu' }, { name: 'vcluster_dev_vc-dev_laptop' }]);
    expect(links.get('vcluster_dev_vc-dev_laptop')).toEqual({
      hostCluster: 'prod-eu',
      namespace: 'vc-dev',
      vcluster: 'dev',
      tenant: 'vcluster-dev',
    });
  });

  it('does not link on a name alone: no host runs that vcluster there, or several do and none is named', () => {
    expect(linkVirtualClusters([host, { name: 'vcluster_dev_elsewhere_host' }]).size).toBe(0);
    expect(linkVirtualClusters([host, { name: 'vcluster_nope_vc-dev_host' }]).size).toBe(0);
    const twins = [
      { ...host, name: 'a', context: 'a' },
      { ...host, name: 'b', context: 'b' },
    ];
    expect(linkVirtualClusters([...twins, { name: 'vcluster_dev_vc-dev_c' }]).size).toBe(0);
    expect(linkVirtualClusters([...twins, { name: 'vcluster_dev_vc-dev_b' }]).get('vcluster_dev_vc-dev_b')?.hostCluster).toBe('b');
  });
});

describe('fleetOf and the gate across a fleet', () => {
  const unreachable: FleetClusterInput = {
    name: 'vcluster_dev_vc-dev_host',
    context: 'vcluster_dev_vc-dev_host',
    error: { message: 'cannot reach the API server', exitCode: 3 },
  };

  it('keeps each cluster with its outcome, makes names unique, links even a failed virtual cluster, and lists every tenant by cluster', () => {
    const report = reportOf(HOST);
    const fleet = fleetOf(
      [{ name: 'host', context: 'host', report }, unreachable, { name: 'host', context: 'host2', report }],
      '2026-01-01T00:00:00.000Z',
    );
    expect(fleet.clusters.map((c) => [c.name, c.status])).toEqual([
      ['host', 'scanned'],
      ['vcluster_dev_vc-dev_host', 'failed'],
      ['host #2', 'scanned'],
    ]);
    expect(fleet.clusters[1].virtualClusterOf).toEqual({
      hostCluster: 'host',
      namespace: 'vc-dev',
      vcluster: 'dev',
      tenant: 'vcluster-dev',
    });
    expect(fleet.summary).toMatchObject({ clusters: 3, scanned: 2, failed: 1 });
    expect(fleet.summary.tenants.map((t) => `${t.cluster}/${t.tenant}`)).toEqual([
      'host/acme',
      'host/vcluster-dev',
      'host #2/acme',
      'host #2/vcluster-dev',
    ]);
    const acme = report.tenants.find((t) => t.name === 'acme')!;
    expect(fleet.summary.tenants[0]).toEqual({
      cluster: 'host',
      tenant: 'acme',
      score: acme.score,
      grade: acme.grade,
      coverage: acme.coverage,
    });
  });

  it('passes only when every cluster was scanned and passed its own gate; reasons name their cluster', () => {
    const report = reportOf(HOST);
    const clean = reportOf(HOST.replace('volumes: [{ name: h, hostPath: { path: /var } }]', 'volumes: []'));
    const passing = evaluateFleetGate(fleetOf([{ name: 'a', report: clean }]), { failOn: 'high' });
    expect(passing.gate).toMatchObject({ passed: true, reasons: [], failing: 0 });
    expect(passing.clusters[0].report?.gate?.passed).toBe(true);
    expect(fleetGateLine(passing.gate!, 1)).toBe('gate passed in all 1 clusters: no failing result at or above severity high');

    const failing = evaluateFleetGate(fleetOf([{ name: 'a', report: clean }, { name: 'b', report }, unreachable]), { failOn: 'high' });
    expect(failing.gate).toMatchObject({
      passed: false,
      failing: 1,
      reasons: ['cluster b: 1 failing result(s) at or above severity high', 'cluster vcluster_dev_vc-dev_host could not be scanned'],
    });
    expect(failing.clusters.map((c) => c.report?.gate?.passed)).toEqual([true, false, undefined]);
    // the fleet passed in was not changed
    expect(fleetOf([{ name: 'b', report }]).clusters[0].report?.gate).toBeUndefined();
  });
});
