/**
 * The ResourceQuotas and LimitRanges that apply to a tenant namespace.
 *
 * They are the namespace's own objects, which already include what tenancy layers write there:
 * Capsule's per-namespace copies of a Tenant's `spec.resourceQuotas.items` and
 * `spec.limitRanges.items` (named `capsule-<tenant>-<i>`) and HNC's HierarchicalResourceQuota
 * copy (`hrq.hnc.x-k8s.io`). Manifests often hold only the Capsule Tenant, not the copies its
 * controller writes; so for a Capsule tenant's namespace each Tenant item whose copy is absent is
 * counted as if the copy were there, and the caller says so in its message
 * (Capsule `internal/controllers/tenant/resourcequotas.go`, `limitranges.go`, https://github.com/projectcapsule/capsule).
 *
 * HNC likewise: a HierarchicalResourceQuota caps its own namespace and every descendant, through
 * the ResourceQuota singleton `hrq.hnc.x-k8s.io` HNC writes into each of them (HNC
 * `internal/hrq/rqreconciler.go`, https://github.com/kubernetes-sigs/hierarchical-namespaces). Where a namespace lacks that singleton, every
 * HierarchicalResourceQuota of the namespace or of an ancestor named by its HNC tree labels
 * (`<ancestor>.tree.hnc.x-k8s.io/depth`) counts as a quota of the namespace.
 */
import type { TenancyView } from '../../tenancy/view.js';
import { K } from '../../model/kinds.js';
import { type KubeObject, type ObjectRef, groupKindOf, refOf } from '../../model/types.js';
import { CAPSULE_TENANT_LABEL, HNC_DEPTH_SUFFIX } from '../../tenancy/model.js';

/** HNC's HierarchicalResourceQuota (hnc.x-k8s.io/v1alpha2), namespaced. */
const HRQ = 'HierarchicalResourceQuota.hnc.x-k8s.io';
/** The ResourceQuota singleton HNC writes into each namespace an HRQ applies to. */
const HRQ_SINGLETON = 'hrq.hnc.x-k8s.io';

/** One quota or LimitRange that applies to the namespace. */
export interface Applied {
  /** The object itself, or a stand-in for the Capsule copy (same name, namespace and spec). */
  object: KubeObject;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- part of a Kubernetes object of the input, untyped JSON
  spec: any;
  /**
   * Set when counted from a Capsule Tenant (or an HNC HierarchicalResourceQuota) because the
   * per-namespace copy is not in the input.
   */
  fromTenant?: { tenant: KubeObject; field: string };
}

export interface AppliedSet {
  items: Applied[];
  /**
   * Set when the namespace is a Capsule tenant's but Tenants could not be read: items the Tenant
   * would add are unknown, so a failure must not be reported on a guess.
   */
  tenantUnreadable?: string;
}

/** Labels Capsule puts on its copies: the tenant (legacy and current key) and the item index. */
const COPY_LABELS = {
  ResourceQuota: 'capsule.clastix.io/resource-quota',
  LimitRange: 'capsule.clastix.io/limit-range',
} as const;
const TENANT_LABELS = [CAPSULE_TENANT_LABEL, 'projectcapsule.dev/tenant'];

export function quotasOf(namespace: string, view: TenancyView): AppliedSet {
  return appliedOf('ResourceQuota', namespace, view);
}

export function limitRangesOf(namespace: string, view: TenancyView): AppliedSet {
  return appliedOf('LimitRange', namespace, view);
}

/** The ref to name in `related`: the Tenant for a counted Tenant item, else the object. */
export function refOfApplied(a: Applied): ObjectRef {
  return a.fromTenant ? refOf(a.fromTenant.tenant) : refOf(a.object);
}

/** `"name"` or `"capsule-acme-0" (from Tenant acme spec.resourceQuotas.items[0], not in the input)`. */
export function nameOfApplied(a: Applied): string {
  if (!a.fromTenant) return `"${a.object.metadata.name}"`;
  const source = a.fromTenant.tenant;
  if (groupKindOf(source) === HRQ) {
    return `"${a.object.metadata.name}" (from HierarchicalResourceQuota ${source.metadata.namespace}/${source.metadata.name}: its per-namespace copy is not in the input)`;
  }
  return `"${a.object.metadata.name}" (from Capsule Tenant ${source.metadata.name} ${a.fromTenant.field}: its per-namespace copy is not in the input)`;
}

