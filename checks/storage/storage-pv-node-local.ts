import { defineCheck } from '../../src/engine/check.js';
import { K } from '../../src/model/kinds.js';
import { claimOwnerOf } from './_claims.js';

/**
 * A `hostPath` or `local` PersistentVolume is a directory or disk of one node
 * (https://kubernetes.io/docs/concepts/storage/volumes/#hostpath, #local). Used through a claim it
 * passes every Pod Security level (PSA checks only inline pod volumes; `persistentVolumeClaim` is
 * allowed even by `restricted`), yet the tenant's pod reads and writes the node's disk. Bound
 * means the PV's `spec.claimRef` names a claim of a tenant namespace (the binding controller
 * writes it on binding; an administrator writes it to reserve the PV for that claim).
 */
export default defineCheck({
  id: 'storage-pv-node-local',
  family: 'storage',
  title: 'Node-local PersistentVolume bound to a tenant claim',
  description: 'Flags a `hostPath` or `local` PersistentVolume whose claimRef names a claim in a tenant namespace.',
  rationale:
    "Pod Security admission judges a pod's inline volumes only, so a claim on a hostPath or local volume passes even `restricted`: the tenant's pod then works on the node's own disk. A hostPath PV can point anywhere on the node (`/`, `/var/lib/kubelet`), and a local disk shared between tenants over time keeps their data.",
  remediation:
    'Give tenants dynamically provisioned network or CSI volumes. Keep hostPath and local PVs for the platform, reserve them with `spec.claimRef` only for platform claims, and block tenant claims on them (e.g. a policy on PVC `spec.volumeName` and storage classes).',
  references: [
    { title: 'Kubernetes: hostPath volumes', url: 'https://kubernetes.io/docs/concepts/storage/volumes/#hostpath' },
    { title: 'Kubernetes: local volumes', url: 'https://kubernetes.io/docs/concepts/storage/volumes/#local' },
    { title: 'Pod Security Standards: restricted volume types', url: 'https://kubernetes.io/docs/concepts/security/pod-security-standards/#restricted' },
  ],
  severity: { 'multi-team': 'high', 'multi-customer': 'critical' },
  target: { kinds: [K.PersistentVolume] },
  needs: [K.PersistentVolume],
  messages: {
    bound: '{{type}} PersistentVolume "{{name}}" ({{where}}) is bound to claim {{claim}} of tenant {{tenant}}: its pods reach node disk through a claim that every Pod Security level admits',
  },
  check(pv, ctx) {
    const spec = pv.spec ?? {};
    const type = spec.hostPath ? 'hostPath' : spec.local ? 'local' : undefined;
    if (!type) return [];
    const owner = claimOwnerOf(pv, ctx);
    if (!owner?.tenant) return [];
    const where = type === 'hostPath' ? `path ${spec.hostPath.path ?? '?'} on the node` : `${spec.local.path ?? '?'}${nodesOf(spec.nodeAffinity)}`;
    return [{ messageId: 'bound', data: { type, name: pv.metadata.name, where, claim: owner.claim, tenant: owner.tenant }, path: `/spec/${type}` }];
  },
});

/** ` on node a, b` from a local PV's required node affinity (hostname terms), or ''. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
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
