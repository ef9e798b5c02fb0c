import type { ResourceIndex } from '../model/index.js';
import { K } from '../model/kinds.js';
import type { KubeObject } from '../model/types.js';

/**
 * A vcluster control plane in a host namespace: the StatefulSet or Deployment the vcluster chart
 * creates, labelled `app=vcluster` and `release=<vcluster name>` (the chart's templates:
 * https://github.com/loft-sh/vcluster/tree/main/chart/templates).
 */
export interface VirtualClusterControlPlane {
  /** The vcluster's name: the `release` label (the Helm release, which the vcluster CLI names after the vcluster). */
  name: string;
  /** The host namespace it runs in. */
  namespace: string;
  kind: 'StatefulSet' | 'Deployment';
  /** The object's own name (usually the vcluster's name). */
  object: string;
}

/** The vcluster name a workload runs the control plane of, or undefined when it is not one. */
export function vclusterNameOf(obj: KubeObject): string | undefined {
  const labels = obj.metadata.labels ?? {};
  return labels.app === 'vcluster' && labels.release ? labels.release : undefined;
}

/** vcluster control planes in one namespace, or in every namespace when none is given; sorted by namespace, then name. */
export function vclusterControlPlanes(index: ResourceIndex, namespace?: string): VirtualClusterControlPlane[] {
  const found: VirtualClusterControlPlane[] = [];
  for (const gk of [K.StatefulSet, K.Deployment] as const) {
    const objects = namespace === undefined ? index.ofKind(gk) : index.inNamespace(gk, namespace);
    for (const obj of objects) {
      const name = vclusterNameOf(obj);
      if (!name || !obj.metadata.namespace) continue;
      found.push({
        name,
        namespace: obj.metadata.namespace,
        kind: gk === K.StatefulSet ? 'StatefulSet' : 'Deployment',
        object: obj.metadata.name,
      });
    }
  }
  return found.sort((a, b) => a.namespace.localeCompare(b.namespace) || a.name.localeCompare(b.name));
}
