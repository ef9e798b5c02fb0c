import { describe, expect, it } from 'vitest';
import check from '../../../checks/exposure/exposure-nodeport-service.js';
import { failures, passes, runCheckOnFixture } from '../../helpers/fixtures.js';
import { expectEvery } from '../../helpers/expect-every.js';

const FIX = 'exposure/exposure-nodeport-service';

describe('exposure-nodeport-service', () => {
  it('flags NodePort Services and LoadBalancers that hold node ports, with the exact ports', () => {
    const results = runCheckOnFixture(check, `${FIX}/fail-node-ports.yaml`);
    const byName = Object.fromEntries(failures(results).map((r) => [r.subject.name, r]));
    expect(
      failures(results)
        .map((r) => `${r.subject.name} ${r.path}`)
        .sort(),
    ).toEqual([
      'api /spec/allocateLoadBalancerNodePorts',
      'direct /spec/ports/1/nodePort',
      'metrics /spec/type',
      'shop /spec/type',
      'web /spec/type',
    ]);
    expect(byName.web.message).toBe('type NodePort opens node port 30080 on every node, for 80/TCP');
    expect(byName.metrics.message).toBe(
      'type NodePort opens 2 node ports from the node port range (default 30000-32767) on every node, for 9090/TCP, 514/UDP',
    );
    // allocateLoadBalancerNodePorts defaults to true: a plain LoadBalancer opens node ports too.
    expect(byName.shop.message).toBe(
      'type LoadBalancer also opens a node port from the node port range (default 30000-32767) on every node, for 443/TCP, because spec.allocateLoadBalancerNodePorts is not false',
    );
    expect(byName.api.message).toContain('opens node port 31443 on every node');
    // false stops allocation, but an explicitly requested nodePort is still opened.
    expect(byName.direct.message).toBe(
      'type LoadBalancer sets spec.allocateLoadBalancerNodePorts: false, yet port 443/TCP asks for node port 31000, which is still opened on every node',
    );
    expectEvery(failures(results), (r) => r.tenant === 'team-a' && r.severity === 'medium');
  });

  it('passes ClusterIP (explicit and defaulted), headless, ExternalName and node-port-free LoadBalancers; ignores platform Services', () => {
    const results = runCheckOnFixture(check, `${FIX}/pass-no-node-ports.yaml`);
    expect(failures(results)).toEqual([]);
    expect(
      passes(results)
        .map((r) => r.subject.name)
        .sort(),
    ).toEqual(['api', 'db', 'edge', 'payments', 'web']);
  });

  it('still fails Services that a Capsule rule forbids, naming the rule', () => {
    const results = runCheckOnFixture(check, `${FIX}/fail-capsule-forbidden.yaml`);
    const byName = Object.fromEntries(failures(results).map((r) => [r.subject.name, r]));
    expect(Object.keys(byName).sort()).toEqual(['legacy-admin', 'legacy-lb']);
    expect(byName['legacy-admin'].message).toBe(
      'type NodePort opens node port 32080 on every node, for 8080/TCP; Capsule Tenant "acme" forbids new NodePort Services (serviceOptions.allowedServices.nodePort: false), which does not remove this one',
    );
    expect(byName['legacy-lb'].message).toContain('Capsule Tenant "acme" forbids new LoadBalancer Services');
    expect(byName['legacy-admin'].tenant).toBe('acme');
  });

  it('is severity high under multi-customer', () => {
    const results = runCheckOnFixture(check, `${FIX}/fail-node-ports.yaml`, { options: { profile: 'multi-customer' } });
    expect(new Set(failures(results).map((r) => r.severity))).toEqual(new Set(['high']));
  });

  it('is not-evaluated where Services could not be read', () => {
    const results = runCheckOnFixture(check, `${FIX}/fail-node-ports.yaml`, {
      access: [{ groupKind: 'Service', status: 'partial', reason: '403 Forbidden in team-a', forbiddenNamespaces: ['team-a'] }],
    });
    expect(new Set(results.map((r) => r.status))).toEqual(new Set(['not-evaluated']));
  });
});
