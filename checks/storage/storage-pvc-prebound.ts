import { defineCheck } from '../../src/engine/check.js';
import { K } from '../../src/model/kinds.js';
import { CAPSULE_TENANT_LABEL } from '../../src/tenancy/model.js';
import { refOf } from '../../src/model/types.js';
import { tenantOfNamespace } from '../../src/k8s/storage/index.js';

/** Set by the PV controller on an object whose binding it chose (pkg/controller/volume/persistentvolume, annBoundByController). */
const BOUND_BY_CONTROLLER = 'pv.kubernetes.io/bound-by-controller';

/**
 * A claim that names `spec.volumeName` binds that PV if the PV's claimRef is empty or names the
 * claim (https://kubernetes.io/docs/concepts/storage/persistent-volumes/#reserving-a-persistentvolume):
 * a tenant can so grab an existing volume, data included (MTB pending "Block use of existing PVs").
 * A tenant claim passes only when the PV was set aside for it: its claimRef names this claim
 * (namespace and name, and uid when both carry one) and was written by an administrator, not by
 * the binding controller; or the PV carries Capsule's `capsule.clastix.io/tenant` label of the
 * claim's tenant (Capsule's own rule for pre-binding, pkg/webhook/pvc/pv.go). A claim whose
 * volumeName the controller set (annotation pv.kubernetes.io/bound-by-controller on the claim:
 * dynamic provisioning or label matching) is not a pre-bind and passes. A claim naming a PV that
 * does not exist fails: it binds whatever PV is later created under that name (Capsule refuses it).
 */
export default defineCheck({
  id: 'storage-pvc-prebound',
  family: 'storage',
  title: 'Tenant claim pre-binds a PersistentVolume not provisioned for it',
  description:
    'Flags a PersistentVolumeClaim in a tenant namespace whose `spec.volumeName` names a PV that was not reserved for it (claimRef of another claim, none, or set by the binding controller), that is labelled for another Capsule tenant, or that does not exist.',
  rationale:
    'Pre-binding lets a claim take a specific existing volume, data included. A tenant who names a Released or unreserved PV reads whatever the previous owner (possibly another tenant) left on it, and a claim naming a PV that does not exist yet waits to take the next volume created under that name.',
  remediation:
    'Let tenants use dynamic provisioning. When a PV must be handed to a tenant, reserve it for the exact claim with `spec.claimRef` (namespace, name) before the claim exists, or label it `capsule.clastix.io/tenant: <tenant>` with Capsule; block `spec.volumeName` on tenant claims with an admission policy otherwise.',
  references: [
    {
      title: 'Kubernetes: Reserving a PersistentVolume',
      url: 'https://kubernetes.io/docs/concepts/storage/persistent-volumes/#reserving-a-persistentvolume',
    },
    { title: 'MTB (pending #1200): Block use of existing PVs', url: 'https://github.com/kubernetes-retired/multi-tenancy/issues/1200' },
    {
      title: 'Capsule PersistentVolume reuse webhook (pkg/webhook/pvc/pv.go)',
      url: 'https://github.com/projectcapsule/capsule/blob/main/pkg/webhook/pvc/pv.go',
    },
  ],
  severity: { 'multi-team': 'medium', 'multi-customer': 'high' },
  target: { kinds: [K.PersistentVolumeClaim] },
  needs: [K.PersistentVolume],
  reads: { status: { [K.PersistentVolume]: ['phase'] } },
  messages: {
    missing:
      'claim names PersistentVolume "{{pv}}" in spec.volumeName, which does not exist: the claim will bind whatever PV is created under that name',
    otherTenantLabel:
      'claim names PersistentVolume "{{pv}}", which is labelled capsule.clastix.io/tenant={{label}}: a volume of another tenant',
    otherClaim: 'claim names PersistentVolume "{{pv}}", which is reserved for claim {{claim}}{{whose}}',
    unreserved:
      'claim names PersistentVolume "{{pv}}", which is not reserved for it (no claimRef, no capsule.clastix.io/tenant={{tenant}} label): any tenant could claim that volume and the data on it{{phase}}',
    grabbed:
      'claim names PersistentVolume "{{pv}}", whose claimRef the binding controller wrote when this claim took it (annotation pv.kubernetes.io/bound-by-controller): the volume was not reserved for this claim',
  },
  check(pvc, ctx) {
    const pvName = pvc.spec?.volumeName;
    if (typeof pvName !== 'string' || !pvName) return [];
    if (pvc.metadata.annotations?.[BOUND_BY_CONTROLLER] === 'yes') return [];
    const namespace = pvc.metadata.namespace ?? '';
    const tenant = tenantOfNamespace(namespace, ctx) ?? namespace;
    const path = '/spec/volumeName';
    const pv = ctx.index.get(K.PersistentVolume, undefined, pvName);
    if (!pv) return [{ messageId: 'missing', data: { pv: pvName }, path }];
    const related = [refOf(pv)];
    const label = pv.metadata.labels?.[CAPSULE_TENANT_LABEL];
    if (label !== undefined && label !== tenant) return [{ messageId: 'otherTenantLabel', data: { pv: pvName, label }, path, related }];
    const ref = pv.spec?.claimRef;
    if (ref && (ref.namespace || ref.name)) {
      const sameClaim = ref.namespace === namespace && ref.name === pvc.metadata.name;
      const sameUid = !ref.uid || !pvc.metadata.uid || ref.uid === pvc.metadata.uid;
      if (!sameClaim || !sameUid) {
        const other = ref.namespace ? tenantOfNamespace(ref.namespace, ctx) : undefined;
        const whose = !sameClaim
          ? other && other !== tenant
            ? ` of tenant ${other}`
            : other
              ? ''
              : ' of a platform namespace'
          : ` (an earlier claim of the same name, uid ${ref.uid})`;
        return [
          { messageId: 'otherClaim', data: { pv: pvName, claim: `${ref.namespace ?? '?'}/${ref.name ?? '?'}`, whose }, path, related },
        ];
      }
      if (label === tenant) return [];
      return pv.metadata.annotations?.[BOUND_BY_CONTROLLER] === 'yes'
        ? [{ messageId: 'grabbed', data: { pv: pvName }, path, related }]
        : [];
    }
    if (label === tenant) return [];
    const phase = pv.status?.phase ? ` (PV phase ${pv.status.phase})` : '';
    return [{ messageId: 'unreserved', data: { pv: pvName, tenant, phase }, path, related }];
  },
});
