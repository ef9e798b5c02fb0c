/**
 * ResourceQuota `spec.hard` names and what they cap
 * (https://kubernetes.io/docs/concepts/policy/resource-quotas/).
 */

/** The three resources MTB-PL1-CC-FNS-1 asks a tenant namespace's quotas to cap. */
export const CAPPED_RESOURCES = ['cpu', 'memory', 'ephemeral-storage'] as const;
export type CappedResource = (typeof CAPPED_RESOURCES)[number];

/** A resource is capped by its request total, its limit total, or the bare name (which means requests). */
export const CAP_KEYS: Readonly<Record<CappedResource, readonly string[]>> = {
  cpu: ['requests.cpu', 'limits.cpu', 'cpu'],
  memory: ['requests.memory', 'limits.memory', 'memory'],
  'ephemeral-storage': ['requests.ephemeral-storage', 'limits.ephemeral-storage', 'ephemeral-storage'],
};

/** Names that cap the request total of cpu / memory (bare `cpu` and `memory` mean requests). */
export const REQUEST_KEYS: Readonly<Record<'cpu' | 'memory', readonly string[]>> = {
  cpu: ['requests.cpu', 'cpu'],
  memory: ['requests.memory', 'memory'],
};

/** Names that cap the limit total of cpu / memory. */
export const LIMIT_KEYS: Readonly<Record<'cpu' | 'memory', readonly string[]>> = {
  cpu: ['limits.cpu'],
  memory: ['limits.memory'],
};

/**
 * Names that make every container (and init container) of a pod the quota applies to declare
 * the matching request or limit, else the pod is rejected: the quota pod evaluator's
 * `validationSet` (kubernetes pkg/quota/v1/evaluator/core/pods.go). Ephemeral storage is not in it.
 */
export const DECLARATION_REQUIRED: Readonly<Record<string, { resource: 'cpu' | 'memory'; field: 'request' | 'limit' }>> = {
  cpu: { resource: 'cpu', field: 'request' },
  'requests.cpu': { resource: 'cpu', field: 'request' },
  'limits.cpu': { resource: 'cpu', field: 'limit' },
  memory: { resource: 'memory', field: 'request' },
  'requests.memory': { resource: 'memory', field: 'request' },
  'limits.memory': { resource: 'memory', field: 'limit' },
};

/**
 * The object counts quota-object-counts-missing requires (MTB-PL1-CC-FNS-2), each with the names that
 * cap it: the legacy name or the generic `count/<resource>` form. `services.nodeports` and
 * `services.loadbalancers` exist only as legacy names.
 */
export const OBJECT_COUNTS: ReadonlyArray<{ resource: string; keys: readonly string[] }> = [
  { resource: 'pods', keys: ['pods', 'count/pods'] },
  { resource: 'services', keys: ['services', 'count/services'] },
  { resource: 'services.nodeports', keys: ['services.nodeports'] },
  { resource: 'services.loadbalancers', keys: ['services.loadbalancers'] },
  { resource: 'persistentvolumeclaims', keys: ['persistentvolumeclaims', 'count/persistentvolumeclaims'] },
  { resource: 'configmaps', keys: ['configmaps', 'count/configmaps'] },
  { resource: 'secrets', keys: ['secrets', 'count/secrets'] },
];

/** Names that count pods: the only object count a scoped quota may hold. */
export const POD_COUNT_KEYS: readonly string[] = ['pods', 'count/pods'];

/** `spec.hard` of a quota spec as a map (empty when absent or malformed). */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- part of a Kubernetes object of the input, untyped JSON
export function hardOf(spec: any): Record<string, unknown> {
  const hard = spec?.hard;
  return hard && typeof hard === 'object' && !Array.isArray(hard) ? (hard as Record<string, unknown>) : {};
}

/** Does `spec.hard` name any of `keys`? A value of any size caps (zero forbids). */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- part of a Kubernetes object of the input, untyped JSON
export function capsAny(spec: any, keys: readonly string[]): boolean {
  const hard = hardOf(spec);
  return keys.some((k) => Object.prototype.hasOwnProperty.call(hard, k));
}
