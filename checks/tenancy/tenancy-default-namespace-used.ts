import { defineCheck } from '../../src/engine/check.js';
import { POD_SPEC_PATHS } from '../../src/model/kinds.js';

/** The namespace every object lands in when none is given (`kubectl apply` without `-n`). */
const DEFAULT_NAMESPACE = 'default';

/**
 * Workloads in the `default` namespace belong to no tenant: the tenant model treats `default` as a
 * system namespace, so no tenant's quota, NetworkPolicy, Pod Security level or RBAC boundary is
 * meant to cover them, and whoever can create there shares it with everyone else who can.
 * One finding per workload (pod templates, each reported on its highest owner in the input, as
 * `ResourceIndex.podTemplates()` folds them), or a single pass when there is none. In manifests,
 * namespaced objects that name no namespace are placed in `default`, as `kubectl apply` does.
 * Where the configuration assigns `default` to a tenant (its `tenants` globs are read before the
 * system list), its workloads are inside that tenant's boundary and the tenant checks judge them:
 * the check passes and says so. A tenancy layer's label on `default` assigns it too (src/tenancy/model.ts),
 * and tenancy-namespace-self-managed reports that claim.
 * Source: https://kubernetes.io/docs/concepts/overview/working-with-objects/namespaces/#initial-namespaces
 * ("avoid using the default namespace" for production workloads; multi-tenancy: one namespace per tenant).
 */
export default defineCheck({
  id: 'tenancy-default-namespace-used',
  family: 'tenancy',
  title: 'Workloads run in the default namespace',
  description:
    "Flags every workload (Pod, Deployment, ReplicaSet, StatefulSet, DaemonSet, Job, CronJob, ReplicationController; a controller's pods are reported once, on the controller) in the `default` namespace.",
  rationale:
    "The `default` namespace is outside every tenant boundary: no tenant's quota, NetworkPolicy, Pod Security level or RoleBindings are set up for it, anyone who was granted rights there shares it, and objects applied without a namespace land in it by accident. A workload there is owned by nobody and isolated from nobody.",
  remediation:
    "Move each workload into its tenant's namespace (or a platform namespace for shared components) and remove it from `default`. Keep `default` empty, and deny tenants create rights in it.",
  references: [
    {
      title: 'Kubernetes: Namespaces (initial namespaces, avoid default)',
      url: 'https://kubernetes.io/docs/concepts/overview/working-with-objects/namespaces/#initial-namespaces',
    },
    { title: 'Kubernetes: Multi-tenancy (namespaces)', url: 'https://kubernetes.io/docs/concepts/security/multi-tenancy/#namespaces' },
  ],
  severity: { 'multi-team': 'low', 'multi-customer': 'medium' },
  target: 'cluster',
  scope: 'all',
  needs: Object.keys(POD_SPEC_PATHS),
  messages: {
    workload: '{{kind}} "{{name}}" runs in the default namespace, outside every tenant boundary',
  },
  check(_cluster, ctx) {
    const owner = ctx.tenants.tenantOfNamespace(DEFAULT_NAMESPACE);
    if (owner) {
      const claim = ctx.tenants.claimOf(DEFAULT_NAMESPACE);
      const by = claim && claim.source !== 'config' ? `${claim.via} (reported by tenancy-namespace-self-managed)` : 'the configuration';
      return { passNote: `${by} assigns namespace ${DEFAULT_NAMESPACE} to tenant ${owner.name}, whose checks judge its workloads` };
    }
    return ctx.index
      .podTemplates()
      .filter((t) => t.namespace === DEFAULT_NAMESPACE)
      .map((t) => ({
        messageId: 'workload',
        data: { kind: t.owner.kind, name: t.owner.metadata.name },
        object: t.owner,
        path: '/metadata/namespace',
      }));
  },
});
