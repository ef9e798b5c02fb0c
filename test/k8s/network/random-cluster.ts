import { ResourceIndex } from '../../../src/model/index.js';
import type { AccessOutcome } from '../../../src/model/access.js';
import type { KubeObject } from '../../../src/model/types.js';

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
export function randomCluster(seed: number): { objects: KubeObject[]; access?: AccessOutcome[] } {
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

export const indexOf = (cluster: { objects: KubeObject[]; access?: AccessOutcome[] }) => () =>
  new ResourceIndex({ objects: structuredClone(cluster.objects), access: cluster.access, source: { type: 'manifests', files: [] } });
