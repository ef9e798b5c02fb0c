import { defineCheck } from '../../src/engine/check.js';
import { K } from '../../src/model/kinds.js';
import { crossTenantOutcome } from './_cross-tenant-outcome.js';

/**
 * An egress rule of a tenant's NetworkPolicy that allows traffic to pods of another tenant: no `to` (or an
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
  id: 'network-cross-tenant-egress',
  family: 'network',
  title: 'NetworkPolicy allows traffic to other tenants',
  description:
    "Flags every egress rule of a NetworkPolicy in a tenant namespace (or of a Capsule Tenant's `spec.networkPolicies` item whose copies are not in the input) that allows traffic to pods of other tenants: a rule without `to` (`egress: [{}]`, `to: []`), a peer with `namespaceSelector: {}`, or a namespaceSelector that matches a namespace of another tenant (ANDed podSelectors do not help: the other tenant labels its own pods), or an ipBlock that covers all or part of the pod network (ipBlock matches pod IPs; the pod network comes from the Nodes' `spec.podCIDRs` or `network.podCIDRs` in the configuration).",
  rationale:
    "An egress rule that allows pods of every namespace, or of another tenant's namespaces, lets the tenant's pods (or an attacker in one) reach other tenants' services, and the other tenant can no longer rely on the sender's egress isolation.",
  remediation:
    "Allow egress only to the tenant's own namespaces, DNS and the platform services it needs: select namespaces by `kubernetes.io/metadata.name` or the tenancy controller's tenant label, never `namespaceSelector: {}` or a rule without `to`; for the internet use an ipBlock that excepts the private ranges pods use.",
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
  severity: { 'multi-team': 'medium', 'multi-customer': 'high' },
  target: { kinds: [K.NetworkPolicy, K.CapsuleTenant] },
  needs: [K.NetworkPolicy, K.Namespace],
  messages: {
    allPeers:
      'egress rule has no `to`: it allows traffic to every pod of every namespace on {{ports}} (other tenants today: {{tenants}}, and any tenant added later)',
    everyNamespace:
      'egress peer with namespaceSelector {} allows traffic to pods of every namespace on {{ports}} (other tenants today: {{tenants}}, and any tenant added later)',
    otherTenants: 'egress peer allows traffic to pods of other tenants on {{ports}}: {{tenants}} (namespaces {{namespaces}})',
    podNetwork:
      'egress ipBlock {{ipBlock}} covers the whole pod network ({{podNetwork}}): it allows traffic to every pod of every tenant on {{ports}} (other tenants today: {{tenants}})',
    podNetworkPart:
      'egress ipBlock {{ipBlock}} covers part of the pod network ({{podNetwork}}): it allows traffic to the pods of any tenant that get those addresses on {{ports}} (other tenants today: {{tenants}})',
  },
  check(subject, ctx) {
    return crossTenantOutcome(subject, 'Egress', ctx);
  },
});
