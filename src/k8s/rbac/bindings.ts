/**
 * Every RoleBinding and ClusterRoleBinding, indexed once by subject and by role, so that the
 * access analysis reads only the bindings that concern a principal (linear, not quadratic).
 *
 * Subject matching follows the RBAC authorizer (k8s.io/kubernetes pkg/registry/rbac/validation/rule.go,
 * appliesToUser): a ServiceAccount subject without a namespace takes the RoleBinding's namespace and,
 * in a ClusterRoleBinding, matches nobody; a User named `system:serviceaccount:<ns>:<name>` is that
 * service account (its username).
 */
import type { ResourceIndex } from '../../model/index.js';
import { K } from '../../model/kinds.js';
import type { KubeObject } from '../../model/types.js';
import type { BoundSubject, Principal } from './types.js';

/** Groups every authenticated user, and every service account, is a member of
 * (https://kubernetes.io/docs/reference/access-authn-authz/rbac/#referring-to-subjects). */
export const SYSTEM_AUTHENTICATED = 'system:authenticated';
export const SYSTEM_UNAUTHENTICATED = 'system:unauthenticated';
export const SYSTEM_SERVICEACCOUNTS = 'system:serviceaccounts';
/** `system:serviceaccounts:<namespace>`: every service account of one namespace. */
export const SERVICEACCOUNTS_OF_NAMESPACE_PREFIX = 'system:serviceaccounts:';
const SERVICEACCOUNT_USER_PREFIX = 'system:serviceaccount:';

/** A stable map key for a principal: `User:alice`, `Group:devs`, `ServiceAccount:<ns>:<name>`. */
export function principalKey(p: Principal): string {
  return p.kind === 'ServiceAccount' ? `ServiceAccount:${p.namespace ?? ''}:${p.name}` : `${p.kind}:${p.name}`;
}

/** How reports name a principal: `User "alice"`, `Group "devs"`, `ServiceAccount "ns/name"`. */
export function principalLabel(p: Principal): string {
  return p.kind === 'ServiceAccount' ? `ServiceAccount "${p.namespace}/${p.name}"` : `${p.kind} "${p.name}"`;
}

/**
 * The principal a binding subject stands for, or undefined when it can match nobody (unknown kind, a
 * ServiceAccount without a namespace in a ClusterRoleBinding).
 */
export function principalOfSubject(raw: unknown, bindingNamespace: string | undefined): Principal | undefined {
  const s = (raw ?? {}) as { kind?: unknown; name?: unknown; namespace?: unknown };
  if (typeof s.name !== 'string' || !s.name) return undefined;
  if (s.kind === 'ServiceAccount') {
    const namespace = typeof s.namespace === 'string' && s.namespace ? s.namespace : bindingNamespace;
    return namespace ? { kind: 'ServiceAccount', name: s.name, namespace } : undefined;
  }
  if (s.kind === 'User') return normalizePrincipal({ kind: 'User', name: s.name });
  if (s.kind === 'Group') return { kind: 'Group', name: s.name };
  return undefined;
}

/** A User named `system:serviceaccount:<ns>:<name>` is that ServiceAccount; anything else is unchanged. */
export function normalizePrincipal(p: Principal): Principal {
  if (p.kind === 'User' && p.name.startsWith(SERVICEACCOUNT_USER_PREFIX)) {
    const [namespace, name, ...rest] = p.name.slice(SERVICEACCOUNT_USER_PREFIX.length).split(':');
    if (namespace && name && rest.length === 0) return { kind: 'ServiceAccount', namespace, name };
  }
  return p;
}

/**
 * The groups a principal belongs to without any binding saying so: a service account is in
 * `system:serviceaccounts`, `system:serviceaccounts:<ns>` and `system:authenticated`; a user is in
 * `system:authenticated` (`system:anonymous` in `system:unauthenticated` instead). A User's other
 * groups come from its authenticator and cannot be read from the API, so they are not assumed.
 */
export function implicitGroups(p: Principal): string[] {
  if (p.kind === 'ServiceAccount') {
    return [SYSTEM_SERVICEACCOUNTS, `${SERVICEACCOUNTS_OF_NAMESPACE_PREFIX}${p.namespace}`, SYSTEM_AUTHENTICATED];
  }
  if (p.kind === 'User') return p.name === 'system:anonymous' ? [SYSTEM_UNAUTHENTICATED] : [SYSTEM_AUTHENTICATED];
  return [];
}

export class BindingIndex {
  readonly roleBindings: readonly KubeObject[];
  readonly clusterRoleBindings: readonly KubeObject[];
  private readonly bySubject = new Map<string, BoundSubject[]>();
  private readonly byRole = new Map<string, KubeObject[]>();
  private readonly subjectsByBinding = new Map<KubeObject, BoundSubject[]>();

  constructor(index: ResourceIndex) {
    this.roleBindings = index.ofKind(K.RoleBinding);
    this.clusterRoleBindings = index.ofKind(K.ClusterRoleBinding);
    for (const binding of [...this.clusterRoleBindings, ...this.roleBindings]) {
      const namespace = binding.metadata.namespace;
      const subjects: unknown[] = Array.isArray(binding.subjects) ? binding.subjects : [];
      const bound: BoundSubject[] = [];
      subjects.forEach((raw, i) => {
        const subject = principalOfSubject(raw, namespace);
        if (!subject) return;
        const entry: BoundSubject = { binding, index: i, subject };
        bound.push(entry);
        push(this.bySubject, principalKey(subject), entry);
      });
      this.subjectsByBinding.set(binding, bound);
      push(this.byRole, roleKeyOf(binding), binding);
    }
  }

  /** The binding's subjects that can match someone, with their index in `subjects`. */
  subjectsOf(binding: KubeObject): readonly BoundSubject[] {
    return this.subjectsByBinding.get(binding) ?? [];
  }

  /** Every binding subject that names this principal exactly. */
  boundTo(p: Principal): readonly BoundSubject[] {
    return this.bySubject.get(principalKey(normalizePrincipal(p))) ?? [];
  }

  /** Every principal named by some binding. */
  principals(): Principal[] {
    const seen = new Map<string, Principal>();
    for (const list of this.bySubject.values()) seen.set(principalKey(list[0].subject), list[0].subject);
    return [...seen.values()];
  }

  /** Bindings whose roleRef names this Role (`namespace` given) or ClusterRole. */
  bindingsOfRole(kind: 'Role' | 'ClusterRole', name: string, namespace?: string): readonly KubeObject[] {
    return this.byRole.get(kind === 'Role' ? `Role/${namespace}/${name}` : `ClusterRole/${name}`) ?? [];
  }
}

function roleKeyOf(binding: KubeObject): string {
  const ref = binding.roleRef ?? {};
  if (ref.kind === 'Role' && binding.metadata.namespace) return `Role/${binding.metadata.namespace}/${ref.name}`;
  return `ClusterRole/${ref.name}`;
}

function push<V>(map: Map<string, V[]>, key: string, value: V): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}
