import { defineCheck } from '../../src/engine/check.js';
import { K } from '../../src/model/kinds.js';
import { refOf } from '../../src/model/types.js';
import { describeSource, pvTenantClaim, sourceOverlap, volumeSourceOf } from '../../src/k8s/storage/index.js';

const RELATION = { same: 'is the same directory as', under: 'lies under', contains: 'contains' } as const;

/**
 * Two PersistentVolumes that point at the same files are one volume, whatever the claims say: an
 * NFS export (server and path, `spec.nfs` or the NFS CSI driver's `volumeAttributes`) or a node
 * directory (`hostPath`, `local`) on a node both may be used on. A path under another's path holds
 * part of the same files and counts, and the message says which one contains the other. Each PV
 * bound (by `spec.claimRef`, or a claim's `spec.volumeName`) to a tenant claim fails once per PV
 * of another tenant that shares its source. Semantics in src/k8s/storage/volume-source.ts (paths
 * normalised, NFS server names compared without resolving them) and src/k8s/storage/pv-tenant.ts.
 * Sources: https://kubernetes.io/docs/concepts/storage/volumes/#nfs,
 * https://kubernetes.io/docs/concepts/storage/persistent-volumes/#reserving-a-persistentvolume.
 */
export default defineCheck({
  id: 'storage-volume-source-shared',
  family: 'storage',
  title: 'PersistentVolumes of two tenants share one NFS export or node path',
  description:
    'Flags every PersistentVolume bound to a tenant claim (by `spec.claimRef`, or a claim naming it in `spec.volumeName`) whose NFS export (server and path) or node directory (`hostPath` or `local` path, on a node both PVs may be used on) is the same as, lies under, or contains that of a PersistentVolume bound to a claim of another tenant.',
  rationale:
    'Kubernetes binds each claim to its own PersistentVolume, but nothing stops two PersistentVolumes from pointing at the same NFS export or node directory. Their tenants then read and write the same files: one tenant reads or destroys the other\'s data, and ownership, quota and deletion of the "two" volumes no longer match what is stored.',
  remediation:
    'Give each tenant its own export or directory (a separate subdirectory that no other PersistentVolume contains), or, better, dynamically provisioned volumes from a StorageClass whose provisioner creates one directory per claim (the NFS CSI driver, nfs-subdir-external-provisioner).',
  references: [
    { title: 'Kubernetes: nfs volumes', url: 'https://kubernetes.io/docs/concepts/storage/volumes/#nfs' },
    { title: 'Kubernetes: hostPath and local volumes', url: 'https://kubernetes.io/docs/concepts/storage/volumes/#hostpath' },
    {
      title: 'Kubernetes: reserving a PersistentVolume',
      url: 'https://kubernetes.io/docs/concepts/storage/persistent-volumes/#reserving-a-persistentvolume',
    },
    {
      title: 'NFS CSI driver: volume attributes',
      url: 'https://github.com/kubernetes-csi/csi-driver-nfs/blob/master/docs/driver-parameters.md',
    },
  ],
  severity: { 'multi-team': 'high', 'multi-customer': 'critical' },
  target: { kinds: [K.PersistentVolume] },
  needs: [],
  messages: {
    shared:
      'PersistentVolume "{{name}}" ({{source}}, claim {{claim}} of tenant {{tenant}}) {{relation}} PersistentVolume "{{other}}" ({{otherSource}}), bound to claim {{otherClaim}} of tenant {{otherTenant}}: both tenants read and write the same files',
  },
  check(pv, ctx) {
    const source = volumeSourceOf(pv);
    const mine = source && pvTenantClaim(pv, ctx);
    if (!source || !mine) return [];
    return ctx.index
      .ofKind(K.PersistentVolume)
      .filter((other) => other.metadata.name !== pv.metadata.name)
      .flatMap((other) => {
        const otherSource = volumeSourceOf(other);
        const relation = otherSource && sourceOverlap(source, otherSource);
        const theirs = relation && pvTenantClaim(other, ctx);
        if (!relation || !theirs || theirs.tenant === mine.tenant) return [];
        return [
          {
            messageId: 'shared' as const,
            data: {
              name: pv.metadata.name,
              source: describeSource(source),
              claim: mine.claim,
              tenant: mine.tenant,
              relation: RELATION[relation],
              other: other.metadata.name,
              otherSource: describeSource(otherSource),
              otherClaim: theirs.claim,
              otherTenant: theirs.tenant,
            },
            path: source.pointer,
            tenant: mine.tenant,
            related: [refOf(other), ...(mine.related ? [mine.related] : []), ...(theirs.related ? [theirs.related] : [])],
          },
        ];
      });
  },
});
