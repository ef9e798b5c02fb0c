/**
 * Cross-namespace references of Gateway API routes and the ReferenceGrants that allow them.
 * Source: https://gateway-api.sigs.k8s.io/api-types/referencegrant/ and the BackendObjectReference
 * of https://gateway-api.sigs.k8s.io/reference/spec/.
 *
 * - A `backendRef` names `group` (default `''`, the core group), `kind` (default `Service`), `name` and
 *   `namespace` (default the route's). Backends are referenced from `rules[].backendRefs[]` and from
 *   RequestMirror filters (`rules[].filters[].requestMirror.backendRef`, and the same filter on a
 *   backendRef).
 * - A reference into another namespace is allowed only when a ReferenceGrant in the *target*
 *   namespace lists, in `spec.from`, the referrer's group, kind and namespace (all required) and, in
 *   `spec.to`, the target's group and kind, with `name` either unset (every object of that kind) or the
 *   target's name. Otherwise the implementation must refuse the reference (`ResolvedRefs: False`,
 *   reason `RefNotPermitted`).
 */
import type { ResourceIndex } from '../../model/index.js';
import { K } from '../../model/kinds.js';
import { type KubeObject, groupOf } from '../../model/types.js';

/** One backend a route sends traffic (or a mirror of it) to, defaults applied. */
export interface BackendRef {
  group: string;
  kind: string;
  name: string;
  namespace: string;
  /** JSON pointer to the reference: `/spec/rules/0/backendRefs/1`. */
  pointer: string;
}

/** Every backend reference of a route: each rule's `backendRefs` and every RequestMirror filter's `backendRef`. */
export function backendRefsOf(route: KubeObject): BackendRef[] {
  const namespace = route.metadata.namespace ?? 'default';
  const out: BackendRef[] = [];
  const add = (raw: unknown, pointer: string) => {
    const r = (raw ?? {}) as { group?: unknown; kind?: unknown; name?: unknown; namespace?: unknown };
    if (typeof r.name !== 'string') return;
    out.push({
      group: typeof r.group === 'string' ? r.group : '',
      kind: typeof r.kind === 'string' ? r.kind : 'Service',
      name: r.name,
      namespace: typeof r.namespace === 'string' && r.namespace !== '' ? r.namespace : namespace,
      pointer,
    });
  };
  const mirrors = (filters: unknown, pointer: string) =>
    listOf(filters).forEach((f, k) => {
      const filter = f as { requestMirror?: { backendRef?: unknown } } | undefined;
      if (filter?.requestMirror?.backendRef) add(filter.requestMirror.backendRef, `${pointer}/filters/${k}/requestMirror/backendRef`);
    });
  listOf(route.spec?.rules).forEach((rule, i) => {
    const r = rule as { backendRefs?: unknown; filters?: unknown } | undefined;
    listOf(r?.backendRefs).forEach((b, j) => {
      add(b, `/spec/rules/${i}/backendRefs/${j}`);
      mirrors((b as { filters?: unknown } | undefined)?.filters, `/spec/rules/${i}/backendRefs/${j}`);
    });
    mirrors(r?.filters, `/spec/rules/${i}`);
  });
  return out;
}

/**
 * The ReferenceGrant that allows `referrer` (a route, or any Gateway API object) to reference
 * `target` in another namespace, or undefined when none does. References within one namespace need no
 * grant: callers ask only about cross-namespace ones.
 */
export function referenceGrantFor(
  referrer: KubeObject,
  target: Pick<BackendRef, 'group' | 'kind' | 'name' | 'namespace'>,
  index: ResourceIndex,
): KubeObject | undefined {
  const from = { group: groupOf(referrer.apiVersion), kind: referrer.kind, namespace: referrer.metadata.namespace ?? 'default' };
  return index.inNamespace(K.ReferenceGrant, target.namespace).find((grant) => {
    const fromOk = listOf(grant.spec?.from).some((f) => {
      const e = f as { group?: unknown; kind?: unknown; namespace?: unknown } | undefined;
      return e?.group === from.group && e?.kind === from.kind && e?.namespace === from.namespace;
    });
    const toOk = listOf(grant.spec?.to).some((t) => {
      const e = t as { group?: unknown; kind?: unknown; name?: unknown } | undefined;
      return e?.group === target.group && e?.kind === target.kind && (e?.name === undefined || e.name === '' || e.name === target.name);
    });
    return fromOk && toOk;
  });
}

function listOf(value: unknown): unknown[] {
  return Array.isArray(value) ? value : [];
}
