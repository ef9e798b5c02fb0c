import { defineCheck } from '../../src/engine/check.js';
import { K } from '../../src/model/kinds.js';
import { containerDefaultsOf } from '../../src/model/resources.js';
import {
  DECLARATION_REQUIRED,
  hardOf,
  limitRangesOf,
  nameOfApplied,
  quotasOf,
  refOfApplied,
  QUOTA_READS,
} from '../../src/k8s/quota/index.js';

/**
 * A quota on `cpu`/`memory`, `requests.*` or `limits.*` makes every container the quota applies to
 * declare that request or limit, or the pod is rejected (the quota pod evaluator's validationSet).
 * A LimitRange of type Container fills what a pod omits: `defaultRequest` the request, `default`
 * the limit, where the API defaults an unset `default` from `max` and an unset `defaultRequest`
 * from `default`, else `min` (SetDefaults_LimitRangeItem, see src/model/resources.ts). The check is
 * per declaration: a LimitRange that defaults cpu but not memory still leaves pods rejected.
 */
export default defineCheck({
  id: 'quota-limitrange-missing',
  family: 'quota',
  title: 'Compute quota without LimitRange defaults',
  description:
    'Flags a tenant namespace with a compute quota (`cpu`, `memory`, `requests.*` or `limits.*` of them) for which no LimitRange of type Container supplies the default request or limit that the quota makes every container declare.',
  rationale:
    'Once a namespace quota caps a compute resource, every pod that omits the matching request or limit is rejected, so tenants work around the quota instead of within it; and where the quota omits a resource, the LimitRange default is also what keeps it bounded. Defaults make the quota usable and the caps real.',
  remediation:
    'Add a LimitRange with a `type: Container` item that sets `defaultRequest` and `default` (or `max`, which the API copies into `default`) for every resource the namespace quotas cap.',
  references: [
    { title: 'Kubernetes: Limit Ranges', url: 'https://kubernetes.io/docs/concepts/policy/limit-range/' },
    {
      title: 'Kubernetes: Resource Quotas, requests vs limits',
      url: 'https://kubernetes.io/docs/concepts/policy/resource-quotas/#requests-vs-limits',
    },
    {
      title: 'Kubernetes: Configure default CPU requests and limits for a namespace',
      url: 'https://kubernetes.io/docs/tasks/administer-cluster/manage-resources/cpu-default-namespace/',
    },
  ],
  severity: 'medium',
  target: 'namespace',
  needs: [K.ResourceQuota, K.LimitRange],
  reads: QUOTA_READS,
  messages: {
    noDefaults:
      'quota {{quotas}} makes every container declare {{declarations}}, but no LimitRange (type Container) of namespace {{namespace}} supplies a default for {{them}}: pods that omit {{them}} are rejected',
  },
  check(ns, ctx) {
    const namespace = ns.metadata.name;
    const quotas = quotasOf(namespace, ctx);
    const limitRanges = limitRangesOf(namespace, ctx);
    const defaults = containerDefaultsOf(limitRanges.items.map((a) => a.object));
    const missing = new Set<string>();
    const requiring = new Set<(typeof quotas.items)[number]>();
    for (const quota of quotas.items) {
      for (const key of Object.keys(hardOf(quota.spec))) {
        const required = DECLARATION_REQUIRED[key];
        if (!required) continue;
        const supplied = required.field === 'request' ? defaults.defaultRequest[required.resource] : defaults.default[required.resource];
        if (supplied) continue;
        missing.add(`${required.resource} ${required.field}`);
        requiring.add(quota);
      }
    }
    if (missing.size === 0) return [];
    const unreadable = quotas.tenantUnreadable ?? limitRanges.tenantUnreadable;
    if (unreadable) return { notEvaluated: unreadable };
    const declarations = [...missing].sort();
    return [
      {
        messageId: 'noDefaults',
        data: {
          quotas: [...requiring].map(nameOfApplied).join(', '),
          declarations: declarations.map((d) => `a ${d}`).join(', '),
          namespace,
          them: declarations.length === 1 ? 'it' : 'them',
        },
        related: [...[...requiring].map(refOfApplied), ...limitRanges.items.map(refOfApplied)],
      },
    ];
  },
});
