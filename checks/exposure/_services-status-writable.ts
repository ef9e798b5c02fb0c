import type { CheckContext, FindingOf, NotEvaluated } from '../../src/engine/check.js';
import type { KubeObject } from '../../src/model/types.js';
import { ownerLabel, principalLabel, rbacInputsUnreadable, serviceStatusWriters } from '../../src/k8s/rbac/index.js';
import { serviceType } from '../../src/k8s/services/index.js';

/** The message of a subject that may write services/status. */
export const STATUS_WRITABLE_MESSAGES = {
  statusWritable:
    '{{subject}} may {{verbs}} services/status in this namespace, and so set status.loadBalancer.ingress[].ip to intercept cluster traffic for any IP (CVE-2020-8554)',
} as const;

/**
 * The second half of CVE-2020-8554: whoever may `patch` or `update` `services/status` can write
 * `status.loadBalancer.ingress[].ip` on a Service of type LoadBalancer, and kube-proxy then sends
 * cluster traffic for that IP to the Service: the same interception as `spec.externalIPs`.
 *
 * Judged on each LoadBalancer Service of a tenant namespace (kube-proxy honours
 * `status.loadBalancer.ingress` only for that type): one finding per non-platform subject that may
 * write its status, naming the binding and the role. RBAC that could not be read in full makes the
 * result not-evaluated.
 */
export function servicesStatusWritableFindings(
  service: KubeObject,
  ctx: CheckContext,
): FindingOf<typeof STATUS_WRITABLE_MESSAGES>[] | NotEvaluated {
  if (serviceType(service) !== 'LoadBalancer') return [];
  const unreadable = rbacInputsUnreadable(ctx.index);
  if (unreadable) return { notEvaluated: unreadable };
  const namespace = service.metadata.namespace ?? 'default';
  return serviceStatusWriters(ctx.analyses.rbac, namespace).map((writer) => {
    const related = writer.grants.flatMap((g) => [g.binding, g.role]);
    return {
      messageId: 'statusWritable' as const,
      data: { subject: `${principalLabel(writer.subject)} (${ownerLabel(writer.owner)})`, verbs: 'patch or update' },
      path: '/status/loadBalancer',
      related: dedupe(related),
    };
  });
}

function dedupe<T extends { kind: string; name: string; namespace?: string }>(refs: T[]): T[] {
  const seen = new Set<string>();
  return refs.filter((r) => {
    const key = `${r.kind}/${r.namespace ?? ''}/${r.name}`;
    return seen.has(key) ? false : (seen.add(key), true);
  });
}
