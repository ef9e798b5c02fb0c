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

/**
 * Objects indexed by their labels, to find those a selector matches without testing every one:
 * the selector's most selective equality requirement (a `matchLabels` entry, `In`, or `Exists`)
 * picks the candidates, and `matchesSelector` then decides each candidate, so the answer is
 * exactly `items.filter((o) => matchesSelector(selector, labelsOf(o)))`, in the items' order.
 * A selector without such a requirement (`{}`, only `NotIn`/`DoesNotExist`, or malformed) is
 * tested against every item. The items must not change after construction.
 */
export class LabelIndex<T> {
  private readonly byKey = new Map<string, number[]>();
  private readonly byKeyValue = new Map<string, Map<unknown, number[]>>();

  constructor(
    private readonly items: readonly T[],
    private readonly labelsOf: (item: T) => Record<string, string> | undefined,
  ) {
    items.forEach((item, i) => {
      const labels = labelsOf(item);
      if (!labels || typeof labels !== 'object') return;
      for (const [key, value] of Object.entries(labels)) {
        pushTo(this.byKey, key, i);
        let values = this.byKeyValue.get(key);
        if (!values) this.byKeyValue.set(key, (values = new Map()));
        pushTo(values, value, i);
      }
    });
  }

  /** The items whose labels satisfy `selector`, in the order they were given. */
  matching(selector: LabelSelector): T[] {
    const candidates = this.candidates(selector);
    const out: T[] = [];
    if (!candidates) {
      for (const item of this.items) if (matchesSelector(selector, this.labelsOf(item))) out.push(item);
      return out;
    }
    for (const i of candidates) if (matchesSelector(selector, this.labelsOf(this.items[i]))) out.push(this.items[i]);
    return out;
  }

  /** Positions (ascending) of a superset of the matching items, or undefined when every item is a candidate. */
  private candidates(selector: LabelSelector): number[] | undefined {
    if (!selector || typeof selector !== 'object') return undefined;
    const { matchLabels, matchExpressions } = selector;
    // Anything matchesSelector would read differently (or throw on) is tested item by item, as before.
    if (matchLabels !== undefined && matchLabels !== null && (typeof matchLabels !== 'object' || Array.isArray(matchLabels)))
      return undefined;
    if (matchExpressions !== undefined && matchExpressions !== null && !Array.isArray(matchExpressions)) return undefined;
    let best: number[] | undefined;
    const consider = (list: number[]) => {
      if (!best || list.length < best.length) best = list;
    };
    if ((matchExpressions ?? []).some((req) => !req || typeof req !== 'object')) return undefined;
    for (const [key, value] of Object.entries(matchLabels ?? {})) {
      // `undefined` (only from code, never from YAML or JSON) matches objects without the key.
      if (value !== undefined) consider(this.byKeyValue.get(key)?.get(value) ?? []);
    }
    for (const req of matchExpressions ?? []) {
      if (typeof req.key !== 'string') continue;
      if (req.operator === 'Exists') consider(this.byKey.get(req.key) ?? []);
      else if (req.operator === 'In' && (req.values === undefined || req.values === null || Array.isArray(req.values))) {
        const values = this.byKeyValue.get(req.key);
        const lists = (req.values ?? []).map((v) => values?.get(v) ?? []);
        consider(lists.length === 1 ? lists[0] : [...new Set(lists.flat())].sort((a, b) => a - b));
      }
    }
    return best;
  }
}

function pushTo<K>(map: Map<K, number[]>, key: K, value: number): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}
