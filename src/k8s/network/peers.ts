/**
 * Which namespaces a NetworkPolicy peer reaches, for judging whether a rule crosses tenants.
 * Only the namespace part decides: a peer's `podSelector` matches pod labels, which the tenant
 * owning those pods sets as it likes, so it never keeps another tenant out.
 */
import type { ResourceIndex } from '../../model/index.js';
import { K } from '../../model/kinds.js';
import { isEmptySelector } from '../../model/selectors.js';
import type { KubeObject } from '../../model/types.js';
import type { NetworkPolicyPeer } from './policy.js';

export interface PeerNamespaces {
  /** True for `namespaceSelector: {}`: every namespace, those created later included. */
  every: boolean;
  /** The namespaces (of the index) the peer reaches today, in index order. */
  namespaces: KubeObject[];
}

/**
 * The namespaces a peer of a policy in `policyNamespace` reaches: its own namespace for a bare
 * `podSelector`, the namespaces its `namespaceSelector` matches otherwise (ANDed with any
 * `podSelector`, which does not narrow the namespaces). An `ipBlock` peer, or a peer the API
 * server would reject (none of the three), reaches no namespace here.
 */
export function namespacesOfPeer(peer: NetworkPolicyPeer, policyNamespace: string, index: ResourceIndex): PeerNamespaces {
  if (!peer || typeof peer !== 'object') return { every: false, namespaces: [] };
  const nsSelector = peer.namespaceSelector && typeof peer.namespaceSelector === 'object' ? peer.namespaceSelector : undefined;
  if (nsSelector) {
    return {
      every: isEmptySelector(nsSelector),
      // Through the index's namespace label index: policies times namespaces would be quadratic.
      namespaces: index.namespacesMatching(nsSelector),
    };
  }
  if (peer.podSelector && typeof peer.podSelector === 'object') {
    const own = index.get(K.Namespace, undefined, policyNamespace);
    return { every: false, namespaces: own ? [own] : [] };
  }
  return { every: false, namespaces: [] };
}
