import { defineCheck } from '../../src/engine/check.js';
import { K } from '../../src/model/kinds.js';
import {
  capsAny,
  isScoped,
  nameOfApplied,
  OBJECT_COUNTS,
  quotasOf,
  refOfApplied,
  uncappedPodKinds,
  QUOTA_READS,
} from '../../src/k8s/quota/index.js';

/**
 * A tenant namespace should cap how many pods, services, node ports, load balancers, claims,
 * ConfigMaps and Secrets it holds (MTB-PL1-CC-FNS-2; the list is OBJECT_COUNTS in src/k8s/quota/keys.ts). Either the legacy
 * name (`pods`, `services.nodeports`) or the generic `count/<resource>` caps a count. A scoped
 * quota applies only to pods, and only to the pods its scopes select: for every other object the
 * quota evaluators match no scope (kubernetes pkg/quota/v1 `MatchesNoScopeFunc`), so only an
 * unscoped quota caps them. Reported once per namespace, naming every count that is missing.
 */
export default defineCheck({
  id: 'quota-object-counts-missing',
  family: 'quota',
  title: 'Tenant namespace has no quota on object counts',
  description:
    'Flags a tenant namespace whose ResourceQuotas do not cap the number of pods, services, services.nodeports, services.loadbalancers, persistentvolumeclaims, configmaps and secrets (legacy names or `count/<resource>`).',
  rationale:
    "Every object a tenant creates is stored in the shared etcd and watched by shared controllers; NodePorts are a cluster-wide range and LoadBalancers cost money and addresses. Without counts one tenant can exhaust etcd, the node-port range or the cloud's load balancers for everyone.",
  remediation:
    'Add to a namespace ResourceQuota (without scopes) `pods`, `services`, `services.nodeports`, `services.loadbalancers`, `persistentvolumeclaims`, `configmaps` and `secrets`, or their `count/<resource>` forms.',
  references: [
    {
      title: 'Kubernetes: Resource Quotas, object count quota',
      url: 'https://kubernetes.io/docs/concepts/policy/resource-quotas/#object-count-quota',
    },
    {
      title: 'MTB-PL1-CC-FNS-2: Configure namespace object limits',
      url: 'https://github.com/kubernetes-retired/multi-tenancy/tree/master/benchmarks/kubectl-mtb/test/benchmarks/configure_ns_object_quota',
    },
  ],
  mtb: ['MTB-PL1-CC-FNS-2'],
  severity: { 'multi-team': 'low', 'multi-customer': 'medium' },
  target: 'namespace',
  needs: [K.ResourceQuota],
  reads: QUOTA_READS,
  messages: {
    countsMissing: 'no ResourceQuota of namespace {{namespace}} caps the number of {{missing}}{{quotas}}',
  },
  check(ns, ctx) {
    const namespace = ns.metadata.name;
    const { items, tenantUnreadable } = quotasOf(namespace, ctx);
    const specs = items.map((a) => a.spec);
    const missing = OBJECT_COUNTS.filter(({ resource, keys }) =>
      resource === 'pods'
        ? uncappedPodKinds(specs, (s) => capsAny(s, keys)).length > 0
        : !specs.some((s) => !isScoped(s) && capsAny(s, keys)),
    ).map((c) => c.resource);
    if (missing.length === 0) {
      return items.some((a) => a.origin)
        ? { passNote: `capped by ${items.map(nameOfApplied).join(', ')}`, related: items.map(refOfApplied) }
        : [];
    }
    if (tenantUnreadable) return { notEvaluated: tenantUnreadable };
    return [
      {
        messageId: 'countsMissing',
        data: { namespace, missing: missing.join(', '), quotas: items.length ? ` (quotas: ${items.map(nameOfApplied).join(', ')})` : '' },
        related: items.map(refOfApplied),
      },
    ];
  },
});
