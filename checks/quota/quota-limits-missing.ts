import { type FindingWith, defineCheck } from '../../src/engine/check.js';
import { K } from '../../src/model/kinds.js';
import { type KubeObject, groupKindOf } from '../../src/model/types.js';
import {
  type Applied,
  capsAny,
  LIMIT_KEYS,
  nameOfApplied,
  quotaAppliesTo,
  quotasOf,
  refOfApplied,
  REQUEST_KEYS,
  uncappedPodKinds,
  QUOTA_READS,
} from '../../src/k8s/quota/index.js';

/**
 * A quota that caps the request total of cpu or memory but not the limit total lets a tenant's
 * pods burst without bound above their requests. Judged per quota, but against the whole
 * namespace: a quota caps requests and another (or a Capsule Tenant item) caps limits for the same
 * pods is not a gap. "The same pods" follows the scopes: a limits quota scoped to NotTerminating
 * does not bound the terminating pods that an unscoped requests quota admits. A Capsule Tenant is
 * judged too: its `spec.resourceQuotas` items whose per-namespace copies are not in the input
 * (manifests kept in Git hold the Tenant, the cluster holds the copies), at their path in the Tenant.
 */
export default defineCheck({
  id: 'quota-limits-missing',
  family: 'quota',
  title: 'Quota caps requests but not limits',
  description:
    "Flags a ResourceQuota in a tenant namespace (or a Capsule Tenant's `spec.resourceQuotas` item whose copies are not in the input) that caps `requests.cpu`/`cpu` or `requests.memory`/`memory` while neither it nor any other quota of the namespace caps `limits.cpu` / `limits.memory` for the pods it applies to.",
  rationale:
    "Requests only reserve capacity; limits bound what a pod may use. With only requests capped, a tenant can set small requests and huge (or no) limits and burst without bound on shared nodes, taking cpu and memory from other tenants' pods on the same node.",
  remediation:
    'Add `limits.cpu` and `limits.memory` to the quota (or to another quota of the namespace with the same or wider scopes), and give the namespace a LimitRange that defaults container limits so pods without them are still admitted.',
  references: [
    {
      title: 'Kubernetes: Resource Quotas, compute resource quota',
      url: 'https://kubernetes.io/docs/concepts/policy/resource-quotas/#compute-resource-quota',
    },
    {
      title: 'Kubernetes: Resource Management for Pods and Containers',
      url: 'https://kubernetes.io/docs/concepts/configuration/manage-resources-containers/',
    },
  ],
  severity: { 'multi-team': 'medium', 'multi-customer': 'high' },
  target: { kinds: [K.ResourceQuota, K.CapsuleTenant] },
  needs: [K.ResourceQuota],
  reads: QUOTA_READS,
  messages: {
    limitsMissing:
      'quota caps requests ({{requests}}) but not {{limits}}, and no other quota of namespace {{namespace}} caps {{them}} for the pods this quota applies to{{others}}',
  },
  check(subject, ctx) {
    if (groupKindOf(subject) !== K.CapsuleTenant) {
      const namespace = subject.metadata.namespace ?? '';
      const { items, tenantUnreadable } = quotasOf(namespace, ctx);
      const verdict = judge(subject, subject.spec, namespace, items);
      if (!verdict.finding)
        return verdict.cappedElsewhere.length
          ? { passNote: `capped elsewhere in namespace ${namespace}: ${verdict.cappedElsewhere.join('; ')}` }
          : [];
      if (tenantUnreadable) return { notEvaluated: tenantUnreadable };
      return [{ ...verdict.finding, path: '/spec/hard' }];
    }
    // A Capsule Tenant: its items whose per-namespace copies are not in the input (the copies that
    // are, are judged as ResourceQuotas), once per item, in the first namespace where it falls short.
    const owner = ctx.tenants.tenants.find((t) => t.source === 'capsule' && t.name === subject.metadata.name);
    const findings: LimitsMissing[] = [];
    const reported = new Set<string>();
    for (const namespace of owner?.namespaces ?? []) {
      const { items } = quotasOf(namespace, ctx);
      for (const item of items) {
        if (item.origin?.object !== subject || reported.has(item.origin.path)) continue;
        const { finding } = judge(item.object, item.spec, namespace, items);
        if (!finding) continue;
        reported.add(item.origin.path);
        findings.push({ ...finding, path: `${item.origin.path}/hard` });
      }
    }
    return findings;
  },
});

type LimitsMissing = FindingWith<'limitsMissing', 'requests' | 'limits' | 'namespace' | 'them' | 'others'>;

interface Verdict {
  /** The finding, without its path, when the quota caps requests that nothing caps the limits of. */
  finding?: LimitsMissing;
  /** `limits.cpu by "other"`: what other quotas cap for this one. */
  cappedElsewhere: string[];
}

/** Judge one quota (an object of the namespace, or a Tenant item standing in for its copy) against the namespace's quotas. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- part of a Kubernetes object of the input, untyped JSON
function judge(quota: KubeObject, spec: any, namespace: string, items: Applied[]): Verdict {
  const specs = items.map((a) => a.spec);
  const requests: string[] = [];
  const limits: string[] = [];
  const cappedElsewhere: string[] = [];
  for (const resource of ['cpu', 'memory'] as const) {
    const requestKey = REQUEST_KEYS[resource].find((k) => capsAny(spec, [k]));
    if (!requestKey || capsAny(spec, LIMIT_KEYS[resource])) continue;
    const uncapped = uncappedPodKinds(
      specs,
      (s) => capsAny(s, LIMIT_KEYS[resource]),
      (pod) => quotaAppliesTo(spec, pod),
    );
    if (uncapped.length === 0) {
      const by = items.filter((a) => a.object !== quota && capsAny(a.spec, LIMIT_KEYS[resource]));
      if (by.length) cappedElsewhere.push(`limits.${resource} by ${by.map(nameOfApplied).join(', ')}`);
      continue;
    }
    requests.push(requestKey);
    limits.push(`limits.${resource}`);
  }
  if (limits.length === 0) return { cappedElsewhere };
  const others = items.filter((a) => a.object !== quota);
  return {
    cappedElsewhere,
    finding: {
      messageId: 'limitsMissing',
      data: {
        requests: requests.join(', '),
        limits: limits.join(', '),
        namespace,
        them: limits.length === 1 ? 'it' : 'them',
        others: others.length ? ` (other quotas: ${others.map(nameOfApplied).join(', ')})` : '',
      },
      related: others.map(refOfApplied),
    },
  };
}
