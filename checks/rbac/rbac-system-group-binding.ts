import { defineCheck, type FindingWith } from '../../src/engine/check.js';
import { K } from '../../src/model/kinds.js';
import { type ObjectRef, refKey } from '../../src/model/types.js';
import {
  beyondAnonymousDefaults,
  describeNonResource,
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
 * Anonymous requests are judged against Kubernetes' real defaults, not by the binding's or the role's
 * name: since 1.14 `system:unauthenticated` is bound to system:public-info-viewer only, and a cluster
 * upgraded from an older version keeps it in the system:discovery and system:basic-user bindings
 * (src/k8s/rbac/anonymous.ts). Anything beyond that role is reported, even read-only discovery.
 *
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
    "Flags every RoleBinding and ClusterRoleBinding, in any namespace, that grants `system:authenticated` or `system:serviceaccounts` more than read-only discovery (Kubernetes' own default bindings, such as system:discovery and system:basic-user, excepted), and every binding, Kubernetes' own and `system:` roles included, that grants `system:unauthenticated` anything beyond `system:public-info-viewer`, its only default grant since Kubernetes 1.14.",
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
    // Kubernetes' own bindings are judged only for what they grant anonymous users (src/k8s/rbac/anonymous.ts)
    const kubernetesDefault = isKubernetesDefault(binding);
    const rbac = ctx.analyses.rbac;
    const judged = rbac.bindings
      .subjectsOf(binding)
      .filter(
        (b) =>
          b.subject.kind === 'Group' &&
          EVERYONE_GROUPS.has(b.subject.name) &&
          (!kubernetesDefault || b.subject.name === SYSTEM_UNAUTHENTICATED),
      );
    if (!judged.length) return [];
    const unreadable = rbacInputsUnreadable(ctx.index);
    if (unreadable) return { notEvaluated: unreadable };
    const namespace = binding.metadata.namespace;
    const findings: CheckFinding[] = [];
    for (const bound of judged) {
      const anonymous = bound.subject.name === SYSTEM_UNAUTHENTICATED;
      const access = rbac.accessOf(bound, (p) => !isDiscoveryPermission(p));
      if (access.role.found === 'missing')
        return {
          notEvaluated: `${access.role.ref.kind} "${access.role.ref.name}" is not in the input, so what this binding grants ${bound.subject.name} is unknown`,
        };
      let description: string;
      let related: ObjectRef[];
      if (anonymous) {
        // anonymous users get no discovery beyond system:public-info-viewer: every other grant counts
        const extra = beyondAnonymousDefaults(access.role, namespace === undefined);
        description = [rbac.describe(extra.permissions, { namespace }), describeNonResource(extra.nonResource)].filter(Boolean).join('; ');
        related = relatedOf(access.role, extra.permissions);
        for (const g of extra.nonResource) if (!related.some((r) => refKey(r) === refKey(g.source.role))) related.push(g.source.role);
      } else {
        description = access.permissions.length ? rbac.describe(access.permissions, { namespace }) : '';
        related = relatedOf(access.role, access.permissions);
      }
      if (!description) continue;
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
        related,
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
