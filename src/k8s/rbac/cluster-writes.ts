/**
 * Writes to cluster-scoped resources, as concrete permissions: a rule's wildcards are expanded to the
 * cluster-scoped resources the scan knows (built-in ones and the input's CRDs with `scope: Cluster`),
 * so a finding can say "can do anything with clusterroles, namespaces, nodes..." and not just "*".
 * A group the scan knows nothing of (no CRD in the input) is not assumed to hold cluster-scoped kinds.
 * Only a ClusterRoleBinding grants these: a cluster-scoped request has no namespace.
 */
import type { BindingAccess } from './access.js';
import { coversVerb, type Permission } from './permissions.js';
import { type ResourceScopes, WRITE_VERBS } from './resources.js';

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
