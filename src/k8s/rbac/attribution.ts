/**
 * Whose is an RBAC subject: a tenant's, the platform's, everyone's, or nobody's we know of.
 *
 * A tenant's subjects are:
 * - the users, groups and service accounts its tenancy source names (Capsule owners, kiosk account subjects);
 * - the service accounts of its namespaces (`system:serviceaccount:<ns>:<name>`), and the group of
 *   them all, `system:serviceaccounts:<ns>`;
 * - the users and groups bound only inside its namespaces among the tenants': named by RoleBindings in
 *   this tenant's namespaces and by no RoleBinding in another tenant's namespace. ClusterRoleBindings
 *   and RoleBindings in platform and system namespaces do not count: they are what the checks judge,
 *   and a tenant's user also granted platform access stays the tenant's (being granted `edit` in
 *   kube-system must not hide it from the tenant checks).
 *
 * Platform subjects are configured as globs (`checkOptions.rbac.platformSubjects`), by default the
 * users and groups named `system:*` (Kubernetes' own: system:masters, system:nodes, system:kube-scheduler...);
 * the service accounts of platform and system namespaces are the platform's too.
 * `system:authenticated`, `system:unauthenticated` and `system:serviceaccounts` are everyone.
 * Anything else is unattributed: in a shared cluster nobody but the platform should hold
 * cluster-wide power, so the checks report cluster-wide grants to it as well.
 */
import { anyGlobMatcher } from '../../model/glob.js';
import type { ResourceIndex } from '../../model/index.js';
import { K } from '../../model/kinds.js';
import type { Tenant } from '../../tenancy/types.js';
import type { TenantModel } from '../../tenancy/model.js';
import {
  type BindingIndex,
  normalizePrincipal,
  principalKey,
  SERVICEACCOUNTS_OF_NAMESPACE_PREFIX,
  SYSTEM_AUTHENTICATED,
  SYSTEM_SERVICEACCOUNTS,
  SYSTEM_UNAUTHENTICATED,
} from './bindings.js';
import type { Principal } from './types.js';

export type Owner =
  | { kind: 'tenant'; tenants: string[]; reason: 'tenancy-source' | 'namespace' | 'bound-only-in-tenant' }
  | { kind: 'platform'; reason: 'platform-namespace' | 'platform-subjects' }
  | { kind: 'everyone'; group: string }
  | { kind: 'unattributed' };

/** `checkOptions.rbac` in the config file. */
export interface RbacOptions {
  /**
   * Platform subjects, as globs: `user:<glob>`, `group:<glob>`, `serviceaccount:<ns>:<name>` (globs in
   * both parts), or a bare glob matched against the user or group name (a service account's username
   * is `system:serviceaccount:<ns>:<name>`). picomatch syntax: `*` stops at `/`.
   */
  platformSubjects?: string[];
  /** Replace DEFAULT_PLATFORM_SUBJECTS instead of adding to them. */
  replacePlatformSubjects?: boolean;
}

/** JSON Schema (draft-07) of `checkOptions.rbac`, shared by every RBAC check; validated when the configuration loads. */
export const RBAC_OPTIONS_SCHEMA = {
  type: 'object',
  properties: {
    platformSubjects: {
      type: 'array',
      items: { type: 'string', minLength: 1 },
      description:
        'Subjects that belong to the platform, as globs: `user:<glob>`, `group:<glob>`, `serviceaccount:<ns>:<name>`, or a bare glob matched against the user or group name. Added to `user:system:*` and `group:system:*`.',
    },
    replacePlatformSubjects: {
      type: 'boolean',
      description: 'Use `platformSubjects` instead of the default `user:system:*` and `group:system:*`, not in addition to them.',
    },
  },
  additionalProperties: false,
} as const;

/**
 * Kubernetes' own users and groups: system:masters, system:nodes, system:kube-controller-manager, ...
 * (service accounts are the platform's by their namespace, not by this glob).
 */
