import { defineCheck } from '../../src/engine/check.js';
import { K } from '../../src/model/kinds.js';
import { pvTenantClaim } from '../../src/k8s/storage/index.js';

/**
 * A `hostPath` or `local` PersistentVolume is a directory or disk of one node
 * (https://kubernetes.io/docs/concepts/storage/volumes/#hostpath, #local). Used through a claim it
 * passes every Pod Security level (PSA checks only inline pod volumes; `persistentVolumeClaim` is
 * allowed even by `restricted`), yet the tenant's pod reads and writes the node's disk. Bound
 * means the PV's `spec.claimRef` names a claim of a tenant namespace (the binding controller
 * writes it on binding; an administrator writes it to reserve the PV for that claim), or, for a PV
 * without claimRef, that a tenant claim names it in `spec.volumeName`: the controller binds such
 * a claim to it and writes the claimRef then
 * (https://kubernetes.io/docs/concepts/storage/persistent-volumes/#reserving-a-persistentvolume).
 * Manifests kept in Git usually hold this pre-binding form, never the claimRef. Claims are read
 * only where they could be read: on a live cluster the claimRef of a bound PV is already set.
 */
export default defineCheck({
  id: 'storage-pv-node-local',
  family: 'storage',
  title: 'Node-local PersistentVolume bound to a tenant claim',
  description:
    'Flags a `hostPath` or `local` PersistentVolume whose claimRef names a claim in a tenant namespace, or, without a claimRef, that a tenant claim names in `spec.volumeName` (and so binds).',
  rationale:
    "Pod Security admission judges a pod's inline volumes only, so a claim on a hostPath or local volume passes even `restricted`: the tenant's pod then works on the node's own disk. A hostPath PV can point anywhere on the node (`/`, `/var/lib/kubelet`), and a local disk shared between tenants over time keeps their data.",
  remediation:
    'Give tenants dynamically provisioned network or CSI volumes. Keep hostPath and local PVs for the platform, reserve them with `spec.claimRef` only for platform claims, and block tenant claims on them (e.g. a policy on PVC `spec.volumeName` and storage classes).',
  references: [
    { title: 'Kubernetes: hostPath volumes', url: 'https://kubernetes.io/docs/concepts/storage/volumes/#hostpath' },
    { title: 'Kubernetes: local volumes', url: 'https://kubernetes.io/docs/concepts/storage/volumes/#local' },
    {
      title: 'Pod Security Standards: restricted volume types',
      url: 'https://kubernetes.io/docs/concepts/security/pod-security-standards/#restricted',
    },
  ],
  severity: { 'multi-team': 'high', 'multi-customer': 'critical' },
  target: { kinds: [K.PersistentVolume] },
  needs: [],
  messages: {
    bound:
      '{{type}} PersistentVolume "{{name}}" ({{where}}) is bound to claim {{claim}} of tenant {{tenant}}: its pods reach node disk through a claim that every Pod Security level admits',
    prebound:
      '{{type}} PersistentVolume "{{name}}" ({{where}}) has no claimRef, but claim {{claim}} of tenant {{tenant}} names it in spec.volumeName and so binds it: its pods reach node disk through a claim that every Pod Security level admits',
  },
  check(pv, ctx) {
    const spec = pv.spec ?? {};
    const type = spec.hostPath ? 'hostPath' : spec.local ? 'local' : undefined;
    if (!type) return [];
    const where =
      type === 'hostPath' ? `path ${spec.hostPath.path ?? '?'} on the node` : `${spec.local.path ?? '?'}${nodesOf(spec.nodeAffinity)}`;
    const bound = pvTenantClaim(pv, ctx);
    if (!bound) return [];
    const data = { type, name: pv.metadata.name, where, claim: bound.claim, tenant: bound.tenant };
    if (bound.via === 'claimRef') return [{ messageId: 'bound', data, path: `/spec/${type}` }];
    return [{ messageId: 'prebound', data, path: `/spec/${type}`, related: bound.related ? [bound.related] : [], tenant: bound.tenant }];
  },
});

/** ` on node a, b` from a local PV's required node affinity (hostname terms), or ''. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- part of a Kubernetes object of the input, untyped JSON
function nodesOf(nodeAffinity: any): string {
  const terms = nodeAffinity?.required?.nodeSelectorTerms;
  if (!Array.isArray(terms)) return '';
  const nodes = terms.flatMap((t) =>
    (Array.isArray(t?.matchExpressions) ? t.matchExpressions : [])
      .filter((e: { key?: string; operator?: string }) => e?.key === 'kubernetes.io/hostname' && e.operator === 'In')
      .flatMap((e: { values?: string[] }) => e.values ?? []),
  );
  return nodes.length ? ` on node ${nodes.join(', ')}` : '';
}
