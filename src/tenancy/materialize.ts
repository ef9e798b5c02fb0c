/**
 * The tenancy stage: what the tenancy layers of the cluster write into it, derived once per scan
 * from the objects they are configured by, each with its origin.
 *
 * - Capsule copies each item of a Tenant's `spec.networkPolicies.items`, `spec.resourceQuotas.items`
 *   and `spec.limitRanges.items` (v1alpha1: plain lists under `spec.networkPolicies`, ...) into every
 *   namespace of the tenant as `capsule-<tenant>-<i>`, labelled with the tenant and
 *   `capsule.clastix.io/<network-policy|resource-quota|limit-range>: "<i>"` (Capsule
 *   `internal/controllers/tenant/networkpolicies.go`, `resourcequotas.go`, `limitranges.go`,
 *   https://github.com/projectcapsule/capsule).
 * - Capsule copies `spec.namespaceOptions.additionalMetadata.labels` (and the labels of each
 *   `additionalMetadataList[]` entry whose `namespaceSelector` matches the namespace) onto every
 *   namespace of the Tenant, overwriting what the namespace says (Capsule's e2e test "should contain
 *   additional Namespace metadata" and the Tenant CRD docs, projectcapsule/capsule). Entries without
 *   a `namespaceSelector` are not applied: their scope is not documented, and guessing could hide a gap.
 * - HNC writes the ResourceQuota singleton `hrq.hnc.x-k8s.io` into a HierarchicalResourceQuota's
 *   namespace and every descendant (HNC `internal/hrq/rqreconciler.go`,
 *   https://github.com/kubernetes-sigs/hierarchical-namespaces); a
 *   namespace's ancestors are named by its `<ancestor>.tree.hnc.x-k8s.io/depth` labels.
 *
 * On a live cluster the copies are in their namespaces; manifests kept in Git usually hold only
 * the Tenant or the HierarchicalResourceQuota. So a derived object is made only where its copy is
 * not in the input, and the namespace's own objects are left as they are. Where Tenants cannot be
 * read nothing is derived from them (their copies, if any, are read as plain objects).
 */
import { matchesSelector } from '../model/selectors.js';
import type { ResourceIndex } from '../model/index.js';
import { K } from '../model/kinds.js';
import type { KubeObject } from '../model/types.js';
import { CAPSULE_TENANT_LABEL, HNC_DEPTH_SUFFIX, PROJECTCAPSULE_TENANT_LABEL } from './labels.js';
import type { Tenant } from './types.js';

/** Where a derived object or label comes from: the configuring object and the JSON pointer of the field. */
export interface Origin {
  /** The Capsule Tenant or the HNC HierarchicalResourceQuota, as read. */
  object: KubeObject;
  /** JSON pointer into `object`: `/spec/networkPolicies/items/0`, `/spec/hard`. */
  path: string;
}

/** An object a tenancy layer writes into a namespace, standing in for its copy, which the input does not hold. */
export interface DerivedObject {
  /** A plain Kubernetes object with the copy's apiVersion, kind, name, namespace and spec. */
  object: KubeObject;
  origin: Origin;
}

/** The GroupKinds the stage derives objects of. */
export type DerivedKind = typeof K.NetworkPolicy | typeof K.ResourceQuota | typeof K.LimitRange;

/** A namespace's labels once its tenancy layer has reconciled them. */
export interface ReconciledLabels {
  labels: Record<string, string>;
  /** The labels the tenancy layer sets, each with its origin (the Tenant and the field). */
  added: Map<string, Origin>;
}

/** HNC's HierarchicalResourceQuota (hnc.x-k8s.io/v1alpha2), namespaced. */
export const HRQ = 'HierarchicalResourceQuota.hnc.x-k8s.io';
/** The ResourceQuota singleton HNC writes into each namespace an HRQ applies to. */
export const HRQ_SINGLETON = 'hrq.hnc.x-k8s.io';

