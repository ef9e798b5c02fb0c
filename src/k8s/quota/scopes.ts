/**
 * Which pods a ResourceQuota applies to, and whether a set of quotas together caps every pod.
 *
 * A quota with `spec.scopes` or `spec.scopeSelector` applies only to the pods that match all of
 * its scopes (https://kubernetes.io/docs/concepts/policy/resource-quotas/#quota-scopes), so on its
 * own it does not cap the namespace: a `NotBestEffort` cpu quota leaves BestEffort pods uncapped,
 * a `PriorityClass In [high]` quota leaves every other pod uncapped. Scoped quotas that together
 * cover every pod (`Terminating` plus `NotTerminating`) do cap it.
 *
 * Matching follows the quota pod evaluator (kubernetes pkg/quota/v1/evaluator/core/pods.go,
 * `podMatchesScopeFunc`): `spec.scopes` entries are `Exists` requirements; `Terminating` means
 * `activeDeadlineSeconds >= 0`; `PriorityClass` is a label selector over `{PriorityClass: <name>}`,
 * a label set that is empty for a pod without a PriorityClass (so `NotIn` and `DoesNotExist` match
 * it, `Exists` and `In` do not); an unknown scope matches no pod.
 *
 * Rather than reason about scope algebra, every kind of pod that the scopes can tell apart is
 * enumerated (a few dozen at most) and each is checked against the quotas.
 */
import { matchesSelector } from '../../model/selectors.js';
import { tryParseQuantity, isZeroQuantity } from '../../model/quantity.js';
import { DECLARATION_REQUIRED, POD_COUNT_KEYS, hardOf } from './keys.js';

/** The pod attributes that quota scopes look at. `priorityClass` '' means none. */
export interface PodKind {
  terminating: boolean;
  bestEffort: boolean;
  crossNamespacePodAffinity: boolean;
  priorityClass: string;
}

interface ScopeRequirement {
  scopeName: string;
  operator: string;
  values?: string[];
}

/** Stands for "any PriorityClass that no quota names". */
const OTHER_PRIORITY_CLASS = '\u0000other';

/** The scope requirements of a quota spec: `scopes` as `Exists`, plus `scopeSelector.matchExpressions`. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- part of a Kubernetes object of the input, untyped JSON
export function scopeRequirementsOf(spec: any): ScopeRequirement[] {
  const out: ScopeRequirement[] = [];
  for (const scope of Array.isArray(spec?.scopes) ? spec.scopes : []) {
    if (typeof scope === 'string') out.push({ scopeName: scope, operator: 'Exists' });
  }
  for (const req of Array.isArray(spec?.scopeSelector?.matchExpressions) ? spec.scopeSelector.matchExpressions : []) {
    if (req && typeof req.scopeName === 'string')
      out.push({
        scopeName: req.scopeName,
        operator: String(req.operator ?? ''),
        values: Array.isArray(req.values) ? req.values.map(String) : [],
      });
  }
  return out;
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- part of a Kubernetes object of the input, untyped JSON
export function isScoped(spec: any): boolean {
  return scopeRequirementsOf(spec).length > 0;
}

/** A short text for a quota's scopes: `NotBestEffort`, `PriorityClass In [high]`. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- part of a Kubernetes object of the input, untyped JSON
export function describeScopes(spec: any): string {
  return scopeRequirementsOf(spec)
    .map((r) =>
      r.scopeName === 'PriorityClass' && r.operator !== 'Exists'
        ? `PriorityClass ${r.operator}${r.values?.length ? ` [${r.values.join(', ')}]` : ''}`
        : r.scopeName,
    )
    .join(', ');
}

/** Does the quota apply to pods of this kind? */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- part of a Kubernetes object of the input, untyped JSON
export function quotaAppliesTo(spec: any, pod: PodKind): boolean {
  return scopeRequirementsOf(spec).every((req) => scopeMatches(req, pod));
}

