/**
 * Writes to cluster-scoped resources, as concrete permissions: a rule's wildcards are expanded to the
 * cluster-scoped resources the scan knows (built-in ones and the input's CRDs with `scope: Cluster`),
 * so a finding can say "can do anything with clusterroles, namespaces, nodes..." and not just "*".
 * A group the scan knows nothing of (no CRD in the input) is not assumed to hold cluster-scoped kinds.
 * Only a ClusterRoleBinding grants these: a cluster-scoped request has no namespace.
 */
import type { BindingAccess, RbacAnalysis } from './access.js';
import type { Owner } from './attribution.js';
import { isKubernetesDefault } from './defaults.js';
import { coversVerb, type Permission } from './permissions.js';
import { type ResourceScopes, WRITE_VERBS } from './resources.js';
import type { BoundSubject, ResolvedRole } from './types.js';

/** The write permissions (create, update, patch, delete, deletecollection, or `*`) on cluster-scoped resources that `which` selects. */
export function clusterScopedWrites(
  access: BindingAccess,
  scopes: ResourceScopes,
  which: (group: string, resource: string, verb: string) => boolean,
): Permission[] {
  const out: Permission[] = [];
  for (const p of access.permissions) {
    const verbs = p.verb === '*' ? ['*'] : WRITE_VERBS.filter((v) => coversVerb(p, v));
    if (!verbs.length) continue;
    const [base, sub] = p.resource.split('/');
    if (base === '*' && sub) continue; // `*/status` and the like: which cluster-scoped kinds serve that subresource is not known
    for (const [group, resource] of scopes.clusterScopedMatching(p.group, base)) {
      const full = sub ? `${resource}/${sub}` : resource;
      for (const verb of verbs) {
        if (which(group, full, verb)) out.push({ verb, group, resource: full, names: p.names, source: p.source });
      }
    }
  }
  return out;
}

/** A subject of a ClusterRoleBinding that may write one cluster-scoped resource, with the permissions that let it. */
export interface ClusterResourceWriter {
  bound: BoundSubject;
  owner: Owner;
  access: BindingAccess;
  writes: Permission[];
}

/**
 * The tenants' subjects and the everyone groups (`system:authenticated`...) that may write (create,
 * update, patch, delete, deletecollection) the cluster-scoped `resource` of `group`, through
 * ClusterRoleBindings (Kubernetes' defaults excepted: none of them grants a custom resource). A
 * RoleBinding never applies to a cluster-scoped request
 * (https://kubernetes.io/docs/reference/access-authn-authz/rbac/#rolebinding-and-clusterrolebinding).
 * Wildcards in the rules are expanded as `clusterScopedWrites` does. `missing` lists the roles such
 * subjects are bound to that are not in the input (what they grant is unknown).
 */
export function clusterResourceWriters(
  analysis: RbacAnalysis,
  group: string,
  resource: string,
): { writers: ClusterResourceWriter[]; missing: ResolvedRole[] } {
  const writers: ClusterResourceWriter[] = [];
  const missing: ResolvedRole[] = [];
  for (const binding of analysis.bindings.clusterRoleBindings) {
    if (isKubernetesDefault(binding)) continue;
    for (const bound of analysis.bindings.subjectsOf(binding)) {
      const owner = analysis.ownerOf(bound.subject);
      if (owner.kind !== 'tenant' && owner.kind !== 'everyone') continue;
      const access = analysis.accessOf(bound);
      if (access.role.found === 'missing') {
        missing.push(access.role);
        continue;
      }
      const writes = clusterScopedWrites(access, analysis.scopes, (g, r) => g === group && r === resource);
      if (writes.length) writers.push({ bound, owner, access, writes });
    }
  }
  return { writers, missing };
}
