/**
 * tenantscan's own identity in the cluster it scans, which is the platform's, not a tenant's.
 *
 * The chart (charts/tenantscan, templates/_helpers.tpl) labels every object it makes
 * `app.kubernetes.io/name: tenantscan` (the recommended label, https://kubernetes.io/docs/concepts/overview/working-with-objects/common-labels/),
 * among them the read-only ClusterRole the scanner is bound to and that ClusterRoleBinding. What
 * counts:
 * - tenantscan's ClusterRoleBindings: labelled so, and referring to a ClusterRole labelled so. They
 *   are cluster-scoped: only whoever may write ClusterRoleBindings (the platform; a tenant that may
 *   is itself reported by api-cluster-scoped-resource-writable) can make one. The ServiceAccounts
 *   they name are tenantscan's identity.
 * - the identity of an in-cluster scan (`system:serviceaccount:<ns>:<name>`, from the pod's token:
 *   src/sources/cluster-kubeconfig.ts) when a ClusterRoleBinding names it: it reads the whole
 *   cluster, which only the platform grants. An identity bound by RoleBindings only is a tenant
 *   scanning its own namespaces, and stays the tenant's.
 * - the namespaces of those ServiceAccounts: audited as the platform (their service accounts are
 *   then the platform's, src/k8s/rbac/attribution.ts), unless the configuration or a tenancy layer
 *   claims them, which wins as it wins over platform name patterns (src/tenancy/model.ts).
 * A Namespace or ServiceAccount that merely carries the label is not trusted on its own: whoever
 * may create a ServiceAccount in a namespace, or patch the Namespace (a tenant, often), can set it
 * and would hide the namespace from the audit.
 */
import type { ResourceIndex } from '../model/index.js';
import { K } from '../model/kinds.js';
import type { KubeObject } from '../model/types.js';

export const TENANTSCAN_NAME_LABEL = 'app.kubernetes.io/name';
export const TENANTSCAN_NAME = 'tenantscan';

const SERVICE_ACCOUNT_USER = /^system:serviceaccount:([^:]+):([^:]+)$/;

export interface SelfIdentity {
  /** tenantscan's ServiceAccounts, as `<namespace>/<name>`, sorted. */
  serviceAccounts: string[];
  /** Their namespaces, sorted. */
  namespaces: string[];
  /** tenantscan's ClusterRoles (labelled so), sorted. */
  clusterRoles: string[];
}

const isOwn = (obj: KubeObject | undefined) => obj?.metadata.labels?.[TENANTSCAN_NAME_LABEL] === TENANTSCAN_NAME;

/** tenantscan's identity in the input (see above). */
export function selfIdentityOf(index: ResourceIndex): SelfIdentity {
  const accounts = new Set<string>();
  const clusterRoles = index
    .ofKind(K.ClusterRole)
    .filter(isOwn)
    .map((r) => r.metadata.name);
  for (const binding of index.ofKind(K.ClusterRoleBinding)) {
    if (!isOwn(binding) || binding.roleRef?.kind !== 'ClusterRole' || !clusterRoles.includes(binding.roleRef?.name)) continue;
    for (const s of serviceAccountsOf(binding)) accounts.add(s);
  }
  const source = index.source;
  const inCluster = source.type === 'cluster' && source.inCluster ? SERVICE_ACCOUNT_USER.exec(source.user ?? '') : null;
  if (inCluster) {
    const id = `${inCluster[1]}/${inCluster[2]}`;
    if (index.ofKind(K.ClusterRoleBinding).some((b) => serviceAccountsOf(b).includes(id))) accounts.add(id);
  }
  const serviceAccounts = [...accounts].sort();
  return {
    serviceAccounts,
    namespaces: [...new Set(serviceAccounts.map((s) => s.split('/')[0]))].sort(),
    clusterRoles: clusterRoles.sort(),
  };
}

/** The ServiceAccounts a binding names, as `<namespace>/<name>` (a ClusterRoleBinding's must name their namespace). */
function serviceAccountsOf(binding: KubeObject): string[] {
  const subjects: unknown[] = Array.isArray(binding.subjects) ? binding.subjects : [];
  const out: string[] = [];
  for (const s of subjects) {
    const subject = s as { kind?: unknown; name?: unknown; namespace?: unknown } | null;
    if (subject?.kind !== 'ServiceAccount' || typeof subject.name !== 'string' || typeof subject.namespace !== 'string') continue;
    if (subject.name && subject.namespace) out.push(`${subject.namespace}/${subject.name}`);
  }
  return out;
}
