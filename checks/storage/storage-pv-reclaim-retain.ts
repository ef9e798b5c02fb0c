import { defineCheck } from '../../src/engine/check.js';
import { K } from '../../src/model/kinds.js';
import { claimOwnerOf } from '../../src/k8s/storage/index.js';

/**
 * A PV's `spec.persistentVolumeReclaimPolicy` defaults to `Retain` (SetDefaults_PersistentVolume;
 * dynamically provisioned PVs get their class's policy written out), so a manually created PV
 * without one retains. A Retain PV reserved for or bound to a claim of a system or platform
 * namespace passes: its data is the platform's, and it is not free for a tenant to bind. Every
 * other Retain PV fails (unbound ones can be bound by any tenant), and a `Released` one whose
 * claimRef names a tenant's claim fails with a stronger message: that tenant's data outlived it.
 */
export default defineCheck({
  id: 'storage-pv-reclaim-retain',
  family: 'storage',
  title: 'PersistentVolume retains its data after its claim is deleted',
  description:
    "Flags a PersistentVolume whose reclaim policy is Retain (set, or defaulted for a manually created PV) unless it belongs to a platform claim; a Released one that still holds a tenant's claim data is called out.",
  rationale:
    "A retained volume keeps the data of a deleted claim. Released, it still carries the previous tenant's files; an administrator who clears its claimRef to reuse it, or a claim that pre-binds it, hands that data to whoever binds it next, possibly another tenant.",
  remediation:
    'Set `persistentVolumeReclaimPolicy: Delete` on tenant volumes (or provision them from a Delete class). Wipe and delete Released volumes instead of clearing their claimRef; reserve a reused volume for one claim with `spec.claimRef`.',
  references: [
    {
      title: 'Kubernetes: Persistent Volumes, reclaiming',
      url: 'https://kubernetes.io/docs/concepts/storage/persistent-volumes/#reclaiming',
    },
    {
      title: 'Kubernetes: Change the reclaim policy of a PersistentVolume',
      url: 'https://kubernetes.io/docs/tasks/administer-cluster/change-pv-reclaim-policy/',
    },
    {
      title: 'MTB (pending #1199): Require PV reclaim policy of delete',
      url: 'https://github.com/kubernetes-retired/multi-tenancy/issues/1199',
    },
  ],
  severity: { 'multi-team': 'medium', 'multi-customer': 'high' },
  target: { kinds: [K.PersistentVolume] },
  needs: [],
  reads: { status: { [K.PersistentVolume]: ['phase'] } },
  messages: {
    released:
      'PersistentVolume "{{name}}" is Released with reclaimPolicy Retain{{defaulted}}: the data of deleted claim {{claim}} (tenant {{tenant}}) is still on it, and clearing its claimRef lets any claim bind it',
    bound:
      'PersistentVolume "{{name}}" has reclaimPolicy Retain{{defaulted}}: when claim {{claim}} (tenant {{tenant}}) is deleted, its data stays on the volume',
    unbound:
      'PersistentVolume "{{name}}" has reclaimPolicy Retain{{defaulted}} and no claimRef: any tenant claim can bind it, and the data stays after that claim is deleted',
  },
  check(pv, ctx) {
    const policy = pv.spec?.persistentVolumeReclaimPolicy ?? 'Retain';
    if (policy !== 'Retain') return [];
    const owner = claimOwnerOf(pv, ctx);
    if (owner && !owner.tenant) return { passNote: `reclaimPolicy Retain, reserved for claim ${owner.claim} of a platform namespace` };
    const defaulted = pv.spec?.persistentVolumeReclaimPolicy ? '' : ' (the default for a PV created without one)';
    const path = pv.spec?.persistentVolumeReclaimPolicy ? '/spec/persistentVolumeReclaimPolicy' : '/spec';
    const name = pv.metadata.name;
    if (!owner) return [{ messageId: 'unbound', data: { name, defaulted }, path }];
    const messageId = pv.status?.phase === 'Released' ? 'released' : 'bound';
    return [{ messageId, data: { name, defaulted, claim: owner.claim, tenant: owner.tenant! }, path }];
  },
});
