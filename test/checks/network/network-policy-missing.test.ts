import { describe, expect, it } from 'vitest';
import check from '../../../checks/network/network-policy-missing.js';
import { failures, passes, runCheckOnFixture, runCheckOnText } from '../../helpers/fixtures.js';

const FIX = 'network/network-policy-missing';

describe('network-policy-missing', () => {
  it('fails a tenant namespace without NetworkPolicy, whatever its neighbours have', () => {
    const results = runCheckOnFixture(check, `${FIX}/fail-no-policy.yaml`);
    expect(failures(results).map((r) => r.subject.name)).toEqual(['team-a']);
    expect(passes(results).map((r) => r.subject.name)).toEqual(['team-b']);
    const failed = failures(results)[0];
    expect(failed.message).toBe(
      'namespace team-a has no NetworkPolicy: every pod of every namespace may connect to its pods, and its pods anywhere',
    );
    expect(failed.tenant).toBe('team-a');
    expect(failed.severity).toBe('high');
    // kube-system is a system namespace: never a subject.
    expect(results.some((r) => r.subject.name === 'kube-system')).toBe(false);
  });

  it('counts a deny-only policy, and a policy selecting only some pods, as a policy', () => {
    const results = runCheckOnFixture(check, `${FIX}/pass-deny-only.yaml`);
    expect(failures(results)).toEqual([]);
    expect(
      passes(results)
        .map((r) => r.subject.name)
        .sort(),
    ).toEqual(['team-a', 'team-b']);
  });

  it('is not-evaluated, never failed, where a Cilium or admin network policy applies; host-endpoint Calico policies do not count', () => {
    const results = runCheckOnFixture(check, `${FIX}/not-evaluated-cni-policies.yaml`);
    const byName = Object.fromEntries(results.map((r) => [r.subject.name, r]));
    expect(byName['team-a'].status).toBe('not-evaluated');
    expect(byName['team-a'].reason).toContain('CiliumNetworkPolicy team-a/l7-api');
    expect(byName['team-b'].status).toBe('not-evaluated');
    expect(byName['team-b'].reason).toContain('AdminNetworkPolicy isolate-team-b');
    expect(byName['team-c'].status).toBe('fail');
  });

  it('treats a cluster-wide Cilium policy as applying to every namespace unless it pins one', () => {
    const text = `
apiVersion: v1
kind: Namespace
metadata: { name: team-a }
---
apiVersion: v1
kind: Namespace
metadata: { name: team-b }
---
apiVersion: cilium.io/v2
kind: CiliumClusterwideNetworkPolicy
metadata: { name: only-team-b }
spec:
  endpointSelector:
    matchLabels: { "k8s:io.kubernetes.pod.namespace": team-b, app: api }
  ingress: [{ fromEntities: [cluster] }]
`;
    const results = runCheckOnText(check, text);
    expect(results.map((r) => `${r.subject.name}:${r.status}`).sort()).toEqual(['team-a:fail', 'team-b:not-evaluated']);
    const everywhere = text.replace('"k8s:io.kubernetes.pod.namespace": team-b, ', '');
    expect(runCheckOnText(check, everywhere).map((r) => r.status)).toEqual(['not-evaluated', 'not-evaluated']);
  });

  it('is severity critical under multi-customer', () => {
    const results = runCheckOnFixture(check, `${FIX}/fail-no-policy.yaml`, { options: { profile: 'multi-customer' } });
    expect(failures(results).map((r) => r.severity)).toEqual(['critical']);
  });

  it('is not-evaluated, never failed, when NetworkPolicies could not be read in the namespace', () => {
    const results = runCheckOnFixture(check, `${FIX}/fail-no-policy.yaml`, {
      access: [
        { groupKind: 'NetworkPolicy.networking.k8s.io', status: 'partial', forbiddenNamespaces: ['team-a'], reason: '403 Forbidden' },
      ],
    });
    const byName = Object.fromEntries(results.map((r) => [r.subject.name, r]));
    expect(byName['team-a'].status).toBe('not-evaluated');
    expect(byName['team-a'].reason).toContain('403 Forbidden');
    expect(byName['team-b'].status).toBe('pass');
  });

  it("counts a Capsule Tenant's spec.networkPolicies items where their copies are not in the input, and says so", () => {
    const results = runCheckOnFixture(check, `${FIX}/pass-via-capsule-tenant.yaml`);
    expect(failures(results)).toEqual([]);
    expect(results.map((r) => `${r.status} ${r.subject.name}: ${r.message ?? ''}`)).toEqual([
      'pass solar-prod: Capsule replicates capsule-solar-0 (from Capsule Tenant solar spec.networkPolicies.items[0]: its copy in this namespace is not in the input)',
      'pass solar-dev: ',
    ]);
    expect(results[0].related).toEqual([{ apiVersion: 'capsule.clastix.io/v1beta2', kind: 'Tenant', name: 'solar' }]);
  });
});
