import { defineCheck, type FindingWith } from '../../src/engine/check.js';
import { K } from '../../src/model/kinds.js';
import { isKubernetesDefault, RBAC_KINDS, rbacInputsUnreadable, relatedOf, roleLabel, subjectWithOwner } from '../../src/k8s/rbac/index.js';

/** A finding of this check: its message ID and the placeholders it fills. */
type CheckFinding = FindingWith<'crossTenant', 'subject' | 'role' | 'namespace' | 'tenant' | 'access'>;

/**
 * A RoleBinding in one tenant's namespace that names another tenant's subject opens the namespace
 * to that tenant. Subjects are attributed as src/k8s/rbac/attribution.ts says (tenancy source, service accounts of the
 * tenant's namespaces and `system:serviceaccounts:<ns>`, users and groups bound only inside one
 * tenant); a user or group bound in several tenants' namespaces belongs to none and is not judged.
 */
export default defineCheck({
  id: 'rbac-cross-tenant-grant',
  family: 'rbac',
  title: "RoleBinding grants another tenant's subject",
  description:
    "Flags every RoleBinding in a tenant namespace that grants a role to a user, group or service account of another tenant (Kubernetes' own bindings excepted).",
  rationale:
    "Namespaces are the tenant boundary only as long as RBAC keeps to it. A RoleBinding in tenant A's namespace naming tenant B's service account or group lets B read or change A's workloads and Secrets: one compromised CI account of B reaches A. RBAC has no deny, so nothing else closes this door.",
  remediation:
    "Remove the other tenant's subject from the RoleBinding. If the two tenants really share work, make it explicit in the tenancy layer (one tenant, or a platform-managed service account) instead of a cross-tenant binding.",
  references: [
    {
      title: 'Kubernetes: referring to subjects',
      url: 'https://kubernetes.io/docs/reference/access-authn-authz/rbac/#referring-to-subjects',
    },
    {
      title: 'Kubernetes: multi-tenancy, access controls',
      url: 'https://kubernetes.io/docs/concepts/security/multi-tenancy/#access-controls',
    },
    {
      title: 'MTB-PL1-CC-TI-2: Block access to other tenant resources',
      url: 'https://github.com/kubernetes-retired/multi-tenancy/tree/master/benchmarks/kubectl-mtb/test/benchmarks/block_access_to_other_tenant_resources',
    },
  ],
  mtb: ['MTB-PL1-CC-TI-2'],
  severity: { 'multi-team': 'high', 'multi-customer': 'critical' },
  target: { kinds: [K.RoleBinding] },
  needs: RBAC_KINDS,
  messages: {
    crossTenant: '{{subject}} is granted {{role}} in {{namespace}}, a namespace of tenant {{tenant}}: {{access}}',
  },
  check(binding, ctx) {
    if (isKubernetesDefault(binding)) return [];
    const namespace = binding.metadata.namespace;
    const tenant = ctx.tenants.tenantOfNamespace(namespace)?.name;
    if (!namespace || !tenant) return [];
    const unreadable = rbacInputsUnreadable(ctx.index);
    if (unreadable) return { notEvaluated: unreadable };
    const rbac = ctx.analyses.rbac;
    const findings: CheckFinding[] = [];
    for (const bound of rbac.bindings.subjectsOf(binding)) {
      const owner = rbac.ownerOf(bound.subject);
      if (owner.kind !== 'tenant' || owner.tenants.includes(tenant)) continue;
      const access = rbac.accessOf(bound);
      if (access.role.found === 'missing') {
        return {
          notEvaluated: `${access.role.ref.kind} "${access.role.ref.name}" is not in the input, so what this binding grants ${bound.subject.kind} "${bound.subject.name}" is unknown`,
        };
      }
      const description = rbac.describe(access.permissions, { namespace });
      if (!description) continue; // a role with no rule that takes effect in a namespace grants nothing here
      findings.push({
        messageId: 'crossTenant',
        data: { subject: subjectWithOwner(bound.subject, owner), role: roleLabel(access.role), namespace, tenant, access: description },
        path: `/subjects/${bound.index}`,
        related: relatedOf(access.role, access.permissions),
      });
    }
    return findings;
  },
});
