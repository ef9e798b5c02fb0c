/**
 * The GroupKinds tenantscan reads, named once. Keys follow `groupKindOf` (`Kind` or `Kind.group`).
 * Source of the group names: the Kubernetes API reference (https://kubernetes.io/docs/reference/kubernetes-api/)
 * and each project's CRDs (Capsule https://github.com/projectcapsule/capsule, HNC
 * https://github.com/kubernetes-sigs/hierarchical-namespaces, kiosk https://github.com/loft-sh/kiosk,
 * Gateway API https://gateway-api.sigs.k8s.io/reference/spec/: Gateway, HTTPRoute and GRPCRoute in
 * v1, TLSRoute and TCPRoute in v1alpha2, ReferenceGrant in v1beta1; a live scan reads each group's
 * preferred version, and a cluster without the CRDs has them `absent`).
 */
export const K = {
  Namespace: 'Namespace',
  Pod: 'Pod',
  Service: 'Service',
  Endpoints: 'Endpoints',
  ServiceAccount: 'ServiceAccount',
  ConfigMap: 'ConfigMap',
  Secret: 'Secret',
  ReplicationController: 'ReplicationController',
  ResourceQuota: 'ResourceQuota',
  LimitRange: 'LimitRange',
  PersistentVolume: 'PersistentVolume',
  PersistentVolumeClaim: 'PersistentVolumeClaim',
  Node: 'Node',
  Deployment: 'Deployment.apps',
  ReplicaSet: 'ReplicaSet.apps',
  StatefulSet: 'StatefulSet.apps',
  DaemonSet: 'DaemonSet.apps',
  Job: 'Job.batch',
  CronJob: 'CronJob.batch',
  NetworkPolicy: 'NetworkPolicy.networking.k8s.io',
  Ingress: 'Ingress.networking.k8s.io',
  IngressClass: 'IngressClass.networking.k8s.io',
  EndpointSlice: 'EndpointSlice.discovery.k8s.io',
  Gateway: 'Gateway.gateway.networking.k8s.io',
  HTTPRoute: 'HTTPRoute.gateway.networking.k8s.io',
  GRPCRoute: 'GRPCRoute.gateway.networking.k8s.io',
  TLSRoute: 'TLSRoute.gateway.networking.k8s.io',
  TCPRoute: 'TCPRoute.gateway.networking.k8s.io',
  ReferenceGrant: 'ReferenceGrant.gateway.networking.k8s.io',
  StorageClass: 'StorageClass.storage.k8s.io',
  RuntimeClass: 'RuntimeClass.node.k8s.io',
  Role: 'Role.rbac.authorization.k8s.io',
  ClusterRole: 'ClusterRole.rbac.authorization.k8s.io',
  RoleBinding: 'RoleBinding.rbac.authorization.k8s.io',
  ClusterRoleBinding: 'ClusterRoleBinding.rbac.authorization.k8s.io',
  CustomResourceDefinition: 'CustomResourceDefinition.apiextensions.k8s.io',
  CapsuleTenant: 'Tenant.capsule.clastix.io',
  KioskAccount: 'Account.config.kiosk.sh',
  HierarchyConfiguration: 'HierarchyConfiguration.hnc.x-k8s.io',
  CiliumNetworkPolicy: 'CiliumNetworkPolicy.cilium.io',
  CiliumClusterwideNetworkPolicy: 'CiliumClusterwideNetworkPolicy.cilium.io',
  CalicoNetworkPolicy: 'NetworkPolicy.crd.projectcalico.org',
  CalicoGlobalNetworkPolicy: 'GlobalNetworkPolicy.crd.projectcalico.org',
  CalicoNetworkPolicyV3: 'NetworkPolicy.projectcalico.org',
  CalicoGlobalNetworkPolicyV3: 'GlobalNetworkPolicy.projectcalico.org',
  AdminNetworkPolicy: 'AdminNetworkPolicy.policy.networking.k8s.io',
  BaselineAdminNetworkPolicy: 'BaselineAdminNetworkPolicy.policy.networking.k8s.io',
  ClusterNetworkPolicy: 'ClusterNetworkPolicy.policy.networking.k8s.io',
} as const;

/** Kinds whose objects carry a pod template, and where it sits (JSON pointer to the PodSpec). */
export const POD_SPEC_PATHS: Readonly<Record<string, string>> = {
  [K.Pod]: '/spec',
  [K.Deployment]: '/spec/template/spec',
  [K.ReplicaSet]: '/spec/template/spec',
  [K.StatefulSet]: '/spec/template/spec',
  [K.DaemonSet]: '/spec/template/spec',
  [K.Job]: '/spec/template/spec',
  [K.ReplicationController]: '/spec/template/spec',
  [K.CronJob]: '/spec/jobTemplate/spec/template/spec',
};

/** Policy kinds that tenantscan recognises but does not evaluate (CNI-specific and admin network policies). */
export const UNEVALUATED_NETWORK_POLICY_KINDS: readonly string[] = [
  K.CiliumNetworkPolicy,
  K.CiliumClusterwideNetworkPolicy,
  K.CalicoNetworkPolicy,
  K.CalicoGlobalNetworkPolicy,
  K.CalicoNetworkPolicyV3,
  K.CalicoGlobalNetworkPolicyV3,
  K.AdminNetworkPolicy,
  K.BaselineAdminNetworkPolicy,
  K.ClusterNetworkPolicy,
];
