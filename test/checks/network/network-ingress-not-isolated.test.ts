import { describe, expect, it } from 'vitest';
import check from '../../../checks/network/network-ingress-not-isolated.js';
import { failures, passes, runCheckOnFixture, runCheckOnText } from '../../helpers/fixtures.js';

const FIX = 'network/network-ingress-not-isolated';

describe('network-ingress-not-isolated', () => {
  it('fails pods no Ingress policy of their namespace selects, once per owner', () => {
    const results = runCheckOnFixture(check, `${FIX}/fail-unselected-pods.yaml`);
    expect(
      failures(results)
        .map((r) => `${r.subject.kind}/${r.subject.name} ${r.path}`)
        .sort(),
    ).toEqual(['Deployment/api /spec/template/metadata/labels', 'StatefulSet/cache /spec/template/metadata/labels']);
    expect(
      passes(results)
        .map((r) => `${r.subject.kind}/${r.subject.name}`)
        .sort(),
    ).toEqual(['CronJob/report', 'Deployment/billing', 'Deployment/web']);
    const api = failures(results).find((r) => r.subject.name === 'api')!;
    expect(api.message).toBe(
      'no NetworkPolicy with Ingress in its policyTypes selects these pods (labels app=api; 3 NetworkPolicies in namespace team-a): every pod of every namespace, other tenants included, may connect to these pods',
    );
    expect(api.severity).toBe('high');
    expect(api.tenant).toBe('team-a');
  });

  it('passes pods covered by a default deny, or by Exists and DoesNotExist selectors together', () => {
    const results = runCheckOnFixture(check, `${FIX}/pass-namespace-wide.yaml`);
    expect(failures(results)).toEqual([]);
    expect(
      passes(results)
        .map((r) => `${r.subject.kind}/${r.subject.name}`)
        .sort(),
    ).toEqual(['Deployment/backend', 'Deployment/web', 'Job/migrate']);
  });

  it('judges a bare Pod by its own labels and points at them', () => {
    const text = `
apiVersion: v1
kind: Namespace
metadata: { name: team-a }
---
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: { name: only-web, namespace: team-a }
spec:
  podSelector: { matchLabels: { app: web } }
---
apiVersion: v1
kind: Pod
metadata: { name: debug, namespace: team-a, labels: { app: debug } }
spec:
  containers: [{ name: sh, image: busybox }]
`;
    const failed = failures(runCheckOnText(check, text));
    expect(failed.map((r) => `${r.subject.kind}/${r.subject.name} ${r.path}`)).toEqual(['Pod/debug /metadata/labels']);
  });

  it('is not-evaluated where a Calico policy of the namespace may isolate the pod', () => {
    const text = `
apiVersion: v1
kind: Namespace
metadata: { name: team-a }
---
apiVersion: crd.projectcalico.org/v1
kind: NetworkPolicy
metadata: { name: calico-deny, namespace: team-a }
spec:
  selector: all()
  types: [Ingress]
---
apiVersion: apps/v1
kind: Deployment
metadata: { name: web, namespace: team-a }
spec:
  selector: { matchLabels: { app: web } }
  template:
    metadata: { labels: { app: web } }
    spec:
      containers: [{ name: web, image: nginx }]
`;
    const results = runCheckOnText(check, text);
    expect(results.map((r) => r.status)).toEqual(['not-evaluated']);
    expect(results[0].reason).toContain('NetworkPolicy team-a/calico-deny (NetworkPolicy.crd.projectcalico.org)');
  });

  it('is not-evaluated, not pass, for hostNetwork pods a policy selects; fails them when none does', () => {
    const results = runCheckOnFixture(check, `${FIX}/not-evaluated-host-network.yaml`);
    expect(results.map((r) => `${r.status} ${r.subject.kind}/${r.subject.namespace}/${r.subject.name}`).sort()).toEqual([
      'fail DaemonSet/team-b/game-server',
      'not-evaluated DaemonSet/team-a/game-server',
      'pass Deployment/team-a/web',
    ]);
    const hostNetwork = results.find((r) => r.status === 'not-evaluated')!;
    expect(hostNetwork.reason).toBe(
      "these pods use hostNetwork: NetworkPolicy default-deny-ingress selects them for Ingress, but NetworkPolicy behaviour for hostNetwork pods is undefined, and most network plugins treat their traffic as the node's and ignore those policies",
    );
  });

  it('is not-evaluated, never pass, when NetworkPolicies could not be read', () => {
    const results = runCheckOnFixture(check, `${FIX}/pass-namespace-wide.yaml`, {
      access: [{ groupKind: 'NetworkPolicy.networking.k8s.io', status: 'none', reason: '403 Forbidden' }],
    });
    expect(new Set(results.map((r) => r.status))).toEqual(new Set(['not-evaluated']));
    expect(results[0].reason).toContain('403 Forbidden');
  });

  it("counts a Capsule Tenant's spec.networkPolicies items where their copies are not in the input, and says so", () => {
    const results = runCheckOnFixture(check, `${FIX}/pass-via-capsule-tenant.yaml`);
    expect(results.map((r) => `${r.status} ${r.subject.namespace}/${r.subject.name}: ${r.message ?? ''}`)).toEqual([
      'pass solar-prod/api: isolated by capsule-solar-0 (from Capsule Tenant solar spec.networkPolicies.items[0]: its copy in this namespace is not in the input)',
      'pass solar-dev/api: ',
    ]);
  });
});
