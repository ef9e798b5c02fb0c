import { describe, expect, it } from 'vitest';
import { Analyses } from '../../src/engine/analyses.js';
import { type CheckContext, defineCheck } from '../../src/engine/check.js';
import { runChecks } from '../../src/engine/runner.js';
import { scan } from '../../src/engine/scan.js';
import { expandReachability } from '../../reports/reachability.js';
import { computeReachability, summarizeReachability } from '../../src/k8s/network/index.js';
import { K } from '../../src/model/kinds.js';
import { TenantModel } from '../../src/tenancy/model.js';
import { indexFromText } from '../helpers/fixtures.js';

const manifests = `
apiVersion: v1
kind: Namespace
metadata: { name: team-a }
---
apiVersion: v1
kind: Namespace
metadata: { name: team-b }
---
apiVersion: apps/v1
kind: Deployment
metadata: { name: web, namespace: team-a }
spec:
  selector: { matchLabels: { app: web } }
  template:
    metadata: { labels: { app: web } }
    spec: { containers: [{ name: web, image: nginx:1.27, ports: [{ containerPort: 80 }] }] }
---
apiVersion: apps/v1
kind: Deployment
metadata: { name: api, namespace: team-b }
spec:
  selector: { matchLabels: { app: api } }
  template:
    metadata: { labels: { app: api } }
    spec: { containers: [{ name: api, image: api:1, ports: [{ containerPort: 8080 }] }] }
---
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: { name: deny-ingress, namespace: team-b }
spec: { podSelector: {}, policyTypes: [Ingress] }
---
apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRoleBinding
metadata: { name: ci-view }
roleRef: { apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: view }
subjects: [{ kind: User, apiGroup: rbac.authorization.k8s.io, name: ci-bot }]
`;

const options = { profile: 'multi-team' as const, sandboxHandlers: [], checkOptions: {} };

/** A namespace check that records the context it was given. */
function recorder(id: string, seen: CheckContext[]) {
  return defineCheck({
    id,
    family: 'test',
    title: 't',
    description: 'd',
    rationale: 'r',
    remediation: 'm',
    references: [],
    severity: 'low',
    target: 'namespace',
    needs: [K.Namespace],
    messages: {},
    check(_ns, ctx) {
      seen.push(ctx);
      return [];
    },
  });
}

describe('the analyses of a scan', () => {
  it('are one object, shared by every check and subject, each analysis built once', () => {
    const index = indexFromText(manifests);
    const seen: CheckContext[] = [];
    runChecks([recorder('test-a', seen), recorder('test-b', seen)], index, new TenantModel(index), options);
    expect(seen).toHaveLength(4);
    const [first] = seen;
    for (const ctx of seen) expect(ctx.analyses).toBe(first.analyses);
    expect(first.analyses.rbac).toBe(first.analyses.rbac);
    expect(first.analyses.networkPolicies).toBe(first.analyses.networkPolicies);
    expect(first.analyses.networkPolicies.isolating('team-b', { app: 'api' }, 'Ingress').map((p) => p.metadata.name)).toEqual([
      'deny-ingress',
    ]);
  });

  it('give the RBAC analysis the scan’s rbac options', () => {
    const index = indexFromText(manifests);
    const tenants = new TenantModel(index);
    const ciBot = { kind: 'User' as const, name: 'ci-bot' };
    expect(new Analyses({ index, tenants }).rbac.ownerOf(ciBot).kind).toBe('unattributed');
    const withPlatform = new Analyses({ index, tenants }, { rbac: { platformSubjects: ['user:ci-bot'] } });
    expect(withPlatform.rbac.ownerOf(ciBot).kind).toBe('platform');
  });

  it('give the report its reachability section: the summary, whose pairs are the matrix without its closed pairs', () => {
    const index = indexFromText(manifests);
    const report = scan(index, [], { ...options, tenancy: {} });
    expect(report.reachability).toEqual(summarizeReachability(index, new TenantModel(index)));
    const expected = computeReachability(index, new TenantModel(index), { closedPairs: false });
    expect(expandReachability(report.reachability!).pairs.map((p) => `${p.from}->${p.to}:${p.status}`)).toEqual(
      expected.pairs.map((p) => `${p.from}->${p.to}:${p.status}`),
    );
    expect(expected.pairs.map((p) => `${p.from}->${p.to}:${p.status}`)).toEqual(['team-b->team-a:open']);
  });
});
