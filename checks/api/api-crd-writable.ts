import { defineCheck, type Finding } from '../../src/engine/check.js';
import { K } from '../../src/model/kinds.js';
import { RBAC_KINDS, rbacAnalysis, rbacInputsUnreadable } from '../../src/rbac/access.js';
import { clusterScopedWrites } from '../../src/rbac/cluster-writes.js';
import { isKubernetesDefault } from '../../src/rbac/defaults.js';
import { relatedOf, roleLabel, rulesLabel, subjectWithOwner, tenantOfOwner } from '../../src/rbac/labels.js';

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
    { title: 'Kubernetes: extend the API with CustomResourceDefinitions', url: 'https://kubernetes.io/docs/tasks/extend-kubernetes/custom-resources/custom-resource-definitions/' },
    { title: 'Kubernetes: multi-tenancy, control plane virtualization', url: 'https://kubernetes.io/docs/concepts/security/multi-tenancy/#virtual-control-plane-per-tenant' },
  ],
  severity: 'critical',
  target: { kinds: [K.ClusterRoleBinding] },
  needs: RBAC_KINDS,
  messages: {
    writable: '{{subject}} is bound cluster-wide to {{role}}: {{access}} ({{rules}})',
  },
  check(binding, ctx) {
    if (isKubernetesDefault(binding)) return [];
    const unreadable = rbacInputsUnreadable(ctx.index);
    if (unreadable) return { notEvaluated: unreadable };
    const rbac = rbacAnalysis(ctx);
    const findings: Finding[] = [];
    for (const bound of rbac.bindings.subjectsOf(binding)) {
      const owner = rbac.ownerOf(bound.subject);
      if (owner.kind !== 'tenant' && owner.kind !== 'unattributed') continue;
      const access = rbac.accessOf(bound);
      if (access.role.found === 'missing') return { notEvaluated: `ClusterRole "${access.role.ref.name}" is not in the input, so what this binding grants is unknown` };
      const writes = clusterScopedWrites(access, rbac.scopes, (group, resource) => group === 'apiextensions.k8s.io' && resource === 'customresourcedefinitions');
      if (!writes.length) continue;
      const finding: Finding = {
        messageId: 'writable',
        data: { subject: subjectWithOwner(bound.subject, owner), role: roleLabel(access.role), access: rbac.describe(writes, {}), rules: rulesLabel(writes) },
        path: `/subjects/${bound.index}`,
        related: relatedOf(access.role, writes),
      };
      const tenant = tenantOfOwner(owner);
      if (tenant) finding.tenant = tenant;
      findings.push(finding);
    }
    return findings;
  },
});
