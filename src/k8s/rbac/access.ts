/**
 * The access analysis: who may do what, where, and through which binding and rule. Pure functions
 * over a ResourceIndex and a TenantModel (the engine builds one RbacAnalysis per scan: ctx.analyses.rbac).
 *
 * Semantics (https://kubernetes.io/docs/reference/access-authn-authz/rbac/):
 * - RBAC only allows; a request is allowed when one rule of one applicable binding matches it.
 * - A ClusterRoleBinding applies to every request, namespaced or cluster-scoped. A RoleBinding
 *   applies only to requests in its own namespace, even when it refers to a ClusterRole; it never
 *   applies to cluster-scoped requests, except a request on its own Namespace object, which the API
 *   server authorizes in that namespace (k8s.io/apiserver endpoints/request/requestinfo.go).
 * - A principal is matched by the bindings that name it, and by those that name a group it is
 *   implicitly in (service accounts: system:serviceaccounts, system:serviceaccounts:<ns>; everyone
 *   authenticated: system:authenticated). Other groups of a User come from its authenticator and
 *   cannot be read from the API: each User and Group is analysed as given.
 */
import type { ResourceIndex } from '../../model/index.js';
import { K } from '../../model/kinds.js';
import type { TenantModel } from '../../tenancy/model.js';
import { type Owner, type RbacOptions, SubjectAttribution } from './attribution.js';
import { BindingIndex, implicitGroups } from './bindings.js';
import { isKubernetesDefault } from './defaults.js';
import { type AccessScope, describeAccess, type Permission, permissionsOf } from './permissions.js';
import { ResourceScopes } from './resources.js';
import { RoleResolver } from './roles.js';
import { isDiscoveryPermission } from './discovery.js';
import { grantOf } from './grant.js';
import { ruleAllows } from './rules.js';
import type { AccessDecision, AccessRequest, BoundSubject, Grant, Principal, ResolvedRole } from './types.js';

/** Key of the everyone groups' entries in the by-tenant index (no tenant can be named so: it is not a DNS label). */
const EVERYONE_KEY = '\u0000everyone';

const EMPTY_SET: ReadonlySet<string> = new Set();

/** One binding subject's access through its binding: the role, and the permissions that matter. */
export interface BindingAccess {
  bound: BoundSubject;
  /** `direct`, or the implicit group through which a principal matched. */
  via: 'direct' | string;
  role: ResolvedRole;
  /** The binding's namespace (RoleBinding), or undefined (ClusterRoleBinding: everywhere). */
  namespace?: string;
  permissions: Permission[];
}

/** What a principal can do beyond its tenant's namespaces, grouped by binding subject. */
export interface BeyondTenantAccess extends BindingAccess {
  /** "can read secrets, pods (+3 more) in every namespace". */
  description: string;
}

export class RbacAnalysis {
  readonly bindings: BindingIndex;
  readonly roles: RoleResolver;
  readonly attribution: SubjectAttribution;
  readonly scopes: ResourceScopes;
  private clusterSubjectsByTenant?: Map<string, Array<{ bound: BoundSubject; owner: Owner; order: number }>>;
  private readonly permissionsByRole = new WeakMap<ResolvedRole, Permission[]>();
  private readonly namespacesByTenants = new Map<string, ReadonlySet<string>>();

  constructor(
    readonly index: ResourceIndex,
    readonly tenants: TenantModel,
    options: RbacOptions = {},
  ) {
    this.bindings = new BindingIndex(index);
    this.roles = new RoleResolver(index);
    this.attribution = new SubjectAttribution(index, tenants, this.bindings, options);
    this.scopes = new ResourceScopes(index);
  }

  ownerOf(p: Principal): Owner {
    return this.attribution.ownerOf(p);
  }