export const DEFAULT_PLATFORM_SUBJECTS: readonly string[] = ['user:system:*', 'group:system:*'];

/** Groups that contain every user or every service account of the cluster, every tenant's included. */
export const EVERYONE_GROUPS: ReadonlySet<string> = new Set([SYSTEM_AUTHENTICATED, SYSTEM_UNAUTHENTICATED, SYSTEM_SERVICEACCOUNTS]);

/** Read `checkOptions.rbac` defensively: anything malformed is ignored. */
export function rbacOptionsOf(checkOptions: Record<string, Record<string, unknown>> | undefined): RbacOptions {
  const raw = checkOptions?.rbac ?? {};
  const subjects = Array.isArray(raw.platformSubjects) ? raw.platformSubjects.filter((s): s is string => typeof s === 'string') : undefined;
  return { platformSubjects: subjects, replacePlatformSubjects: raw.replacePlatformSubjects === true };
}

export class SubjectAttribution {
  private readonly cache = new Map<string, Owner>();
  private readonly sourceTenants = new Map<string, string[]>();
  private readonly matchPlatform: (p: Principal) => boolean;

  constructor(
    private readonly index: ResourceIndex,
    private readonly tenants: TenantModel,
    private readonly bindings: BindingIndex,
    options: RbacOptions = {},
  ) {
    for (const tenant of tenants.tenants) {
      for (const s of tenant.subjects) {
        const key = principalKey(normalizePrincipal(s));
        const list = this.sourceTenants.get(key) ?? [];
        if (!list.includes(tenant.name)) list.push(tenant.name);
        this.sourceTenants.set(key, list);
      }
    }
    const globs = [...(options.replacePlatformSubjects ? [] : DEFAULT_PLATFORM_SUBJECTS), ...(options.platformSubjects ?? [])];
    this.matchPlatform = platformSubjectMatcher(globs);
  }

  ownerOf(subject: Principal): Owner {
    const p = normalizePrincipal(subject);
    const key = principalKey(p);
    let owner = this.cache.get(key);
    if (!owner) {
      owner = this.attribute(p);
      this.cache.set(key, owner);
    }
    return owner;
  }

  /** True when the subject is one of this tenant's. */
  isSubjectOf(subject: Principal, tenant: string): boolean {
    const owner = this.ownerOf(subject);
    return owner.kind === 'tenant' && owner.tenants.includes(tenant);
  }

  /**
   * Every subject of a tenant the input knows of: its tenancy source's, the service accounts of its
   * namespaces (ServiceAccount objects and those bindings name), the `system:serviceaccounts:<ns>`
   * groups of its namespaces, and the users and groups bound only inside it. Sorted by key.
   */
  subjectsOfTenant(tenant: Tenant): Principal[] {
    const found = new Map<string, Principal>();
    const add = (p: Principal) => {
      if (this.isSubjectOf(p, tenant.name)) found.set(principalKey(normalizePrincipal(p)), normalizePrincipal(p));
    };
    tenant.subjects.forEach(add);
    for (const ns of tenant.namespaces) {
      add({ kind: 'Group', name: `${SERVICEACCOUNTS_OF_NAMESPACE_PREFIX}${ns}` });
      for (const sa of this.index.inNamespace(K.ServiceAccount, ns)) add({ kind: 'ServiceAccount', namespace: ns, name: sa.metadata.name });
    }
    this.bindings.principals().forEach(add);
    return [...found.entries()].sort(([a], [b]) => a.localeCompare(b)).map(([, p]) => p);
  }

