/**
 * Label selectors as the API evaluates them (meta/v1 LabelSelector,
 * https://kubernetes.io/docs/concepts/overview/working-with-objects/labels/#label-selectors):
 * `matchLabels` and `matchExpressions` are ANDed; an empty selector `{}` matches everything;
 * a null/absent selector matches nothing where the API says so (callers decide).
 */

export interface LabelSelectorRequirement {
  key: string;
  operator: 'In' | 'NotIn' | 'Exists' | 'DoesNotExist' | string;
  values?: string[];
}

export interface LabelSelector {
  matchLabels?: Record<string, string> | null;
  matchExpressions?: LabelSelectorRequirement[] | null;
}

/** True when `labels` satisfy `selector`. An empty selector matches every label set. */
export function matchesSelector(selector: LabelSelector | null | undefined, labels: Record<string, string> | undefined): boolean {
  if (!selector) return true;
  const have = labels ?? {};
  for (const [key, value] of Object.entries(selector.matchLabels ?? {})) {
    if (have[key] !== value) return false;
  }
  for (const req of selector.matchExpressions ?? []) {
    if (!matchesRequirement(req, have)) return false;
  }
  return true;
}

function matchesRequirement(req: LabelSelectorRequirement, labels: Record<string, string>): boolean {
  const has = Object.prototype.hasOwnProperty.call(labels, req.key);
  const values = req.values ?? [];
  switch (req.operator) {
    case 'In':
      return has && values.includes(labels[req.key]);
    case 'NotIn':
      // NotIn matches objects without the key, too (apimachinery labels.Requirement.Matches).
      return !has || !values.includes(labels[req.key]);
    case 'Exists':
      return has;
    case 'DoesNotExist':
      return !has;
    default:
      return false; // an invalid operator is rejected by the API server; never match on a guess
  }
}

/** True for `{}` (or a selector with empty matchLabels and matchExpressions): it selects everything. */
export function isEmptySelector(selector: LabelSelector | null | undefined): boolean {
  if (!selector) return false;
  return Object.keys(selector.matchLabels ?? {}).length === 0 && (selector.matchExpressions ?? []).length === 0;
}

/** The label keys a selector reads (for checks that ask whether those labels can be trusted). */
export function selectorKeys(selector: LabelSelector | null | undefined): string[] {
  if (!selector) return [];
  return [...Object.keys(selector.matchLabels ?? {}), ...(selector.matchExpressions ?? []).map((r) => r.key)];
}
