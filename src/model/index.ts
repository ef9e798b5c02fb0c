import { type AccessOutcome, isReadable } from './access.js';
import { K, POD_SPEC_PATHS } from './kinds.js';
import { LabelIndex, type LabelSelector } from './selectors.js';
import { objectShapeProblem } from './validate.js';
import { type FieldLocator, type GroupKind, type KubeObject, type LoadError, type SourceLocation, groupKindOf } from './types.js';

/** Where a ResourceIndex's objects came from. */
export type SourceInfo =
  { type: 'manifests'; files: string[] } | { type: 'cluster'; server: string; context?: string; user?: string; inCluster?: boolean };

/** One pod template to judge: the object that owns it, and where its PodSpec sits. */
export interface PodTemplate {
  /** The object reported on: the highest controller of the pod that is also in the input. */
  owner: KubeObject;
  /** The PodSpec (V1PodSpec shape). */
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- untyped JSON of the input (a pod spec, or what a JSON pointer reaches)
  spec: any;
  /** JSON pointer to `spec` inside `owner`, e.g. `/spec/template/spec`. */
  specPath: string;
  /** Labels that pods from this template carry (template metadata labels, or the Pod's own). */
  labels: Record<string, string>;
  namespace: string;
}

export interface ResourceIndexInput {
  objects: KubeObject[];
  locations?: Map<KubeObject, SourceLocation>;
  /** Where each object's fields are written, for manifests (computed on demand). */
  fieldLocators?: Map<KubeObject, FieldLocator>;
  loadErrors?: LoadError[];
  access?: AccessOutcome[];
  source: SourceInfo;
}

const EMPTY: readonly KubeObject[] = Object.freeze([]);

/**
 * One read-only view of every object, the same for a cluster and for manifests. Lookup maps are
 * built once, so checks never scan the whole cluster per subject.
 *
 * Namespaces that objects refer to but that the input does not define are synthesized (with the
 * `kubernetes.io/metadata.name` label the API server always sets), so namespace checks still see them.
 */
export class ResourceIndex {
  readonly source: SourceInfo;
  readonly loadErrors: readonly LoadError[];
  private readonly warnings: LoadError[];
  private readonly objects: KubeObject[];
  private readonly locations: Map<KubeObject, SourceLocation>;
  private readonly fieldLocators: Map<KubeObject, FieldLocator>;
  private readonly byKind = new Map<GroupKind, KubeObject[]>();
  private readonly byKindNs = new Map<string, KubeObject[]>();
  private readonly byName = new Map<string, KubeObject>();
  private readonly byUid = new Map<string, KubeObject>();
  private readonly accessByKind = new Map<GroupKind, AccessOutcome>();
  private readonly synthesized = new Set<KubeObject>();
  private podTemplateCache?: PodTemplate[];
  private podTemplatesByNs?: Map<string, PodTemplate[]>;
  private namespaceLabels?: LabelIndex<KubeObject>;

  constructor(input: ResourceIndexInput) {
    this.source = input.source;
    this.loadErrors = this.warnings = [...(input.loadErrors ?? [])];
    this.locations = input.locations ?? new Map();
    this.fieldLocators = input.fieldLocators ?? new Map();
    for (const outcome of input.access ?? []) this.accessByKind.set(outcome.groupKind, outcome);
    this.objects = [];
    for (const obj of input.objects) {
      const problem = objectShapeProblem(obj);
      if (problem) this.warnings.push({ ...this.whereIs(obj), message: `${problem}: object skipped` });
      else this.add(obj);
    }
    this.synthesizeNamespaces();
  }

  private add(obj: KubeObject): void {
    const gk = groupKindOf(obj);
    const ns = obj.metadata.namespace ?? '';
    const nameKey = `${gk}/${ns}/${obj.metadata.name}`;
    const earlier = this.byName.get(nameKey);
    // The same object in two files (per-environment folders): both are judged, so neither copy can
    // hide a gap; lookups by name see the later one, as `kubectl apply` of both would leave it.
    if (earlier) this.warnDuplicate(obj, earlier);
    this.objects.push(obj);
    this.byName.set(nameKey, obj);
    push(this.byKind, gk, obj);
    push(this.byKindNs, `${gk}/${ns}`, obj);
    if (obj.metadata.uid) this.byUid.set(obj.metadata.uid, obj);
  }