function scopeMatches(req: ScopeRequirement, pod: PodKind): boolean {
  switch (req.scopeName) {
    case 'Terminating':
      return pod.terminating;
    case 'NotTerminating':
      return !pod.terminating;
    case 'BestEffort':
      return pod.bestEffort;
    case 'NotBestEffort':
      return !pod.bestEffort;
    case 'CrossNamespacePodAffinity':
      return pod.crossNamespacePodAffinity;
    case 'PriorityClass': {
      if (req.operator === 'Exists') return pod.priorityClass !== '';
      const labels: Record<string, string> = pod.priorityClass ? { PriorityClass: pod.priorityClass } : {};
      return matchesSelector({ matchExpressions: [{ key: 'PriorityClass', operator: req.operator, values: req.values }] }, labels);
    }
    default:
      return false;
  }
}

/** Every kind of pod the given quotas' scopes can tell apart. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- part of a Kubernetes object of the input, untyped JSON
export function podKindsFor(specs: readonly any[]): PodKind[] {
  const classes = new Set<string>(['', OTHER_PRIORITY_CLASS]);
  for (const spec of specs) {
    for (const req of scopeRequirementsOf(spec)) if (req.scopeName === 'PriorityClass') for (const v of req.values ?? []) classes.add(v);
  }
  const out: PodKind[] = [];
  for (const terminating of [false, true])
    for (const bestEffort of [false, true])
      for (const crossNamespacePodAffinity of [false, true])
        for (const priorityClass of classes) out.push({ terminating, bestEffort, crossNamespacePodAffinity, priorityClass });
  return out;
}

/**
 * Can a pod of this kind be admitted at all? Not when a quota that applies to it allows zero pods,
 * nor, for a BestEffort pod, when a quota that applies to it caps cpu or memory: that quota makes
 * every container declare the resource, and a pod that does is not BestEffort.
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- part of a Kubernetes object of the input, untyped JSON
export function isAdmissible(pod: PodKind, specs: readonly any[]): boolean {
  for (const spec of specs) {
    if (!quotaAppliesTo(spec, pod)) continue;
    const hard = hardOf(spec);
    for (const key of POD_COUNT_KEYS) {
      const q = key in hard ? tryParseQuantity(hard[key]) : undefined;
      if (q && isZeroQuantity(q)) return false;
    }
    if (pod.bestEffort && Object.keys(hard).some((k) => k in DECLARATION_REQUIRED)) return false;
  }
  return true;
}

/**
 * The admissible pod kinds (among `within`, default all) that no quota capping the resource applies
 * to. Empty means the quotas together cap it for every pod that can exist.
 */
export function uncappedPodKinds(
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- part of a Kubernetes object of the input, untyped JSON
  specs: readonly any[],
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- part of a Kubernetes object of the input, untyped JSON
  caps: (spec: any) => boolean,
  within: (pod: PodKind) => boolean = () => true,
): PodKind[] {
  const capping = specs.filter(caps);
  return podKindsFor(specs)
    .filter((pod) => within(pod) && isAdmissible(pod, specs))
    .filter((pod) => !capping.some((spec) => quotaAppliesTo(spec, pod)));
}

/** A pod kind in words, naming only what the given quotas' scopes look at: `BestEffort pods`, `pods without a PriorityClass`. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- part of a Kubernetes object of the input, untyped JSON
export function describePodKind(pod: PodKind, specs: readonly any[]): string {
  const looked = new Set(specs.flatMap((s) => scopeRequirementsOf(s).map((r) => r.scopeName)));
  const parts: string[] = [];
  if (looked.has('BestEffort') || looked.has('NotBestEffort')) parts.push(pod.bestEffort ? 'BestEffort' : 'non-BestEffort');
  if (looked.has('Terminating') || looked.has('NotTerminating'))
    parts.push(pod.terminating ? 'terminating (activeDeadlineSeconds set)' : 'long-running');
  if (looked.has('CrossNamespacePodAffinity')) parts.push(pod.crossNamespacePodAffinity ? 'cross-namespace-affinity' : '');
  let text = `${parts.filter(Boolean).join(' ')} pods`.trim();
  if (looked.has('PriorityClass')) {
    text +=
      pod.priorityClass === ''
        ? ' without a PriorityClass'
        : pod.priorityClass === OTHER_PRIORITY_CLASS
          ? ' of another PriorityClass'
          : ` of PriorityClass "${pod.priorityClass}"`;
  }
  return text;
}
