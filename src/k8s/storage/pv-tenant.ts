/**
 * The tenant claim a PersistentVolume is bound to, or will be: its `spec.claimRef` (the binding
 * controller writes it on binding; an administrator writes it to reserve the PV), or, for a PV
 * without one, a claim that names it in `spec.volumeName`, which the controller then binds to it
 * (https://kubernetes.io/docs/concepts/storage/persistent-volumes/#reserving-a-persistentvolume).
 * Claims are read only where they could be read.
 */
import { K } from '../../model/kinds.js';
import { type KubeObject, type ObjectRef, refOf } from '../../model/types.js';
import type { TenancyView } from '../../tenancy/view.js';
import { claimOwnerOf, tenantOfNamespace } from './claims.js';

export interface PvTenantClaim {
  /** `namespace/name` of the claim. */
  claim: string;
  tenant: string;
  /** `claimRef`: the PV names the claim; `volumeName`: the claim names the PV (pre-binding). */
  via: 'claimRef' | 'volumeName';
  /** The claim object, when the binding was found from it. */
  related?: ObjectRef;
}

/** The tenant claim of a PV; undefined when it is bound to a platform claim or to none. */
export function pvTenantClaim(pv: KubeObject, view: TenancyView): PvTenantClaim | undefined {
  const owner = claimOwnerOf(pv, view);
  if (owner) return owner.tenant ? { claim: owner.claim, tenant: owner.tenant, via: 'claimRef' } : undefined;
  if (!view.index.isReadable(K.PersistentVolumeClaim)) return undefined;
  const claims = view.index
    .ofKind(K.PersistentVolumeClaim)
    .filter((pvc) => pvc.spec?.volumeName === pv.metadata.name && pvc.metadata.namespace)
    .map((pvc) => ({ pvc, tenant: tenantOfNamespace(pvc.metadata.namespace!, view) }))
    .filter((c): c is { pvc: KubeObject; tenant: string } => c.tenant !== undefined)
    .sort((a, b) => claimName(a.pvc).localeCompare(claimName(b.pvc)));
  const first = claims[0];
  return first && { claim: claimName(first.pvc), tenant: first.tenant, via: 'volumeName', related: refOf(first.pvc) };
}

const claimName = (pvc: KubeObject) => `${pvc.metadata.namespace}/${pvc.metadata.name}`;
