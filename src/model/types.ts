/**
 * The shapes every stage shares: Kubernetes objects as read from a cluster or a manifest,
 * their references and where they came from.
 */

/** Object metadata as the Kubernetes API returns it (ObjectMeta), limited to what tenantscan reads. */
export interface ObjectMeta {
  name: string;
  namespace?: string;
  uid?: string;
  labels?: Record<string, string>;
  annotations?: Record<string, string>;
  ownerReferences?: OwnerReference[];
  generateName?: string;
  creationTimestamp?: string;
  [key: string]: unknown;
}

/** `metadata.ownerReferences[]` entry (meta/v1 OwnerReference). */
export interface OwnerReference {
  apiVersion: string;
  kind: string;
  name: string;
  uid?: string;
  controller?: boolean;
}

/**
 * Any Kubernetes object, as plain JSON. Checks cast `spec`/`status` to the
 * @kubernetes/client-node model types (V1PodSpec, V1NetworkPolicySpec, ...) they need.
 */
export interface KubeObject {
  apiVersion: string;
  kind: string;
  metadata: ObjectMeta;
  // Kubernetes objects carry arbitrary top-level fields (spec, status, rules, subjects, data...).
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- any other field of a Kubernetes object, untyped JSON of the input
  [key: string]: any;
}

/** Identity of one object: what reports print and baselines match on. */
export interface ObjectRef {
  apiVersion: string;
  kind: string;
  namespace?: string;
  name: string;
}

/**
 * Where an object, or one of its fields, is written: a manifest file, the 1-based line, and the
 * 1-based column when a field was located (an object's own location is the line its document, or
 * List item, starts on).
 */
export interface SourceLocation {
  file: string;
  line: number;
  column?: number;
}

/**
 * The location of the field a JSON pointer (RFC 6901) names inside one object, or of its nearest
 * written ancestor when the field is absent; `''` is the object itself. Computed on demand
 * (src/sources/field-positions.ts).
 */
export type FieldLocator = (pointer: string) => SourceLocation;

/** A document or object that could not be loaded. Kept, never dropped, so reports can show it. */
export interface LoadError {
  file: string;
  /** 1-based line, when the parser could tell. */
  line?: number;
  message: string;
  /** `error` (default): the document was not loaded; `warning`: loaded, but something looks wrong. */
  level?: 'error' | 'warning';
}

/**
 * A group and kind, written `Kind` for the core group and `Kind.group` otherwise
 * (`Pod`, `Deployment.apps`, `NetworkPolicy.networking.k8s.io`), like kubectl's resource.group.
 */
export type GroupKind = string;

/**
 * A GroupKind as a string (`Widget.example.com`) or as its parts, the shape of Kubernetes' own
 * schema.GroupKind (`{ group: 'example.com', kind: 'Widget' }`; `group: ''` for the core group).
 * Checks may name the kinds they read either way; the engine works with the string.
 */
export type GroupKindRef = GroupKind | { group: string; kind: string };

/** The string form of a GroupKindRef; anything else is returned as is, for the check validation to report. */
export function toGroupKind(ref: GroupKindRef): GroupKind {
  if (ref && typeof ref === 'object' && typeof ref.kind === 'string' && typeof (ref.group ?? '') === 'string')
    return ref.group ? `${ref.kind}.${ref.group}` : ref.kind;
  return ref as GroupKind;
}

export function groupOf(apiVersion: string): string {
  const slash = apiVersion.indexOf('/');
  return slash < 0 ? '' : apiVersion.slice(0, slash);
}

export function groupKindOf(obj: Pick<KubeObject, 'apiVersion' | 'kind'>): GroupKind {
  const group = groupOf(obj.apiVersion ?? '');
  return group ? `${obj.kind}.${group}` : obj.kind;
}

export function refOf(obj: KubeObject): ObjectRef {
  const ref: ObjectRef = { apiVersion: obj.apiVersion, kind: obj.kind, name: obj.metadata.name };
  if (obj.metadata.namespace) ref.namespace = obj.metadata.namespace;
  return ref;
}

/** `kind/namespace/name` (or `kind/name` when cluster-scoped): a stable key for maps and baselines. */
export function refKey(ref: ObjectRef): string {
  const gk = groupKindOf(ref);
  return ref.namespace ? `${gk}/${ref.namespace}/${ref.name}` : `${gk}/${ref.name}`;
}
