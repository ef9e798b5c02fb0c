import { defineCheck } from '../../src/engine/check.js';
import { K, UNEVALUATED_NETWORK_POLICY_KINDS } from '../../src/model/kinds.js';
import { refOf } from '../../src/model/types.js';
import { unevaluatedReason } from '../../src/k8s/network/index.js';
import { describeDerived } from '../../src/tenancy/origin.js';

/**
 * A tenant namespace without any NetworkPolicy leaves every pod open to every pod of the cluster:
 * pods are non-isolated until a policy selects them. Where a Cilium, Calico or admin network
 * policy may apply instead, the namespace is not judged (not-evaluated), never failed. A Capsule
 * Tenant's `spec.networkPolicies` items count as the copies Capsule writes into each of its
 * namespaces when those copies are not in the input (derived by src/tenancy/materialize.ts); the pass says so.
 */
export default defineCheck({
  id: 'network-policy-missing',
  family: 'network',
  title: 'Tenant namespace has no NetworkPolicy',
  description:
    "Flags every tenant namespace that holds no NetworkPolicy at all (counting those its Capsule Tenant's `spec.networkPolicies` replicates into it), when no CNI-specific (Cilium, Calico) or admin network policy (AdminNetworkPolicy, BaselineAdminNetworkPolicy, ClusterNetworkPolicy) applies to it either.",
  rationale:
    "Without a NetworkPolicy, Kubernetes lets every pod of every namespace connect to the tenant's pods and lets them connect anywhere: another tenant can reach its databases and internal APIs directly, bypassing any authentication done at an ingress.",
  remediation:
    "Add a default-deny policy to every tenant namespace (`podSelector: {}`, `policyTypes: [Ingress, Egress]`, no rules), then allow what each workload needs: its own namespace, DNS, the ingress controller. With Capsule, declare it in the Tenant's `spec.networkPolicies` so every namespace of the tenant gets it.",
  references: [
    { title: 'Kubernetes: Network Policies', url: 'https://kubernetes.io/docs/concepts/services-networking/network-policies/' },
    {
      title: 'Kubernetes: Default policies (default deny)',
      url: 'https://kubernetes.io/docs/concepts/services-networking/network-policies/#default-policies',
    },
    {
      title: 'Kubernetes: Multi-tenancy, network isolation',
      url: 'https://kubernetes.io/docs/concepts/security/multi-tenancy/#network-isolation',
    },
    {
      title: 'MTB-PL1-BC-NI-1: Default deny network connections across tenants',
      url: 'https://github.com/kubernetes-retired/multi-tenancy/tree/master/benchmarks',
    },
  ],
  mtb: ['MTB-PL1-BC-NI-1'],
  severity: { 'multi-team': 'high', 'multi-customer': 'critical' },
  target: 'namespace',
  needs: [K.NetworkPolicy, ...UNEVALUATED_NETWORK_POLICY_KINDS],
  messages: {
    missing: 'namespace {{namespace}} has no NetworkPolicy: every pod of every namespace may connect to its pods, and its pods anywhere',
  },
  check(namespace, ctx) {
    const name = namespace.metadata.name;
    if (ctx.index.inNamespace(K.NetworkPolicy, name).length > 0) return [];
    const fromTenant = ctx.tenants.materialized.objectsIn(K.NetworkPolicy, name);
    if (fromTenant.length > 0) {
      return {
        passNote: `Capsule replicates ${fromTenant.map(describeDerived).join(', ')}`,
        related: [refOf(fromTenant[0].origin.object)],
      };
    }
    const unevaluated = unevaluatedReason(ctx.index, name);
    if (unevaluated) return { notEvaluated: `no NetworkPolicy in ${name}, but ${unevaluated}` };
    return [{ messageId: 'missing', data: { namespace: name } }];
  },
});
