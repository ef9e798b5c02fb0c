/**
 * What a CustomResourceDefinition serves (apiextensions.k8s.io/v1): one kind in one API group, under
 * one plural resource name, either in namespaces (`spec.scope: Namespaced`) or for the whole cluster
 * (`spec.scope: Cluster`). Source:
 * https://kubernetes.io/docs/tasks/extend-kubernetes/custom-resources/custom-resource-definitions/
 * ("scope: Namespaced or Cluster"; a cluster-scoped custom resource has no namespace, so its name is
 * unique in the cluster and every client of the API sees the same object).
 */
import type { KubeObject } from '../../model/types.js';

export interface CustomKind {
  /** `spec.group`. */
  group: string;
  /** `spec.names.kind`. */
  kind: string;
  /** `spec.names.plural`: the resource name RBAC rules use. */
  plural: string;
  /** `spec.scope`. The API server requires it; anything but `Cluster` is read as `Namespaced`. */
  scope: 'Namespaced' | 'Cluster';
  /** `<kind>.<group>`: the GroupKind the resource index files its objects under. */
  groupKind: string;
}

/** The kind a CRD serves, or undefined when its group or kind is missing (a malformed CRD). */
export function customKindOf(crd: KubeObject): CustomKind | undefined {
  const group = crd.spec?.group;
  const kind = crd.spec?.names?.kind;
  if (typeof group !== 'string' || !group || typeof kind !== 'string' || !kind) return undefined;
  const plural = typeof crd.spec?.names?.plural === 'string' && crd.spec.names.plural ? crd.spec.names.plural : `${kind.toLowerCase()}s`;
  return { group, kind, plural, scope: crd.spec?.scope === 'Cluster' ? 'Cluster' : 'Namespaced', groupKind: `${kind}.${group}` };
}
