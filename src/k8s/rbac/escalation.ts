/**
 * Ways a subject can gain permissions it was not granted
 * (https://kubernetes.io/docs/concepts/security/rbac-good-practices/#privilege-escalation-risks):
 *
 * - `escalate` on roles/clusterroles: write a role with permissions the writer does not hold
 *   (authorized where the role lives: a RoleBinding in N reaches Roles in N; ClusterRoles need a
 *   ClusterRoleBinding);
 * - `bind` on roles/clusterroles: bind a role whose permissions the binder does not hold (authorized
 *   in the binding's namespace, so a RoleBinding in N granting `bind` on clusterroles lets its subject
 *   bind cluster-admin in N: k8s.io/kubernetes pkg/registry/rbac/escalation_check.go). As in
 *   MTB-PL2-CC-TI-1, `bind` counts when it reaches `cluster-admin` (or any Role, unrestricted);
 *   a `bind` limited by resourceNames to other roles is not reported;
 * - `impersonate` users or groups (cluster-scoped: only a ClusterRoleBinding grants it), or service
 *   accounts of a namespace that is not the subject's tenant's (k8s.io/apiserver
 *   endpoints/filters/impersonation: a service account is impersonated in its own namespace);
 * - `create` on `serviceaccounts/token` for service accounts of a namespace that is not the
 *   subject's tenant's (TokenRequest: a token of that service account).
 *
 * Impersonating, or minting tokens for, the service accounts of the tenant's own namespaces stays
 * inside the tenant (the built-in `edit` role allows both): what those accounts can do is judged
 * as the tenant's own access. The constrained impersonation verbs (`impersonate:serviceaccount`...,
 * KEP-5284) are not analysed.
 */
import type { BindingAccess } from './access.js';
import { coversResource, coversVerb, type Permission } from './permissions.js';

const RBAC_GROUP = 'rbac.authorization.k8s.io';

export interface EscalationPath {
  kind: 'escalate' | 'bind' | 'impersonate' | 'token';
  /** "can bind any ClusterRole (cluster-admin included) in acme-prod". */
  text: string;
  permissions: Permission[];
}

/**
 * The escalation paths one binding subject's access opens. `ownNamespaces`: the namespaces of the
 * subject's tenant (empty for a subject of no tenant).
 */
export function escalationPaths(access: BindingAccess, ownNamespaces: ReadonlySet<string>): EscalationPath[] {
  const ns = access.namespace;
  const where = ns === undefined ? 'in every namespace' : `in ${ns}`;
  const beyondTenant = ns === undefined || !ownNamespaces.has(ns);
  const paths: EscalationPath[] = [];
  const add = (kind: EscalationPath['kind'], text: string, permissions: Permission[]) => {
    if (permissions.length) paths.push({ kind, text, permissions });
  };
  const on = (verb: string, group: string, resource: string, names: (p: Permission) => boolean = () => true) =>
    access.permissions.filter((p) => coversVerb(p, verb) && coversResource(p, group, resource) && names(p));
  const unrestricted = (p: Permission) => p.names.length === 0;
  const reachesClusterAdmin = (p: Permission) => p.names.length === 0 || p.names.includes('cluster-admin');

  const escalateRoles = on('escalate', RBAC_GROUP, 'roles');
  const escalateClusterRoles = ns === undefined ? on('escalate', RBAC_GROUP, 'clusterroles') : [];
  if (escalateClusterRoles.length)
    add('escalate', `can escalate Roles ${where} and ClusterRoles (grant itself permissions it does not hold)`, [
      ...escalateRoles,
      ...escalateClusterRoles,
    ]);
  else add('escalate', `can escalate Roles ${where} (grant itself permissions it does not hold)`, escalateRoles);

  const bindClusterRoles = on('bind', RBAC_GROUP, 'clusterroles', reachesClusterAdmin);
  const bindRoles = on('bind', RBAC_GROUP, 'roles', unrestricted);
  if (bindClusterRoles.length) {
    const any = bindClusterRoles.some(unrestricted);
    const what = any
      ? `any ${bindRoles.length ? 'Role or ' : ''}ClusterRole (cluster-admin included)`
      : `ClusterRole cluster-admin${bindRoles.length ? ' and any Role' : ''}`;
    add('bind', `can bind ${what} ${where}${ns === undefined ? ' and cluster-wide' : ''}`, [...bindClusterRoles, ...bindRoles]);
  } else {
    add('bind', `can bind any Role ${where}`, bindRoles);
  }

  if (ns === undefined) {
    for (const [resource, what] of [
      ['users', 'user'],
      ['groups', 'group'],
    ] as const) {
      const perms = on('impersonate', '', resource);
      add('impersonate', `can impersonate ${namesText(perms, `any ${what}`, `${what}s`)}`, perms);
    }
  }
  if (beyondTenant) {
    const accounts = ns === undefined ? 'service account in every namespace (kube-system included)' : `service account of ${ns}`;
    const impersonate = on('impersonate', '', 'serviceaccounts');
    add(
      'impersonate',
      `can impersonate ${namesText(impersonate, `every ${accounts}`, `service accounts ${ns === undefined ? 'in every namespace' : `of ${ns}`}`)}`,
      impersonate,
    );
    const token = on('create', '', 'serviceaccounts/token');
    add(
      'token',
      `can create tokens for ${namesText(token, `every ${accounts}`, `service accounts ${ns === undefined ? 'in every namespace' : `of ${ns}`}`)}`,
      token,
    );
  }
  return paths;
}

/** "any user", or "users named a, b" when every permission is limited to names. */
function namesText(perms: Permission[], all: string, plural: string): string {
  if (perms.some((p) => p.names.length === 0)) return all;
  return `${plural} named ${[...new Set(perms.flatMap((p) => p.names))].join(', ')}`;
}