  /** The namespaces of an owner's tenants (empty for anyone but a tenant). */
  namespacesOf(owner: Owner): ReadonlySet<string> {
    if (owner.kind !== 'tenant') return EMPTY_SET;
    const key = owner.tenants.join('\u0000');
    let set = this.namespacesByTenants.get(key);
    if (!set) {
      set = new Set(owner.tenants.flatMap((t) => this.tenants.tenants.find((x) => x.name === t)?.namespaces ?? []));
      this.namespacesByTenants.set(key, set);
    }
    return set;
  }

  /**
   * May `principal` make this request? Returns every grant that allows it (binding, role, rule).
   * With `implicitGroups: false`, only bindings naming the principal itself count.
   */
  can(principal: Principal, request: AccessRequest, options: { implicitGroups?: boolean } = {}): AccessDecision {
    const req = normalizeRequest(request);
    const grants: Grant[] = [];
    for (const { bound, via } of this.boundEntries(principal, options.implicitGroups ?? true)) {
      const ns = bound.binding.metadata.namespace;
      if (ns !== undefined && ns !== req.namespace) continue;
      const role = this.roles.ofBinding(bound.binding);
      for (const rule of role.rules) {
        if (ruleAllows(rule.rule, req)) grants.push(grantOf(bound, via, role, rule));
      }
    }
    return { allowed: grants.length > 0, grants };
  }

  /** Every grant (one per rule) a principal holds, wherever it applies. */
  grantsOf(principal: Principal, options: { implicitGroups?: boolean } = {}): Grant[] {
    const grants: Grant[] = [];
    for (const { bound, via } of this.boundEntries(principal, options.implicitGroups ?? true)) {
      const role = this.roles.ofBinding(bound.binding);
      for (const rule of role.rules) grants.push(grantOf(bound, via, role, rule));
    }
    return grants;
  }

  /** A binding subject's access: the role and its permissions, optionally filtered. */
  accessOf(bound: BoundSubject, keep: (p: Permission) => boolean = () => true, via = 'direct'): BindingAccess {
    const role = this.roles.ofBinding(bound.binding);
    let all = this.permissionsByRole.get(role);
    if (!all) this.permissionsByRole.set(role, (all = role.rules.flatMap(permissionsOf)));
    const permissions = all.filter(keep);
    const access: BindingAccess = { bound, via, role, permissions };
    if (bound.binding.metadata.namespace !== undefined) access.namespace = bound.binding.metadata.namespace;
    return access;
  }

  /**
   * What the tenant of `namespace` can do there: every subject of a binding that applies in the
   * namespace (its RoleBindings and every ClusterRoleBinding, Kubernetes' defaults excepted) that is
   * the tenant's own or one of the everyone groups, with the permissions `keep` selects. `missing`
   * lists the roles such subjects are bound to that are not in the input.
   */
  tenantAccessIn(
    namespace: string,
    keep: (p: Permission) => boolean,
  ): { grants: Array<{ owner: Owner; access: BindingAccess }>; missing: ResolvedRole[] } {
    const tenant = this.tenants.tenantOfNamespace(namespace)?.name;
    const grants: Array<{ owner: Owner; access: BindingAccess }> = [];
    const missing: ResolvedRole[] = [];
    const consider = (bound: BoundSubject, owner: Owner) => {
      const access = this.accessOf(bound, keep);
      if (access.role.found === 'missing') missing.push(access.role);
      else if (access.permissions.length) grants.push({ owner, access });
    };
    for (const binding of this.index.inNamespace(K.RoleBinding, namespace)) {
      if (isKubernetesDefault(binding)) continue;
      for (const bound of this.bindings.subjectsOf(binding)) {
        const owner = this.ownerOf(bound.subject);
        if (owner.kind === 'everyone' || (owner.kind === 'tenant' && tenant !== undefined && owner.tenants.includes(tenant)))
          consider(bound, owner);
      }
    }
    // ClusterRoleBindings, through an index by owner: reading them all for every namespace would be quadratic
    for (const { bound, owner } of this.clusterSubjectsOf(tenant)) consider(bound, owner);
    return { grants, missing };
  }