/** The Tenant field of each derived kind, and the label Capsule puts on its copies with the item index. */
const CAPSULE_ITEMS: Record<DerivedKind, { field: string; apiVersion: string; kind: string; copyLabel: string }> = {
  [K.NetworkPolicy]: {
    field: 'networkPolicies',
    apiVersion: 'networking.k8s.io/v1',
    kind: 'NetworkPolicy',
    copyLabel: 'capsule.clastix.io/network-policy',
  },
  [K.ResourceQuota]: { field: 'resourceQuotas', apiVersion: 'v1', kind: 'ResourceQuota', copyLabel: 'capsule.clastix.io/resource-quota' },
  [K.LimitRange]: { field: 'limitRanges', apiVersion: 'v1', kind: 'LimitRange', copyLabel: 'capsule.clastix.io/limit-range' },
};

/**
 * The stage's output for one scan: derived per namespace on first use and kept, so every check and
 * analysis of the scan reads the same objects. Built by the TenantModel (`tenants.materialized`).
 */
export class MaterializedTenancy {
  private readonly objects = new Map<string, readonly DerivedObject[]>();
  private readonly labels = new Map<string, ReconciledLabels>();

  constructor(
    private readonly index: ResourceIndex,
    private readonly tenantOfNamespace: (namespace: string) => Tenant | undefined,
  ) {}

  /**
   * The objects of `groupKind` that tenancy layers write into `namespace` and that the input does
   * not hold: for ResourceQuotas, HNC's singleton stand-ins first (one per HierarchicalResourceQuota
   * of the namespace and its ancestors, sorted by namespace), then the Capsule Tenant's items in order.
   */
  objectsIn(groupKind: DerivedKind, namespace: string): readonly DerivedObject[] {
    const key = `${groupKind}\u0000${namespace}`;
    let derived = this.objects.get(key);
    if (!derived) {
      derived = [...(groupKind === K.ResourceQuota ? this.hierarchicalQuotas(namespace) : []), ...this.capsuleItems(groupKind, namespace)];
      this.objects.set(key, derived);
    }
    return derived;
  }

  /**
   * For a Capsule Tenant: each of its items of `groupKind` that some namespace of the tenant lacks a
   * copy of, standing in in the first such namespace, in item order (the copies that are in the
   * input are plain objects). Empty when the Tenant claims no namespace or every copy is present.
   */
  itemsOfTenant(groupKind: DerivedKind, tenant: Tenant): DerivedObject[] {
    const byPath = new Map<string, DerivedObject>();
    for (const namespace of tenant.namespaces) {
      for (const d of this.capsuleItems(groupKind, namespace)) if (!byPath.has(d.origin.path)) byPath.set(d.origin.path, d);
    }
    return [...byPath.values()].sort((a, b) => itemIndex(a) - itemIndex(b));
  }

  /** The namespace's labels once Capsule has reconciled them (its own labels when no Tenant adds any). */
  labelsOf(namespace: KubeObject): ReconciledLabels {
    let reconciled = this.labels.get(namespace.metadata.name);
    if (!reconciled) {
      reconciled = this.reconcile(namespace);
      this.labels.set(namespace.metadata.name, reconciled);
    }
    return reconciled;
  }

  private capsuleTenantOf(namespace: string): { owner: Tenant; tenant: KubeObject } | undefined {
    const owner = this.tenantOfNamespace(namespace);
    if (owner?.source !== 'capsule') return undefined;
    const tenant = this.index.get(K.CapsuleTenant, undefined, owner.name);
    return tenant ? { owner, tenant } : undefined;
  }

  private capsuleItems(groupKind: DerivedKind, namespace: string): DerivedObject[] {
    const found = this.capsuleTenantOf(namespace);
    if (!found) return [];
    const { owner, tenant } = found;
    const { field, apiVersion, kind, copyLabel } = CAPSULE_ITEMS[groupKind];
    const own = this.index.inNamespace(groupKind, namespace);
    const raw = tenant.spec?.[field];
    // v1beta1/v1beta2: {items: [...]}; v1alpha1: a plain list.
    const list: unknown[] = Array.isArray(raw) ? raw : Array.isArray(raw?.items) ? raw.items : [];
    const base = Array.isArray(raw) ? `/spec/${field}` : `/spec/${field}/items`;
    return list.flatMap((spec, i) => {
      if (!spec || typeof spec !== 'object') return [];
      const name = `capsule-${owner.name}-${i}`;
      if (own.some((o) => isCopy(o, copyLabel, owner.name, name, i))) return [];
      const object: KubeObject = { apiVersion, kind, metadata: { name, namespace }, spec };
      return [{ object, origin: { object: tenant, path: `${base}/${i}` } }];
    });
  }

