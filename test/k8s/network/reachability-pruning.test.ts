import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import yaml from 'js-yaml';
import { describe, expect, it } from 'vitest';
import type { AccessOutcome } from '../../../src/model/access.js';
import { ResourceIndex } from '../../../src/model/index.js';
import type { KubeObject } from '../../../src/model/types.js';
import { type Reachability, type ReachabilityOptions, computeReachability } from '../../../src/k8s/network/reachability.js';
import { TenantModel } from '../../../src/tenancy/model.js';
import { indexFromText } from '../../helpers/fixtures.js';

/**
 * computeReachability prunes: it judges only the tenant pairs, and within them the pod-group pairs,
 * whose policies may let a connection through. These specs prove the pruning changes no verdict,
 * reason, port, policy or workload, against the exhaustive evaluation of every pair, and that the
 * report's sparse form (`closedPairs: false`) is the full matrix without its closed pairs.
 */

const DIR = join(import.meta.dirname, 'reachability');
const FIXTURES = readdirSync(DIR).filter((f) => f.endsWith('.yaml'));

function reachOf(index: () => ResourceIndex, options: ReachabilityOptions = {}): Reachability {
  const built = index();
  return computeReachability(built, new TenantModel(built), options);
}

/** A deterministic generator (a linear congruential one), so a failure can be replayed from its seed. */
function random(seed: number) {
  let state = seed;
  const next = () => {
    state = (state * 1103515245 + 12345) & 0x7fffffff;
    return state / 0x7fffffff;
  };
  return {
    chance: (p: number) => next() < p,
    pick: <T>(list: readonly T[]): T => list[Math.floor(next() * list.length)],
    int: (n: number) => Math.floor(next() * n),
  };
}

/**
 * A small random cluster exercising every shape the evaluation distinguishes: namespaces with and
 * without policies, Capsule tenants of several namespaces, pod and namespace selectors (matchLabels,
 * every operator, `{}`), ANDed and ORed peers, ipBlocks inside and outside pod ranges, numbered,
 * named and ranged ports and protocols, rules without peers or ports, defaulted policyTypes,
 * hostNetwork pods, a Cilium policy, and NetworkPolicies unreadable in one namespace.
 */
function randomCluster(seed: number): { objects: KubeObject[]; access?: AccessOutcome[] } {
  const { chance, pick, int } = random(seed);
  const objects: KubeObject[] = [];
  const namespaces = Array.from({ length: 2 + int(8) }, (_, i) => `ns${i}`);
  for (const name of namespaces) {
    const labels: Record<string, string> = { team: pick(['a', 'b', 'c']) };
    if (chance(0.3)) labels['capsule.clastix.io/tenant'] = pick(['t1', 't2']);
    if (chance(0.3)) labels.env = pick(['prod', 'dev']);
    if (!chance(0.1)) objects.push({ apiVersion: 'v1', kind: 'Namespace', metadata: { name, labels } });
  }
  const podSelector = () =>
    chance(0.3)
      ? {}
      : chance(0.5)
        ? { matchLabels: { app: pick(['web', 'db', 'api']) } }
        : {
            matchExpressions: [
              {
                key: pick(['app', 'tier']),
                operator: pick(['In', 'NotIn', 'Exists', 'DoesNotExist']),
                values: [pick(['web', 'db', 'front'])],
              },
            ],
          };
  const namespaceSelector = () =>
    chance(0.2)
      ? {}
      : chance(0.4)
        ? { matchLabels: { 'kubernetes.io/metadata.name': pick(namespaces) } }
        : chance(0.5)
          ? { matchLabels: { team: pick(['a', 'b', 'c']) } }
          : {
              matchExpressions: [
                {
                  key: pick(['team', 'env', 'capsule.clastix.io/tenant', 'kubernetes.io/metadata.name']),
                  operator: pick(['In', 'NotIn', 'Exists', 'DoesNotExist']),
                  values: [pick(['a', 'prod', 't1', ...namespaces])],
                },
              ],
            };
  const peer = () => {
    const shape = int(20);
    if (shape < 6) return { podSelector: podSelector() };
    if (shape < 12) return { namespaceSelector: namespaceSelector() };
    if (shape < 17) return { namespaceSelector: namespaceSelector(), podSelector: podSelector() };
    return {
      ipBlock: pick([
        { cidr: '0.0.0.0/0' },
        { cidr: '10.0.0.0/8' },
        { cidr: '203.0.113.0/24' },
        { cidr: '0.0.0.0/0', except: ['10.0.0.0/8'] },
      ]),
    };
  };
  const ports = () =>
    chance(0.4)
      ? undefined
      : Array.from({ length: 1 + int(2) }, () =>
          pick([
            { port: 8080 },
            { port: 'http' },
            { port: 53, protocol: 'UDP' },
            { port: 8000, endPort: 8100 },
            { protocol: 'TCP' },
            { port: 5432 },
            { port: 'metrics' },
          ]),
        );
  const rule = (field: 'from' | 'to') => {
    if (chance(0.15)) return {};
    const r: Record<string, unknown> = {};
    if (!chance(0.1)) r[field] = Array.from({ length: 1 + int(2) }, peer);
    const p = ports();
    if (p) r.ports = p;
    return r;
  };
  for (const ns of namespaces) {
    for (let p = int(4); p > 0; p--) {
      const labels: Record<string, string> = { app: pick(['web', 'db', 'api']) };
      if (chance(0.4)) labels.tier = pick(['front', 'back']);
      const containerPorts = chance(0.3)
        ? []
        : [
            pick([
              { name: 'http', containerPort: 8080 },
              { containerPort: 5432 },
              { name: 'metrics', containerPort: 9090 },
              { name: 'dns', containerPort: 53, protocol: 'UDP' },
              { containerPort: 8050 },
            ]),
          ];
      const spec = {
        containers: [{ name: 'c', image: 'registry.example.com/app:1', ports: containerPorts }],
        ...(chance(0.07) ? { hostNetwork: true } : {}),
      };
      if (chance(0.5)) objects.push({ apiVersion: 'v1', kind: 'Pod', metadata: { name: `pod-${p}`, namespace: ns, labels }, spec });
      else
        objects.push({
          apiVersion: 'apps/v1',
          kind: 'Deployment',
          metadata: { name: `app-${p}`, namespace: ns },
          spec: { selector: { matchLabels: labels }, template: { metadata: { labels }, spec } },
        });
    }
    for (let q = int(4); q > 0; q--) {
      const spec: Record<string, unknown> = { podSelector: podSelector() };
      if (chance(0.6)) spec.policyTypes = pick([['Ingress'], ['Egress'], ['Ingress', 'Egress']]);
      if (chance(0.6)) spec.ingress = Array.from({ length: int(3) }, () => rule('from'));
      if (chance(0.5)) spec.egress = Array.from({ length: int(3) }, () => rule('to'));
      objects.push({ apiVersion: 'networking.k8s.io/v1', kind: 'NetworkPolicy', metadata: { name: `policy-${q}`, namespace: ns }, spec });
    }
    if (chance(0.03))
      objects.push({
        apiVersion: 'cilium.io/v2',
        kind: 'CiliumNetworkPolicy',
        metadata: { name: 'l7', namespace: ns },
        spec: { endpointSelector: {} },
      });
  }
  const access: AccessOutcome[] | undefined = chance(0.1)
    ? [{ groupKind: 'NetworkPolicy.networking.k8s.io', status: 'partial', forbiddenNamespaces: [pick(namespaces)] }]
    : undefined;
  return { objects, access };
}

