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
 * Platform subjects are configured (`checkOptions.rbac.platformSubjects`: globs or RBAC subjects), by default the
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

/** A platform subject written as an RBAC subject: `{kind: ServiceAccount, name: scanner, namespace: audit}`. Globs in name and namespace. */
export interface PlatformSubjectEntry {
  kind: 'User' | 'Group' | 'ServiceAccount';
  name: string;
  /** A ServiceAccount's namespace (required for it, refused for a User or Group). */
  namespace?: string;
}

/** `checkOptions.rbac` in the config file. */
export interface RbacOptions {
  /**
   * Platform subjects: strings, as globs (`user:<glob>`, `group:<glob>`, `serviceaccount:<ns>:<name>`
   * with globs in both parts, or a bare glob matched against the user or group name: a service
   * account's username is `system:serviceaccount:<ns>:<name>`), or RBAC subjects
   * (`{kind: User|Group|ServiceAccount, name, namespace}`, globs in name and namespace).
   * picomatch syntax: `*` stops at `/`.
   */
  platformSubjects?: Array<string | PlatformSubjectEntry>;
  /** Replace DEFAULT_PLATFORM_SUBJECTS instead of adding to them. */
  replacePlatformSubjects?: boolean;
}

const SUBJECT_KINDS = ['User', 'Group', 'ServiceAccount'] as const;

/**
 * JSON Schema (draft-07) of `checkOptions.rbac`, shared by every RBAC check; validated when the
 * configuration loads. Each `platformSubjects` entry is then checked by `platformSubjectProblems`,
 * whose messages name the entry.
 */
export const RBAC_OPTIONS_SCHEMA = {
  type: 'object',
  properties: {
    platformSubjects: {
      type: 'array',
      items: { type: ['string', 'object'] },
      description:
        'Subjects that belong to the platform: strings as globs (`user:<glob>`, `group:<glob>`, `serviceaccount:<ns>:<name>`, or a bare glob matched against the user or group name), or RBAC subjects `{kind: User|Group|ServiceAccount, name, namespace}` (namespace for a ServiceAccount only; globs allowed). Added to `user:system:*` and `group:system:*`.',
    },
    replacePlatformSubjects: {
      type: 'boolean',
      description: 'Use `platformSubjects` instead of the default `user:system:*` and `group:system:*`, not in addition to them.',
    },
  },
  additionalProperties: false,
} as const;

/**
 * What is wrong with `checkOptions.rbac.platformSubjects`, one line per entry that cannot be read,
 * each naming the entry: `checkOptions.rbac.platformSubjects[2] ({"kind":"Role","name":"x"}): kind
 * must be User, Group or ServiceAccount`. Empty when every entry is understood.
 */
export function platformSubjectProblems(rbac: unknown): string[] {
  const list = (rbac as { platformSubjects?: unknown } | null)?.platformSubjects;
  if (!Array.isArray(list)) return [];
  const problems: string[] = [];
  list.forEach((entry, i) => {
    const why = entryProblem(entry);
    if (why) problems.push(`checkOptions.rbac.platformSubjects[${i}] (${JSON.stringify(entry)}): ${why}`);
  });
  return problems;
}

function entryProblem(entry: unknown): string | undefined {
  if (typeof entry === 'string') {
    if (!entry) return 'an empty string names no subject';
    const [prefix, ...rest] = entry.split(':');
    const body = rest.join(':');
    if ((prefix === 'user' || prefix === 'group') && !body) return `\`${prefix}:\` needs a name glob after the colon`;
    if (prefix === 'serviceaccount' && rest.length !== 2) return 'a service account is written `serviceaccount:<namespace>:<name>`';
    if (prefix === 'serviceaccount' && (!rest[0] || !rest[1])) return 'a service account needs both a namespace and a name';
    return undefined;
  }
  if (typeof entry !== 'object' || entry === null || Array.isArray(entry)) return 'must be a string or {kind, name, namespace}';
  const e = entry as Record<string, unknown>;
  const unknown = Object.keys(e).filter((k) => !['kind', 'name', 'namespace', 'apiGroup'].includes(k));
  if (unknown.length) return `unknown field ${unknown.join(', ')} (known: kind, name, namespace)`;
  if (!SUBJECT_KINDS.includes(e.kind as (typeof SUBJECT_KINDS)[number])) return 'kind must be User, Group or ServiceAccount';
  if (typeof e.name !== 'string' || !e.name) return 'name must be a non-empty string (a glob)';
  if (e.kind === 'ServiceAccount' && (typeof e.namespace !== 'string' || !e.namespace))
    return 'a ServiceAccount needs its namespace (a non-empty string, a glob)';
  if (e.kind !== 'ServiceAccount' && e.namespace !== undefined) return `a ${String(e.kind)} has no namespace`;
  if (e.apiGroup !== undefined && e.apiGroup !== 'rbac.authorization.k8s.io' && e.apiGroup !== '')
    return 'apiGroup, when given, must be rbac.authorization.k8s.io (or "" for a ServiceAccount)';
  return undefined;
}

/** A platform-subject entry as the string glob the matcher reads; undefined for one it does not understand. */
export function platformSubjectGlob(entry: unknown): string | undefined {
  if (entryProblem(entry)) return undefined;
  if (typeof entry === 'string') return entry;
  const e = entry as PlatformSubjectEntry;
  return e.kind === 'ServiceAccount' ? `serviceaccount:${e.namespace}:${e.name}` : `${e.kind.toLowerCase()}:${e.name}`;
}

/**
 * Kubernetes' own users and groups: system:masters, system:nodes, system:kube-controller-manager, ...
 * (service accounts are the platform's by their namespace, not by this glob).
 */
export const DEFAULT_PLATFORM_SUBJECTS: readonly string[] = ['user:system:*', 'group:system:*'];

/** Groups that contain every user or every service account of the cluster, every tenant's included. */
export const EVERYONE_GROUPS: ReadonlySet<string> = new Set([SYSTEM_AUTHENTICATED, SYSTEM_UNAUTHENTICATED, SYSTEM_SERVICEACCOUNTS]);

/** Read `checkOptions.rbac` defensively: entries it does not understand are ignored (the configuration loader refuses them first). */
export function rbacOptionsOf(checkOptions: Record<string, Record<string, unknown>> | undefined): RbacOptions {
  const raw = checkOptions?.rbac ?? {};
  const subjects = Array.isArray(raw.platformSubjects)
    ? raw.platformSubjects.map(platformSubjectGlob).filter((s): s is string => s !== undefined)
    : undefined;
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
    const configured = (options.platformSubjects ?? []).map(platformSubjectGlob).filter((g): g is string => g !== undefined);
    const globs = [...(options.replacePlatformSubjects ? [] : DEFAULT_PLATFORM_SUBJECTS), ...configured];
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
