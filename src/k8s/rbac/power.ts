/**
 * "More powerful than": what one identity holds, that the RBAC checks would fail, and another
 * subject lacks. A subject that can become another identity (mint its tokens, impersonate it, run a
 * pod as it) holds what that identity holds
 * (https://kubernetes.io/docs/concepts/security/rbac-good-practices/#privilege-escalation-risks),
 * so rbac-identity-takeover asks this of every identity a subject can reach.
 *
 * The definition, relative to the subject's tenant (its namespaces; none for a subject of no
 * tenant or a group of everyone), reuses the analyses of the other RBAC checks:
 * - **beyond the tenant** (rbac-cluster-scope-grant, rbac-cross-tenant-grant): what
 *   `RbacAnalysis.beyondTenant` finds, with the subject's namespaces as "own": grants of
 *   ClusterRoleBindings other than read-only discovery, and grants of RoleBindings in any other
 *   namespace (another tenant's, a platform or system namespace). A cluster-scoped permission of a
 *   RoleBinding takes no effect and is left out.
 * - **escalation** (rbac-privilege-escalation): the paths `escalationPaths` opens, judged with the
 *   subject's namespaces as "own" (escalate, bind, impersonation, tokens).
 * - **quotas** (rbac-quota-modifiable): writes to ResourceQuotas or LimitRanges in the subject's namespaces.
 * Each such permission counts only when the subject cannot already do the same itself, in the same
 * place (RbacAnalysis.can, the authorizer's own rule matching, with a wildcard asked as `*`: only a
 * wildcard covers a wildcard). A permission granted to every authenticated user is not lacked by a
 * group of users (its members are authenticated). Identities are judged one step deep: what the
 * reached identity can in turn become is counted when it is itself a grant beyond the tenant or an
 * escalation path (tokens for other namespaces' service accounts, impersonation).
 */
import type { BindingAccess, RbacAnalysis } from './access.js';
import { principalKey, SYSTEM_AUTHENTICATED } from './bindings.js';
import { escalationPaths } from './escalation.js';
import { coversResource, coversVerb, type Permission } from './permissions.js';
import { WRITE_VERBS } from './resources.js';
import type { AccessRequest, Principal } from './types.js';

/** One grant an identity holds that matters for isolation. */
export interface Holding {
  permission: Permission;
  /** Where it applies: the RoleBinding's namespace, or undefined for a ClusterRoleBinding (everywhere). */
  namespace?: string;
  /** The binding subject's access it comes from. */
  access: BindingAccess;
}

const QUOTA_RESOURCES = ['resourcequotas', 'limitranges'];

/** Holdings by analysis, then by identity and "own" namespaces: a scan asks the same ones for many subjects. */
const memo = new WeakMap<RbacAnalysis, Map<string, Holding[]>>();

/** Everything `identity` holds that would fail an RBAC check for a subject whose tenant owns `own`. */
export function isolationHoldings(rbac: RbacAnalysis, identity: Principal, own: ReadonlySet<string>): Holding[] {
  let byKey = memo.get(rbac);
  if (!byKey) memo.set(rbac, (byKey = new Map()));
  const key = `${principalKey(identity)}\u0000${[...own].sort().join(',')}`;
  let holdings = byKey.get(key);
  if (!holdings) byKey.set(key, (holdings = computeHoldings(rbac, identity, own)));
  return holdings;
}

function computeHoldings(rbac: RbacAnalysis, identity: Principal, own: ReadonlySet<string>): Holding[] {
  const out: Holding[] = [];
  const seen = new Set<string>();
  const add = (permission: Permission, access: BindingAccess) => {
    const key = `${permissionKey(permission)}\u0000${access.namespace ?? ''}`;
    if (seen.has(key)) return;
    seen.add(key);
    const holding: Holding = { permission, access };
    if (access.namespace !== undefined) holding.namespace = access.namespace;
    out.push(holding);
  };
  for (const beyond of rbac.beyondTenant(identity, { ownNamespaces: own })) {
    for (const p of beyond.permissions) if (takesEffect(rbac, p, beyond.namespace)) add(p, beyond);
  }
  for (const access of rbac.accessesOf(identity)) {
    for (const path of escalationPaths(access, own)) for (const p of path.permissions) add(p, access);
    if (access.namespace !== undefined && own.has(access.namespace)) {
      for (const p of access.permissions) {
        if (WRITE_VERBS.some((v) => coversVerb(p, v)) && QUOTA_RESOURCES.some((r) => coversResource(p, '', r))) add(p, access);
      }
    }
  }
  return out;
}

/** The holdings of `identity` that `subject` lacks: what becoming it would add. */
export function lackedHoldings(rbac: RbacAnalysis, subject: Principal, identity: Principal, own: ReadonlySet<string>): Holding[] {
  return isolationHoldings(rbac, identity, own).filter((h) => !holds(rbac, subject, h));
}

/** Can `subject` already do what `holding` allows, where it allows it (for every name it is limited to)? */
export function holds(rbac: RbacAnalysis, subject: Principal, holding: Holding): boolean {
  const { permission: p, namespace } = holding;
  const slash = p.resource.indexOf('/');
  const resource = slash < 0 ? p.resource : p.resource.slice(0, slash);
  const subresource = slash < 0 ? undefined : p.resource.slice(slash + 1);
  const names: Array<string | undefined> = p.names.length ? [...p.names] : [undefined];
  return names.every((name) => {
    const req: AccessRequest = { verb: p.verb, group: p.group, resource, namespace };
    if (subresource !== undefined) req.subresource = subresource;
    if (name !== undefined) req.name = name;
    if (rbac.can(subject, req).allowed) return true;
    // the members of a group are authenticated users: what system:authenticated holds, they hold
    return subject.kind === 'Group' && rbac.can({ kind: 'Group', name: SYSTEM_AUTHENTICATED }, req, { implicitGroups: false }).allowed;
  });
}

/** Through a RoleBinding a permission on a cluster-scoped resource takes no effect (its own Namespace object aside). */
function takesEffect(rbac: RbacAnalysis, p: Permission, namespace: string | undefined): boolean {
  if (namespace === undefined) return true;
  const base = p.resource.split('/')[0];
  if (base === '*' || base === 'namespaces') return true;
  return p.group === '*' ? true : !rbac.scopes.isClusterScoped(p.group, base);
}

function permissionKey(p: Permission): string {
  return [p.verb, p.group, p.resource, p.names.join(',')].join('\u0000');
}
