import { defineCheck } from '../../src/engine/check.js';
import { K } from '../../src/model/kinds.js';
import { RBAC_KINDS } from '../../src/k8s/rbac/index.js';
import { CLUSTER_WRITE_MESSAGES, clusterWriteFindings } from './_cluster-write-findings.js';

/**
 * CustomResourceDefinitions are cluster-scoped, so only a ClusterRoleBinding can grant writing them
 * (a RoleBinding's rules never apply to a request without a namespace).
 */
export default defineCheck({
  id: 'api-crd-writable',
  family: 'api',
  title: 'Tenant may write CustomResourceDefinitions',
  description:
    "Flags every ClusterRoleBinding (Kubernetes' defaults excepted) that lets a tenant subject, or a subject of no tenant, create, update, patch or delete CustomResourceDefinitions.",
  rationale:
    "A CustomResourceDefinition defines an API for the whole cluster: its schema, versions and conversion webhook apply to every tenant's objects of that kind, and deleting it deletes them all. A tenant that can write CRDs can break or take over other tenants' custom resources and the operators that serve them, and register new cluster-scoped kinds outside any tenant boundary.",
  remediation:
    'Let the platform install CRDs; tenants who need their own API versions need their own control plane (a virtual cluster such as vcluster).',
  references: [
    {
      title: 'Kubernetes: extend the API with CustomResourceDefinitions',
      url: 'https://kubernetes.io/docs/tasks/extend-kubernetes/custom-resources/custom-resource-definitions/',
    },
    {
      title: 'Kubernetes: multi-tenancy, control plane virtualization',
      url: 'https://kubernetes.io/docs/concepts/security/multi-tenancy/#virtual-control-plane-per-tenant',
    },
  ],
  severity: 'critical',
  target: { kinds: [K.ClusterRoleBinding] },
  needs: RBAC_KINDS,
  messages: CLUSTER_WRITE_MESSAGES,
  check: (binding, ctx) =>
    clusterWriteFindings(binding, ctx, (group, resource) => group === 'apiextensions.k8s.io' && resource === 'customresourcedefinitions'),
});
