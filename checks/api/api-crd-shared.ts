import { defineCheck } from '../../src/engine/check.js';
import { K } from '../../src/model/kinds.js';
import { type KubeObject, groupOf, refOf } from '../../src/model/types.js';

/**
 * A CustomResourceDefinition is cluster-wide: one schema, one set of served versions, one
 * conversion webhook for every namespace (https://kubernetes.io/docs/tasks/extend-kubernetes/custom-resources/custom-resource-definitions/).
 * When custom resources of one definition live in namespaces of two or more tenants, those
 * tenants share it: none can upgrade, downgrade or remove it alone (MTB-PL3-BC-CPV-1, "Create same
 * CRD as different tenants", asks that each tenant could install its own). The custom kind is read
 * as `<spec.names.kind>.<spec.group>`; objects in system or platform namespaces are no tenant's.
 * A cluster-scoped definition (the Capsule Tenant CRD) has no namespaces to share and passes.
 *
 * Custom resources that a platform controller derives from a built-in object (an ownerReference to
 * a Pod, a Deployment, a Service...: Cilium's CiliumEndpoint for every pod, Kyverno's per-resource
 * PolicyReports) are not counted: no tenant created them or depends on their version, so they say
 * nothing about tenants sharing an API, and they exist in every namespace with pods. Custom
 * resources owned by other custom resources (a cert-manager CertificateRequest of a tenant's
 * Certificate) still count.
 */
export default defineCheck({
  id: 'api-crd-shared',
  family: 'api',
  title: 'Custom resource definition shared by several tenants',
  description:
    'Flags a namespaced CustomResourceDefinition whose custom resources live in namespaces of two or more tenants (not counting those a controller derives from a built-in object, such as Cilium endpoints of pods).',
  rationale:
    "All tenants that use one CRD share its schema, its served and storage versions and its conversion webhook: one tenant's upgrade of the operator behind it changes the API under every other tenant, and none can move to another version alone. With hard (multi-customer) isolation each tenant should have its own API, e.g. a virtual control plane.",
  remediation:
    'Give tenants that need different versions of an operator their own control plane (a virtual cluster such as vcluster), or treat the CRD and its operator as a platform service with one version that the platform team upgrades for everyone.',
  references: [
    { title: 'Kubernetes: Custom Resources', url: 'https://kubernetes.io/docs/concepts/extend-kubernetes/api-extension/custom-resources/' },
    {
      title: 'Kubernetes: Multi-tenancy, control plane virtualization',
      url: 'https://kubernetes.io/docs/concepts/security/multi-tenancy/#virtual-control-plane-per-tenant',
    },
    {
      title: 'MTB-PL3-BC-CPV-1: Create same CRD as different tenants',
      url: 'https://github.com/kubernetes-retired/multi-tenancy/tree/master/benchmarks',
    },
  ],
  mtb: ['MTB-PL3-BC-CPV-1'],
  severity: { 'multi-team': 'low', 'multi-customer': 'medium' },
  target: { kinds: [K.CustomResourceDefinition] },
  needs: [],
  reads: { customResources: true },
  messages: {
    shared: 'custom resources of {{crd}} ({{kind}}) live in namespaces of {{count}} tenants: {{tenants}}',
  },
  check(crd, ctx) {
    const group = crd.spec?.group;
    const kind = crd.spec?.names?.kind;
    if (typeof group !== 'string' || typeof kind !== 'string') return [];
    if (crd.spec?.scope === 'Cluster') return [];
    const gk = `${kind}.${group}`;
    // The custom kind is listed on its own: when it could not be read, sharing is unknown.
    if (!ctx.index.isReadable(gk)) return { notEvaluated: `${gk} could not be read: ${ctx.index.access(gk)?.reason ?? 'no access'}` };
    const byTenant = new Map<string, string[]>();
    const examples = new Map<string, ReturnType<typeof refOf>>();
    for (const obj of ctx.index.ofKind(gk)) {
      const namespace = obj.metadata.namespace;
      const tenant = ctx.tenants.tenantOfNamespace(namespace)?.name;
      if (!tenant || !namespace || derivedFromBuiltin(obj)) continue;
      const namespaces = byTenant.get(tenant) ?? [];
      if (!namespaces.includes(namespace)) namespaces.push(namespace);
      byTenant.set(tenant, namespaces);
      if (!examples.has(tenant)) examples.set(tenant, refOf(obj));
    }
    if (byTenant.size < 2) return [];
    const tenants = [...byTenant.keys()].sort();
    return [
      {
        messageId: 'shared',
        data: {
          crd: crd.metadata.name,
          kind,
          count: tenants.length,
          tenants: tenants.map((t) => `${t} (${byTenant.get(t)!.sort().join(', ')})`).join(', '),
        },
        related: tenants.map((t) => examples.get(t)!),
      },
    ];
  },
});

/** Groups Kubernetes itself serves: the core group, apps, batch, autoscaling, policy and `*.k8s.io`. */
function isBuiltinGroup(group: string): boolean {
  return group === '' || ['apps', 'batch', 'autoscaling', 'policy'].includes(group) || group.endsWith('.k8s.io');
}

/** A custom resource whose ownerReferences name a built-in object: a controller's bookkeeping for it. */
function derivedFromBuiltin(obj: KubeObject): boolean {
  const refs = Array.isArray(obj.metadata.ownerReferences) ? obj.metadata.ownerReferences : [];
  return refs.some((r) => typeof r?.apiVersion === 'string' && isBuiltinGroup(groupOf(r.apiVersion)));
}
