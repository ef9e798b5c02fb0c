import { defineCheck } from '../../src/engine/check.js';
import { K } from '../../src/model/kinds.js';
import {
  type Applied,
  CAP_KEYS,
  CAPPED_RESOURCES,
  capsAny,
  describePodKind,
  describeScopes,
  isScoped,
  nameOfApplied,
  quotasOf,
  refOfApplied,
  uncappedPodKinds,
  QUOTA_READS,
} from '../../src/k8s/quota/index.js';

/**
 * A tenant namespace must cap cpu, memory and ephemeral-storage (MTB-PL1-CC-FNS-1). A resource is
 * capped when some quota's `spec.hard` names `requests.X`, `limits.X` or bare `X` (which means
 * requests), and the quotas that cap it apply to every pod that can be created: a scoped quota
 * (`NotBestEffort`, a PriorityClass) on its own leaves the other pods uncapped (see src/k8s/quota/scopes.ts).
 * The namespace's quotas count together; Capsule and HNC copies are ResourceQuotas like any other,
 * and a Capsule Tenant's `spec.resourceQuotas.items` count where their copies are not in the input.
 */
export default defineCheck({
  id: 'quota-missing',
  family: 'quota',
  title: 'Tenant namespace has no quota on cpu, memory and ephemeral-storage',
  description:
    'Flags a tenant namespace whose ResourceQuotas, taken together, do not cap cpu, memory and ephemeral-storage for every pod (a scoped quota caps only the pods its scopes select).',
  rationale:
    "Without a quota one tenant can schedule pods until the shared nodes are full, starving every other tenant's workloads and the platform's own components (a noisy neighbour, or a denial of service).",
  remediation:
    'Add a ResourceQuota to the namespace (or to the Capsule Tenant, or an HNC HierarchicalResourceQuota above it) whose `spec.hard` sets `requests.cpu`, `requests.memory`, `requests.ephemeral-storage` and their `limits.*`, without scopes, or with scopes that together select every pod.',
  references: [
    { title: 'Kubernetes: Resource Quotas', url: 'https://kubernetes.io/docs/concepts/policy/resource-quotas/' },
    { title: 'Kubernetes: Quota scopes', url: 'https://kubernetes.io/docs/concepts/policy/resource-quotas/#quota-scopes' },
    {
      title: 'MTB-PL1-CC-FNS-1: Configure namespace resource quotas',
      url: 'https://github.com/kubernetes-retired/multi-tenancy/tree/master/benchmarks/kubectl-mtb/test/benchmarks/configure_ns_quotas',
    },
    {
      title: 'Capsule Tenant spec.resourceQuotas (api/v1beta2/resource_quota.go)',
      url: 'https://github.com/projectcapsule/capsule/blob/main/api/v1beta2/resource_quota.go',
    },
  ],
  mtb: ['MTB-PL1-CC-FNS-1'],
  severity: 'high',
  target: 'namespace',
  needs: [K.ResourceQuota],
  reads: QUOTA_READS,
  messages: {
    noQuota: 'namespace {{namespace}} has no ResourceQuota: cpu, memory and ephemeral-storage are not capped',
    uncapped: 'the ResourceQuotas of namespace {{namespace}} ({{quotas}}) do not cap {{resources}}{{scoped}}',
  },
  check(ns, ctx) {
    const namespace = ns.metadata.name;
    const { items, tenantUnreadable } = quotasOf(namespace, ctx);
    const specs = items.map((a) => a.spec);
    const missing: string[] = [];
    const scopedNotes: string[] = [];
    for (const resource of CAPPED_RESOURCES) {
      const caps = (spec: unknown) => capsAny(spec, CAP_KEYS[resource]);
      const uncapped = uncappedPodKinds(specs, caps);
      if (uncapped.length === 0) continue;
      missing.push(resource);
      const scoped = items.filter((a) => caps(a.spec) && isScoped(a.spec));
      if (scoped.length) {
        const quotas = scoped.map((a) => `${nameOfApplied(a)} (${describeScopes(a.spec)})`).join(', ');
        scopedNotes.push(
          `${resource} is capped only by scoped ${plural(scoped, 'quota')} ${quotas}, not for ${describePodKind(uncapped[0], specs)}`,
        );
      }
    }
    const related = items.map(refOfApplied);
    if (missing.length === 0) {
      const fromTenant = items.filter((a) => a.origin);
      return fromTenant.length ? { passNote: `capped by ${items.map(nameOfApplied).join(', ')}`, related } : [];
    }
    if (tenantUnreadable) return { notEvaluated: tenantUnreadable };
    if (items.length === 0) return [{ messageId: 'noQuota', data: { namespace } }];
    return [
      {
        messageId: 'uncapped',
        data: {
          namespace,
          quotas: items.map((a: Applied) => nameOfApplied(a)).join(', '),
          resources: missing.join(', '),
          scoped: scopedNotes.length ? `: ${scopedNotes.join('; ')}` : '',
        },
        related,
      },
    ];
  },
});

function plural(list: readonly unknown[], word: string): string {
  return list.length === 1 ? word : `${word}s`;
}
