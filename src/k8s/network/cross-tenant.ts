/**
 * The rules of a NetworkPolicy that admit traffic from (ingress) or to (egress) pods of other
 * tenants, the shared logic of network-cross-tenant-ingress and network-cross-tenant-egress.
 *
 * A rule crosses tenants when:
 * - it has no (or an empty) `from`/`to`: every pod of every namespace (`ingress: [{}]`, `from: []`);
 * - a peer has `namespaceSelector: {}`: every namespace, those of tenants created later included;
 * - a peer's namespaceSelector matches a namespace of another tenant (its podSelector, if any, does
 *   not help: the other tenant labels its own pods as it likes).
 * Only rules of a direction in the policy's effective `policyTypes` count: the others apply to nothing.
 * - an `ipBlock` peer covers all or part of the pod network (ipBlock matches pod IPs, see
 *   pod-network.ts): pod IPs follow nodes, not tenants, so any other tenant's pods may hold them.
 * When the pod network is not known, an ipBlock that may cover it (a private range) is reported
 * separately, so the check can say it could not decide and why.
 */
import type { ResourceIndex } from '../../model/index.js';
import { type KubeObject, type ObjectRef, refOf } from '../../model/types.js';
import type { TenantModel } from '../../tenancy/model.js';
import { namespacesOfPeer } from './peers.js';
import { type PolicyType, rulesOf } from './policy.js';
import { describeRulePorts } from './ports.js';
import { type PodNetwork, ipBlockPodCoverage } from './pod-network.js';

export interface CrossTenantRule {
  /** JSON pointer to the rule (`/spec/ingress/0`), its empty `from`/`to`, or the peer (`/spec/ingress/0/from/1`). */
  path: string;
  /**
   * `allPeers`: no from/to; `everyNamespace`: namespaceSelector {}; `otherTenants`: a selector matching
   * other tenants' namespaces; `podNetwork`: an ipBlock covering the whole pod network; `podNetworkPart`: part of it.
   */
  shape: 'allPeers' | 'everyNamespace' | 'otherTenants' | 'podNetwork' | 'podNetworkPart';
  /** For the ipBlock shapes: the range as written, `0.0.0.0/0 except 10.0.0.0/8`. */
  ipBlock?: string;
  /** The other tenants reached today, sorted. */
  tenants: string[];
  /** Their namespaces that the rule reaches. */
  namespaces: ObjectRef[];
  /** The rule's ports as written (`TCP/5432`, `every port`). */
  ports: string;
}

export interface CrossTenantAnalysis {
  rules: CrossTenantRule[];
  /** Peers with an ipBlock that may cover pod IPs while the pod network is not known: `/spec/egress/0/to/0 (0.0.0.0/0)`. */
  undecided: string[];
}

/**
 * Analyse one policy's rules of one direction. A policy outside every tenant crosses nothing.
 * `podNetwork` (src/k8s/network/pod-network.ts) decides ipBlock peers; unknown by default.
 */
export function crossTenantRules(
  policy: KubeObject,
  direction: PolicyType,
  index: ResourceIndex,
  tenants: TenantModel,
  podNetwork: PodNetwork = { cidrs: undefined, source: 'not given' },
): CrossTenantAnalysis {
  const namespace = policy.metadata.namespace ?? '';
  const own = tenants.tenantOfNamespace(namespace)?.name;
  const out: CrossTenantAnalysis = { rules: [], undecided: [] };
  if (!own) return out;
  const namespaces = index.namespaces();
  const otherTenantNamespaces = (list: readonly KubeObject[]) =>
    list.filter((ns) => {
      const t = tenants.tenantOfNamespace(ns.metadata.name)?.name;
      return t !== undefined && t !== own;
    });
  const describe = (list: KubeObject[]) => ({
    tenants: [...new Set(list.map((ns) => tenants.tenantOfNamespace(ns.metadata.name)!.name))].sort(),
    namespaces: list.map(refOf).sort((a, b) => a.name.localeCompare(b.name)),
  });

  for (const rule of rulesOf(policy, direction)) {
    const ports = describeRulePorts(rule.ports);
    if (rule.peers === undefined) {
      const written = Array.isArray(policy.spec?.[direction === 'Ingress' ? 'ingress' : 'egress']?.[rule.index]?.[rule.peerField]);
      out.rules.push({
        path: written ? `${rule.path}/${rule.peerField}` : rule.path,
        shape: 'allPeers',
        ports,
        ...describe(otherTenantNamespaces(namespaces)),
      });
      continue;
    }
    rule.peers.forEach((peer, j) => {
      const path = `${rule.path}/${rule.peerField}/${j}`;
      if (peer?.ipBlock) {
        const coverage = ipBlockPodCoverage(peer.ipBlock, podNetwork);
        if (coverage === 'unknown') out.undecided.push(`${path} (${peer.ipBlock.cidr})`);
        else if (coverage !== 'none') {
          const except =
            Array.isArray(peer.ipBlock.except) && peer.ipBlock.except.length > 0 ? ` except ${peer.ipBlock.except.join(', ')}` : '';
          out.rules.push({
            path,
            shape: coverage === 'all' ? 'podNetwork' : 'podNetworkPart',
            ipBlock: `${peer.ipBlock.cidr}${except}`,
            ports,
            ...describe(otherTenantNamespaces(namespaces)),
          });
        }
        return;
      }
      const reached = namespacesOfPeer(peer, namespace, index);
      const others = otherTenantNamespaces(reached.namespaces);
      if (reached.every) out.rules.push({ path, shape: 'everyNamespace', ports, ...describe(others) });
      else if (others.length > 0) out.rules.push({ path, shape: 'otherTenants', ports, ...describe(others) });
    });
  }
  return out;
}
