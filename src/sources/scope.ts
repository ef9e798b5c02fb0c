import { CLUSTER_SCOPED } from '../model/scope.js';
import type { KubeObject } from '../model/types.js';
import { groupKindOf } from '../model/types.js';

/**
 * Decides whether objects of a kind are namespaced: built-ins from CLUSTER_SCOPED (src/model/scope.ts), custom kinds from
 * the CRDs in the same input (`spec.scope`). Unknown custom kinds are taken as namespaced when they
 * carry a namespace.
 */
export class ScopeResolver {
  private readonly crdScopes = new Map<string, boolean>();

  learnCrd(crd: KubeObject): void {
    const group = crd.spec?.group;
    const kind = crd.spec?.names?.kind;
    if (typeof group === 'string' && typeof kind === 'string') {
      this.crdScopes.set(`${kind}.${group}`, crd.spec?.scope !== 'Cluster');
    }
  }

  isNamespaced(obj: KubeObject): boolean | undefined {
    const gk = groupKindOf(obj);
    if (CLUSTER_SCOPED.has(gk)) return false;
    const fromCrd = this.crdScopes.get(gk);
    if (fromCrd !== undefined) return fromCrd;
    if (!gk.includes('.') || isBuiltinGroup(gk)) return true;
    return undefined;
  }
}

function isBuiltinGroup(gk: string): boolean {
  const group = gk.slice(gk.indexOf('.') + 1);
  return group.endsWith('.k8s.io') || ['apps', 'batch', 'autoscaling', 'policy'].includes(group);
}
