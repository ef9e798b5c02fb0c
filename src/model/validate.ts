import { groupKindOf } from './types.js';

/**
 * Shape checks for objects entering the index, so that later code can trust the fields it reads.
 * The API server rejects these shapes (ObjectMeta, LabelSelector and the Capsule Tenant CRD are
 * typed: https://kubernetes.io/docs/reference/kubernetes-api/common-definitions/object-meta/,
 * https://kubernetes.io/docs/reference/kubernetes-api/common-definitions/label-selector/), so an
 * object that fails one can only come from a hand-written file or a broken server: it is reported
 * and skipped, never guessed at.
 */

/**
 * The first problem that makes `value` unusable as a Kubernetes object, or undefined when it has none.
 * Label and annotation values that are null become `""`, as on the API server.
 */
export function objectShapeProblem(value: unknown): string | undefined {
  if (!isMapping(value)) return `not a Kubernetes object (${describe(value)})`;
  if (typeof value.apiVersion !== 'string') return `apiVersion is not a string (${describe(value.apiVersion)})`;
  if (typeof value.kind !== 'string') return `kind is not a string (${describe(value.kind)})`;
  const meta = value.metadata;
  if (!isMapping(meta)) return `metadata is not a mapping (${describe(meta)})`;
  if (typeof meta.name !== 'string') return `metadata.name is not a string (${describe(meta.name)})`;
  for (const field of ['namespace', 'uid', 'generateName', 'creationTimestamp']) {
    if (meta[field] !== undefined && meta[field] !== null && typeof meta[field] !== 'string')
      return `metadata.${field} is not a string (${describe(meta[field])})`;
  }
  for (const field of ['labels', 'annotations']) {
    const problem = stringMapProblem(meta[field], `metadata.${field}`);
    if (problem) return problem;
  }
  const owners = meta.ownerReferences;
  if (owners !== undefined && owners !== null) {
    if (!Array.isArray(owners)) return `metadata.ownerReferences is not a list (${describe(owners)})`;
    for (let i = 0; i < owners.length; i++) {
      const ref: unknown = owners[i];
      if (!isMapping(ref)) return `metadata.ownerReferences[${i}] is not a mapping (${describe(ref)})`;
      for (const field of ['apiVersion', 'kind', 'name']) {
        if (typeof ref[field] !== 'string') return `metadata.ownerReferences[${i}].${field} is not a string (${describe(ref[field])})`;
      }
      if (ref.uid !== undefined && typeof ref.uid !== 'string')
        return `metadata.ownerReferences[${i}].uid is not a string (${describe(ref.uid)})`;
    }
  }
  return KIND_RULES[groupKindOf(value as { apiVersion: string; kind: string })]?.(value);
}

/** Problems in a `matchLabels`/`matchExpressions` selector at `path`; `null`/absent is allowed where `optional`. */
export function labelSelectorProblem(selector: unknown, path: string, optional = true): string | undefined {
  if (selector === undefined || selector === null) return optional ? undefined : `${path} is missing`;
  if (!isMapping(selector)) return `${path} is not a label selector (${describe(selector)})`;
  const labels = stringMapProblem(selector.matchLabels, `${path}.matchLabels`);
  if (labels) return labels;
  const expressions = selector.matchExpressions;
  if (expressions === undefined || expressions === null) return undefined;
  if (!Array.isArray(expressions)) return `${path}.matchExpressions is not a list (${describe(expressions)})`;
  for (let i = 0; i < expressions.length; i++) {
    const req: unknown = expressions[i];
    const at = `${path}.matchExpressions[${i}]`;
    if (!isMapping(req)) return `${at} is not a mapping (${describe(req)})`;
    if (typeof req.key !== 'string') return `${at}.key is not a string (${describe(req.key)})`;
    if (typeof req.operator !== 'string') return `${at}.operator is not a string (${describe(req.operator)})`;
    if (req.values !== undefined && req.values !== null) {
      if (!Array.isArray(req.values)) return `${at}.values is not a list (${describe(req.values)})`;
      const bad = req.values.findIndex((v) => typeof v !== 'string');
      if (bad >= 0) return `${at}.values[${bad}] is not a string (${describe(req.values[bad])})`;
    }
  }
  return undefined;
}

