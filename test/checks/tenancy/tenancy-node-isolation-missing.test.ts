import { describe, expect, it } from 'vitest';
import check from '../../../checks/tenancy/tenancy-node-isolation-missing.js';
import { failures, passes, runCheckOnFixture, runCheckOnText } from '../../helpers/fixtures.js';
import { expectEvery } from '../../helpers/expect-every.js';

const FIX = 'tenancy/tenancy-node-isolation-missing';

describe('tenancy-node-isolation-missing', () => {
  it('fails a selector without a tenant toleration and a toleration without a selector, once per namespace', () => {
    const results = runCheckOnFixture(check, `${FIX}/fail-half-confined.yaml`);
    expect(results.map((r) => `${r.status} ${r.subject.kind}/${r.subject.name} | ${r.message}`).sort()).toEqual([
      'fail Namespace/team-mixed | 1 of 2 workloads in namespace team-mixed can run on nodes shared with other tenants: CronJob/report (no node selector or required node affinity, no toleration for a dedicated-node taint)',
      'fail Namespace/team-selector-only | 1 of 1 workloads in namespace team-selector-only can run on nodes shared with other tenants: Deployment/api (no toleration for a dedicated-node taint)',
      'fail Namespace/team-toleration-only | 1 of 1 workloads in namespace team-toleration-only can run on nodes shared with other tenants: Deployment/worker (no node selector or required node affinity)',
    ]);
    const mixed = results.find((r) => r.subject.name === 'team-mixed');
    expect(mixed?.related).toEqual([{ apiVersion: 'batch/v1', kind: 'CronJob', namespace: 'team-mixed', name: 'report' }]);
    expect(mixed?.tenant).toBe('team-mixed');
    expectEvery(results, (r) => r.severity === 'info');
  });

  it('does not take look-alike settings for node isolation', () => {
    const results = runCheckOnFixture(check, `${FIX}/fail-look-alike-confinement.yaml`);
    expect(results.map((r) => `${r.status} ${r.subject.name} | ${r.message?.replace(/^.*: Deployment\/web /, '')}`).sort()).toEqual([
      'fail team-blanket | (no toleration for a dedicated-node taint)',
      'fail team-notin | (no node selector or required node affinity)',
      'fail team-os-label | (no node selector or required node affinity)',
      'fail team-preferred | (no node selector or required node affinity)',
      'fail team-system-tolerations | (no toleration for a dedicated-node taint)',
    ]);
  });

  it('does not take shared GPU, spot or sandbox pools for dedicated nodes', () => {
    const results = runCheckOnFixture(check, `${FIX}/fail-shared-pools.yaml`);
    expect(results.map((r) => `${r.status} ${r.subject.name} | ${r.message ?? ''}`)).toEqual([
      'fail team-ml | 1 of 1 workloads in namespace team-ml can run on nodes shared with other tenants: Job/train (no node selector or required node affinity, no toleration for a dedicated-node taint)',
      'fail team-batch | 2 of 2 workloads in namespace team-batch can run on nodes shared with other tenants: Deployment/crawler (no node selector or required node affinity, no toleration for a dedicated-node taint); Deployment/indexer (no node selector or required node affinity, no toleration for a dedicated-node taint)',
      'fail team-sandboxed | 1 of 1 workloads in namespace team-sandboxed can run on nodes shared with other tenants: Deployment/untrusted-build (no node selector or required node affinity, no toleration for a dedicated-node taint)',
      'pass team-own-gpus | ',
    ]);
  });

  it('passes confined pods, a PodNodeSelector namespace, defaultTolerations and a namespace without workloads', () => {
    const results = runCheckOnFixture(check, `${FIX}/pass-dedicated-nodes.yaml`);
    expect(failures(results)).toEqual([]);
    expect(passes(results).map((r) => `${r.subject.name} ${r.message ?? ''}`.trim())).toEqual([
      'team-a',
      'team-b confined by the namespace annotation scheduler.alpha.kubernetes.io/node-selector (PodNodeSelector)',
      'team-c',
      'team-d no workload runs in this namespace',
    ]);
  });

  it('passes the namespaces of a Capsule Tenant with a nodeSelector, and says so', () => {
    const results = runCheckOnFixture(check, `${FIX}/pass-capsule-node-selector.yaml`);
    expect(results.map((r) => `${r.status} ${r.subject.name} | ${r.message} | ${JSON.stringify(r.related)}`)).toEqual([
      'pass acme-prod | confined by the nodeSelector of Capsule Tenant acme | [{"apiVersion":"capsule.clastix.io/v1beta2","kind":"Tenant","name":"acme"}]',
    ]);
  });

  it('does not count a Capsule nodeSelector on a label every node carries', () => {
    const text = `
apiVersion: capsule.clastix.io/v1beta2
kind: Tenant
metadata: { name: acme }
spec:
  nodeSelector: { kubernetes.io/os: linux }
---
apiVersion: v1
kind: Namespace
metadata: { name: acme-dev, labels: { capsule.clastix.io/tenant: acme } }
---
apiVersion: v1
kind: Pod
metadata: { name: shell, namespace: acme-dev }
spec:
  containers: [{ name: sh, image: busybox:1.36 }]
`;
    expect(runCheckOnText(check, text).map((r) => `${r.status} ${r.tenant}`)).toEqual(['fail acme']);
  });

  it('counts a controller and the pods it owns as one workload', () => {
    const text = `
apiVersion: apps/v1
kind: Deployment
metadata: { name: web, namespace: team-a, uid: d1 }
spec:
  selector: { matchLabels: { app: web } }
  template:
    metadata: { labels: { app: web } }
    spec: { containers: [{ name: web, image: nginx:1.27 }] }
---
apiVersion: apps/v1
kind: ReplicaSet
metadata:
  name: web-5d8f
  namespace: team-a
  uid: r1
  ownerReferences: [{ apiVersion: apps/v1, kind: Deployment, name: web, uid: d1, controller: true }]
spec:
  selector: { matchLabels: { app: web } }
  template:
    metadata: { labels: { app: web } }
    spec: { containers: [{ name: web, image: nginx:1.27 }] }
---
apiVersion: v1
kind: Pod
metadata:
  name: web-5d8f-abcde
  namespace: team-a
  ownerReferences: [{ apiVersion: apps/v1, kind: ReplicaSet, name: web-5d8f, uid: r1, controller: true }]
spec:
  containers: [{ name: web, image: nginx:1.27 }]
  tolerations:
    - { key: node.kubernetes.io/not-ready, operator: Exists, effect: NoExecute, tolerationSeconds: 300 }
`;
    const failed = failures(runCheckOnText(check, text));
    expect(failed.map((r) => r.message)).toEqual([
      '1 of 1 workloads in namespace team-a can run on nodes shared with other tenants: Deployment/web (no node selector or required node affinity, no toleration for a dedicated-node taint)',
    ]);
  });

  it('names at most five workloads and counts the rest, listing all in related', () => {
    const deployments = Array.from(
      { length: 7 },
      (_, i) => `
apiVersion: v1
kind: Pod
metadata: { name: p${i}, namespace: team-a }
spec: { containers: [{ name: c, image: busybox:1.36 }] }`,
    ).join('\n---');
    const [result] = failures(runCheckOnText(check, deployments));
    expect(result.message).toMatch(/^7 of 7 workloads .*Pod\/p4 \([^)]*\); and 2 more$/);
    expect(result.related).toHaveLength(7);
  });

  it('is severity medium under multi-customer', () => {
    const results = runCheckOnFixture(check, `${FIX}/fail-half-confined.yaml`, { options: { profile: 'multi-customer' } });
    expectEvery(results, (r) => r.severity === 'medium');
  });

  it('is not-evaluated, never pass, when Capsule Tenants or a workload kind could not be read', () => {
    const tenants = runCheckOnFixture(check, `${FIX}/pass-capsule-node-selector.yaml`, {
      access: [{ groupKind: 'Tenant.capsule.clastix.io', status: 'none', reason: '403 Forbidden' }],
    });
    expect(tenants.map((r) => r.status)).toEqual(['not-evaluated']);
    expect(tenants[0].reason).toMatch(/^Tenant\.capsule\.clastix\.io could not be read.*403 Forbidden$/);
    const pods = runCheckOnFixture(check, `${FIX}/pass-dedicated-nodes.yaml`, {
      access: [{ groupKind: 'Pod', status: 'partial', forbiddenNamespaces: ['team-d'], reason: '403 Forbidden' }],
    });
    expect(pods.map((r) => `${r.status} ${r.subject.name}`)).toEqual(['pass team-a', 'pass team-b', 'pass team-c', 'not-evaluated team-d']);
  });
});
