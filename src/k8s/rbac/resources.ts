/**
 * Which resources (plural name + API group, as RBAC rules name them) are cluster-scoped, and the
 * verb classes RBAC analysis speaks of.
 *
 * Source of the built-in list: `kubectl api-resources --namespaced=false` on Kubernetes 1.33-1.36
 * (https://kubernetes.io/docs/reference/kubernetes-api/); custom resources take their scope from
 * the CustomResourceDefinitions in the input (`spec.scope: Cluster`).
 */
import type { ResourceIndex } from '../../model/index.js';
import { K } from '../../model/kinds.js';

export const READ_VERBS: ReadonlySet<string> = new Set(['get', 'list', 'watch']);
/** Verbs that change objects. */
export const WRITE_VERBS: readonly string[] = ['create', 'update', 'patch', 'delete', 'deletecollection'];

/** Built-in cluster-scoped resources, by API group (`''` is the core group). */
export const BUILTIN_CLUSTER_SCOPED_RESOURCES: Readonly<Record<string, readonly string[]>> = {
  '': ['componentstatuses', 'namespaces', 'nodes', 'persistentvolumes'],
  'admissionregistration.k8s.io': [
    'mutatingadmissionpolicies',
    'mutatingadmissionpolicybindings',
    'mutatingwebhookconfigurations',
    'validatingadmissionpolicies',
    'validatingadmissionpolicybindings',
    'validatingwebhookconfigurations',
  ],
  'apiextensions.k8s.io': ['customresourcedefinitions'],
  'apiregistration.k8s.io': ['apiservices'],
  'authentication.k8s.io': ['selfsubjectreviews', 'tokenreviews'],
  'authorization.k8s.io': ['selfsubjectaccessreviews', 'selfsubjectrulesreviews', 'subjectaccessreviews'],
  'certificates.k8s.io': ['certificatesigningrequests', 'clustertrustbundles'],
  'flowcontrol.apiserver.k8s.io': ['flowschemas', 'prioritylevelconfigurations'],
  'internal.apiserver.k8s.io': ['storageversions'],
  'networking.k8s.io': ['ingressclasses', 'ipaddresses', 'servicecidrs'],
  'node.k8s.io': ['runtimeclasses'],
  'rbac.authorization.k8s.io': ['clusterrolebindings', 'clusterroles'],
  'resource.k8s.io': ['deviceclasses', 'resourceslices'],
  'scheduling.k8s.io': ['priorityclasses'],
  'storage.k8s.io': ['csidrivers', 'csinodes', 'storageclasses', 'volumeattachments', 'volumeattributesclasses'],
  'storagemigration.k8s.io': ['storageversionmigrations'],
};

/**
 * Resources no endpoint serves, which RBAC rules name for authorization checks of their own, cluster-scoped:
 * `signers`, asked for `approve` and `sign` of CertificateSigningRequests
 * (https://kubernetes.io/docs/reference/access-authn-authz/certificate-signing-requests/#authorization).
 * Never objects to write, so they are not in BUILTIN_CLUSTER_SCOPED_RESOURCES.
 */
export const VIRTUAL_CLUSTER_SCOPED_RESOURCES: Readonly<Record<string, readonly string[]>> = {
  'certificates.k8s.io': ['signers'],
};

/**
 * Cluster-scoped resources whose create/update/delete does not reach other tenants: access reviews
 * (answered, never stored) and componentstatuses (read-only).
 */
export const NON_PERSISTED_CLUSTER_RESOURCES: ReadonlySet<string> = new Set([
  'selfsubjectreviews.authentication.k8s.io',
  'tokenreviews.authentication.k8s.io',
  'selfsubjectaccessreviews.authorization.k8s.io',
  'selfsubjectrulesreviews.authorization.k8s.io',
  'subjectaccessreviews.authorization.k8s.io',
  'componentstatuses',
]);

/** `resource.group`, or `resource` for the core group: how kubectl names a resource. */
export function resourceId(group: string, resource: string): string {
  return group ? `${resource}.${group}` : resource;
}

/** The scope of every resource the scan can know about: the built-ins above and the input's CRDs. */
export class ResourceScopes {
  /** group -> cluster-scoped plural names. */
  private readonly clusterScoped = new Map<string, Set<string>>();
  /** group -> namespaced plural names (from CRDs). */
  private readonly namespaced = new Map<string, Set<string>>();

  constructor(index: ResourceIndex) {
    for (const [group, resources] of Object.entries(BUILTIN_CLUSTER_SCOPED_RESOURCES)) {
      this.clusterScoped.set(group, new Set(resources));
    }
    for (const crd of index.ofKind(K.CustomResourceDefinition)) {
      const group = crd.spec?.group;
      const plural = crd.spec?.names?.plural;
      if (typeof group !== 'string' || typeof plural !== 'string') continue;
      const map = crd.spec?.scope === 'Cluster' ? this.clusterScoped : this.namespaced;
      let set = map.get(group);
      if (!set) map.set(group, (set = new Set()));
      set.add(plural);
    }
  }

  /** True for a known cluster-scoped resource (subresources take their resource's scope), virtual ones included. */
  isClusterScoped(group: string, resource: string): boolean {
    const base = resource.split('/')[0];
    return (this.clusterScoped.get(group)?.has(base) ?? false) || (VIRTUAL_CLUSTER_SCOPED_RESOURCES[group]?.includes(base) ?? false);
  }

  /**
   * The known cluster-scoped resources a rule's (group, resource) pair can reach: one resource, or
   * every known one of a group for `resources: ['*']`, or of every group for `apiGroups: ['*']`.
   * Returned as [group, resource] pairs.
   */
  clusterScopedMatching(group: string, resource: string): Array<[string, string]> {
    const out: Array<[string, string]> = [];
    const groups = group === '*' ? [...this.clusterScoped.keys()] : [group];
    for (const g of groups) {
      for (const r of this.clusterScoped.get(g) ?? []) {
        if (resource === '*' || resource === r) out.push([g, r]);
      }
    }
    return out;
  }
}