  private attribute(p: Principal): Owner {
    if (p.kind === 'Group' && EVERYONE_GROUPS.has(p.name)) return { kind: 'everyone', group: p.name };
    const fromSource = this.sourceTenants.get(principalKey(p)) ?? [];
    const namespace = namespaceOfServiceAccounts(p);
    if (namespace !== undefined) {
      const tenant = this.tenants.tenantOfNamespace(namespace)?.name;
      const all = tenant && !fromSource.includes(tenant) ? [...fromSource, tenant] : fromSource;
      if (all.length) return { kind: 'tenant', tenants: all.sort(), reason: fromSource.length ? 'tenancy-source' : 'namespace' };
      if (this.tenants.isPlatformNamespace(namespace)) return { kind: 'platform', reason: 'platform-namespace' };
    } else if (fromSource.length) {
      return { kind: 'tenant', tenants: [...fromSource].sort(), reason: 'tenancy-source' };
    }
    if (this.matchPlatform(p)) return { kind: 'platform', reason: 'platform-subjects' };
    if (namespace === undefined) {
      const tenant = this.boundOnlyIn(p);
      if (tenant) return { kind: 'tenant', tenants: [tenant], reason: 'bound-only-in-tenant' };
    }
    return { kind: 'unattributed' };
  }

  /**
   * The one tenant whose namespaces hold every RoleBinding in a tenant namespace naming this user or
   * group, if there is one. Bindings outside tenant namespaces (ClusterRoleBindings, RoleBindings in
   * platform and system namespaces) are what the checks judge, not evidence of ownership.
   */
  private boundOnlyIn(p: Principal): string | undefined {
    let tenant: string | undefined;
    for (const bound of this.bindings.boundTo(p)) {
      const ns = bound.binding.metadata.namespace;
      if (ns === undefined) continue;
      const owner = this.tenants.tenantOfNamespace(ns)?.name;
      if (!owner) continue;
      if (tenant && tenant !== owner) return undefined;
      tenant = owner;
    }
    return tenant;
  }
}

/** The namespace whose service accounts a principal stands for: a ServiceAccount's, or `system:serviceaccounts:<ns>`'s. */
export function namespaceOfServiceAccounts(p: Principal): string | undefined {
  if (p.kind === 'ServiceAccount') return p.namespace;
  if (p.kind === 'Group' && p.name.startsWith(SERVICEACCOUNTS_OF_NAMESPACE_PREFIX)) {
    return p.name.slice(SERVICEACCOUNTS_OF_NAMESPACE_PREFIX.length) || undefined;
  }
  return undefined;
}

/** Matches principals against platform-subject globs (see RbacOptions.platformSubjects). */
export function platformSubjectMatcher(globs: readonly string[]): (p: Principal) => boolean {
  const users: string[] = [];
  const groups: string[] = [];
  const serviceAccounts: string[] = [];
  const bare: string[] = [];
  for (const glob of globs) {
    const [prefix, ...rest] = glob.split(':');
    const body = rest.join(':');
    if (prefix === 'user' && body) users.push(body);
    else if (prefix === 'group' && body) groups.push(body);
    else if (prefix === 'serviceaccount' && body) serviceAccounts.push(body);
    else bare.push(glob);
  }
  const compile = (list: string[]) => anyGlobMatcher(list);
  const [isUser, isGroup, isSa, isBare] = [compile(users), compile(groups), compile(serviceAccounts), compile(bare)];
  return (p) => {
    if (p.kind === 'ServiceAccount') {
      return isSa(`${p.namespace}:${p.name}`) || isBare(`system:serviceaccount:${p.namespace}:${p.name}`);
    }
    return (p.kind === 'User' ? isUser(p.name) : isGroup(p.name)) || isBare(p.name);
  };
}

/** How a message names an owner: `tenant globex`, `tenants a, b`, `unattributed`, `the platform`, `everyone`. */
export function ownerLabel(owner: Owner): string {
  switch (owner.kind) {
    case 'tenant':
      return owner.tenants.length === 1 ? `tenant ${owner.tenants[0]}` : `tenants ${owner.tenants.join(', ')}`;
    case 'platform':
      return 'the platform';
    case 'everyone':
      return 'everyone';
    case 'unattributed':
      return 'unattributed: no tenant or platform subject';
  }
}
