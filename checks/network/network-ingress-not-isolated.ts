import { defineCheck } from '../../src/engine/check.js';
import { K, UNEVALUATED_NETWORK_POLICY_KINDS } from '../../src/model/kinds.js';
import { isolationOutcome } from './_isolation.js';

/**
 * A pod is ingress-isolated once any NetworkPolicy of its namespace selects it with `Ingress` in its
 * effective policyTypes (when omitted: `Ingress` always, `Egress` only with egress rules). A
 * policy without rules isolates too: it is coverage, not a gap. Pods are judged by their template
 * labels and reported once, on their owner. Pods with `hostNetwork: true` that a policy selects are
 * not-evaluated: the API leaves NetworkPolicy behaviour for them undefined, and most network
 * plugins ignore such policies (see src/k8s/network/host-network.ts); without any selecting policy they fail.
 * A Capsule Tenant's `spec.networkPolicies` items count as the copies Capsule writes into each of
 * its namespaces when those copies are not in the input (derived by src/tenancy/materialize.ts).
 */
export default defineCheck({
  id: 'network-ingress-not-isolated',
  family: 'network',
  title: 'Pod is not isolated for ingress',
  description:
    'Flags every pod template (of any workload kind) in a tenant namespace whose pods no NetworkPolicy selects with `Ingress` in its effective policyTypes (when policyTypes is omitted, Ingress is always implied). Pods with `hostNetwork: true` that a policy selects are not-evaluated: NetworkPolicy behaviour for them is undefined.',
  rationale:
    'An ingress-isolated pod accepts only the connections some policy allows. A pod that no policy isolates for ingress accepts connections from every pod of the cluster: another tenant can reach it directly, whatever the rest of its namespace does.',
  remediation:
    'Make sure a policy with `Ingress` in its policyTypes selects every pod: a namespace-wide default deny (`podSelector: {}`, `policyTypes: [Ingress]`, no rules) plus policies that allow what the workload needs.',
  references: [
    {
      title: 'Kubernetes: The two sorts of pod isolation',
      url: 'https://kubernetes.io/docs/concepts/services-networking/network-policies/#the-two-sorts-of-pod-isolation',
    },
    {
      title: 'Kubernetes: NetworkPolicySpec policyTypes',
      url: 'https://kubernetes.io/docs/reference/kubernetes-api/policy-resources/network-policy-v1/#NetworkPolicySpec',
    },
    {
      title: 'Kubernetes: Default policies',
      url: 'https://kubernetes.io/docs/concepts/services-networking/network-policies/#default-policies',
    },
    {
      title: 'Kubernetes: NetworkPolicy and hostNetwork pods',
      url: 'https://kubernetes.io/docs/concepts/services-networking/network-policies/#networkpolicy-and-hostnetwork-pods',
    },
  ],
  severity: { 'multi-team': 'high', 'multi-customer': 'high' },
  target: 'podTemplate',
  needs: [K.NetworkPolicy, ...UNEVALUATED_NETWORK_POLICY_KINDS],
  messages: {
    notIsolated:
      'no NetworkPolicy with Ingress in its policyTypes selects these pods (labels {{labels}}; {{policies}} NetworkPolicies in namespace {{namespace}}): every pod of every namespace, other tenants included, may connect to these pods',
  },
  check: (template, ctx) => isolationOutcome(template, ctx, 'Ingress'),
});
