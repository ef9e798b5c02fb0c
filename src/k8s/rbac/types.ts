/**
 * The shapes of the RBAC access analysis (rbac.authorization.k8s.io/v1), limited to what tenantscan reads.
 * Source: https://kubernetes.io/docs/reference/access-authn-authz/rbac/
 */
import type { KubeObject, ObjectRef } from '../../model/types.js';
import type { RbacSubject } from '../../tenancy/types.js';

/** rbac/v1 PolicyRule. Empty or missing lists match nothing (the API server treats them so). */
export interface PolicyRule {
  verbs?: string[];
  apiGroups?: string[];
  /** Plural resource names, optionally `resource/subresource`; `*` and `*\/subresource` are wildcards. */
  resources?: string[];
  /** Restricts the rule to these object names; empty means every name. */
  resourceNames?: string[];
  /** Non-resource URLs (`/healthz`, `/api/*`). Only in ClusterRoles bound by ClusterRoleBindings. */
  nonResourceURLs?: string[];
}

/**
 * Who is asking: a User, Group or ServiceAccount, as an RBAC subject names it. A ServiceAccount carries
 * its namespace; `User system:serviceaccount:<ns>:<name>` is normalised to that ServiceAccount.
 */
export type Principal = RbacSubject;

/**
 * One request to authorize, in the terms of the API server's RequestInfo
 * (k8s.io/apiserver/pkg/endpoints/request/requestinfo.go).
 */
export interface AccessRequest {
  /** `get`, `list`, `watch`, `create`, `update`, `patch`, `delete`, `deletecollection`, `escalate`, `bind`, `impersonate`... */
  verb: string;
  /** API group; `''` for the core group. */
  group: string;
  /** Plural resource name (`pods`, `namespaces`). */
  resource: string;
  /** Subresource (`exec`, `status`, `token`), when the request targets one. */
  subresource?: string;
  /**
   * Namespace of the request; undefined for a cluster-scoped request. A request on the Namespace
   * object `N` itself (`/api/v1/namespaces/N`) has namespace `N`; `can` fills it in when omitted.
   */
  namespace?: string;
  /** Object name; undefined for requests without one (create, list, deletecollection). */
  name?: string;
  /**
   * Count rules restricted by `resourceNames` too: "may the subject do this to at least one object?".
   * Without it, a name-restricted rule only matches a request naming one of its names, as in the API server.
   */
  anyName?: boolean;
}

/** One rule as it sits in a role: the role that holds it and a JSON pointer to it (`/rules/2`). */
export interface RuleSource {
  rule: PolicyRule;
  /** The Role or ClusterRole whose `rules` hold the rule: for an aggregated ClusterRole, the selected role that contributed it. */
  role: ObjectRef;
  /** JSON pointer to the rule inside `role`: `/rules/2`. */
  rulePath: string;
  /** True when `role` is not in the input and its rules come from Kubernetes' bootstrap policy. */
  builtin?: boolean;
}

/** The effective rules of the role a binding refers to. */
export interface ResolvedRole {
  ref: ObjectRef;
  /** `input`: in the scanned objects; `builtin`: a Kubernetes default taken from the bootstrap policy; `missing`: neither. */
  found: 'input' | 'builtin' | 'missing';
  object?: KubeObject;
  /** True for a ClusterRole with an `aggregationRule`: its rules are the union of the roles it selects. */
  aggregated: boolean;
  rules: RuleSource[];
}

/** A (Cluster)RoleBinding subject, as written, with its position in the binding. */
export interface BoundSubject {
  binding: KubeObject;
  /** Index into `binding.subjects`: the finding path is `/subjects/<index>`. */
  index: number;
  /** The subject, with a ServiceAccount's namespace defaulted to the RoleBinding's. */
  subject: Principal;
}

/**
 * One way a principal gets a permission: the binding (and which of its subjects matched), the role it
 * refers to, and the rule in that role.
 */
export interface Grant {
  binding: ObjectRef;
  bindingObject: KubeObject;
  /** Index of the matching subject in `binding.subjects`. */
  subjectIndex: number;
  /** The binding subject that matched: the principal itself, or a group it is a member of. */
  subject: Principal;
  /** How the principal matched: `direct`, or the implicit group it is a member of (`system:authenticated`...). */
  via: 'direct' | string;
  /** The role the binding refers to. */
  role: ObjectRef;
  roleFound: ResolvedRole['found'];
  rule: RuleSource;
  /** Where the grant applies: the RoleBinding's namespace, or undefined for a ClusterRoleBinding (everywhere). */
  namespace?: string;
}

export interface AccessDecision {
  allowed: boolean;
  /** Every grant that allows the request (RBAC is a union: any one suffices). */
  grants: Grant[];
}
