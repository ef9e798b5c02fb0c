/**
 * NetworkPolicy (networking.k8s.io/v1) as the API defines it
 * (https://kubernetes.io/docs/concepts/services-networking/network-policies/,
 * https://kubernetes.io/docs/reference/kubernetes-api/policy-resources/network-policy-v1/).
 * Every function reads plain JSON and never throws on malformed input: a field of the wrong
 * shape counts as absent, as the checks must never fail on bad data.
 */
import { type LabelSelector, matchesSelector } from '../../model/selectors.js';
import type { KubeObject } from '../../model/types.js';

export type PolicyType = 'Ingress' | 'Egress';
export const POLICY_TYPES: readonly PolicyType[] = ['Ingress', 'Egress'];

/** `spec.ingress[].from[]` / `spec.egress[].to[]` (NetworkPolicyPeer). */
export interface NetworkPolicyPeer {
  podSelector?: LabelSelector | null;
  namespaceSelector?: LabelSelector | null;
  ipBlock?: { cidr?: string; except?: string[] } | null;
}

/** `spec.ingress[].ports[]` / `spec.egress[].ports[]` (NetworkPolicyPort). */
export interface NetworkPolicyPort {
  /** `TCP` (default), `UDP` or `SCTP`. */
  protocol?: string;
  /** A number, or the name of a container port; absent = every port of the protocol. */
  port?: number | string;
  /** Last port of a range starting at the numeric `port` (inclusive). */
  endPort?: number;
}

/** One ingress or egress rule, normalised so both directions read the same. */
export interface PolicyRule {
  direction: PolicyType;
  index: number;
  /** JSON pointer to the rule: `/spec/ingress/0`. */
  path: string;
  /** `from` (Ingress) or `to` (Egress). */
  peerField: 'from' | 'to';
  /**
   * The peers, or undefined when the rule has no (or an empty) `from`/`to`, which the API reads as
   * "every peer": all pods of all namespaces and every IP address.
   */
  peers?: NetworkPolicyPeer[];
  /** The ports, or undefined when absent or empty: every port of every protocol. */
  ports?: NetworkPolicyPort[];
}

const RULE_FIELD: Record<PolicyType, 'ingress' | 'egress'> = { Ingress: 'ingress', Egress: 'egress' };
const PEER_FIELD: Record<PolicyType, 'from' | 'to'> = { Ingress: 'from', Egress: 'to' };

/**
 * The policy's effective `policyTypes`: as written when non-empty; otherwise the API server's
 * default, `Ingress` always plus `Egress` only when `spec.egress` has at least one rule
 * (SetDefaults_NetworkPolicy; the NetworkPolicySpec `policyTypes` field doc).
 */
export function policyTypesOf(policy: KubeObject): PolicyType[] {
  const spec = policy.spec ?? {};
  const written = Array.isArray(spec.policyTypes) ? spec.policyTypes.filter((t: unknown) => t === 'Ingress' || t === 'Egress') : [];
  if (Array.isArray(spec.policyTypes) && spec.policyTypes.length > 0) return POLICY_TYPES.filter((t) => written.includes(t));
  return Array.isArray(spec.egress) && spec.egress.length > 0 ? ['Ingress', 'Egress'] : ['Ingress'];
}

/** Does the policy isolate its selected pods in this direction (is `direction` in its effective policyTypes)? */
export function isolates(policy: KubeObject, direction: PolicyType): boolean {
  return policyTypesOf(policy).includes(direction);
}

/**
 * The rules of one direction. Rules of a direction missing from the effective `policyTypes` are
 * not returned: such a policy does not apply to that direction, so its rules open nothing.
 */
export function rulesOf(policy: KubeObject, direction: PolicyType): PolicyRule[] {
  if (!isolates(policy, direction)) return [];
  const field = RULE_FIELD[direction];
  const peerField = PEER_FIELD[direction];
  const list = policy.spec?.[field];
  if (!Array.isArray(list)) return [];
  return list.map((raw, index) => {
    const rule = raw && typeof raw === 'object' ? raw : {};
    const peers = Array.isArray(rule[peerField]) && rule[peerField].length > 0 ? (rule[peerField] as NetworkPolicyPeer[]) : undefined;
    const ports = Array.isArray(rule.ports) && rule.ports.length > 0 ? (rule.ports as NetworkPolicyPort[]) : undefined;
    return { direction, index, path: `/spec/${field}/${index}`, peerField, peers, ports };
  });
}

/**
 * Does the policy select pods with these labels? `spec.podSelector: {}` (or an absent one, which
 * the API stores as `{}`) selects every pod of the policy's own namespace; the caller checks the
 * namespace, since a policy never selects pods of another namespace.
 */
export function selectsLabels(policy: KubeObject, podLabels: Record<string, string>): boolean {
  const selector = policy.spec?.podSelector;
  return matchesSelector(selector && typeof selector === 'object' ? selector : {}, podLabels);
}

/** The pod a peer is matched against: its namespace (name and labels) and its labels. */
export interface PodIdentity {
  namespace: string;
  namespaceLabels: Record<string, string>;
  labels: Record<string, string>;
}

/**
 * Does a peer of a policy in `policyNamespace` match this pod?
 * - `podSelector` alone: pods of the policy's own namespace;
 * - `namespaceSelector` alone: every pod of the matching namespaces (`{}`: every namespace);
 * - both in one peer: ANDed (those pods in those namespaces);
 * - `ipBlock`: never matched here; whether pod IPs match an ipBlock is CNI-dependent (see ip-block.ts);
 * - a peer with none of these is rejected by the API server and matches nothing.
 */
export function peerMatchesPod(peer: NetworkPolicyPeer, policyNamespace: string, pod: PodIdentity): boolean {
  if (!peer || typeof peer !== 'object') return false;
  const podSelector = objectOrUndefined(peer.podSelector);
  const namespaceSelector = objectOrUndefined(peer.namespaceSelector);
  if (!podSelector && !namespaceSelector) return false;
  if (namespaceSelector) {
    if (!matchesSelector(namespaceSelector, pod.namespaceLabels)) return false;
  } else if (pod.namespace !== policyNamespace) {
    return false;
  }
  return podSelector ? matchesSelector(podSelector, pod.labels) : true;
}

function objectOrUndefined(value: unknown): LabelSelector | undefined {
  return value && typeof value === 'object' ? (value as LabelSelector) : undefined;
}
