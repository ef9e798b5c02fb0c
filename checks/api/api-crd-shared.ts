import { type CheckContext, type CheckOutcome, type FindingOf, defineCheck } from '../../src/engine/check.js';
import { type CustomKind, customKindOf, referencesTo } from '../../src/k8s/apiextensions/index.js';
import {
  RBAC_KINDS,
  bindingLabel,
  clusterResourceWriters,
  principalLabel,
  rbacInputsUnreadable,
  rulesLabel,
  subjectWithOwner,
} from '../../src/k8s/rbac/index.js';
import { K } from '../../src/model/kinds.js';
import { type KubeObject, type ObjectRef, groupOf, refKey, refOf } from '../../src/model/types.js';

const MESSAGES = {
  shared: 'custom resources of {{crd}} ({{kind}}) live in namespaces of {{count}} tenants: {{tenants}}',
  clusterShared: '{{crd}} is cluster-scoped, so every tenant shares its {{kind}} objects: {{how}}',
} as const;

/**
 * A CustomResourceDefinition is cluster-wide: one schema, one set of served versions, one
 * conversion webhook for every namespace (https://kubernetes.io/docs/tasks/extend-kubernetes/custom-resources/custom-resource-definitions/).
 * When custom resources of one definition live in namespaces of two or more tenants, those
 * tenants share it: none can upgrade, downgrade or remove it alone (MTB-PL3-BC-CPV-1, "Create same
 * CRD as different tenants", asks that each tenant could install its own). The custom kind is read
 * as `<spec.names.kind>.<spec.group>`; objects in system or platform namespaces are no tenant's.
 *
 * A definition with `spec.scope: Cluster` serves custom resources that have no namespace (same
 * page, "scope"): one collection of names for the whole cluster, which every tenant that may write
 * or refer to it shares with every other. It fails when
 * - a tenant's subject, or an everyone group, may create, update, patch or delete its custom
 *   resources: RBAC grants a cluster-scoped request only through a ClusterRoleBinding
 *   (https://kubernetes.io/docs/reference/access-authn-authz/rbac/#rolebinding-and-clusterrolebinding;
 *   src/k8s/rbac/cluster-writes.ts), and what one tenant writes there every tenant sees and can
 *   collide with; or
 * - namespaced objects of two or more tenants refer to its custom resources by typed object
 *   reference (`issuerRef: {group: cert-manager.io, kind: ClusterIssuer, name}`; src/k8s/apiextensions/references.ts):
 *   they share one object and its version, like the namespaced case above.
 * A cluster-scoped definition that only the platform writes and that at most one tenant refers to
 * passes: Capsule's Tenant CRD (its objects are written by the platform; a Namespace's
 * ownerReference to its Tenant is bookkeeping, not use). In a live scan custom resources are read
 * as metadata only, so references held in their spec are seen only in manifests; writers are
 * judged from RBAC either way.
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
    'Flags a namespaced CustomResourceDefinition whose custom resources live in namespaces of two or more tenants (not counting those a controller derives from a built-in object, such as Cilium endpoints of pods), and a cluster-scoped one whose custom resources a tenant may write or two tenants refer to.',
  rationale:
    "All tenants that use one CRD share its schema, its served and storage versions and its conversion webhook: one tenant's upgrade of the operator behind it changes the API under every other tenant, and none can move to another version alone. The custom resources of a cluster-scoped CRD have no namespace at all: what one tenant creates, changes or deletes there every tenant sees, and names collide across tenants. With hard (multi-customer) isolation each tenant should have its own API, e.g. a virtual control plane.",
  remediation:
    "Give tenants that need different versions of an operator their own control plane (a virtual cluster such as vcluster), or treat the CRD and its operator as a platform service with one version that the platform team upgrades for everyone. Take write access to cluster-scoped custom resources away from tenants' ClusterRoleBindings, or offer a namespaced kind instead (as cert-manager offers Issuer beside ClusterIssuer).",
  references: [
    { title: 'Kubernetes: Custom Resources', url: 'https://kubernetes.io/docs/concepts/extend-kubernetes/api-extension/custom-resources/' },
    {
      title: 'Kubernetes: CustomResourceDefinition scope (Namespaced or Cluster)',
      url: 'https://kubernetes.io/docs/tasks/extend-kubernetes/custom-resources/custom-resource-definitions/#create-a-customresourcedefinition',
    },
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
  reads: { customResources: true, kinds: RBAC_KINDS },
  messages: MESSAGES,
  check(crd, ctx) {
    const kind = customKindOf(crd);
    if (!kind) return [];
    if (kind.scope === 'Cluster') return clusterScoped(crd, kind, ctx);
    const gk = kind.groupKind;
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
          kind: kind.kind,
          count: tenants.length,
          tenants: tenants.map((t) => `${t} (${byTenant.get(t)!.sort().join(', ')})`).join(', '),
        },
        related: tenants.map((t) => examples.get(t)!),
      },
    ];
  },
});

/** The cluster-scoped case: tenants (or everyone) that may write its custom resources, and tenants that refer to them. */
function clusterScoped(crd: KubeObject, kind: CustomKind, ctx: CheckContext): CheckOutcome<FindingOf<typeof MESSAGES>> {
  const unreadable = rbacInputsUnreadable(ctx.index);
  if (unreadable) return { notEvaluated: unreadable };
  const { writers, missing } = clusterResourceWriters(ctx.analyses.rbac, kind.group, kind.plural);
  const parts: string[] = [];
  const related = new Map<string, ObjectRef>();
  const relate = (ref: ObjectRef) => related.set(refKey(ref), ref);
  for (const w of writers) {
    const verbs = [...new Set(w.writes.map((p) => p.verb))].join(', ');
    const who =
      w.owner.kind === 'everyone' ? `every tenant, through ${principalLabel(w.bound.subject)}` : subjectWithOwner(w.bound.subject, w.owner);
    parts.push(`${who} may ${verbs} them (${bindingLabel(w.bound.binding)}, ${rulesLabel(w.writes)})`);
    relate(refOf(w.bound.binding));
  }
  // References from tenants' namespaced objects; without the kind itself, a group-less reference cannot be confirmed.
  const byTenant = new Map<string, Array<{ from: KubeObject; name: string }>>();
  for (const ref of referencesTo(ctx.index, kind)) {
    const tenant = ctx.tenants.tenantOfNamespace(ref.from.metadata.namespace)?.name;
    if (!tenant) continue;
    const list = byTenant.get(tenant) ?? [];
    list.push(ref);
    byTenant.set(tenant, list);
  }
  if (byTenant.size >= 2) {
    const tenants = [...byTenant.keys()].sort();
    const uses = tenants.map((t) => {
      const first = byTenant.get(t)![0];
      relate(refOf(first.from));
      const more = byTenant.get(t)!.length - 1;
      return `${t} (${first.from.kind} ${first.from.metadata.namespace}/${first.from.metadata.name} -> ${kind.kind} ${first.name}${more ? `, +${more} more` : ''})`;
    });
    parts.push(`${tenants.length} tenants refer to them: ${uses.join(', ')}`);
  }
  if (parts.length)
    return [
      {
        messageId: 'clusterShared',
        data: { crd: crd.metadata.name, kind: kind.kind, how: parts.join('; ') },
        path: '/spec/scope',
        related: [...related.values()],
      },
    ];
  if (missing.length)
    return {
      notEvaluated: `ClusterRole "${missing[0].ref.name}" is not in the input, so whether tenants may write ${kind.plural}.${kind.group} is unknown`,
    };
  if (!ctx.index.isReadable(kind.groupKind) && byTenant.size < 2)
    return { notEvaluated: `${kind.groupKind} could not be read: ${ctx.index.access(kind.groupKind)?.reason ?? 'no access'}` };
  return [];
}

/** Groups Kubernetes itself serves: the core group, apps, batch, autoscaling, policy and `*.k8s.io`. */
function isBuiltinGroup(group: string): boolean {
  return group === '' || ['apps', 'batch', 'autoscaling', 'policy'].includes(group) || group.endsWith('.k8s.io');
}

/** A custom resource whose ownerReferences name a built-in object: a controller's bookkeeping for it. */
function derivedFromBuiltin(obj: KubeObject): boolean {
  const refs = Array.isArray(obj.metadata.ownerReferences) ? obj.metadata.ownerReferences : [];
  return refs.some((r) => typeof r?.apiVersion === 'string' && isBuiltinGroup(groupOf(r.apiVersion)));
}
