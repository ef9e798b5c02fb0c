/**
 * Network policies that tenantscan recognises but does not evaluate: Cilium, Calico and the
 * network-policy-api kinds (UNEVALUATED_NETWORK_POLICY_KINDS). They can allow what a NetworkPolicy
 * denies (AdminNetworkPolicy `Allow`, Cilium and Calico allow rules) and deny what it allows
 * (`Deny` actions, Cilium `ingressDeny`), so where one may apply to a namespace, no answer that
 * depends on the namespace's network isolation can be given: it is `not-evaluated` / `unknown`.
 *
 * Which namespaces a policy may apply to (sources: Cilium
 * https://docs.cilium.io/en/stable/security/policy/language/, Calico
 * https://docs.tigera.io/calico/latest/reference/resources/globalnetworkpolicy, network-policy-api
 * https://network-policy-api.sigs.k8s.io/reference/spec/):
 * - namespaced kinds (CiliumNetworkPolicy, Calico NetworkPolicy): their own namespace;
 * - AdminNetworkPolicy, BaselineAdminNetworkPolicy, ClusterNetworkPolicy: the namespaces their
 *   `spec.subject` (`namespaces`, or `pods.namespaceSelector`) selects;
 * - CiliumClusterwideNetworkPolicy: every namespace, unless its `endpointSelector` pins the
 *   namespace label (`k8s:io.kubernetes.pod.namespace`) or it selects only nodes (`nodeSelector`);
 * - Calico GlobalNetworkPolicy: every namespace, unless it is a host-endpoint policy (`preDNAT`,
 *   `doNotTrack`) or its `selector` is exactly `projectcalico.org/namespace == '<ns>'`.
 * Anything else is taken as applying everywhere: a guess of "does not apply" could turn into a pass.
 */
import type { ResourceIndex } from '../../model/index.js';
import { K, UNEVALUATED_NETWORK_POLICY_KINDS } from '../../model/kinds.js';
import { CLUSTER_SCOPED } from '../../model/scope.js';
import { type LabelSelector, matchesSelector } from '../../model/selectors.js';
import { type GroupKind, type KubeObject, groupKindOf } from '../../model/types.js';

/** Cilium's label for the namespace of an endpoint; `k8s:` is the label source prefix. */
const CILIUM_NAMESPACE_KEYS = ['k8s:io.kubernetes.pod.namespace', 'io.kubernetes.pod.namespace', 'any:io.kubernetes.pod.namespace'];
/** Cilium exposes namespace labels to endpoint selectors under this prefix. */
const CILIUM_NAMESPACE_LABEL_PREFIX = 'io.cilium.k8s.namespace.labels.';

/** The unevaluated policies that may apply to pods of `namespace` (its labels as the index holds them). */
export function unevaluatedPoliciesFor(index: ResourceIndex, namespace: string): KubeObject[] {
  const nsLabels = index.get(K.Namespace, undefined, namespace)?.metadata.labels ?? { 'kubernetes.io/metadata.name': namespace };
  const out: KubeObject[] = [];
  for (const gk of UNEVALUATED_NETWORK_POLICY_KINDS) {
    if (!CLUSTER_SCOPED.has(gk)) {
      out.push(...index.inNamespace(gk, namespace));
      continue;
    }
    for (const policy of index.ofKind(gk)) {
      if (clusterPolicyMayApply(policy, namespace, nsLabels)) out.push(policy);
    }
  }
  return out;
}

/** Unevaluated policy kinds that could not be read for `namespace` (so one may exist unseen). */
export function unreadablePolicyKinds(index: ResourceIndex, namespace: string): GroupKind[] {
  return UNEVALUATED_NETWORK_POLICY_KINDS.filter((gk) => !index.isReadable(gk, CLUSTER_SCOPED.has(gk) ? undefined : namespace));
}

/**
 * Why the network isolation of `namespace` cannot be judged from NetworkPolicies alone, or
 * undefined when nothing unevaluated applies. The text names the policies (at most three).
 */
export function unevaluatedReason(index: ResourceIndex, namespace: string): string | undefined {
  const policies = unevaluatedPoliciesFor(index, namespace);
  if (policies.length > 0) {
    const names = policies.slice(0, 3).map(describe);
    const more = policies.length > 3 ? ` and ${policies.length - 3} more` : '';
    return `${names.join(', ')}${more} may apply to namespace ${namespace}; tenantscan does not evaluate CNI-specific or admin network policies`;
  }
  const unreadable = unreadablePolicyKinds(index, namespace);
  if (unreadable.length > 0) {
    return `${unreadable.join(', ')} could not be read for namespace ${namespace}: such a policy may apply and would change the answer`;
  }
  return undefined;
}

