import { defineCheck } from '../../src/engine/check.js';
import { K } from '../../src/model/kinds.js';
import { NON_PERSISTED_CLUSTER_RESOURCES, RBAC_KINDS, resourceId } from '../../src/k8s/rbac/index.js';
import { CLUSTER_WRITE_MESSAGES, clusterWriteFindings } from './_cluster-write-findings.js';

/**
 * Which cluster-scoped writes count: every cluster-scoped resource (built-in, and custom kinds whose
 * CRD in the input says `scope: Cluster`), except access reviews (answered, never stored), creating
 * a CertificateSigningRequest (it does nothing until someone with `approve` signs it), and
 * CustomResourceDefinitions, which api-crd-writable reports. Only ClusterRoleBindings are judged: a
 * RoleBinding cannot grant a cluster-scoped request, except on its own Namespace object
 * (tenancy-namespace-self-managed reports that).
 */
export default defineCheck({
  id: 'api-cluster-scoped-resource-writable',
  family: 'api',
  title: 'Tenant may write cluster-scoped resources',
  description:
    "Flags every ClusterRoleBinding (Kubernetes' defaults excepted) that lets a tenant subject, or a subject of no tenant, create, update, patch or delete cluster-scoped resources: namespaces, nodes, persistent volumes, storage, runtime, priority and ingress classes, RBAC ClusterRoles and bindings, webhook and admission policy configurations, API services, and custom cluster-scoped kinds.",
  rationale:
    "A cluster-scoped object is shared by every tenant: one tenant's StorageClass, PriorityClass or RuntimeClass change applies to all, a webhook configuration sees (and can change) every tenant's objects, a ClusterRoleBinding grants anything to anyone, and deleting a Namespace or PersistentVolume destroys another tenant's data. Writing these is the platform's job.",
  remediation:
    "Remove cluster-scoped write access from tenants' ClusterRoles; let the platform provide shared classes and policies, or give tenants a virtual control plane (vcluster) where they need their own.",
  references: [
    {
      title: 'Kubernetes: multi-tenancy, control plane isolation',
      url: 'https://kubernetes.io/docs/concepts/security/multi-tenancy/#control-plane-isolation',
    },
    {
      title: 'Kubernetes: RBAC good practices, control admission webhooks',
      url: 'https://kubernetes.io/docs/concepts/security/rbac-good-practices/#control-admission-webhooks',
    },
    {
      title: 'MTB-PL1-CC-CPI-1: Block access to cluster resources',
      url: 'https://github.com/kubernetes-retired/multi-tenancy/tree/master/benchmarks/kubectl-mtb/test/benchmarks/block_access_to_cluster_resources',
    },
  ],
  mtb: ['MTB-PL1-CC-CPI-1'],
  severity: { 'multi-team': 'high', 'multi-customer': 'critical' },
  target: { kinds: [K.ClusterRoleBinding] },
  needs: RBAC_KINDS,
  messages: CLUSTER_WRITE_MESSAGES,
  check: (binding, ctx) => clusterWriteFindings(binding, ctx, crossesTenants),
});

function crossesTenants(group: string, resource: string, verb: string): boolean {
  const [base] = resource.split('/');
  if (NON_PERSISTED_CLUSTER_RESOURCES.has(resourceId(group, base))) return false;
  if (group === 'apiextensions.k8s.io' && base === 'customresourcedefinitions') return false;
  if (group === 'certificates.k8s.io' && resource === 'certificatesigningrequests' && verb === 'create') return false;
  return true;
}