  /** The subjects of non-default ClusterRoleBindings that are `tenant`'s or everyone's, in binding order. */
  private clusterSubjectsOf(tenant: string | undefined): Array<{ bound: BoundSubject; owner: Owner }> {
    if (!this.clusterSubjectsByTenant) {
      this.clusterSubjectsByTenant = new Map();
      let order = 0;
      const everyone: Array<{ bound: BoundSubject; owner: Owner; order: number }> = [];
      for (const binding of this.bindings.clusterRoleBindings) {
        if (isKubernetesDefault(binding)) continue;
        for (const bound of this.bindings.subjectsOf(binding)) {
          const owner = this.ownerOf(bound.subject);
          const entry = { bound, owner, order: order++ };
          if (owner.kind === 'everyone') everyone.push(entry);
          else if (owner.kind === 'tenant') {
            for (const t of owner.tenants) {
              const list = this.clusterSubjectsByTenant.get(t) ?? [];
              list.push(entry);
              this.clusterSubjectsByTenant.set(t, list);
            }
          }
        }
      }
      this.clusterSubjectsByTenant.set(EVERYONE_KEY, everyone);
    }
    const everyone = this.clusterSubjectsByTenant.get(EVERYONE_KEY) ?? [];
    const own = tenant === undefined ? [] : (this.clusterSubjectsByTenant.get(tenant) ?? []);
    return [...own, ...everyone].sort((a, b) => a.order - b.order);
  }

  /** "can read secrets in every namespace; ..." for a set of permissions granted in a scope. */
  describe(permissions: readonly Permission[], scope: AccessScope): string {
    return describeAccess(permissions, scope, this.scopes);
  }

  /** Every binding subject that matches a principal (implicit groups included unless `implicitGroups: false`), with its access. */
  accessesOf(principal: Principal, options: { implicitGroups?: boolean } = {}): BindingAccess[] {
    return [...this.boundEntries(principal, options.implicitGroups ?? true)].map(({ bound, via }) => this.accessOf(bound, undefined, via));
  }

  /**
   * What a principal can do beyond its tenant: every ClusterRoleBinding grant except read-only
   * discovery (see isDiscoveryPermission), and every RoleBinding grant in a namespace that is not
   * one of its tenant's. For a principal of no tenant, every namespace is beyond. `ownNamespaces`
   * replaces the principal's tenant's namespaces: what it can do beyond another subject's tenant.
   */
  beyondTenant(
    principal: Principal,
    options: { implicitGroups?: boolean; ownNamespaces?: ReadonlySet<string> } = {},
  ): BeyondTenantAccess[] {
    const own = options.ownNamespaces ?? this.namespacesOf(this.ownerOf(principal));
    const out: BeyondTenantAccess[] = [];
    for (const { bound, via } of this.boundEntries(principal, options.implicitGroups ?? true)) {
      const ns = bound.binding.metadata.namespace;
      if (ns !== undefined && own.has(ns)) continue;
      const access = this.accessOf(bound, ns === undefined ? (p) => !isDiscoveryPermission(p) : () => true, via);
      const description = this.describe(access.permissions, { namespace: ns });
      if (access.permissions.length && description) out.push({ ...access, description });
    }
    return out;
  }

  private *boundEntries(principal: Principal, withImplicit: boolean): Generator<{ bound: BoundSubject; via: string }> {
    for (const bound of this.bindings.boundTo(principal)) yield { bound, via: 'direct' };
    if (!withImplicit) return;
    for (const group of implicitGroups(principal)) {
      for (const bound of this.bindings.boundTo({ kind: 'Group', name: group })) yield { bound, via: group };
    }
  }
}

/** A request on Namespace `N` itself is authorized in namespace `N` (requestinfo.go: `/api/v1/namespaces/N`). */
function normalizeRequest(req: AccessRequest): AccessRequest {
  if (req.group === '' && req.resource === 'namespaces' && req.name !== undefined && req.namespace === undefined) {
    return { ...req, namespace: req.name };
  }
  return req;
}
