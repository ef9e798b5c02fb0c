/**
 * References to cluster-scoped custom resources from namespaced objects: the typed object
 * references of the Kubernetes API conventions, `{kind, name}` with the group as `group` or
 * `apiGroup` (TypedLocalObjectReference, cert-manager's `issuerRef: {group, kind: ClusterIssuer,
 * name}`, Crossplane's `providerConfigRef`, a Gateway API `parentRef`) or as `apiVersion`
 * (ObjectReference). Sources:
 * https://github.com/kubernetes/community/blob/master/contributors/devel/sig-architecture/api-conventions.md#object-references
 * and https://kubernetes.io/docs/reference/kubernetes-api/common-definitions/typed-local-object-reference/.
 *
 * A reference that names its group is read as written; one that names none (kind and name only)
 * counts only when the input holds a cluster-scoped object of that kind and name, since kind names
 * are not unique across groups. `metadata` is not read: ownerReferences are a controller's
 * bookkeeping (garbage collection), not a tenant's use of an API, and a tenancy layer's own
 * ownerReferences (a Namespace owned by its Capsule Tenant) would otherwise read as use. In a live
 * scan custom resources are read as metadata only (src/model/read-plan.ts), so references held in
 * their spec are seen only when scanning manifests.
 */
import type { ResourceIndex } from '../../model/index.js';
import { type KubeObject, groupOf } from '../../model/types.js';
import type { CustomKind } from './custom-kind.js';

/** One reference from a namespaced object to a cluster-scoped custom resource. */
export interface CustomResourceReference {
  /** The referring object (namespaced). */
  from: KubeObject;
  /** JSON pointer to the reference in `from`. */
  path: string;
  /** The name of the custom resource referred to. */
  name: string;
}

interface RawReference {
  from: KubeObject;
  path: string;
  name: string;
  /** The group the reference names, or undefined when it names none. */
  group?: string;
}

/** Walking every object once per scan: references by kind name, memoised per index. */
const byIndex = new WeakMap<ResourceIndex, Map<string, RawReference[]>>();

/** Bound the walk: deeper nesting than this holds no object reference in any API we know. */
const MAX_DEPTH = 32;

function referencesByKind(index: ResourceIndex): Map<string, RawReference[]> {
  let map = byIndex.get(index);
  if (map) return map;
  map = new Map();
  for (const obj of index.all()) {
    if (!obj.metadata?.namespace) continue;
    for (const [key, value] of Object.entries(obj)) {
      if (key === 'metadata' || key === 'apiVersion' || key === 'kind') continue;
      walk(value, `/${escape(key)}`, 0, (node, path) => {
        const ref: RawReference = { from: obj, path, name: node.name as string };
        const group = groupNamedBy(node);
        if (group !== undefined) ref.group = group;
        const list = map!.get(node.kind as string) ?? [];
        list.push(ref);
        map!.set(node.kind as string, list);
      });
    }
  }
  byIndex.set(index, map);
  return map;
}

/**
 * Every reference, from a namespaced object of the input, to a custom resource of `kind` (a
 * cluster-scoped kind), in input order.
 */
export function referencesTo(index: ResourceIndex, kind: CustomKind): CustomResourceReference[] {
  const out: CustomResourceReference[] = [];
  for (const ref of referencesByKind(index).get(kind.kind) ?? []) {
    const matches = ref.group !== undefined ? ref.group === kind.group : index.get(kind.groupKind, undefined, ref.name) !== undefined;
    if (matches) out.push({ from: ref.from, path: ref.path, name: ref.name });
  }
  return out;
}

/** The group a typed reference names (`group`, `apiGroup`, or the group of `apiVersion`), if any. */
function groupNamedBy(node: Record<string, unknown>): string | undefined {
  for (const field of ['group', 'apiGroup']) {
    if (typeof node[field] === 'string') return node[field];
  }
  return typeof node.apiVersion === 'string' ? groupOf(node.apiVersion) : undefined;
}

function walk(value: unknown, path: string, depth: number, visit: (node: Record<string, unknown>, path: string) => void): void {
  if (depth > MAX_DEPTH || value === null || typeof value !== 'object') return;
  if (Array.isArray(value)) {
    value.forEach((item, i) => walk(item, `${path}/${i}`, depth + 1, visit));
    return;
  }
  const node = value as Record<string, unknown>;
  if (typeof node.kind === 'string' && node.kind && typeof node.name === 'string' && node.name) visit(node, path);
  for (const [key, child] of Object.entries(node)) walk(child, `${path}/${escape(key)}`, depth + 1, visit);
}

const escape = (key: string) => key.replaceAll('~', '~0').replaceAll('/', '~1');