function appliedOf(kind: 'ResourceQuota' | 'LimitRange', namespace: string, view: TenancyView): AppliedSet {
  const gk = kind === 'ResourceQuota' ? K.ResourceQuota : K.LimitRange;
  const own = view.index.inNamespace(gk, namespace);
  const items: Applied[] = own.map((object) => ({ object, spec: object.spec ?? {} }));
  if (kind === 'ResourceQuota') items.push(...hierarchicalQuotas(namespace, own, view));
  const tenant = view.tenants.tenantOfNamespace(namespace);
  if (!tenant || tenant.source !== 'capsule') return { items };
  if (!view.index.isReadable(K.CapsuleTenant)) {
    return {
      items,
      tenantUnreadable: `Capsule Tenants could not be read (${view.index.access(K.CapsuleTenant)?.reason ?? 'no access'}), so the quotas and LimitRanges tenant ${tenant.name} adds are unknown`,
    };
  }
  const tenantObj = view.index.get(K.CapsuleTenant, undefined, tenant.name);
  if (!tenantObj) return { items };
  const field = kind === 'ResourceQuota' ? 'resourceQuotas' : 'limitRanges';
  const raw = tenantObj.spec?.[field];
  // v1beta1/v1beta2: {items: [...]}; v1alpha1: a plain list.
  const list: unknown[] = Array.isArray(raw) ? raw : Array.isArray(raw?.items) ? raw.items : [];
  const itemsPath = Array.isArray(raw) ? `spec.${field}` : `spec.${field}.items`;
  list.forEach((spec, i) => {
    if (!spec || typeof spec !== 'object') return;
    const name = `capsule-${tenant.name}-${i}`;
    if (own.some((o) => isCopy(o, kind, tenant.name, name, i))) return;
    const object: KubeObject = { apiVersion: 'v1', kind, metadata: { name, namespace }, spec };
    items.push({ object, spec, fromTenant: { tenant: tenantObj, field: `${itemsPath}[${i}]` } });
  });
  return { items };
}

function isCopy(obj: KubeObject, kind: keyof typeof COPY_LABELS, tenant: string, name: string, i: number): boolean {
  if (obj.metadata.name === name) return true;
  const labels = obj.metadata.labels ?? {};
  return TENANT_LABELS.some((k) => labels[k] === tenant) && labels[COPY_LABELS[kind]] === String(i);
}

/**
 * The HierarchicalResourceQuotas of the namespace and of its HNC ancestors, as stand-ins for the
 * `hrq.hnc.x-k8s.io` singleton when the namespace does not hold it. The namespace's own
 * `<ns>.tree.hnc.x-k8s.io/depth` label (depth 0) is among its tree labels, so its own HRQs count.
 */
function hierarchicalQuotas(namespace: string, own: readonly KubeObject[], view: TenancyView): Applied[] {
  if (own.some((q) => q.metadata.name === HRQ_SINGLETON)) return [];
  const labels = view.index.get(K.Namespace, undefined, namespace)?.metadata.labels ?? {};
  const ancestors = new Set([namespace]);
  for (const key of Object.keys(labels)) if (key.endsWith(HNC_DEPTH_SUFFIX)) ancestors.add(key.slice(0, -HNC_DEPTH_SUFFIX.length));
  return [...ancestors].sort().flatMap((ancestor) =>
    view.index.inNamespace(HRQ, ancestor).map((hrq) => {
      const spec = { hard: hrq.spec?.hard, ...(hrq.spec?.scopeSelector ? { scopeSelector: hrq.spec.scopeSelector } : {}) };
      const object: KubeObject = { apiVersion: 'v1', kind: 'ResourceQuota', metadata: { name: HRQ_SINGLETON, namespace }, spec };
      return { object, spec, fromTenant: { tenant: hrq, field: 'spec.hard' } };
    }),
  );
}
