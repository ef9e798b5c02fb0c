/**
 * Whether a NetworkPolicy's `spec.podSelector` can select any pod of its namespace.
 *
 * A policy selects pods of its own namespace only, by their run-time labels: the pod template's
 * labels plus those the controller adds (`runtimePodLabels`, src/k8s/workloads). A selector
 * requirement on a controller-added key whose value only the cluster knows (`pod-template-hash`,
 * a CronJob's `job-name`) may match: `Exists` on it matches, `DoesNotExist` does not, and a value
 * test (`matchLabels`, `In`, `NotIn`) is given the benefit of the doubt. `{}` (or an absent
 * selector, which the API stores as `{}`) selects every pod. Selector semantics: src/model/selectors.ts.
 * Source: https://kubernetes.io/docs/concepts/services-networking/network-policies/.
 */
import type { PodTemplate } from '../../model/index.js';
import { type LabelSelector, type LabelSelectorRequirement, matchesSelector } from '../../model/selectors.js';
import type { KubeObject } from '../../model/types.js';
import { type RuntimePodLabels, runtimePodLabels } from '../workloads/index.js';

/** The policy's pod selector as the API reads it: `{}` when absent or not an object. */
export function podSelectorOf(policy: KubeObject): LabelSelector {
  const selector: unknown = policy.spec?.podSelector;
  return selector && typeof selector === 'object' ? (selector as LabelSelector) : {};
}

/** May a selector match pods with these run-time labels? False only when it certainly does not. */
export function selectorMayMatch(selector: LabelSelector, labels: RuntimePodLabels): boolean {
  const unknown = labels.unknownValue;
  const matchLabels = Object.fromEntries(Object.entries(selector.matchLabels ?? {}).filter(([key]) => !unknown.has(key)));
  const expressions = Array.isArray(selector.matchExpressions) ? selector.matchExpressions : [];
  const decidable: LabelSelectorRequirement[] = [];
  for (const req of expressions) {
    if (!unknown.has(req?.key)) decidable.push(req);
    else if (req.operator === 'DoesNotExist') return false;
    // Exists matches; In and NotIn on an unknown value may.
  }
  return matchesSelector({ matchLabels, matchExpressions: decidable }, labels.known);
}

/** The pod templates of `templates` (those of the policy's namespace) that the policy may select. */
export function templatesSelectedBy(policy: KubeObject, templates: readonly PodTemplate[]): PodTemplate[] {
  const selector = podSelectorOf(policy);
  return templates.filter((t) => selectorMayMatch(selector, runtimePodLabels(t)));
}
