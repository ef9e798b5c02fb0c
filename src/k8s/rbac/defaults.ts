/**
 * Kubernetes' own RBAC objects, which are not findings: the API server creates them at start-up
 * (https://kubernetes.io/docs/reference/access-authn-authz/rbac/#default-roles-and-role-bindings)
 * with the label `kubernetes.io/bootstrapping: rbac-defaults`, and names every one of them
 * `system:...` (system:discovery, system:basic-user, system:public-info-viewer, the controllers'
 * `system:controller:*` roles) except `cluster-admin`, `admin`, `edit` and `view`.
 */
import type { KubeObject } from '../../model/types.js';

export const BOOTSTRAPPING_LABEL = 'kubernetes.io/bootstrapping';
export const BOOTSTRAPPING_VALUE = 'rbac-defaults';

/** True for a Role, ClusterRole or binding that Kubernetes ships: labelled `rbac-defaults`, or named `system:*`. */
export function isKubernetesDefault(obj: KubeObject): boolean {
  return obj.metadata.labels?.[BOOTSTRAPPING_LABEL] === BOOTSTRAPPING_VALUE || obj.metadata.name.startsWith('system:');
}
