import { defineCheck, type FindingWith } from '../../src/engine/check.js';
import {
  bindingLabel,
  coversResource,
  coversVerb,
  type Permission,
  RBAC_KINDS,
  rbacInputsUnreadable,
  relatedOf,
  roleLabel,
  rulesLabel,
  subjectWithOwner,
  WRITE_VERBS,
} from '../../src/k8s/rbac/index.js';

/** A finding of this check: its message ID and the placeholders it fills. */
type CheckFinding = FindingWith<'modifiable', 'subject' | 'verbs' | 'resources' | 'namespace' | 'binding' | 'role' | 'rules'>;

const GUARDED = ['resourcequotas', 'limitranges'] as const;

/**
 * Whose access counts: the namespace's own tenant's subjects, and the groups that contain everyone
 * (a ClusterRoleBinding of system:authenticated reaches every tenant). Another tenant's subjects
 * are reported by rbac-cross-tenant-grant. Note that Kubernetes' `admin` and `edit` ClusterRoles
 * only read quotas and LimitRanges (bootstrap policy), so Capsule's default owner binding passes.
 */
export default defineCheck({
  id: 'rbac-quota-modifiable',
  family: 'rbac',
  title: 'Tenant may modify its ResourceQuota or LimitRange',
  description:
    'Flags every tenant namespace in which a subject of its own tenant (or a group of everyone) may create, update, patch, delete or deletecollection ResourceQuotas or LimitRanges, naming the binding and the rule that allow it.',
  rationale:
    "A tenant's ResourceQuota and LimitRange are the platform's limits on it: its fair share of CPU, memory, storage and object counts on nodes it shares with other tenants. A tenant that can edit or delete them can take the whole cluster's capacity and starve every other tenant.",
  remediation:
    'Bind tenants to `admin` or `edit` (which only read quotas) instead of `cluster-admin` or custom roles with write access to `resourcequotas` and `limitranges`; let the platform (or the tenancy controller, e.g. Capsule) own these objects.',
  references: [
    { title: 'Kubernetes: resource quotas', url: 'https://kubernetes.io/docs/concepts/policy/resource-quotas/' },
    {
      title: 'Kubernetes: user-facing roles (admin, edit, view)',
      url: 'https://kubernetes.io/docs/reference/access-authn-authz/rbac/#user-facing-roles',
    },
    {
      title: 'MTB-PL1-CC-TI-1: Block modification of resource quotas',
      url: 'https://github.com/kubernetes-retired/multi-tenancy/tree/master/benchmarks/kubectl-mtb/test/benchmarks/block_modification_of_resource_quotas',
    },
  ],
  mtb: ['MTB-PL1-CC-TI-1'],
  severity: 'high',
  target: 'namespace',
  needs: RBAC_KINDS,
  messages: {
    modifiable: '{{subject}} can {{verbs}} {{resources}} in {{namespace}} through {{binding}} to {{role}} ({{rules}})',
  },
  check(ns, ctx) {
    const unreadable = rbacInputsUnreadable(ctx.index);
    if (unreadable) return { notEvaluated: unreadable };
    const rbac = ctx.analyses.rbac;
    const namespace = ns.metadata.name;
    const writesGuarded = (p: Permission) => WRITE_VERBS.some((v) => coversVerb(p, v)) && GUARDED.some((r) => coversResource(p, '', r));
    const { grants, missing } = rbac.tenantAccessIn(namespace, writesGuarded);
    if (!grants.length && missing.length) {
      const names = [...new Set(missing.map((r) => `${r.ref.kind} "${r.ref.name}"`))];
      return {
        notEvaluated: `${names.join(', ')}, bound to this tenant's subjects here, ${names.length > 1 ? 'are' : 'is'} not in the input: whether ResourceQuotas and LimitRanges can be written is unknown`,
      };
    }
    return grants.map(({ owner, access }): CheckFinding => {
      const verbs = WRITE_VERBS.filter((v) => access.permissions.some((p) => coversVerb(p, v)));
      const resources = GUARDED.filter((r) => access.permissions.some((p) => coversResource(p, '', r))).map((r) => {
        const perms = access.permissions.filter((p) => coversResource(p, '', r));
        return perms.some((p) => p.names.length === 0) ? r : `${r} named ${[...new Set(perms.flatMap((p) => p.names))].join(', ')}`;
      });
      return {
        messageId: 'modifiable',
        data: {
          subject: subjectWithOwner(access.bound.subject, owner),
          verbs: joinList(verbs),
          resources: joinList(resources),
          namespace,
          binding: bindingLabel(access.bound.binding),
          role: roleLabel(access.role),
          rules: rulesLabel(access.permissions),
        },
        related: relatedOf(access.role, access.permissions, access.bound.binding),
      };
    });
  },
});

function joinList(items: readonly string[]): string {
  return items.length <= 1 ? items.join('') : `${items.slice(0, -1).join(', ')} and ${items[items.length - 1]}`;
}
