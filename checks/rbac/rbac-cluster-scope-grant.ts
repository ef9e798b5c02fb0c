import { defineCheck, type FindingWith } from '../../src/engine/check.js';
import { K } from '../../src/model/kinds.js';
import {
  isDiscoveryPermission,
  isKubernetesDefault,
  RBAC_KINDS,
  rbacInputsUnreadable,
  relatedOf,
  roleLabel,
  subjectWithOwner,
  tenantOfOwner,
} from '../../src/k8s/rbac/index.js';

/** A finding of this check: its message ID and the placeholders it fills. */
type CheckFinding = FindingWith<'bound', 'subject' | 'role' | 'access'>;

/**
 * A ClusterRoleBinding applies in every namespace and to every cluster-scoped object: binding a
 * tenant's subject with one reaches every other tenant. Read-only discovery (self access reviews,
 * reading StorageClasses and the other class objects) is what every tenant needs and is not a finding.
 */
export default defineCheck({
  id: 'rbac-cluster-scope-grant',
  family: 'rbac',
  title: 'Tenant subject bound cluster-wide',
  description:
    "Flags every ClusterRoleBinding (other than Kubernetes' own defaults) that binds a tenant's user, group or service account, or a subject that is neither a tenant's nor the platform's, to a ClusterRole granting more than read-only discovery.",
  rationale:
    "A ClusterRoleBinding grants its role in every namespace, every tenant's included, and on cluster-scoped objects (nodes, namespaces, persistent volumes). A tenant bound to even `view` cluster-wide can read every other tenant's workloads, config maps and service definitions; with `edit` or more it can change them. In a shared cluster only the platform should hold cluster-wide power, so a subject the scan cannot attribute to the platform is reported too.",
  remediation:
    "Replace the ClusterRoleBinding by RoleBindings (to the same ClusterRole) in the tenant's own namespaces, or, for a platform subject, add it to `checkOptions.rbac.platformSubjects`.",
  references: [
    {
      title: 'Kubernetes: RoleBinding and ClusterRoleBinding',
      url: 'https://kubernetes.io/docs/reference/access-authn-authz/rbac/#rolebinding-and-clusterrolebinding',
    },
    {
      title: 'Kubernetes: RBAC good practices (least privilege)',
      url: 'https://kubernetes.io/docs/concepts/security/rbac-good-practices/#least-privilege',
    },
    {
      title: 'MTB-PL1-CC-CPI-1: Block access to cluster resources',
      url: 'https://github.com/kubernetes-retired/multi-tenancy/tree/master/benchmarks/kubectl-mtb/test/benchmarks/block_access_to_cluster_resources',
    },
  ],
  mtb: ['MTB-PL1-CC-CPI-1'],
  severity: 'critical',
  target: { kinds: [K.ClusterRoleBinding] },
  needs: RBAC_KINDS,
  messages: {
    bound: '{{subject}} is bound cluster-wide to {{role}}: {{access}}',
  },
  check(binding, ctx) {
    if (isKubernetesDefault(binding)) return [];
    const unreadable = rbacInputsUnreadable(ctx.index);
    if (unreadable) return { notEvaluated: unreadable };
    const rbac = ctx.analyses.rbac;
    const findings: CheckFinding[] = [];
    for (const bound of rbac.bindings.subjectsOf(binding)) {
      const owner = rbac.ownerOf(bound.subject);
      if (owner.kind !== 'tenant' && owner.kind !== 'unattributed') continue;
      const access = rbac.accessOf(bound, (p) => !isDiscoveryPermission(p));
      if (access.role.found === 'missing')
        return { notEvaluated: `ClusterRole "${access.role.ref.name}" is not in the input, so what this binding grants is unknown` };
      if (!access.permissions.length) continue;
      const finding: CheckFinding = {
        messageId: 'bound',
        data: {
          subject: subjectWithOwner(bound.subject, owner),
          role: roleLabel(access.role),
          access: rbac.describe(access.permissions, {}),
        },
        path: `/subjects/${bound.index}`,
        related: relatedOf(access.role, access.permissions),
      };
      const tenant = tenantOfOwner(owner);
      if (tenant) finding.tenant = tenant;
      findings.push(finding);
    }
    return findings;
  },
});