  private synthesizeNamespaces(): void {
    for (const obj of [...this.objects]) {
      const ns = obj.metadata.namespace;
      if (!ns || this.get(K.Namespace, undefined, ns)) continue;
      const synthetic: KubeObject = {
        apiVersion: 'v1',
        kind: 'Namespace',
        metadata: { name: ns, labels: { 'kubernetes.io/metadata.name': ns } },
      };
      this.synthesized.add(synthetic);
      this.add(synthetic);
    }
    // The API server sets kubernetes.io/metadata.name on every namespace (NamespaceDefaultLabelName,
    // https://kubernetes.io/docs/reference/labels-annotations-taints/#kubernetes-io-metadata-name).
    for (const ns of this.ofKind(K.Namespace)) {
      const labels = (ns.metadata.labels ??= {});
      labels['kubernetes.io/metadata.name'] = ns.metadata.name;
    }
  }

  /** File and line of an object, or its API identity when it came from no file. */
  private whereIs(obj: unknown): Pick<LoadError, 'file' | 'line'> {
    const location = this.locations.get(obj as KubeObject);
    if (location) return { file: location.file, line: location.line };
    const o = (obj ?? {}) as { apiVersion?: unknown; kind?: unknown; metadata?: { name?: unknown; namespace?: unknown } };
    const ns = typeof o.metadata?.namespace === 'string' ? `${o.metadata.namespace}/` : '';
    const name = typeof o.metadata?.name === 'string' ? o.metadata.name : '(no name)';
    return { file: `${String(o.apiVersion)} ${String(o.kind)} ${ns}${name}`.slice(0, 300) };
  }

  private warnDuplicate(obj: KubeObject, earlier: KubeObject): void {
    const here = this.locations.get(obj);
    const there = this.locations.get(earlier);
    if (!here) return;
    const name = `${obj.kind} ${obj.metadata.namespace ? `${obj.metadata.namespace}/` : ''}${obj.metadata.name}`;
    this.warnings.push({
      file: here.file,
      line: here.line,
      level: 'warning',
      message: `${name} is also defined at ${there ? `${there.file}:${there.line}` : 'an earlier place'}: both copies are checked`,
    });
  }

  /** Every object, in input order. */
  all(): readonly KubeObject[] {
    return this.objects;
  }

  ofKind(gk: GroupKind): readonly KubeObject[] {
    return this.byKind.get(gk) ?? EMPTY;
  }

  inNamespace(gk: GroupKind, namespace: string): readonly KubeObject[] {
    return this.byKindNs.get(`${gk}/${namespace}`) ?? EMPTY;
  }

  get(gk: GroupKind, namespace: string | undefined, name: string): KubeObject | undefined {
    return this.byName.get(`${gk}/${namespace ?? ''}/${name}`);
  }

  byUidOf(uid: string): KubeObject | undefined {
    return this.byUid.get(uid);
  }

  /** Every GroupKind that has at least one object. */
  kinds(): GroupKind[] {
    return [...this.byKind.keys()].sort();
  }

  namespaces(): readonly KubeObject[] {
    return this.ofKind(K.Namespace);
  }

  /**
   * The Namespaces whose labels satisfy `selector` (matchesSelector semantics), in index order:
   * the same list as filtering `namespaces()`, found through a label index built on first use.
   */
  namespacesMatching(selector: LabelSelector): KubeObject[] {
    this.namespaceLabels ??= new LabelIndex(this.namespaces(), (ns) => ns.metadata.labels);
    return this.namespaceLabels.matching(selector);
  }

  /** True when the Namespace object was not in the input and was inferred from its objects. */
  isSynthesized(obj: KubeObject): boolean {
    return this.synthesized.has(obj);
  }