type Rule = (obj: Record<string, unknown>) => string | undefined;

/** Kind-specific fields that shared code (selectors, the tenant model) reads without further checks. */
const KIND_RULES: Record<string, Rule> = {
  'NetworkPolicy.networking.k8s.io': networkPolicyProblem,
  'Tenant.capsule.clastix.io': (obj) => {
    const owners = isMapping(obj.spec) ? obj.spec.owners : undefined;
    if (owners === undefined || owners === null) return undefined;
    if (!Array.isArray(owners)) return `spec.owners is not a list (${describe(owners)})`;
    const bad = owners.findIndex((o) => !isMapping(o) || typeof o.kind !== 'string' || typeof o.name !== 'string');
    return bad >= 0 ? `spec.owners[${bad}] is not a mapping with a kind and a name (${describe(owners[bad])})` : undefined;
  },
};

/** A NetworkPolicy the API server would reject (networking/v1 NetworkPolicySpec): its selectors and peers must be typed. */
function networkPolicyProblem(obj: Record<string, unknown>): string | undefined {
  const spec = obj.spec;
  if (spec === undefined || spec === null) return undefined;
  if (!isMapping(spec)) return `spec is not a mapping (${describe(spec)})`;
  const pod = labelSelectorProblem(spec.podSelector, 'spec.podSelector');
  if (pod) return pod;
  for (const [direction, peers] of [
    ['ingress', 'from'],
    ['egress', 'to'],
  ] as const) {
    const rules = spec[direction];
    if (rules === undefined || rules === null) continue;
    if (!Array.isArray(rules)) return `spec.${direction} is not a list (${describe(rules)})`;
    for (let i = 0; i < rules.length; i++) {
      const rule: unknown = rules[i];
      if (!isMapping(rule)) return `spec.${direction}[${i}] is not a mapping (${describe(rule)})`;
      for (const field of [peers, 'ports']) {
        const list = rule[field];
        if (list !== undefined && list !== null && !Array.isArray(list))
          return `spec.${direction}[${i}].${field} is not a list (${describe(list)})`;
      }
      const list = (rule[peers] ?? []) as unknown[];
      for (let j = 0; j < list.length; j++) {
        const peer = list[j];
        const at = `spec.${direction}[${i}].${peers}[${j}]`;
        if (!isMapping(peer)) return `${at} is not a mapping (${describe(peer)})`;
        const problem =
          labelSelectorProblem(peer.podSelector, `${at}.podSelector`) ??
          labelSelectorProblem(peer.namespaceSelector, `${at}.namespaceSelector`);
        if (problem) return problem;
      }
      const ports = (rule.ports ?? []) as unknown[];
      const bad = ports.findIndex((p) => !isMapping(p));
      if (bad >= 0) return `spec.${direction}[${i}].ports[${bad}] is not a mapping (${describe(ports[bad])})`;
    }
  }
  const types = spec.policyTypes;
  if (types !== undefined && types !== null && (!Array.isArray(types) || types.some((t) => typeof t !== 'string')))
    return `spec.policyTypes is not a list of strings (${describe(types)})`;
  return undefined;
}

function stringMapProblem(value: unknown, path: string): string | undefined {
  if (value === undefined || value === null) return undefined;
  if (!isMapping(value)) return `${path} is not a mapping (${describe(value)})`;
  for (const [key, v] of Object.entries(value)) {
    // A null value decodes to "" on the API server (encoding/json into map[string]string).
    if (v === null) value[key] = '';
    else if (typeof v !== 'string') return `${path}.${key} is not a string (${describe(v)})`;
  }
  return undefined;
}

function isMapping(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** A short rendering of a wrong value for a message: `5`, `"x"`, `null`, `a list`, `a mapping`. */
function describe(value: unknown): string {
  if (value === undefined) return 'missing';
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'object' && value !== null) return 'a mapping';
  const text = JSON.stringify(value) ?? String(value);
  return text.length > 40 ? `${text.slice(0, 40)}…` : text;
}
