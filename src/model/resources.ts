/**
 * A container's cpu and memory requests and limits as the API server stores them: after the API's
 * own defaulting and after the LimitRanger admission plugin has filled in the namespace's defaults.
 *
 * Sources (Kubernetes source, read as of v1.30+):
 * - `SetDefaults_LimitRangeItem` (pkg/apis/core/v1/defaults.go): for a `Container` item, an unset
 *   `default` is taken from `max`; an unset `defaultRequest` from `default` (after that step), else
 *   from `min`.
 * - `SetDefaults_Pod` (same file): a container with a limit but no request for a resource gets
 *   request = limit. This runs when the object is decoded, before admission.
 * - LimitRanger (plugin/pkg/admission/limitranger/admission.go, `mergeContainerResources`): every
 *   LimitRange of the namespace fills, for `containers` and `initContainers`, each request or
 *   limit that is still unset from its `Container` items' `defaultRequest` and `default`. It never
 *   overrides a value the pod sets, so which LimitRange is read first does not change what is set.
 * - Pod-level resources (`spec.resources`, KEP-2837, beta and on by default since v1.34): a pod-level
 *   request or limit bounds the containers that set none themselves.
 * https://kubernetes.io/docs/concepts/policy/limit-range/
 */
import type { KubeObject } from './types.js';

/** The two resources whose requests and limits tenant fairness rests on. */
export const COMPUTE_RESOURCES = ['cpu', 'memory'] as const;
export type ComputeResource = (typeof COMPUTE_RESOURCES)[number];

/** Where an effective request or limit came from. */
export type ResourceOrigin =
  /** set on the container itself */
  | 'container'
  /** request copied from the container's own limit (SetDefaults_Pod) */
  | 'container-limit'
  /** filled in by a LimitRange's `default` or `defaultRequest` (after SetDefaults_LimitRangeItem) */
  | 'limit-range'
  /** bounded by the pod-level `spec.resources` */
  | 'pod';

export interface EffectiveValue {
  value: unknown;
  origin: ResourceOrigin;
  /** The LimitRange that supplied it, for origin `limit-range`. */
  limitRange?: KubeObject;
}

/** Effective requests and limits per resource name (only names that end up set). */
export interface EffectiveResources {
  requests: Partial<Record<string, EffectiveValue>>;
  limits: Partial<Record<string, EffectiveValue>>;
}

/** What the LimitRanges of a namespace fill into a container: resource name -> value and the LimitRange. */
export interface ContainerDefaults {
  default: Partial<Record<string, { value: unknown; limitRange: KubeObject }>>;
  defaultRequest: Partial<Record<string, { value: unknown; limitRange: KubeObject }>>;
}

type ResourceList = Record<string, unknown>;

/** A LimitRangeItem (core/v1) after `SetDefaults_LimitRangeItem`, for items of type `Container`. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- part of a Kubernetes object of the input, untyped JSON
export function defaultLimitRangeItem(item: any): { type: string; default: ResourceList; defaultRequest: ResourceList } {
  const type = typeof item?.type === 'string' ? item.type : '';
  const def: ResourceList = { ...asList(item?.default) };
  const defaultRequest: ResourceList = { ...asList(item?.defaultRequest) };
  if (type === 'Container') {
    for (const [k, v] of Object.entries(asList(item?.max))) if (!(k in def)) def[k] = v;
    for (const [k, v] of Object.entries(def)) if (!(k in defaultRequest)) defaultRequest[k] = v;
    for (const [k, v] of Object.entries(asList(item?.min))) if (!(k in defaultRequest)) defaultRequest[k] = v;
  }
  return { type, default: def, defaultRequest };
}

/**
 * The defaults that LimitRanges fill into a container that sets nothing. Only items of type
 * `Container` count (`Pod` and `PersistentVolumeClaim` items never default a container). For a
 * name supplied by several LimitRanges the first one given wins (the value is only reported).
 */
export function containerDefaultsOf(limitRanges: readonly KubeObject[]): ContainerDefaults {
  const out: ContainerDefaults = { default: {}, defaultRequest: {} };
  for (const limitRange of limitRanges) {
    const items = Array.isArray(limitRange.spec?.limits) ? limitRange.spec.limits : [];
    for (const raw of items) {
      const item = defaultLimitRangeItem(raw);
      if (item.type !== 'Container') continue;
      for (const [k, value] of Object.entries(item.default)) out.default[k] ??= { value, limitRange };
      for (const [k, value] of Object.entries(item.defaultRequest)) out.defaultRequest[k] ??= { value, limitRange };
    }
  }
  return out;
}

/**
 * A container's effective requests and limits: its own, then request = limit where only the limit
 * is set, then the LimitRange defaults for what is still unset, then the pod-level resources.
 * Ephemeral containers are not handled here: the API forbids resources on them.
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- part of a Kubernetes object of the input, untyped JSON
export function effectiveResources(container: any, podSpec: any, defaults: ContainerDefaults): EffectiveResources {
  const requests: EffectiveResources['requests'] = {};
  const limits: EffectiveResources['limits'] = {};
  for (const [k, value] of Object.entries(asList(container?.resources?.requests))) requests[k] = { value, origin: 'container' };
  for (const [k, value] of Object.entries(asList(container?.resources?.limits))) limits[k] = { value, origin: 'container' };
  for (const [k, limit] of Object.entries(limits)) requests[k] ??= { value: limit!.value, origin: 'container-limit' };
  for (const [k, d] of Object.entries(defaults.default))
    limits[k] ??= { value: d!.value, origin: 'limit-range', limitRange: d!.limitRange };
  for (const [k, d] of Object.entries(defaults.defaultRequest))
    requests[k] ??= { value: d!.value, origin: 'limit-range', limitRange: d!.limitRange };
  // Pod-level limits default pod-level requests the same way container limits do.
  const podLimits = asList(podSpec?.resources?.limits);
  const podRequests = { ...podLimits, ...asList(podSpec?.resources?.requests) };
  for (const [k, value] of Object.entries(podLimits)) limits[k] ??= { value, origin: 'pod' };
  for (const [k, value] of Object.entries(podRequests)) requests[k] ??= { value, origin: 'pod' };
  return { requests, limits };
}

function asList(value: unknown): ResourceList {
  return value && typeof value === 'object' && !Array.isArray(value) ? (value as ResourceList) : {};
}
