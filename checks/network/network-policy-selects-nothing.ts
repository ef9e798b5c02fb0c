import { defineCheck } from '../../src/engine/check.js';
import { podSelectorOf, templatesSelectedBy } from '../../src/k8s/network/index.js';
import { K, POD_SPEC_PATHS } from '../../src/model/kinds.js';
import type { LabelSelector } from '../../src/model/selectors.js';
import { groupKindOf } from '../../src/model/types.js';

/**
 * A NetworkPolicy in a tenant namespace whose `spec.podSelector` selects none of the namespace's
 * pods, judged by each pod template's run-time labels (the template's labels and those its
 * controller adds) with the full selector semantics: `matchLabels` and `matchExpressions`
 * (`In`, `NotIn`, `Exists`, `DoesNotExist`), `{}` selecting every pod. A requirement on a label
 * whose value only the cluster knows (`pod-template-hash`, a CronJob's `job-name`) is taken to
 * match: the check reports only what certainly selects nothing (src/k8s/network/selects-nothing.ts).
 *
 * A namespace without any pod is not a finding: a policy often comes before the workloads it is
 * written for (a platform's default policies in a new namespace, a chart scanned apart from the
 * workloads), and it will select the pods to come; the pass says so. Only policies in the input
 * are judged, not the items of a Capsule Tenant's `spec.networkPolicies`, which are written for
 * every namespace of the tenant at once.
 * Source: https://kubernetes.io/docs/concepts/services-networking/network-policies/.
 */
export default defineCheck({
  id: 'network-policy-selects-nothing',
  family: 'network',
  title: 'NetworkPolicy selects no pod',
  description:
    "Flags every NetworkPolicy in a tenant namespace whose `spec.podSelector` matches none of the namespace's pods, judged on the pod template of every workload kind with the labels its controller adds. Policies in a namespace that has no pods at all pass (they wait for the pods to come).",
  rationale:
    'A policy that selects no pod isolates nothing and admits nothing: whatever its rules say, the pods it was written for stay open to every other tenant. Such a policy usually comes from a mistyped label or a selector that drifted from the workload, and it is worse than none, because it tells its readers the pods are protected.',
  remediation:
    "Make `spec.podSelector` match the labels of the pods it is meant for (`kubectl get pods -l '<selector>'` in the namespace must list them), or use `podSelector: {}` for a namespace-wide policy; delete the policy if its workload is gone.",
  references: [
    { title: 'Kubernetes: Network Policies', url: 'https://kubernetes.io/docs/concepts/services-networking/network-policies/' },
    {
      title: 'Kubernetes: Labels and Selectors (set-based requirements)',
      url: 'https://kubernetes.io/docs/concepts/overview/working-with-objects/labels/#set-based-requirement',
    },
  ],
  severity: { 'multi-team': 'low', 'multi-customer': 'medium' },
  target: { kinds: [K.NetworkPolicy] },
  needs: Object.keys(POD_SPEC_PATHS),
  messages: {
    selectsNothing:
      'podSelector {{selector}} matches none of the {{count}} workloads of namespace {{namespace}} ({{workloads}}): the policy isolates no pod and its rules protect nothing',
  },
  check(policy, ctx) {
    const namespace = policy.metadata.namespace ?? 'default';
    const templates = ctx.index.podTemplatesIn(namespace);
    if (templates.length === 0) {
      return { passNote: `namespace ${namespace} has no pods yet: the policy will select the pods to come` };
    }
    if (templatesSelectedBy(policy, templates).length > 0) return [];
    const names = templates.slice(0, 3).map((t) => `${groupKindOf(t.owner).split('.')[0]}/${t.owner.metadata.name}`);
    const more = templates.length > 3 ? ` and ${templates.length - 3} more` : '';
    return [
      {
        messageId: 'selectsNothing',
        data: { selector: describeSelector(podSelectorOf(policy)), count: templates.length, namespace, workloads: names.join(', ') + more },
        path: '/spec/podSelector',
      },
    ];
  },
});

/** A selector in kubectl's `-l` syntax: `app=web,tier in (db),!canary`. */
function describeSelector(selector: LabelSelector): string {
  const parts = Object.entries(selector.matchLabels ?? {}).map(([k, v]) => `${k}=${v}`);
  for (const req of Array.isArray(selector.matchExpressions) ? selector.matchExpressions : []) {
    const values = (req.values ?? []).join(', ');
    if (req.operator === 'In') parts.push(`${req.key} in (${values})`);
    else if (req.operator === 'NotIn') parts.push(`${req.key} notin (${values})`);
    else if (req.operator === 'Exists') parts.push(req.key);
    else if (req.operator === 'DoesNotExist') parts.push(`!${req.key}`);
    else parts.push(`${req.key} ${String(req.operator)}`);
  }
  return `"${parts.join(',')}"`;
}
