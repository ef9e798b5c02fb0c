/**
 * Where a PersistentVolume's data lives, for judging whether two PVs share it: an NFS export
 * (`spec.nfs`, or the NFS CSI driver's `volumeAttributes`), or a directory of a node (`spec.hostPath`,
 * `spec.local`). Sources: https://kubernetes.io/docs/concepts/storage/volumes/#nfs, #hostpath,
 * #local, and the NFS CSI driver's parameters
 * (https://github.com/kubernetes-csi/csi-driver-nfs/blob/master/docs/driver-parameters.md).
 */
import { posix } from 'node:path';
import type { KubeObject } from '../../model/types.js';

/** The NFS CSI driver (kubernetes-csi/csi-driver-nfs). */
export const NFS_CSI_DRIVER = 'nfs.csi.k8s.io';

const HOSTNAME_LABEL = 'kubernetes.io/hostname';

export type VolumeSource =
  | {
      kind: 'nfs';
      /** Lower-case host name or address, without a trailing dot; names are not resolved. */
      server: string;
      /** Normalised absolute path (no `..`, no repeated or trailing slash; `/` for the root). */
      path: string;
      /** JSON pointer to the source in the PV. */
      pointer: string;
    }
  | {
      kind: 'node';
      /** `hostPath` or `local`: both are directories of the node the pod runs on. */
      type: 'hostPath' | 'local';
      path: string;
      /** The nodes the PV's required node affinity allows (by `kubernetes.io/hostname In`); undefined: any node. */
      nodes?: string[];
      pointer: string;
    };

/** The PV's shared-storage source, or undefined for any other volume type (block, cloud disks, other CSI drivers). */
export function volumeSourceOf(pv: KubeObject): VolumeSource | undefined {
  const spec = pv.spec ?? {};
  if (typeof spec.nfs?.server === 'string' && typeof spec.nfs.path === 'string') {
    return { kind: 'nfs', server: normalServer(spec.nfs.server), path: normalPath(spec.nfs.path), pointer: '/spec/nfs' };
  }
  const attributes = spec.csi?.driver === NFS_CSI_DRIVER ? spec.csi.volumeAttributes : undefined;
  if (typeof attributes?.server === 'string' && typeof attributes.share === 'string') {
    const path = typeof attributes.subDir === 'string' ? `${attributes.share}/${attributes.subDir}` : attributes.share;
    return { kind: 'nfs', server: normalServer(attributes.server), path: normalPath(path), pointer: '/spec/csi/volumeAttributes' };
  }
  for (const type of ['hostPath', 'local'] as const) {
    if (typeof spec[type]?.path !== 'string') continue;
    const nodes = nodesOf(spec.nodeAffinity);
    return { kind: 'node', type, path: normalPath(spec[type].path), pointer: `/spec/${type}`, ...(nodes ? { nodes } : {}) };
  }
  return undefined;
}

/**
 * How source `a` relates to source `b`: `same` directory, `under` it (a subdirectory of b's),
 * `contains` it, or undefined when they cannot hold the same files (another server, another path,
 * node directories on nodes no pod of both could share).
 */
export function sourceOverlap(a: VolumeSource, b: VolumeSource): 'same' | 'under' | 'contains' | undefined {
  if (a.kind !== b.kind) return undefined;
  if (a.kind === 'nfs' && b.kind === 'nfs' && a.server !== b.server) return undefined;
  if (a.kind === 'node' && b.kind === 'node' && a.nodes && b.nodes && !a.nodes.some((n) => b.nodes!.includes(n))) return undefined;
  if (a.path === b.path) return 'same';
  if (isUnder(a.path, b.path)) return 'under';
  if (isUnder(b.path, a.path)) return 'contains';
  return undefined;
}

/** `nfs.example.com:/exports/a`, `hostPath /srv/data on node node-1`, `local /mnt/disks/ssd1 on any node`. */
export function describeSource(s: VolumeSource): string {
  if (s.kind === 'nfs') return `NFS export ${s.server}:${s.path}`;
  return `${s.type} ${s.path} on ${s.nodes ? `node ${s.nodes.join(', ')}` : 'any node'}`;
}

function isUnder(path: string, parent: string): boolean {
  return parent === '/' ? path !== '/' : path.startsWith(`${parent}/`);
}

function normalServer(server: string): string {
  return server.trim().toLowerCase().replace(/\.$/, '');
}

/** `/exports//a/./b/` → `/exports/a/b`; a relative path is taken from the root, as the NFS server and kubelet do. */
function normalPath(path: string): string {
  const normal = posix.normalize(`/${path.trim()}`);
  return normal.length > 1 ? normal.replace(/\/+$/, '') : normal;
}

/**
 * The nodes a required node affinity allows, when every term names them by hostname
 * (`kubernetes.io/hostname In [...]`); undefined when any term selects otherwise (by zone, by
 * another label) or there is no affinity: then the PV may be used on any node.
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- part of a Kubernetes object of the input, untyped JSON
function nodesOf(nodeAffinity: any): string[] | undefined {
  const terms = nodeAffinity?.required?.nodeSelectorTerms;
  if (!Array.isArray(terms) || terms.length === 0) return undefined;
  const nodes = new Set<string>();
  for (const term of terms) {
    const expressions = Array.isArray(term?.matchExpressions) ? term.matchExpressions : [];
    const byName = expressions.find(
      (e: { key?: string; operator?: string; values?: unknown }) =>
        e?.key === HOSTNAME_LABEL && e.operator === 'In' && Array.isArray(e.values),
    );
    if (!byName) return undefined;
    for (const v of byName.values) if (typeof v === 'string') nodes.add(v);
  }
  return [...nodes].sort();
}