const indexOf = (cluster: { objects: KubeObject[]; access?: AccessOutcome[] }) => () =>
  new ResourceIndex({ objects: structuredClone(cluster.objects), access: cluster.access, source: { type: 'manifests', files: [] } });

describe('computeReachability pruning', () => {
  it('gives the exhaustive answer, pair for pair, on 400 random clusters', () => {
    let open = 0;
    let unknown = 0;
    for (let seed = 1; seed <= 400; seed++) {
      const index = indexOf(randomCluster(seed));
      const pruned = reachOf(index);
      const exhaustive = reachOf(index, { exhaustive: true });
      expect(pruned, `seed ${seed}: ${yaml.dump(randomCluster(seed).objects)}`).toEqual(exhaustive);
      open += pruned.pairs.filter((p) => p.status === 'open').length;
      unknown += pruned.pairs.filter((p) => p.status === 'unknown').length;
    }
    // the clusters must exercise every verdict, or the comparison proves little
    expect(open).toBeGreaterThan(1000);
    expect(unknown).toBeGreaterThan(500);
  });

  it('gives the exhaustive answer on every reachability fixture', () => {
    for (const fixture of FIXTURES) {
      const index = () => indexFromText(readFileSync(join(DIR, fixture), 'utf8'));
      expect(reachOf(index), fixture).toEqual(reachOf(index, { exhaustive: true }));
    }
  });
});

describe('computeReachability with closedPairs: false (the report form)', () => {
  it('lists the open and unknown pairs of the full matrix, in its order, and no closed pair', () => {
    for (let seed = 1; seed <= 100; seed++) {
      const index = indexOf(randomCluster(seed));
      const full = reachOf(index);
      const sparse = reachOf(index, { closedPairs: false });
      expect(sparse.tenants).toEqual(full.tenants);
      expect(sparse.pairs).toEqual(full.pairs.filter((p) => p.status !== 'closed'));
    }
  });

  it('leaves out the closed pairs of a fixture whose open pairs are known', () => {
    // namespace-selector-all.yaml: b's web admits every namespace; a and c deny all ingress
    const r = reachOf(() => indexFromText(readFileSync(join(DIR, 'namespace-selector-all.yaml'), 'utf8')), { closedPairs: false });
    expect(r.tenants).toEqual(['a', 'b', 'c']);
    expect(r.pairs.map((p) => `${p.from}->${p.to}:${p.status}`)).toEqual(['a->b:open', 'c->b:open']);
  });

  it('keeps every pair of a tenant whose NetworkPolicies could not be read, as unknown', () => {
    const text = readFileSync(join(DIR, 'default-deny.yaml'), 'utf8');
    const access: AccessOutcome[] = [{ groupKind: 'NetworkPolicy.networking.k8s.io', status: 'partial', forbiddenNamespaces: ['b'] }];
    const r = reachOf(() => indexFromText(text, 'fixture.yaml', access), { closedPairs: false });
    expect(r.pairs.map((p) => `${p.from}->${p.to}:${p.status}`)).toEqual(['a->b:unknown', 'b->a:unknown']);
    expect(r.pairs[0].reason).toBe('NetworkPolicies could not be read in namespace b');
  });
});
