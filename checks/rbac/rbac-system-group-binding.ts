import { defineCheck, type FindingWith } from '../../src/engine/check.js';
import { K } from '../../src/model/kinds.js';
import {
  EVERYONE_GROUPS,
  isDiscoveryPermission,
  isKubernetesDefault,
  RBAC_KINDS,
  rbacInputsUnreadable,
  relatedOf,
  roleLabel,
  SYSTEM_AUTHENTICATED,
  SYSTEM_UNAUTHENTICATED,
} from '../../src/k8s/rbac/index.js';

/** A finding of this check: its message ID and the placeholders it fills. */
type CheckFinding = FindingWith<'everyone', 'group' | 'who' | 'role' | 'where' | 'access'>;

/**
 * Decision on `system:serviceaccounts:<ns>`: it is every service account of one namespace, so it
 * is that namespace's tenant's (or the platform's) subject, not everyone's. Bound inside its own
 * namespace it stays there; bound cluster-wide or in another tenant's namespace it is reported by
 * rbac-cluster-scope-grant and rbac-cross-tenant-grant, which say whose accounts they are.
 */
export default defineCheck({
  id: 'rbac-system-group-binding',
  family: 'rbac',
  title: 'Binding grants every user or every service account',
  description:
    "Flags every RoleBinding and ClusterRoleBinding, in any namespace, that grants `system:authenticated`, `system:unauthenticated` or `system:serviceaccounts` more than read-only discovery; Kubernetes' own default bindings (system:discovery, system:basic-user, system:public-info-viewer...) excepted.",
  rationale:
    '`system:authenticated` is every user and every service account of every tenant; `system:serviceaccounts` is every service account of every namespace; `system:unauthenticated` is anyone who can reach the API server. A grant to one of them is a grant to every tenant at once (and, for the last, to the internet): it erases the boundaries that namespaces and RoleBindings draw.',
  remediation:
    "Bind the role to the tenants, groups or service accounts that need it instead; for a namespace's own service accounts use `system:serviceaccounts:<namespace>` in a RoleBinding there.",
  references: [
    {
      title: 'Kubernetes: default roles and role bindings',
      url: 'https://kubernetes.io/docs/reference/access-authn-authz/rbac/#default-roles-and-role-bindings',
    },
    {
      title: 'Kubernetes: referring to subjects (system groups)',
      url: 'https://kubernetes.io/docs/reference/access-authn-authz/rbac/#referring-to-subjects',
    },
    {
      title: 'Kubernetes: anonymous requests',
      url: 'https://kubernetes.io/docs/reference/access-authn-authz/authentication/#anonymous-requests',
    },
  ],
  severity: 'critical',
  target: { kinds: [K.RoleBinding, K.ClusterRoleBinding] },
  scope: 'all',
  needs: RBAC_KINDS,
  messages: {
    everyone: '{{group}} ({{who}}) is granted {{role}} {{where}}: {{access}}',
  },
  check(binding, ctx) {
    if (isKubernetesDefault(binding)) return [];
    const unreadable = rbacInputsUnreadable(ctx.index);
    if (unreadable) return { notEvaluated: unreadable };
    const rbac = ctx.analyses.rbac;
    const namespace = binding.metadata.namespace;
    const findings: CheckFinding[] = [];
    for (const bound of rbac.bindings.subjectsOf(binding)) {
      if (bound.subject.kind !== 'Group' || !EVERYONE_GROUPS.has(bound.subject.name)) continue;
      const access = rbac.accessOf(bound, (p) => !isDiscoveryPermission(p));
      if (access.role.found === 'missing')
        return {
          notEvaluated: `${access.role.ref.kind} "${access.role.ref.name}" is not in the input, so what this binding grants ${bound.subject.name} is unknown`,
        };
      const description = rbac.describe(access.permissions, { namespace });
      if (!access.permissions.length || !description) continue;
      findings.push({
        messageId: 'everyone',
        data: {
          group: `Group "${bound.subject.name}"`,
          who: WHO[bound.subject.name],
          role: roleLabel(access.role),
          where: namespace === undefined ? 'cluster-wide' : `in ${namespace}`,
          access: description,
        },
        path: `/subjects/${bound.index}`,
        related: relatedOf(access.role, access.permissions),
      });
    }
    return findings;
  },
});

const WHO: Record<string, string> = {
  [SYSTEM_AUTHENTICATED]: "every authenticated user: every tenant's users and service accounts",
  [SYSTEM_UNAUTHENTICATED]: 'anonymous requests: anyone who can reach the API server',
  'system:serviceaccounts': 'every service account of every namespace',
};
