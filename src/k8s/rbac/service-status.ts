import { K } from '../../model/kinds.js';
import type { RbacAnalysis } from './access.js';
import type { Owner } from './attribution.js';
import { principalKey } from './bindings.js';
import { grantOf } from './grant.js';
import { ruleAllows } from './rules.js';
import type { AccessDecision, Grant, Principal } from './types.js';

/** Patch and update `services/status`: setting `status.loadBalancer.ingress[].ip` intercepts traffic to that IP (CVE-2020-8554). */
const SERVICE_STATUS_VERBS = ['patch', 'update'];

/**
 * May this principal patch or update `services/status` in `namespace` (CVE-2020-8554, "Man in the
 * middle using LoadBalancer or ExternalIPs", kubernetes/kubernetes#97076)? Returns the grants that
 * allow it, for either verb, on at least one Service.
 */
export function canPatchServiceStatus(analysis: RbacAnalysis, principal: Principal, namespace: string): AccessDecision {
  const grants = SERVICE_STATUS_VERBS.flatMap(
    (verb) => analysis.can(principal, { verb, group: '', resource: 'services', subresource: 'status', namespace, anyName: true }).grants,
  );
  return { allowed: grants.length > 0, grants };
}

/** One subject that may write `services/status` in a namespace, with whose it is and how. */
export interface ServiceStatusWriter {
  subject: Principal;
  owner: Owner;
  grants: Grant[];
}

/**
 * Every non-platform subject (a tenant's, unattributed, or everyone's group) that may patch or update
 * `services/status` in `namespace` through a binding naming it: RoleBindings in that namespace and
 * ClusterRoleBindings. For `exposure-external-ips` (CVE-2020-8554). Kubernetes' default bindings
 * are included: none of them grants this to tenants.
 */
export function serviceStatusWriters(analysis: RbacAnalysis, namespace: string): ServiceStatusWriter[] {
  const out = new Map<string, ServiceStatusWriter>();
  for (const binding of [...analysis.bindings.clusterRoleBindings, ...analysis.index.inNamespace(K.RoleBinding, namespace)]) {
    const role = analysis.roles.ofBinding(binding);
    for (const bound of analysis.bindings.subjectsOf(binding)) {
      const owner = analysis.ownerOf(bound.subject);
      if (owner.kind === 'platform') continue;
      const grants = role.rules
        .filter((rule) =>
          SERVICE_STATUS_VERBS.some((verb) =>
            ruleAllows(rule.rule, { verb, group: '', resource: 'services', subresource: 'status', namespace, anyName: true }),
          ),
        )
        .map((rule) => grantOf(bound, 'direct', role, rule));
      if (!grants.length) continue;
      const key = principalKey(bound.subject);
      const entry = out.get(key);
      if (entry) entry.grants.push(...grants);
      else out.set(key, { subject: bound.subject, owner, grants });
    }
  }
  return [...out.values()];
}
