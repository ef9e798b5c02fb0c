import type { CheckContext, Finding } from '../../src/engine/check.js';
import type { KubeObject } from '../../src/model/types.js';

/**
 * The second half of CVE-2020-8554: whoever may `patch` or `update` `services/status` can write
 * `status.loadBalancer.ingress[].ip` on a Service of type LoadBalancer and so make kube-proxy send
 * cluster traffic for that IP to the Service, the same interception as `spec.externalIPs`.
 *
 * TODO(rbac): this needs the effective RBAC rules of tenant subjects (RoleBindings in the Service's
 * namespace plus ClusterRoleBindings, aggregated ClusterRoles, wildcards), which belong to the
 * rbac family. Fill this in from that model: return one finding per tenant subject that may
 * `patch`/`update` `services/status` (or `services/*`, `*`) in `service.metadata.namespace`, with
 * `messageId: 'statusWritable'` (defined in exposure-external-ips), `data: { subject, verbs }`,
 * `path: '/status/loadBalancer'` and `related` naming the binding and role; then add the RBAC kinds
 * to the check's `needs`. Until then it reports nothing, and the check's description says that only
 * `spec.externalIPs` is judged. A namespace-level check may fit better (the grant exists whether or
 * not a Service does); if the rbac family adds one, delete this hook and the message.
 */
export function servicesStatusWritableFindings(_service: KubeObject, _ctx: CheckContext): Finding[] {
  return [];
}
