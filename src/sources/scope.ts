import type { KubeObject } from '../model/types.js';
import { groupKindOf } from '../model/types.js';

/**
 * Built-in cluster-scoped kinds (kubectl api-resources --namespaced=false, Kubernetes 1.30+).
 * Everything else built in is namespaced; custom kinds take their scope from their CRD.
 */
export const CLUSTER_SCOPED: ReadonlySet<string> = new Set([
  'Namespace',
  'Node',
  'PersistentVolume',
  'ComponentStatus',
  'MutatingWebhookConfiguration.admissionregistration.k8s.io',
  'ValidatingWebhookConfiguration.admissionregistration.k8s.io',
  'ValidatingAdmissionPolicy.admissionregistration.k8s.io',
  'ValidatingAdmissionPolicyBinding.admissionregistration.k8s.io',
  'MutatingAdmissionPolicy.admissionregistration.k8s.io',
  'MutatingAdmissionPolicyBinding.admissionregistration.k8s.io',
  'CustomResourceDefinition.apiextensions.k8s.io',
  'APIService.apiregistration.k8s.io',
  'TokenReview.authentication.k8s.io',
  'SelfSubjectReview.authentication.k8s.io',
  'SelfSubjectAccessReview.authorization.k8s.io',
  'SelfSubjectRulesReview.authorization.k8s.io',
  'SubjectAccessReview.authorization.k8s.io',
  'CertificateSigningRequest.certificates.k8s.io',
  'ClusterTrustBundle.certificates.k8s.io',
  'FlowSchema.flowcontrol.apiserver.k8s.io',
  'PriorityLevelConfiguration.flowcontrol.apiserver.k8s.io',
  'IngressClass.networking.k8s.io',
  'IPAddress.networking.k8s.io',
  'ServiceCIDR.networking.k8s.io',
  'RuntimeClass.node.k8s.io',
  'PriorityClass.scheduling.k8s.io',
  'ClusterRole.rbac.authorization.k8s.io',
  'ClusterRoleBinding.rbac.authorization.k8s.io',
  'StorageClass.storage.k8s.io',
  'VolumeAttachment.storage.k8s.io',
  'CSIDriver.storage.k8s.io',
  'CSINode.storage.k8s.io',
  'VolumeAttributesClass.storage.k8s.io',
  'DeviceClass.resource.k8s.io',
  'ResourceSlice.resource.k8s.io',
  'Tenant.capsule.clastix.io',
  'CapsuleConfiguration.capsule.clastix.io',
  'Account.config.kiosk.sh',
  'HNCConfiguration.hnc.x-k8s.io',
  'CiliumClusterwideNetworkPolicy.cilium.io',
  'GlobalNetworkPolicy.crd.projectcalico.org',
  'GlobalNetworkPolicy.projectcalico.org',
  'AdminNetworkPolicy.policy.networking.k8s.io',
  'BaselineAdminNetworkPolicy.policy.networking.k8s.io',
  'ClusterNetworkPolicy.policy.networking.k8s.io',
]);

/** Kinds of the core group (`apiVersion: v1`) that the API serves; anything else there is a typo. */
export const CORE_KINDS: ReadonlySet<string> = new Set([
  'Binding',
  'ComponentStatus',
  'ConfigMap',
  'Endpoints',
  'Event',
  'LimitRange',
  'Namespace',
  'Node',
  'PersistentVolume',
  'PersistentVolumeClaim',
  'Pod',
  'PodTemplate',
  'ReplicationController',
  'ResourceQuota',
  'Secret',
  'Service',
  'ServiceAccount',
  'List',
]);

/**
 * Decides whether objects of a kind are namespaced: built-ins from the list above, custom kinds from
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
