import { defineCheck, type FindingWith } from '../../src/engine/check.js';
import { K } from '../../src/model/kinds.js';
import type { KubeObject } from '../../src/model/types.js';
import {
  bindingLabel,
  escalationPaths,
  isKubernetesDefault,
  RBAC_KINDS,
  type RbacAnalysis,
  rbacInputsUnreadable,
  relatedOf,
  roleLabel,
  ruleLabel,
  subjectWithOwner,
  tenantOfOwner,
} from '../../src/k8s/rbac/index.js';

/** A finding of this check: its message ID and the placeholders it fills. */
type CheckFinding =
  | FindingWith<'onRole', 'binding' | 'subject' | 'escalation' | 'rule'>
  | FindingWith<'onBinding', 'subject' | 'escalation' | 'role' | 'rule'>;

/**
 * Reported on the Role or ClusterRole in use by tenants, at the rule that opens the path. A role that
 * Kubernetes ships (cluster-admin, admin, edit) is not a finding in itself, and is often absent
 * from manifests: when a tenant is bound to one, the finding is reported on that binding instead,
 * naming the role's rule. Each grant is reported once.
 */
export default defineCheck({
  id: 'rbac-privilege-escalation',
  family: 'rbac',
  title: 'Tenant may escalate its privileges',
  description:
    'Flags every Role and ClusterRole bound to a tenant subject (or, by a ClusterRoleBinding, to a subject of no tenant) that lets it `escalate` roles, `bind` cluster-admin or any Role, `impersonate` users, groups or service accounts outside its tenant, or create tokens for service accounts outside its tenant; for roles that Kubernetes ships, the binding is reported.',
  rationale:
    "RBAC's escalation checks stop a subject from granting permissions it does not hold, unless it holds `escalate` or `bind`. Impersonation and TokenRequest turn a subject into another one outright. Any of these lets a tenant step over every other RBAC boundary: bind cluster-admin in its namespace (and so change its own quotas and policies), act as a platform controller's service account, or as another tenant.",
  remediation:
    'Remove `escalate`, `bind` and `impersonate`, and `create` on `serviceaccounts/token` outside the tenant, from the roles tenants are bound to; give tenants the `admin` ClusterRole in their namespaces, which can manage Roles and RoleBindings within the limits of its own permissions.',
  references: [
    {
      title: 'Kubernetes: privilege escalation prevention and bootstrapping',
      url: 'https://kubernetes.io/docs/reference/access-authn-authz/rbac/#privilege-escalation-prevention-and-bootstrapping',
    },
    {
      title: 'Kubernetes: RBAC good practices, privilege escalation risks',
      url: 'https://kubernetes.io/docs/concepts/security/rbac-good-practices/#privilege-escalation-risks',
    },
    {
      title: 'Kubernetes: user impersonation',
      url: 'https://kubernetes.io/docs/reference/access-authn-authz/authentication/#user-impersonation',
    },
    {
      title: 'MTB-PL2-CC-TI-1: Block role privilege escalation',
      url: 'https://github.com/kubernetes-retired/multi-tenancy/tree/master/benchmarks/kubectl-mtb/test/benchmarks/block_role_privilege_escalation',
    },
  ],
  mtb: ['MTB-PL2-CC-TI-1'],
  severity: { 'multi-team': 'high', 'multi-customer': 'critical' },
  target: { kinds: [K.Role, K.ClusterRole, K.RoleBinding, K.ClusterRoleBinding] },
  // Roles and bindings in platform namespaces can grant tenants too (a RoleBinding in kube-system).
  scope: 'all',
  needs: RBAC_KINDS,
  messages: {
    onRole: 'through {{binding}}, {{subject}} {{escalation}} ({{rule}})',
    onBinding: '{{subject}} {{escalation}} through {{role}} ({{rule}})',
  },
  check(obj, ctx) {
    if (isKubernetesDefault(obj)) return [];
    const unreadable = rbacInputsUnreadable(ctx.index);
    if (unreadable) return { notEvaluated: unreadable };
    const rbac = ctx.analyses.rbac;
    if (obj.kind === 'Role' || obj.kind === 'ClusterRole') {
      const bindings =
        obj.kind === 'Role'
          ? rbac.bindings.bindingsOfRole('Role', obj.metadata.name, obj.metadata.namespace)
          : rbac.bindings.bindingsOfRole('ClusterRole', obj.metadata.name);
      const findings: CheckFinding[] = [];
      for (const binding of bindings) {
        if (isKubernetesDefault(binding)) continue;
        const outcome = findingsOf(rbac, binding, obj);
        if (!Array.isArray(outcome)) return outcome;
        findings.push(...outcome);
      }
      return findings;
    }
    const role = rbac.roles.ofBinding(obj);
    if (role.found === 'input' && role.object && !isKubernetesDefault(role.object)) return []; // judged on the role
    return findingsOf(rbac, obj);
  },
});

/**
 * The escalation findings of one binding's tenant subjects: reported on `role` when given (path to
 * the rule, or to `/aggregationRule` for a rule an aggregated ClusterRole takes from another), else
 * on the binding subject.
 */
function findingsOf(rbac: RbacAnalysis, binding: KubeObject, role?: KubeObject): CheckFinding[] | { notEvaluated: string } {
  const findings: CheckFinding[] = [];
  for (const bound of rbac.bindings.subjectsOf(binding)) {
    const owner = rbac.ownerOf(bound.subject);
    const clusterWide = binding.metadata.namespace === undefined;
    if (owner.kind !== 'tenant' && !(owner.kind === 'unattributed' && clusterWide)) continue;
    const access = rbac.accessOf(bound);
    if (access.role.found === 'missing') {
      return {
        notEvaluated: `${access.role.ref.kind} "${access.role.ref.name}" is not in the input, so what ${bindingLabel(binding)} grants is unknown`,
      };
    }
    const own = rbac.namespacesOf(owner);
    // one finding per rule that opens a path, judged on that rule alone
    for (const source of [...new Set(access.permissions.map((p) => p.source))]) {
      const paths = escalationPaths({ ...access, permissions: access.permissions.filter((p) => p.source === source) }, own);
      if (!paths.length) continue;
      const texts = paths.map((p) => p.text);
      const permissions = paths.flatMap((p) => p.permissions);
      const subject = subjectWithOwner(bound.subject, owner);
      const finding: CheckFinding = role
        ? {
            messageId: 'onRole',
            data: { binding: bindingLabel(binding), subject, escalation: [...new Set(texts)].join('; '), rule: ruleLabel(source) },
            path: source.role.name === role.metadata.name && source.role.kind === role.kind ? source.rulePath : '/aggregationRule',
            related: relatedOf(access.role, permissions, binding).filter(
              (r) => !(r.kind === role.kind && r.name === role.metadata.name && r.namespace === role.metadata.namespace),
            ),
          }
        : {
            messageId: 'onBinding',
            data: { subject, escalation: [...new Set(texts)].join('; '), role: roleLabel(access.role), rule: ruleLabel(source) },
            path: `/subjects/${bound.index}`,
            related: relatedOf(access.role, permissions),
          };
      const tenant = tenantOfOwner(owner);
      if (tenant) finding.tenant = tenant;
      findings.push(finding);
    }
  }
  return findings;
}