  /**
   * Where an object is written in its manifest (the line its document or List item starts on), or,
   * given a JSON pointer into it, where that field is (line and column; the nearest written
   * ancestor when the field is absent). Undefined for objects that came from no file.
   */
  locationOf(obj: KubeObject, pointer?: string): SourceLocation | undefined {
    if (pointer) {
      const locate = this.fieldLocators.get(obj);
      if (locate) return locate(pointer);
    }
    return this.locations.get(obj);
  }

  /** The access outcome for a kind (undefined for manifests, where the input is complete). */
  access(gk: GroupKind): AccessOutcome | undefined {
    return this.accessByKind.get(gk);
  }

  accessOutcomes(): AccessOutcome[] {
    return [...this.accessByKind.values()].sort((a, b) => a.groupKind.localeCompare(b.groupKind));
  }

  /**
   * Were all objects of `gk` (in `namespace`, or cluster-wide) read? Manifests are complete by
   * definition; a live source records every kind it read, so a kind it has no record of (one only a
   * custom check needs) was not read and is never taken as empty.
   */
  isReadable(gk: GroupKind, namespace?: string): boolean {
    const outcome = this.accessByKind.get(gk);
    if (!outcome) return this.source.type === 'manifests';
    return isReadable(outcome, namespace);
  }

  /** The owner named by `ref` among the input's objects, matched by uid, else by kind/namespace/name. */
  owner(obj: KubeObject): KubeObject | undefined {
    const refs = obj.metadata.ownerReferences ?? [];
    const ref = refs.find((r) => r.controller) ?? refs[0];
    if (!ref) return undefined;
    if (ref.uid) {
      const byUid = this.byUid.get(ref.uid);
      if (byUid) return byUid;
    }
    const gk = groupKindOf(ref);
    return this.get(gk, obj.metadata.namespace, ref.name);
  }

  /**
   * Every pod template of every workload kind, each reported once: a Pod or ReplicaSet (or Job)
   * whose controller is also in the input is folded into that controller.
   */
  podTemplates(): readonly PodTemplate[] {
    if (this.podTemplateCache) return this.podTemplateCache;
    const result: PodTemplate[] = [];
    for (const [gk, specPath] of Object.entries(POD_SPEC_PATHS)) {
      for (const obj of this.ofKind(gk)) {
        if (this.hasWorkloadOwner(obj)) continue;
        const spec = pointer(obj, specPath);
        if (!spec || typeof spec !== 'object') continue;
        const metaPath = specPath.replace(/\/spec$/, '/metadata');
        const meta = gk === K.Pod ? obj.metadata : pointer(obj, metaPath);
        result.push({
          owner: obj,
          spec,
          specPath,
          labels: (meta?.labels as Record<string, string>) ?? {},
          namespace: obj.metadata.namespace ?? 'default',
        });
      }
    }
    this.podTemplateCache = result;
    return result;
  }

  /** The pod templates of one namespace, in `podTemplates()` order. */
  podTemplatesIn(namespace: string): readonly PodTemplate[] {
    if (!this.podTemplatesByNs) {
      this.podTemplatesByNs = new Map();
      for (const t of this.podTemplates()) push(this.podTemplatesByNs, t.namespace, t);
    }
    return this.podTemplatesByNs.get(namespace) ?? [];
  }

  private hasWorkloadOwner(obj: KubeObject): boolean {
    const owner = this.owner(obj);
    return owner !== undefined && groupKindOf(owner) in POD_SPEC_PATHS;
  }
}

function push<K, V>(map: Map<K, V[]>, key: K, value: V): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}

/** Resolve a JSON pointer (RFC 6901) inside a plain object; undefined when any step is missing. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- untyped JSON of the input (a pod spec, or what a JSON pointer reaches)
export function pointer(obj: unknown, path: string): any {
  let cur: unknown = obj;
  for (const raw of path.split('/').slice(1)) {
    if (cur === null || typeof cur !== 'object') return undefined;
    const key = raw.replace(/~1/g, '/').replace(/~0/g, '~');
    cur = (cur as Record<string, unknown>)[key];
  }
  return cur;
}
