import { defineCheck } from '../../src/engine/check.js';
import { K } from '../../src/model/kinds.js';
import { crossTenantOutcome } from './_cross-tenant-outcome.js';

/**
 * An ingress rule of a tenant's NetworkPolicy that admits traffic from pods of another tenant: no `from` (or an
 * empty one), `namespaceSelector: {}`, or a namespaceSelector that matches another tenant's
 * namespace. Rules of a direction outside the policy's effective policyTypes apply to nothing and
 * are not reported. An ipBlock peer matches pod IPs too (src/k8s/network/pod-network.ts cites the
 * API reference and the upstream e2e tests): one that covers all or part of the pod network (from
 * the Nodes' `spec.podCIDRs` or the configuration's `network.podCIDRs`) crosses tenants, since pod IPs
 * follow nodes, not tenants; an `except` that removes the whole pod network closes it. Only when the
 * pod network is not known and a private range may cover it is the policy not-evaluated, with that reason. A Capsule Tenant is judged too:
 * its `spec.networkPolicies` items whose copies are not in the input (manifests kept in Git hold
 * the Tenant, the cluster holds the copies), reported at their path in the Tenant.
 */
export default defineCheck({
  id: 'network-cross-tenant-ingress',
  family: 'network',
  title: 'NetworkPolicy admits traffic from other tenants',
  description:
    "Flags every ingress rule of a NetworkPolicy in a tenant namespace (or of a Capsule Tenant's `spec.networkPolicies` item whose copies are not in the input) that admits traffic from pods of other tenants: a rule without `from` (`ingress: [{}]`, `from: []`), a peer with `namespaceSelector: {}`, or a namespaceSelector that matches a namespace of another tenant (ANDed podSelectors do not help: the other tenant labels its own pods), or an ipBlock that covers all or part of the pod network (ipBlock matches pod IPs; the pod network comes from the Nodes' `spec.podCIDRs` or `network.podCIDRs` in the configuration).",
  rationale:
    "An ingress rule that admits pods of every namespace, or of another tenant's namespaces, undoes the isolation the policy was written for: the other tenant's pods, or a compromised one, reach the tenant's services directly.",
  remediation:
    "Admit only the tenant's own namespaces and the platform components that need to connect: select namespaces by `kubernetes.io/metadata.name` or the tenancy controller's tenant label, never `namespaceSelector: {}` or a rule without `from`.",
  references: [
    {
      title: 'Kubernetes: Behavior of to and from selectors',
      url: 'https://kubernetes.io/docs/concepts/services-networking/network-policies/#behavior-of-to-and-from-selectors',
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
  severity: { 'multi-team': 'high', 'multi-customer': 'critical' },
  target: { kinds: [K.NetworkPolicy, K.CapsuleTenant] },
  needs: [K.NetworkPolicy, K.Namespace],
  messages: {
    allPeers:
      'ingress rule has no `from`: it admits traffic from every pod of every namespace on {{ports}} (other tenants today: {{tenants}}, and any tenant added later)',
    everyNamespace:
      'ingress peer with namespaceSelector {} admits traffic from pods of every namespace on {{ports}} (other tenants today: {{tenants}}, and any tenant added later)',
    otherTenants: 'ingress peer admits traffic from pods of other tenants on {{ports}}: {{tenants}} (namespaces {{namespaces}})',
    podNetwork:
      'ingress ipBlock {{ipBlock}} covers the whole pod network ({{podNetwork}}): it admits traffic from every pod of every tenant on {{ports}} (other tenants today: {{tenants}})',
    podNetworkPart:
      'ingress ipBlock {{ipBlock}} covers part of the pod network ({{podNetwork}}): it admits traffic from the pods of any tenant that get those addresses on {{ports}} (other tenants today: {{tenants}})',
  },
  check(subject, ctx) {
    return crossTenantOutcome(subject, 'Ingress', ctx);
  },
});
