import { K } from '../../model/kinds.js';
import type { RbacAnalysis } from './access.js';
import type { Owner } from './attribution.js';
import { principalKey } from './bindings.js';
import { grantOf } from './grant.js';
import { ruleAllows } from './rules.js';
import type { AccessRequest, Grant, Principal } from './types.js';

/** One subject that may make a request in a namespace, with whose it is and the grants that allow it. */
export interface NamespaceWriter {
  subject: Principal;
  owner: Owner;
  grants: Grant[];
}

/**
 * Every non-platform subject (a tenant's, unattributed, or everyone's group) that may make at least
 * one of `requests` in `namespace` (each taken with `anyName`: on at least one object) through a
 * binding naming it: RoleBindings in that namespace and ClusterRoleBindings. Kubernetes' default
 * bindings are included (none of them grants a write to a tenant). Implicit group membership is
 * not followed: the subject reported is the one the binding names (a group names all its members).
 * In binding order; one entry per subject, with every matching rule as a grant.
 */
export function namespaceWriters(
  analysis: RbacAnalysis,
  namespace: string,
  requests: ReadonlyArray<Omit<AccessRequest, 'namespace' | 'anyName'>>,
): NamespaceWriter[] {
  const out = new Map<string, NamespaceWriter>();
  const asked = requests.map((r) => ({ ...r, namespace, anyName: true }));
  for (const binding of [...analysis.bindings.clusterRoleBindings, ...analysis.index.inNamespace(K.RoleBinding, namespace)]) {
    const role = analysis.roles.ofBinding(binding);
    for (const bound of analysis.bindings.subjectsOf(binding)) {
      const owner = analysis.ownerOf(bound.subject);
      if (owner.kind === 'platform') continue;
      const grants = role.rules
        .filter((rule) => asked.some((req) => ruleAllows(rule.rule, req)))
        .map((rule) => grantOf(bound, 'direct', role, rule));
      if (!grants.length) continue;
      const key = principalKey(bound.subject);
      const entry = out.get(key);
      if (entry) entry.grants.push(...grants);
      else out.set(key, { subject: bound.subject, owner, grants });
    }
  }
  return [...out.values()];
}
