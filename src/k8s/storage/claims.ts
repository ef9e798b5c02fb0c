/**
 * Who a PersistentVolume's `spec.claimRef` belongs to, and how to name it in messages.
 * PVs are cluster-scoped (https://kubernetes.io/docs/concepts/storage/persistent-volumes/): the
 * tenant is that of the claim's namespace. A namespace the input does not hold is, by the tenant
 * model's rule, a tenant of its own unless it is a system or platform namespace.
 */
import type { TenancyView } from '../../tenancy/view.js';
import type { KubeObject } from '../../model/types.js';

export interface ClaimOwner {
  /** `namespace/name` of the claim. */
  claim: string;
  namespace: string;
  /** The tenant of the claim's namespace; undefined for a system or platform namespace. */
  tenant?: string;
}

/** The owner of a PV's claimRef, or undefined when the PV has no claimRef naming a namespace. */
export function claimOwnerOf(pv: KubeObject, view: TenancyView): ClaimOwner | undefined {
  const ref = pv.spec?.claimRef;
  const namespace = typeof ref?.namespace === 'string' ? ref.namespace : undefined;
  if (!namespace) return undefined;
  return { claim: `${namespace}/${ref.name ?? '?'}`, namespace, tenant: tenantOfNamespace(namespace, view) };
}

/** The tenant a namespace belongs to; undefined for a system or platform namespace. */
export function tenantOfNamespace(namespace: string, view: TenancyView): string | undefined {
  const tenant = view.tenants.tenantOfNamespace(namespace)?.name;
  if (tenant) return tenant;
  return view.tenants.isPlatformNamespace(namespace) ? undefined : namespace;
}
