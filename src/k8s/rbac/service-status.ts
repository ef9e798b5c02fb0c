import type { RbacAnalysis } from './access.js';
import { type NamespaceWriter, namespaceWriters } from './namespace-writers.js';
import type { AccessDecision, Principal } from './types.js';

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
export type ServiceStatusWriter = NamespaceWriter;

/**
 * Every non-platform subject (a tenant's, unattributed, or everyone's group) that may patch or update
 * `services/status` in `namespace` through a binding naming it: RoleBindings in that namespace and
 * ClusterRoleBindings. For `exposure-external-ips` (CVE-2020-8554). Kubernetes' default bindings
 * are included: none of them grants this to tenants.
 */
export function serviceStatusWriters(analysis: RbacAnalysis, namespace: string): ServiceStatusWriter[] {
  return namespaceWriters(
    analysis,
    namespace,
    SERVICE_STATUS_VERBS.map((verb) => ({ verb, group: '', resource: 'services', subresource: 'status' })),
  );
}
