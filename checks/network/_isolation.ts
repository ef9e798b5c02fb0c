import type { CheckContext, CheckOutcome, FindingWith, PodTemplateSubject } from '../../src/engine/check.js';
import { hostNetworkReason, isolates, type PolicyType, selectsLabels, unevaluatedReason } from '../../src/k8s/network/index.js';
import { K } from '../../src/model/kinds.js';
import { describeDerived } from '../../src/tenancy/origin.js';

/**
 * Is a pod template isolated in one direction? Shared by network-ingress-not-isolated and
 * network-egress-not-isolated, which differ only in the direction and their words. Fails with the
 * message `notIsolated` ({{labels}}, {{namespace}}, {{policies}}) at the template's labels.
 */
export function isolationOutcome(
  template: PodTemplateSubject,
  ctx: CheckContext,
  direction: PolicyType,
): CheckOutcome<FindingWith<'notIsolated', 'labels' | 'namespace' | 'policies'>> {
  const policies = ctx.analyses.networkPolicies;
  const fromTenant = ctx.tenants.materialized
    .objectsIn(K.NetworkPolicy, template.namespace)
    .filter((d) => selectsLabels(d.object, template.labels) && isolates(d.object, direction));
  const isolating = [...policies.isolating(template.namespace, template.labels, direction), ...fromTenant.map((d) => d.object)];
  if (isolating.length > 0) {
    const hostNetwork = hostNetworkReason(template, isolating, direction);
    if (hostNetwork) return { notEvaluated: hostNetwork };
    return isolating.length === fromTenant.length ? { passNote: `isolated by ${fromTenant.map(describeDerived).join(', ')}` } : [];
  }
  const unevaluated = unevaluatedReason(ctx.index, template.namespace);
  if (unevaluated) return { notEvaluated: unevaluated };
  const labels =
    Object.entries(template.labels)
      .map(([k, v]) => `${k}=${v}`)
      .join(',') || 'none';
  const metadataPath =
    template.owner.kind === 'Pod' && template.specPath === '/spec' ? '/metadata' : template.specPath.replace(/\/spec$/, '/metadata');
  return [
    {
      messageId: 'notIsolated',
      data: { labels, namespace: template.namespace, policies: policies.policiesIn(template.namespace).length },
      path: `${metadataPath}/labels`,
    },
  ];
}