function describe(policy: KubeObject): string {
  const where = policy.metadata.namespace ? `${policy.metadata.namespace}/` : '';
  return `${policy.kind} ${where}${policy.metadata.name} (${groupKindOf(policy)})`;
}

function clusterPolicyMayApply(policy: KubeObject, namespace: string, nsLabels: Record<string, string>): boolean {
  const gk = groupKindOf(policy);
  const spec = policy.spec && typeof policy.spec === 'object' ? policy.spec : {};
  switch (gk) {
    case K.AdminNetworkPolicy:
    case K.BaselineAdminNetworkPolicy:
    case K.ClusterNetworkPolicy:
      return subjectMayApply(spec.subject, nsLabels);
    case K.CiliumClusterwideNetworkPolicy: {
      const specs = [spec, ...(Array.isArray(policy.specs) ? policy.specs : [])].filter(
        (s) => s && typeof s === 'object' && Object.keys(s).length > 0,
      );
      if (specs.length === 0) return true;
      return specs.some((s) => ciliumSpecMayApply(s, namespace, nsLabels));
    }
    case K.CalicoGlobalNetworkPolicy:
    case K.CalicoGlobalNetworkPolicyV3:
      return calicoGlobalMayApply(spec, namespace);
    default:
      return true;
  }
}

/** network-policy-api `subject`: exactly one of `namespaces` (LabelSelector) or `pods` ({namespaceSelector, podSelector}). */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- part of a Kubernetes object of the input, untyped JSON
function subjectMayApply(subject: any, nsLabels: Record<string, string>): boolean {
  if (!subject || typeof subject !== 'object') return true;
  if (subject.namespaces && typeof subject.namespaces === 'object') return matchesSelector(subject.namespaces, nsLabels);
  const pods = subject.pods;
  if (pods && typeof pods === 'object' && pods.namespaceSelector && typeof pods.namespaceSelector === 'object') {
    return matchesSelector(pods.namespaceSelector, nsLabels);
  }
  return true;
}

/** A Cilium rule applies to pods through `endpointSelector`; a `nodeSelector` rule is a host firewall rule. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- part of a Kubernetes object of the input, untyped JSON
function ciliumSpecMayApply(spec: any, namespace: string, nsLabels: Record<string, string>): boolean {
  const selector = spec.endpointSelector;
  if (!selector || typeof selector !== 'object') return !spec.nodeSelector;
  // Judge only the requirements on namespace identity; pod label requirements may match some pod.
  const pseudo: Record<string, string> = {};
  for (const key of CILIUM_NAMESPACE_KEYS) pseudo[key] = namespace;
  for (const [k, v] of Object.entries(nsLabels)) {
    pseudo[`k8s:${CILIUM_NAMESPACE_LABEL_PREFIX}${k}`] = v;
    pseudo[`${CILIUM_NAMESPACE_LABEL_PREFIX}${k}`] = v;
  }
  const isNamespaceKey = (key: string) =>
    CILIUM_NAMESPACE_KEYS.includes(key) || key.replace(/^(k8s|any):/, '').startsWith(CILIUM_NAMESPACE_LABEL_PREFIX);
  const namespaceOnly: LabelSelector = {
    matchLabels: Object.fromEntries(Object.entries(selector.matchLabels ?? {}).filter(([k]) => isNamespaceKey(k))) as Record<
      string,
      string
    >,
    matchExpressions: (Array.isArray(selector.matchExpressions) ? selector.matchExpressions : []).filter(
      (r: { key?: string }) => typeof r?.key === 'string' && isNamespaceKey(r.key),
    ),
  };
  return matchesSelector(namespaceOnly, pseudo);
}

/** Calico GlobalNetworkPolicy: `preDNAT`/`doNotTrack` policies apply only to host endpoints. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- part of a Kubernetes object of the input, untyped JSON
function calicoGlobalMayApply(spec: any, namespace: string): boolean {
  if (spec.preDNAT === true || spec.doNotTrack === true) return false;
  const selector = typeof spec.selector === 'string' ? spec.selector : '';
  const pinned = /^\s*projectcalico\.org\/namespace\s*==\s*(['"])([^'"]*)\1\s*$/.exec(selector);
  return pinned ? pinned[2] === namespace : true;
}
