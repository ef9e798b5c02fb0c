import { anyGlobMatcher } from '../model/glob.js';

/**
 * The namespaces Kubernetes itself creates, which belong to no tenant
 * (https://kubernetes.io/docs/concepts/overview/working-with-objects/namespaces/#initial-namespaces).
 */
export const KUBERNETES_NAMESPACES: readonly string[] = ['default', 'kube-node-lease', 'kube-public', 'kube-system'];

/**
 * System namespaces: Kubernetes' own (`kube-*`) and `default`, which belongs to no tenant
 * (tenancy-default-namespace-used reports workloads there).
 */
export const SYSTEM_NAMESPACE_GLOBS: readonly string[] = ['kube-*', 'default'];

/**
 * Well-known platform components: ingress controllers, cert-manager, monitoring and logging,
 * service meshes, GitOps, and the tenancy and policy controllers themselves. Audited as the
 * platform, never as tenants. Extend or replace with `platformNamespaces` in the config.
 */
export const DEFAULT_PLATFORM_NAMESPACE_GLOBS: readonly string[] = [
  'ingress-nginx',
  'ingress-*',
  'cert-manager',
  'monitoring',
  'prometheus',
  'logging',
  'observability',
  'istio-system',
  'linkerd',
  'cilium',
  'calico-system',
  'calico-apiserver',
  'tigera-operator',
  'argocd',
  'flux-system',
  'capsule-system',
  'hnc-system',
  'kiosk',
  'gatekeeper-system',
  'kyverno',
  'external-dns',
  'external-secrets',
  'local-path-storage',
  'metallb-system',
  'velero',
  // tenantscan itself: the namespace its Helm chart is installed into (charts/tenantscan).
  'tenantscan',
  'platform',
  'platform-*',
];

/** Decides whether a namespace is a system or platform namespace (not a tenant). */
export function platformMatcher(extra: string[] = [], replace = false): (ns: string) => boolean {
  const globs = [...SYSTEM_NAMESPACE_GLOBS, ...(replace ? [] : DEFAULT_PLATFORM_NAMESPACE_GLOBS), ...extra];
  return anyGlobMatcher(globs);
}
