/**
 * Which nodes a pod may be scheduled on, by its required constraints: `spec.nodeSelector` (every
 * label must match) AND `spec.affinity.nodeAffinity.requiredDuringSchedulingIgnoredDuringExecution`
 * (its `nodeSelectorTerms` are ORed; the requirements of one term are ANDed; operators `In`,
 * `NotIn`, `Exists`, `DoesNotExist`, `Gt`, `Lt`; `matchFields` only on `metadata.name`). An empty
 * term matches no node. Preferred affinity and tolerations are not constraints: a toleration lets a
 * pod onto a tainted node, it never keeps it on one.
 * Sources: https://kubernetes.io/docs/concepts/scheduling-eviction/assign-pod-node/,
 * https://kubernetes.io/docs/reference/kubernetes-api/workload-resources/pod-v1/#NodeSelectorRequirement
 * (k8s.io/component-helpers/scheduling/corev1/nodeaffinity).
 */

export interface NodeSelectorRequirement {
  key: string;
  operator: string;
  values: string[];
}

export interface NodeSelectorTerm {
  matchExpressions: NodeSelectorRequirement[];
  matchFields: NodeSelectorRequirement[];
}

/** A pod's required node constraints. */
export interface NodeSelection {
  nodeSelector: Record<string, string>;
  /** Undefined: no required node affinity. */
  terms?: NodeSelectorTerm[];
}

/** The node a selection is evaluated on: its labels, and its name when known. */
export interface NodeFacts {
  name?: string;
  labels: Record<string, string>;
  /**
   * Keys whose value is not known (a node pool described only by some of its labels): a
   * requirement on any other key counts as met. Undefined: every label of the node is known.
   */
  knownKeys?: ReadonlySet<string>;
}

/** The required node constraints of a pod spec, read defensively from the input. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- a PodSpec as read from the input, untyped JSON
export function nodeSelectionOf(spec: any, extraSelector: Record<string, string> = {}): NodeSelection {
  const own: Record<string, string> = {};
  for (const [k, v] of Object.entries(spec?.nodeSelector ?? {})) if (typeof v === 'string') own[k] = v;
  const required = spec?.affinity?.nodeAffinity?.requiredDuringSchedulingIgnoredDuringExecution;
  const rawTerms: unknown = required?.nodeSelectorTerms;
  const selection: NodeSelection = { nodeSelector: { ...own, ...extraSelector } };
  if (Array.isArray(rawTerms) && rawTerms.length > 0) selection.terms = rawTerms.map(termOf);
  return selection;
}

/** Does the selection constrain placement at all (a nodeSelector or required node affinity)? */
export function constrains(selection: NodeSelection): boolean {
  return Object.keys(selection.nodeSelector).length > 0 || selection.terms !== undefined;
}

/** Would the scheduler's required constraints admit this node? */
export function selectsNode(selection: NodeSelection, node: NodeFacts): boolean {
  const known = (key: string) => node.knownKeys === undefined || node.knownKeys.has(key);
  for (const [k, v] of Object.entries(selection.nodeSelector)) {
    if (known(k) && node.labels[k] !== v) return false;
  }
  if (!selection.terms) return true;
  return selection.terms.some(
    (term) =>
      term.matchExpressions.length + term.matchFields.length > 0 &&
      term.matchExpressions.every((r) => !known(r.key) || requirementMet(r, node.labels[r.key])) &&
      term.matchFields.every((r) => r.key === 'metadata.name' && (node.name === undefined || requirementMet(r, node.name))),
  );
}

/** One requirement on a label's value (`undefined`: the node lacks the label). Unknown operators match nothing. */
function requirementMet(r: NodeSelectorRequirement, value: string | undefined): boolean {
  switch (r.operator) {
    case 'In':
      return value !== undefined && r.values.includes(value);
    case 'NotIn':
      return value === undefined || !r.values.includes(value);
    case 'Exists':
      return value !== undefined;
    case 'DoesNotExist':
      return value === undefined;
    case 'Gt':
    case 'Lt': {
      // one value, both sides parsed as integers (nodeaffinity.go); a label that does not parse matches nothing
      if (value === undefined || r.values.length !== 1 || !/^-?\d+$/.test(value) || !/^-?\d+$/.test(r.values[0])) return false;
      return r.operator === 'Gt' ? Number(value) > Number(r.values[0]) : Number(value) < Number(r.values[0]);
    }
    default:
      return false;
  }
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- a NodeSelectorTerm as read from the input
function termOf(t: any): NodeSelectorTerm {
  return { matchExpressions: requirementsOf(t?.matchExpressions), matchFields: requirementsOf(t?.matchFields) };
}

function requirementsOf(raw: unknown): NodeSelectorRequirement[] {
  if (!Array.isArray(raw)) return [];
  return raw.map((r) => ({
    key: typeof r?.key === 'string' ? r.key : '',
    operator: typeof r?.operator === 'string' ? r.operator : '',
    values: Array.isArray(r?.values) ? r.values.filter((v: unknown): v is string => typeof v === 'string') : [],
  }));
}
