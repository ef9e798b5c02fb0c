/**
 * What Kubernetes itself grants anonymous requests (the group `system:unauthenticated`), and what a
 * role grants them beyond it.
 *
 * Since Kubernetes 1.14 the bootstrap policy binds `system:unauthenticated` to one ClusterRole only,
 * `system:public-info-viewer` (ClusterRoleBinding of the same name): `get` on /livez, /readyz,
 * /healthz, /version and /version/. `system:discovery` and `system:basic-user` are bound to
 * `system:authenticated` alone; a cluster upgraded from an older version keeps
 * `system:unauthenticated` in those bindings, because the API server's reconciliation adds missing
 * subjects and never removes any. So a default binding, or a `system:` role, grants anonymous users
 * more than Kubernetes' defaults as soon as it goes beyond that one role.
 * Sources: https://kubernetes.io/docs/reference/access-authn-authz/rbac/#discovery-roles,
 * https://kubernetes.io/docs/reference/access-authn-authz/rbac/#auto-reconciliation and
 * k8s.io/kubernetes plugin/pkg/auth/authorizer/rbac/bootstrappolicy/policy.go (ClusterRoleBindings).
 */
import type { Permission } from './permissions.js';
import { permissionsOf } from './permissions.js';
import type { ResolvedRole, RuleSource } from './types.js';

/** The non-resource URLs system:public-info-viewer lets anyone `get`. */
export const PUBLIC_INFO_URLS: ReadonlySet<string> = new Set(['/livez', '/readyz', '/healthz', '/version', '/version/']);

/** One non-resource URL and verb a rule grants. */
export interface NonResourceGrant {
  url: string;
  verb: string;
  source: RuleSource;
}

/** What a role grants `system:unauthenticated` beyond Kubernetes' default (system:public-info-viewer). */
export interface AnonymousExtra {
  /** Every resource permission: none is granted to anonymous users by default. */
  permissions: Permission[];
  /** Non-resource URLs and verbs other than `get` on PUBLIC_INFO_URLS (a `*` URL or verb is never default). */
  nonResource: NonResourceGrant[];
}

/**
 * What `role` grants anonymous users beyond system:public-info-viewer. `clusterWide`: bound by a
 * ClusterRoleBinding; non-resource URLs take effect only there (a RoleBinding grants none).
 */
export function beyondAnonymousDefaults(role: ResolvedRole, clusterWide: boolean): AnonymousExtra {
  const permissions = role.rules.flatMap(permissionsOf);
  const nonResource: NonResourceGrant[] = [];
  if (clusterWide) {
    for (const source of role.rules) {
      for (const url of source.rule.nonResourceURLs ?? []) {
        for (const verb of source.rule.verbs ?? []) {
          if (!(verb === 'get' && PUBLIC_INFO_URLS.has(url))) nonResource.push({ url, verb, source });
        }
      }
    }
  }
  return { permissions, nonResource };
}

/** "can get /api, /apis/* (+2 more)": the non-resource part of a description. */
export function describeNonResource(grants: readonly NonResourceGrant[], max = 6): string {
  const byVerb = new Map<string, string[]>();
  for (const g of grants) {
    const urls = byVerb.get(g.verb) ?? [];
    if (!urls.includes(g.url)) urls.push(g.url);
    byVerb.set(g.verb, urls);
  }
  return [...byVerb.entries()]
    .map(([verb, urls]) => {
      const more = urls.length > max ? ` (+${urls.length - max} more)` : '';
      return `can ${verb === '*' ? 'do anything with' : verb} non-resource URLs ${urls.slice(0, max).join(', ')}${more}`;
    })
    .join('; ');
}
