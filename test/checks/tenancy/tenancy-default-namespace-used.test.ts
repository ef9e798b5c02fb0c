import { describe, expect, it } from 'vitest';
import check from '../../../checks/tenancy/tenancy-default-namespace-used.js';
import { failures, runCheckOnFixture } from '../../helpers/fixtures.js';
import { expectEvery } from '../../helpers/expect-every.js';

const FIX = 'tenancy/tenancy-default-namespace-used';

describe('tenancy-default-namespace-used', () => {
  it('reports each workload in default once, on the workload, including objects that name no namespace', () => {
    const results = runCheckOnFixture(check, `${FIX}/fail-workloads-in-default.yaml`);
    expect(
      results.map((r) => `${r.status} ${r.subject.kind}/${r.subject.namespace}/${r.subject.name} ${r.path} | ${r.message}`).sort(),
    ).toEqual([
      'fail Deployment/default/hello-world /metadata/namespace | Deployment "hello-world" runs in the default namespace, outside every tenant boundary',
      'fail Job/default/db-migrate /metadata/namespace | Job "db-migrate" runs in the default namespace, outside every tenant boundary',
      'fail Pod/default/netshoot /metadata/namespace | Pod "netshoot" runs in the default namespace, outside every tenant boundary',
    ]);
    expectEvery(results, (r) => r.tenant === undefined && r.severity === 'low');
    expect(results.find((r) => r.subject.name === 'netshoot')?.location?.line).toBeGreaterThan(1);
  });

  it('passes once, on the cluster, when default holds no workload', () => {
    const results = runCheckOnFixture(check, `${FIX}/pass-default-empty.yaml`);
    expect(results.map((r) => `${r.status} ${r.subject.kind}/${r.subject.name}`)).toEqual(['pass Cluster/cluster']);
  });

  it('passes, saying why, when the configuration assigns default to a tenant', () => {
    const results = runCheckOnFixture(check, `${FIX}/fail-workloads-in-default.yaml`, { tenancy: { tenants: { legacy: ['default'] } } });
    expect(results.map((r) => `${r.status} ${r.subject.kind} | ${r.message}`)).toEqual([
      'pass Cluster | the configuration assigns namespace default to tenant legacy, whose checks judge its workloads',
    ]);
  });

  it('is severity medium under multi-customer', () => {
    const failed = failures(runCheckOnFixture(check, `${FIX}/fail-workloads-in-default.yaml`, { options: { profile: 'multi-customer' } }));
    expect(failed).toHaveLength(3);
    expectEvery(failed, (r) => r.severity === 'medium');
  });

  it('is not-evaluated, never pass, when a workload kind could not be read', () => {
    const results = runCheckOnFixture(check, `${FIX}/pass-default-empty.yaml`, {
      access: [{ groupKind: 'DaemonSet.apps', status: 'partial', forbiddenNamespaces: ['default'], reason: '403 Forbidden' }],
    });
    expect(results.map((r) => `${r.status} ${r.subject.kind}`)).toEqual(['not-evaluated Cluster']);
    expect(results[0].reason).toContain('DaemonSet.apps could not be read');
  });
});