  /**
   * The HierarchicalResourceQuotas of the namespace and of its HNC ancestors, as stand-ins for the
   * `hrq.hnc.x-k8s.io` singleton when the namespace does not hold it. The namespace's own
   * `<ns>.tree.hnc.x-k8s.io/depth` label (depth 0) is among its tree labels, so its own HRQs count.
   */
  private hierarchicalQuotas(namespace: string): DerivedObject[] {
    if (this.index.inNamespace(K.ResourceQuota, namespace).some((q) => q.metadata.name === HRQ_SINGLETON)) return [];
    const labels = this.index.get(K.Namespace, undefined, namespace)?.metadata.labels ?? {};
    const ancestors = new Set([namespace]);
    for (const key of Object.keys(labels)) if (key.endsWith(HNC_DEPTH_SUFFIX)) ancestors.add(key.slice(0, -HNC_DEPTH_SUFFIX.length));
    return [...ancestors].sort().flatMap((ancestor) =>
      this.index.inNamespace(HRQ, ancestor).map((hrq) => {
        const spec = { hard: hrq.spec?.hard, ...(hrq.spec?.scopeSelector ? { scopeSelector: hrq.spec.scopeSelector } : {}) };
        const object: KubeObject = { apiVersion: 'v1', kind: 'ResourceQuota', metadata: { name: HRQ_SINGLETON, namespace }, spec };
        return { object, origin: { object: hrq, path: '/spec/hard' } };
      }),
    );
  }

  private reconcile(namespace: KubeObject): ReconciledLabels {
    const own = namespace.metadata.labels ?? {};
    const tenant = this.capsuleTenantOf(namespace.metadata.name)?.tenant;
    const options = tenant?.spec?.namespaceOptions;
    const added = new Map<string, Origin>();
    const values: Record<string, string> = {};
    const copy = (labels: unknown, path: string) => {
      if (!tenant || !labels || typeof labels !== 'object') return;
      for (const [k, v] of Object.entries(labels)) {
        if (typeof v !== 'string') continue;
        values[k] = v;
        added.set(k, { object: tenant, path: `${path}/${escapePointer(k)}` });
      }
    };
    copy(options?.additionalMetadata?.labels, '/spec/namespaceOptions/additionalMetadata/labels');
    const list: unknown[] = Array.isArray(options?.additionalMetadataList) ? options.additionalMetadataList : [];
    list.forEach((entry, i) => {
      const e = entry as { namespaceSelector?: Parameters<typeof matchesSelector>[0]; labels?: unknown } | undefined;
      if (e?.namespaceSelector && matchesSelector(e.namespaceSelector, own))
        copy(e.labels, `/spec/namespaceOptions/additionalMetadataList/${i}/labels`);
    });
    return { labels: { ...own, ...values }, added };
  }
}

/** `capsule.clastix.io/tenant` as a JSON pointer token (RFC 6901: `~` as `~0`, `/` as `~1`). */
function escapePointer(token: string): string {
  return token.replace(/~/g, '~0').replace(/\//g, '~1');
}

function itemIndex(d: DerivedObject): number {
  return Number(d.origin.path.slice(d.origin.path.lastIndexOf('/') + 1));
}

/** A copy Capsule wrote: by its name, or by the tenant and item-index labels it puts on copies. */
function isCopy(obj: KubeObject, copyLabel: string, tenant: string, name: string, i: number): boolean {
  if (obj.metadata.name === name) return true;
  const labels = obj.metadata.labels ?? {};
  return [CAPSULE_TENANT_LABEL, PROJECTCAPSULE_TENANT_LABEL].some((k) => labels[k] === tenant) && labels[copyLabel] === String(i);
}
