import { defineCheck } from '../../src/engine/check.js';
import { K } from '../../src/model/kinds.js';
import { tenantsThatCanUse } from '../../src/k8s/storage/index.js';

/**
 * A StorageClass's `reclaimPolicy` is copied into every PV it provisions; unset means `Delete`
 * (https://kubernetes.io/docs/concepts/storage/storage-classes/#reclaim-policy). With `Retain`, a
 * deleted tenant claim leaves its volume and data behind, for an administrator (or a pre-binding
 * claim) to hand to someone else. A class counts only if some tenant may use it: every class for
 * a tenant without a tenancy layer restricting it, only its allowed classes for a Capsule tenant
 * with `spec.storageClasses` (see src/k8s/storage/tenant-storage-classes.ts).
 */
export default defineCheck({
  id: 'storage-class-reclaim-retain',
  family: 'storage',
  title: 'StorageClass tenants can use retains released volumes',
  description: 'Flags a StorageClass with `reclaimPolicy: Retain` that at least one tenant may use (an unset reclaimPolicy means Delete).',
  rationale:
    "Every volume the class provisions keeps its data after the tenant deletes the claim: the volume becomes Released, its data outlives the tenant's intent (and sometimes the tenant), and once an administrator clears its claimRef any claim, of any tenant, can bind it and read the previous tenant's data.",
  remediation:
    "Use `reclaimPolicy: Delete` on classes tenants can use (the default), and keep Retain classes for the platform; with Capsule, leave Retain classes out of every Tenant's `spec.storageClasses`.",
  references: [
    {
      title: 'Kubernetes: StorageClass reclaim policy',
      url: 'https://kubernetes.io/docs/concepts/storage/storage-classes/#reclaim-policy',
    },
    { title: 'Kubernetes: Persistent Volumes, Retain', url: 'https://kubernetes.io/docs/concepts/storage/persistent-volumes/#retain' },
    {
      title: 'Kubernetes: Multi-tenancy, storage isolation',
      url: 'https://kubernetes.io/docs/concepts/security/multi-tenancy/#storage-isolation',
    },
  ],
  severity: { 'multi-team': 'medium', 'multi-customer': 'high' },
  target: { kinds: [K.StorageClass] },
  needs: [],
  messages: {
    retain:
      'StorageClass "{{name}}" has reclaimPolicy Retain and tenants {{tenants}} may use it: the volumes of their deleted claims keep their data and can be bound again',
  },
  check(storageClass, ctx) {
    if (storageClass.reclaimPolicy !== 'Retain') return [];
    const users = tenantsThatCanUse(storageClass, ctx);
    if (users.tenants.length === 0) {
      return users.unknown
        ? { notEvaluated: users.unknown }
        : { passNote: 'reclaimPolicy Retain, but no tenant may use the class (Capsule spec.storageClasses)' };
    }
    return [{ messageId: 'retain', data: { name: storageClass.metadata.name, tenants: users.tenants.join(', ') }, path: '/reclaimPolicy' }];
  },
});
