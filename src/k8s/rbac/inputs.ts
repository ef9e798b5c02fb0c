import type { ResourceIndex } from '../../model/index.js';
import { K } from '../../model/kinds.js';

/** The kinds every RBAC check reads. */
export const RBAC_KINDS = [K.Role, K.ClusterRole, K.RoleBinding, K.ClusterRoleBinding];

/**
 * Why the RBAC analysis cannot be trusted, or undefined when it can: it needs every Role,
 * ClusterRole and binding of the cluster (a subject's owner depends on bindings in every namespace),
 * so a kind read only partly makes every RBAC result not-evaluated.
 */
export function rbacInputsUnreadable(index: ResourceIndex): string | undefined {
  for (const gk of RBAC_KINDS) {
    if (!index.isReadable(gk)) {
      const access = index.access(gk);
      const where = access?.forbiddenNamespaces?.length ? ` (forbidden in ${access.forbiddenNamespaces.join(', ')})` : '';
      return `${gk} could not be read in every namespace${where}: ${access?.reason ?? access?.status ?? 'unknown'}; RBAC analysis needs all of them`;
    }
  }
  return undefined;
}
