/**
 * How one RBAC rule matches one request, exactly as the API server's RBAC authorizer decides it
 * (k8s.io/kubernetes pkg/apis/rbac/v1/evaluation_helpers.go: VerbMatches, APIGroupMatches,
 * ResourceMatches, ResourceNameMatches). RBAC has no deny: a request is allowed when any rule of
 * any applicable binding matches.
 */
import type { AccessRequest, PolicyRule } from './types.js';

/** `*` matches every verb. */
export function verbMatches(rule: PolicyRule, verb: string): boolean {
  return (rule.verbs ?? []).some((v) => v === '*' || v === verb);
}

/** `*` matches every API group; `''` is the core group. */
export function apiGroupMatches(rule: PolicyRule, group: string): boolean {
  return (rule.apiGroups ?? []).some((g) => g === '*' || g === group);
}

/**
 * `*` matches every resource and every subresource; `pods/exec` matches exactly; `*\/scale` matches the
 * `scale` subresource of any resource. `pods/*` is not a wildcard (the API server compares it literally).
 */
export function resourceMatches(rule: PolicyRule, resource: string, subresource?: string): boolean {
  const combined = subresource ? `${resource}/${subresource}` : resource;
  return (rule.resources ?? []).some((r) => r === '*' || r === combined || (!!subresource && r === `*/${subresource}`));
}

/**
 * An empty `resourceNames` matches every name. A non-empty one matches only a request naming one of
 * them, so it never matches create, list or deletecollection (which carry no name), unless `anyName`.
 */
export function resourceNameMatches(rule: PolicyRule, name: string | undefined, anyName = false): boolean {
  const names = rule.resourceNames ?? [];
  if (names.length === 0) return true;
  if (anyName && name === undefined) return true;
  return name !== undefined && names.includes(name);
}

/** Does this resource rule allow the request? (Non-resource rules never match a resource request.) */
export function ruleAllows(rule: PolicyRule, request: AccessRequest): boolean {
  return (
    verbMatches(rule, request.verb) &&
    apiGroupMatches(rule, request.group) &&
    resourceMatches(rule, request.resource, request.subresource) &&
    resourceNameMatches(rule, request.name, request.anyName)
  );
}

/** Normalise a rule read from an object: lists that are not string arrays become empty (match nothing). */
export function asPolicyRule(raw: unknown): PolicyRule {
  const r = (raw ?? {}) as Record<string, unknown>;
  const list = (v: unknown) => (Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : []);
  return {
    verbs: list(r.verbs),
    apiGroups: list(r.apiGroups),
    resources: list(r.resources),
    resourceNames: list(r.resourceNames),
    nonResourceURLs: list(r.nonResourceURLs),
  };
}
