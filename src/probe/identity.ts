import type { ResourceIndex } from '../model/index.js';
import { K } from '../model/kinds.js';
import type { RbacSubject, Tenant } from '../tenancy/types.js';

/** Who a probe acts as: the Impersonate-User and Impersonate-Group headers, and where that choice came from. */
export interface ProbeIdentity {
  user: string;
  groups: string[];
  /** `--as`, `tenant subject User alice`, `RoleBinding t1/admins Group team-b`, ... */
  origin: string;
}

/** `--as` / `--as-group` from the command line: the same identity for every tenant. */
export interface IdentityOverride {
  as?: string;
  asGroups?: string[];
}

/** Every impersonated identity is authenticated (k8s.io/apiserver/pkg/endpoints/filters/impersonation.go adds it too). */
const AUTHENTICATED = 'system:authenticated';

/**
 * The identity to act as for `tenant`: the override when given; else the tenant model's subjects
 * (Capsule owners, kiosk account subjects), else the subjects of the RoleBindings in the tenant's
 * namespaces. A User is impersonated with the tenant's Group subjects; a group-only tenant by a
 * synthetic user `tenantscan-probe:<tenant>` in those groups; a ServiceAccount as
 * `system:serviceaccount:<ns>:<name>` with its groups. Undefined when nothing names a subject.
 */
export function identityFor(tenant: Tenant, index: ResourceIndex, override: IdentityOverride = {}): ProbeIdentity | undefined {
  if (override.as || override.asGroups?.length) {
    const groups = [...(override.asGroups ?? [])];
    return {
      user: override.as ?? `tenantscan-probe:${tenant.name}`,
      groups: withAuthenticated(groups),
      origin: `--as ${override.as ?? '(none)'}${groups.length ? ` --as-group ${groups.join(',')}` : ''}`,
    };
  }
  const fromModel = pick(tenant.subjects, 'tenant subject');
  if (fromModel) return fromModel(tenant);
  for (const ns of tenant.namespaces) {
    for (const rb of index.inNamespace(K.RoleBinding, ns)) {
      const subjects = (rb.subjects ?? []) as RbacSubject[];
      const found = pick(
        subjects.filter((s) => s && typeof s.name === 'string' && !s.name.startsWith('system:')),
        `RoleBinding ${ns}/${rb.metadata.name}`,
        ns,
      );
      if (found) return found(tenant);
    }
  }
  return undefined;
}

function pick(subjects: RbacSubject[], where: string, bindingNamespace?: string): ((tenant: Tenant) => ProbeIdentity) | undefined {
  const groups = subjects.filter((s) => s.kind === 'Group').map((s) => s.name);
  const user = subjects.find((s) => s.kind === 'User');
  if (user) return () => ({ user: user.name, groups: withAuthenticated(groups), origin: `${where} User ${user.name}` });
  if (groups.length)
    return (tenant) => ({
      user: `tenantscan-probe:${tenant.name}`,
      groups: withAuthenticated(groups),
      origin: `${where} Group ${groups.join(', ')}`,
    });
  const sa = subjects.find((s) => s.kind === 'ServiceAccount');
  if (sa) {
    const ns = sa.namespace ?? bindingNamespace ?? 'default';
    return () => ({
      user: `system:serviceaccount:${ns}:${sa.name}`,
      groups: withAuthenticated(['system:serviceaccounts', `system:serviceaccounts:${ns}`]),
      origin: `${where} ServiceAccount ${ns}/${sa.name}`,
    });
  }
  return undefined;
}

function withAuthenticated(groups: string[]): string[] {
  return groups.includes(AUTHENTICATED) ? groups : [...groups, AUTHENTICATED];
}

/** The impersonation headers for `identity` (https://kubernetes.io/docs/reference/access-authn-authz/authentication/#user-impersonation). */
export function impersonationHeaders(identity: ProbeIdentity): Record<string, string | string[]> {
  return { 'Impersonate-User': identity.user, ...(identity.groups.length ? { 'Impersonate-Group': identity.groups } : {}) };
}
