import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { AccessOutcome } from '../../../src/model/access.js';
import { computeReachability, type Reachability } from '../../../src/k8s/network/reachability.js';
import { podNetworkOf } from '../../../src/k8s/network/pod-network.js';
import { TenantModel } from '../../../src/tenancy/model.js';
import { indexFromText } from '../../helpers/fixtures.js';

const DIR = join(import.meta.dirname, 'reachability');

function reach(text: string, access?: AccessOutcome[]): Reachability {
  const index = indexFromText(text, 'fixture.yaml', access);
  return computeReachability(index, new TenantModel(index));
}
const fixture = (name: string, access?: AccessOutcome[]) => reach(readFileSync(join(DIR, name), 'utf8'), access);
/** `from->to:status` for every pair, in matrix order. */
const matrix = (r: Reachability) => r.pairs.map((p) => `${p.from}->${p.to}:${p.status}`);
const pair = (r: Reachability, from: string, to: string) => r.pairs.find((p) => p.from === from && p.to === to)!;

describe('computeReachability', () => {
  it('closes every pair under a default deny both ways', () => {
    const r = fixture('default-deny.yaml');
    expect(r.tenants).toEqual(['a', 'b']);
    expect(matrix(r)).toEqual(['a->b:closed', 'b->a:closed']);
    expect(pair(r, 'a', 'b').reason).toBe('no NetworkPolicy allows any pod of a to connect to a pod of b');
    expect(pair(r, 'a', 'b').via).toBeUndefined();
  });

  it('opens a destination to every tenant through namespaceSelector {}', () => {
    const r = fixture('namespace-selector-all.yaml');
    expect(matrix(r)).toEqual(['a->b:open', 'a->c:closed', 'b->a:closed', 'b->c:closed', 'c->a:closed', 'c->b:open']);
    const ab = pair(r, 'a', 'b');
    expect(ab.via).toEqual([{ apiVersion: 'networking.k8s.io/v1', kind: 'NetworkPolicy', namespace: 'b', name: 'from-anywhere' }]);
    expect(ab.pods).toEqual({
      from: [{ apiVersion: 'apps/v1', kind: 'Deployment', namespace: 'a', name: 'web' }],
      to: [{ apiVersion: 'apps/v1', kind: 'Deployment', namespace: 'b', name: 'web' }],
    });
    expect(ab.port).toBe('TCP/8080');
    expect(ab.reason).toBe(
      'Deployment a/web may connect to Deployment b/web on TCP/8080: egress not isolated (no NetworkPolicy with Egress selects pods of Deployment a/web); ingress allowed by NetworkPolicy b/from-anywhere',
    );
  });

  it('opens a destination only to the tenant its namespaceSelector matches', () => {
    const r = fixture('one-tenant-selector.yaml');
    expect(matrix(r)).toEqual(['a->b:open', 'a->c:closed', 'b->a:closed', 'b->c:closed', 'c->a:closed', 'c->b:closed']);
    expect(pair(r, 'a', 'b').via?.map((v) => v.name)).toEqual(['from-a']);
  });

  it('needs both ends: egress open from a to b, b egress-isolated', () => {
    const r = fixture('egress-only.yaml');
    expect(matrix(r)).toEqual(['a->b:open', 'b->a:closed']);
    const ab = pair(r, 'a', 'b');
    expect(ab.via?.map((v) => `${v.namespace}/${v.name}`)).toEqual(['a/egress-to-b']);
    expect(ab.reason).toContain('ingress not isolated (no NetworkPolicy with Ingress selects pods of Deployment b/api)');
    expect(ab.port).toBe('TCP/8080');
  });

  it('ANDs selectors within a peer, ORs peers, resolves a bare podSelector in the policy namespace', () => {
    const r = fixture('and-or-peers.yaml');
    expect(pair(r, 'a', 'b').status).toBe('closed');
    expect(pair(r, 'c', 'b').status).toBe('open');
    expect(pair(r, 'c', 'b').via?.map((v) => v.name)).toEqual(['or-peers']);
    expect(pair(r, 'd', 'b').status).toBe('closed');
  });

  it('needs a protocol/port both ends allow: numbers, named ports, endPort ranges, protocols', () => {
    const r = fixture('ports.yaml');
    const toB = Object.fromEntries(r.pairs.filter((p) => p.to === 'b').map((p) => [p.from, `${p.status} ${p.port ?? ''}`.trim()]));
    expect(toB).toEqual({ a: 'closed', c: 'open TCP/8080', d: 'open TCP/8080', e: 'open TCP/8080', f: 'closed' });
    expect(pair(r, 'c', 'b').via?.map((v) => `${v.namespace}/${v.name}`)).toEqual(['b/http-from-anywhere', 'c/egress-to-b']);
  });

  it('is unknown, naming the policy, for every pair that a Cilium policy may change', () => {
    const r = fixture('cilium-unknown.yaml');
    expect(matrix(r)).toEqual(['a->b:unknown', 'a->c:open', 'b->a:unknown', 'b->c:unknown', 'c->a:open', 'c->b:unknown']);
    expect(pair(r, 'a', 'b').reason).toContain('CiliumNetworkPolicy b/api-l7 (CiliumNetworkPolicy.cilium.io) may apply to namespace b');
    expect(pair(r, 'a', 'c').via).toEqual([]);
    expect(pair(r, 'a', 'c').port).toBe('TCP/80');
  });

  it('is unknown when NetworkPolicies or workloads could not be read for a tenant', () => {
    const np = fixture('default-deny.yaml', [
      { groupKind: 'NetworkPolicy.networking.k8s.io', status: 'partial', forbiddenNamespaces: ['b'] },
    ]);
    expect(matrix(np)).toEqual(['a->b:unknown', 'b->a:unknown']);
    expect(np.pairs[0].reason).toBe('NetworkPolicies could not be read in namespace b');
    const pods = fixture('default-deny.yaml', [{ groupKind: 'Deployment.apps', status: 'none', reason: '403' }]);
    expect(pods.pairs[0]).toMatchObject({
      status: 'unknown',
      reason: 'Deployment.apps could not be read in namespace a: its pods are unknown',
    });
  });

  it('is closed, with the reason, when a tenant has no pods', () => {
    const r = reach(`
apiVersion: v1
kind: Namespace
metadata: { name: a }
---
apiVersion: v1
kind: Namespace
metadata: { name: b }
---
apiVersion: v1
kind: Pod
metadata: { name: shell, namespace: a }
spec:
  containers: [{ name: sh, image: busybox }]
`);
    expect(matrix(r)).toEqual(['a->b:closed', 'b->a:closed']);
    expect(pair(r, 'a', 'b').reason).toBe('tenant b has no pods (no pod templates): no connection can exist today');
  });

  const openPair = (extra: string) => `
apiVersion: v1
kind: Namespace
metadata: { name: a }
---
apiVersion: v1
kind: Namespace
metadata: { name: b }
---
apiVersion: v1
kind: Pod
metadata: { name: client, namespace: a, labels: { app: client } }
spec:
  containers: [{ name: c, image: busybox }]
---
apiVersion: v1
kind: Pod
metadata: { name: server, namespace: b, labels: { app: server } }
spec:
  containers: [{ name: s, image: nginx, ports: [{ containerPort: 80 }] }]
${extra}`;

  it('never opens a pair through an ipBlock that may cover pod IPs while the pod network is not known: unknown', () => {
    const r = reach(
      openPair(`---
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: { name: from-anywhere-ip, namespace: b }
spec:
  podSelector: {}
  ingress:
    - from: [{ ipBlock: { cidr: 0.0.0.0/0 } }]
`),
    );
    expect(pair(r, 'a', 'b').status).toBe('unknown');
    expect(pair(r, 'a', 'b').reason).toContain('ipBlock that may cover pod IPs');
    expect(pair(r, 'a', 'b').reason).toContain('the pod network is not known');
    // An ipBlock that excepts the pod ranges is external traffic only: closed.
    const external = reach(
      openPair(`---
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: { name: from-internet, namespace: b }
spec:
  podSelector: {}
  ingress:
    - from: [{ ipBlock: { cidr: 0.0.0.0/0, except: [10.0.0.0/8, 172.16.0.0/12, 192.168.0.0/16, 100.64.0.0/10] } }]
`),
    );
    expect(pair(external, 'a', 'b').status).toBe('closed');
  });

  it('decides ipBlock peers by the pod network of the Nodes: whole range open, part unknown, excepted closed', () => {
    const nodes = `---
apiVersion: v1
kind: Node
metadata: { name: n1 }
spec: { podCIDRs: [10.244.0.0/24] }
---
apiVersion: v1
kind: Node
metadata: { name: n2 }
spec: { podCIDRs: [10.244.1.0/24] }
`;
    const withIngress = (ipBlock: string) => {
      const index = indexFromText(
        openPair(`${nodes}---
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: { name: by-ip, namespace: b }
spec:
  podSelector: {}
  ingress:
    - from: [{ ipBlock: ${ipBlock} }]
`),
      );
      return computeReachability(index, new TenantModel(index), { podNetwork: podNetworkOf(index) });
    };
    const all = pair(withIngress('{ cidr: 0.0.0.0/0 }'), 'a', 'b');
    expect(all.status).toBe('open');
    expect(all.via?.map((v) => v.name)).toEqual(['by-ip']);
    expect(all.port).toBe('TCP/80');
    const part = pair(withIngress('{ cidr: 10.244.1.0/24 }'), 'a', 'b');
    expect(part.status).toBe('unknown');
    expect(part.reason).toContain('it covers part of the pod network, and which pods hold those IPs depends on scheduling');
    const excepted = pair(withIngress('{ cidr: 10.0.0.0/8, except: [10.244.0.0/24, 10.244.1.0/24] }'), 'a', 'b');
    expect(excepted.status).toBe('closed');
    // The heuristic alone (no pod network) leaves the same excepted range undecided.
    expect(
      pair(
        reach(
          openPair(`---
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: { name: by-ip, namespace: b }
spec:
  podSelector: {}
  ingress:
    - from: [{ ipBlock: { cidr: 10.0.0.0/8, except: [10.244.0.0/24, 10.244.1.0/24] } }]
`),
        ),
        'a',
        'b',
      ).status,
    ).toBe('unknown');
  });

  it('is unknown for hostNetwork pods, whose NetworkPolicy behaviour is undefined, even where their policies say closed', () => {
    const denyAll = `---
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: { name: deny-all, namespace: a }
spec:
  podSelector: {}
  policyTypes: [Ingress, Egress]
`;
    const r = reach(openPair(denyAll).replace('containers: [{ name: c,', 'hostNetwork: true\n  containers: [{ name: c,'));
    expect(pair(r, 'a', 'b').status).toBe('unknown');
    expect(pair(r, 'a', 'b').reason).toContain('Pod a/client uses hostNetwork');
    expect(pair(reach(openPair(denyAll)), 'a', 'b').status).toBe('closed');
  });

  it('is unknown when the policies allow only ports the destination does not declare', () => {
    const r = reach(
      openPair(`---
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: { name: only-9090, namespace: b }
spec:
  podSelector: {}
  ingress:
    - ports: [{ port: 9090 }]
`),
    );
    expect(pair(r, 'a', 'b').status).toBe('unknown');
    expect(pair(r, 'a', 'b').reason).toContain('only on ports its containers do not declare');
  });

  it('ignores rules of a direction outside the effective policyTypes', () => {
    // a's policy is Ingress-only: its egress rule (to nowhere but a) neither isolates nor opens egress.
    const r = reach(
      openPair(`---
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: { name: ingress-only, namespace: a }
spec:
  podSelector: {}
  policyTypes: [Ingress]
  egress:
    - to: [{ podSelector: {} }]
`),
    );
    expect(pair(r, 'a', 'b').status).toBe('open');
    expect(pair(r, 'a', 'b').via).toEqual([]);
  });

  it('groups identical pods, so a large cluster stays fast', () => {
    const docs: string[] = [];
    for (let t = 0; t < 120; t++) {
      docs.push(`apiVersion: v1\nkind: Namespace\nmetadata: { name: t${t} }`);
      docs.push(
        `apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata: { name: deny, namespace: t${t} }\nspec:\n  podSelector: {}\n  ingress:\n    - from: [{ namespaceSelector: { matchLabels: { kubernetes.io/metadata.name: t${(t + 1) % 120} } } }]`,
      );
      for (let w = 0; w < 30; w++) {
        docs.push(
          `apiVersion: v1\nkind: Pod\nmetadata: { name: p${w}, namespace: t${t}, labels: { app: app${w % 5} } }\nspec:\n  containers: [{ name: c, image: i, ports: [{ containerPort: 8080 }] }]`,
        );
      }
    }
    const index = indexFromText(docs.join('\n---\n'));
    const tenants = new TenantModel(index);
    index.podTemplates();
    const started = performance.now();
    const r = computeReachability(index, tenants);
    // 14,280 pairs of 3,600 pods: well under a second on one idle core; generous for a loaded CI machine.
    expect(performance.now() - started).toBeLessThan(4000);
    expect(r.pairs).toHaveLength(120 * 119);
    expect(
      r.pairs
        .filter((p) => p.status === 'open')
        .map((p) => `${p.from}->${p.to}`)
        .slice(0, 2),
    ).toEqual(['t0->t119', 't1->t0']);
    expect(pair(r, 't1', 't0').pods?.from).toHaveLength(30);
  });
});

describe('computeReachability with a Capsule Tenant whose policy copies are not in the input', () => {
  it('applies the Tenant items as the copies Capsule writes into each of its namespaces', () => {
    const r = fixture('capsule-tenant-only.yaml');
    expect(r.tenants).toEqual(['acme', 'b', 'c']);
    expect(matrix(r).filter((m) => !m.endsWith(':closed'))).toEqual(['b->c:open', 'c->b:open']);
    expect(r.pairs.filter((p) => p.from === 'acme' || p.to === 'acme').map((p) => p.status)).toEqual([
      'closed',
      'closed',
      'closed',
      'closed',
    ]);
  });
});
