/**
 * The ResourceQuotas and LimitRanges that apply to a tenant namespace: the namespace's own objects
 * (which include the copies tenancy layers wrote there, on a live cluster), then the ones the
 * tenancy stage derives where the input lacks the copy (src/tenancy/materialize.ts): HNC's
 * `hrq.hnc.x-k8s.io` singleton for each HierarchicalResourceQuota of the namespace or an ancestor,
 * and the items of a Capsule Tenant's `spec.resourceQuotas` and `spec.limitRanges`. A caller that
 * counts a derived one says so in its message (nameOfApplied).
 */
import type { TenancyView } from '../../tenancy/view.js';
import { K } from '../../model/kinds.js';
import type { ReadDeclaration } from '../../model/read-plan.js';
import { type KubeObject, type ObjectRef, groupKindOf, refOf } from '../../model/types.js';
import { HRQ, type Origin } from '../../tenancy/materialize.js';
import { fieldOf } from '../../tenancy/origin.js';

/** One quota or LimitRange that applies to the namespace. */
export interface Applied {
  /** The object itself, or the derived stand-in for a copy (same name, namespace and spec). */
  object: KubeObject;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- part of a Kubernetes object of the input, untyped JSON
  spec: any;
  /**
   * Set when derived from a Capsule Tenant item (or an HNC HierarchicalResourceQuota) because the
   * per-namespace copy is not in the input: the Tenant (or HRQ) and the JSON pointer of the field.
   */
  origin?: Origin;
}

export interface AppliedSet {
  items: Applied[];
  /**
   * Set when the namespace is a Capsule tenant's but Tenants could not be read: items the Tenant
   * would add are unknown, so a failure must not be reported on a guess.
   */
  tenantUnreadable?: string;
}

/**
 * What quotasOf and limitRangesOf read (for a live scan's read plan): the namespace's own objects,
 * and what the tenancy stage derives them from (src/tenancy/materialize.ts): the Capsule Tenant's items,
 * and the HierarchicalResourceQuotas of the namespace and its ancestors.
 * A check that calls them declares `reads: QUOTA_READS`.
 */
export const QUOTA_READS: ReadDeclaration = { kinds: [K.ResourceQuota, K.LimitRange, K.Namespace, K.CapsuleTenant, HRQ] };

export function quotasOf(namespace: string, view: TenancyView): AppliedSet {
  return appliedOf(K.ResourceQuota, namespace, view);
}

export function limitRangesOf(namespace: string, view: TenancyView): AppliedSet {
  return appliedOf(K.LimitRange, namespace, view);
}

/** The ref to name in `related`: the Tenant (or HRQ) for a derived item, else the object. */
export function refOfApplied(a: Applied): ObjectRef {
  return a.origin ? refOf(a.origin.object) : refOf(a.object);
}

/** `"name"` or `"capsule-acme-0" (from Capsule Tenant acme spec.resourceQuotas.items[0]: its per-namespace copy is not in the input)`. */
export function nameOfApplied(a: Applied): string {
  if (!a.origin) return `"${a.object.metadata.name}"`;
  const source = a.origin.object;
  if (groupKindOf(source) === HRQ) {
    return `"${a.object.metadata.name}" (from HierarchicalResourceQuota ${source.metadata.namespace}/${source.metadata.name}: its per-namespace copy is not in the input)`;
  }
  return `"${a.object.metadata.name}" (from Capsule Tenant ${source.metadata.name} ${fieldOf(a.origin.path)}: its per-namespace copy is not in the input)`;
}

function appliedOf(kind: typeof K.ResourceQuota | typeof K.LimitRange, namespace: string, view: TenancyView): AppliedSet {
  const own = view.index.inNamespace(kind, namespace);
  const items: Applied[] = own.map((object) => ({ object, spec: object.spec ?? {} }));
  for (const d of view.tenants.materialized.objectsIn(kind, namespace))
    items.push({ object: d.object, spec: d.object.spec, origin: d.origin });
  const tenant = view.tenants.tenantOfNamespace(namespace);
  if (tenant?.source === 'capsule' && !view.index.isReadable(K.CapsuleTenant)) {
    return {
      items,
      tenantUnreadable: `Capsule Tenants could not be read (${view.index.access(K.CapsuleTenant)?.reason ?? 'no access'}), so the quotas and LimitRanges tenant ${tenant.name} adds are unknown`,
    };
  }
  return { items };
}
