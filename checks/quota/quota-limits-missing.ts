import { defineCheck } from '../../src/engine/check.js';
import { K } from '../../src/model/kinds.js';
import { LIMIT_KEYS, REQUEST_KEYS, capsAny } from './_keys.js';
import { nameOfApplied, quotasOf, refOfApplied } from './_namespace-quotas.js';
import { quotaAppliesTo, uncappedPodKinds } from './_scopes.js';

/**
 * A quota that caps the request total of cpu or memory but not the limit total lets a tenant's
 * pods burst without bound above their requests. Judged per quota, but against the whole
 * namespace: a quota caps requests and another (or a Capsule Tenant item) caps limits for the same
 * pods is not a gap. "The same pods" follows the scopes: a limits quota scoped to NotTerminating
 * does not bound the terminating pods that an unscoped requests quota admits.
 */
export default defineCheck({
  id: 'quota-limits-missing',
  family: 'quota',
  title: 'Quota caps requests but not limits',
  description:
    'Flags a ResourceQuota in a tenant namespace that caps `requests.cpu`/`cpu` or `requests.memory`/`memory` while neither it nor any other quota of the namespace caps `limits.cpu` / `limits.memory` for the pods it applies to.',
  rationale:
    "Requests only reserve capacity; limits bound what a pod may use. With only requests capped, a tenant can set small requests and huge (or no) limits and burst without bound on shared nodes, taking cpu and memory from other tenants' pods on the same node.",
  remediation:
    'Add `limits.cpu` and `limits.memory` to the quota (or to another quota of the namespace with the same or wider scopes), and give the namespace a LimitRange that defaults container limits so pods without them are still admitted.',
  references: [
    { title: 'Kubernetes: Resource Quotas, compute resource quota', url: 'https://kubernetes.io/docs/concepts/policy/resource-quotas/#compute-resource-quota' },
    { title: 'Kubernetes: Resource Management for Pods and Containers', url: 'https://kubernetes.io/docs/concepts/configuration/manage-resources-containers/' },
  ],
  severity: { 'multi-team': 'medium', 'multi-customer': 'high' },
  target: { kinds: [K.ResourceQuota] },
  needs: [K.ResourceQuota],
  messages: {
    limitsMissing:
      'quota caps requests ({{requests}}) but not {{limits}}, and no other quota of namespace {{namespace}} caps {{them}} for the pods this quota applies to{{others}}',
  },
  check(quota, ctx) {
    const namespace = quota.metadata.namespace ?? '';
    const { items, tenantUnreadable } = quotasOf(namespace, ctx);
    const specs = items.map((a) => a.spec);
    const requests: string[] = [];
    const limits: string[] = [];
    const cappedElsewhere: string[] = [];
    for (const resource of ['cpu', 'memory'] as const) {
      const requestKey = REQUEST_KEYS[resource].find((k) => capsAny(quota.spec, [k]));
      if (!requestKey || capsAny(quota.spec, LIMIT_KEYS[resource])) continue;
      const uncapped = uncappedPodKinds(specs, (s) => capsAny(s, LIMIT_KEYS[resource]), (pod) => quotaAppliesTo(quota.spec, pod));
      if (uncapped.length === 0) {
        const by = items.filter((a) => a.object !== quota && capsAny(a.spec, LIMIT_KEYS[resource]));
        if (by.length) cappedElsewhere.push(`limits.${resource} by ${by.map(nameOfApplied).join(', ')}`);
        continue;
      }
      requests.push(requestKey);
      limits.push(`limits.${resource}`);
    }
    if (limits.length === 0) {
      return cappedElsewhere.length ? { passNote: `capped elsewhere in namespace ${namespace}: ${cappedElsewhere.join('; ')}` } : [];
    }
    if (tenantUnreadable) return { notEvaluated: tenantUnreadable };
    const others = items.filter((a) => a.object !== quota);
    return [
      {
        messageId: 'limitsMissing',
        data: {
          requests: requests.join(', '),
          limits: limits.join(', '),
          namespace,
          them: limits.length === 1 ? 'it' : 'them',
          others: others.length ? ` (other quotas: ${others.map(nameOfApplied).join(', ')})` : '',
        },
        path: '/spec/hard',
        related: others.map(refOfApplied),
      },
    ];
  },
});
