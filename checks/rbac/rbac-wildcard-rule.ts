import { defineCheck, type FindingWith } from '../../src/engine/check.js';
import { K } from '../../src/model/kinds.js';
import type { KubeObject } from '../../src/model/types.js';
import {
  aggregationSelectors,
  asPolicyRule,
  bindingLabel,
  isKubernetesDefault,
  type Owner,
  type Principal,
  RBAC_KINDS,
  type RbacAnalysis,
  rbacInputsUnreadable,
  subjectWithOwner,
  tenantOfOwner,
} from '../../src/k8s/rbac/index.js';
import { refKey, refOf } from '../../src/model/types.js';

/** A finding of this check: its message ID and the placeholders it fills. */
type CheckFinding = FindingWith<'wildcard', 'fields' | 'rule' | 'role' | 'subject' | 'binding' | 'others'>;

/**
 * A wildcard grants whatever the API server serves, today and after every upgrade or CRD
 * installation. Reported on the role's own rules; an aggregated ClusterRole's rules are written by
 * the aggregation controller, so the roles it aggregates are judged instead (they are "in use" when
 * the aggregated role is bound). Kubernetes' own roles (cluster-admin's wildcards) are not findings:
 * a tenant bound to one is reported by the checks that say what it can do.
 */
export default defineCheck({
  id: 'rbac-wildcard-rule',
  family: 'rbac',
  title: 'Role bound to tenants uses wildcards',
  description:
    "Flags every rule with `*` in `verbs`, `resources` (including `*/subresource`) or `apiGroups` in a Role or ClusterRole bound to a tenant subject (directly or through an aggregated ClusterRole), or bound cluster-wide to a subject of no tenant; Kubernetes' own roles excepted.",
  rationale:
    '`*` grants every verb, resource or API group the API server serves, including those added later: a new CRD, a new subresource, a new verb such as `escalate` or `impersonate`. A tenant role written with wildcards silently grows with the cluster, and what it allows cannot be reviewed from the role itself.',
  remediation: 'List the verbs, resources and API groups the tenant needs explicitly.',
  references: [
    {
      title: 'Kubernetes: RBAC good practices, avoid wildcards',
      url: 'https://kubernetes.io/docs/concepts/security/rbac-good-practices/#least-privilege',
    },
    {
      title: 'Kubernetes: referring to resources',
      url: 'https://kubernetes.io/docs/reference/access-authn-authz/rbac/#referring-to-resources',
    },
  ],
  severity: { 'multi-team': 'medium', 'multi-customer': 'high' },
  target: { kinds: [K.Role, K.ClusterRole] },
  scope: 'all',
  needs: RBAC_KINDS,
  messages: {
    wildcard: 'rule uses "*" in {{fields}} ({{rule}}), and {{role}} is bound to {{subject}} through {{binding}}{{others}}',
  },
  check(role, ctx) {
    if (isKubernetesDefault(role) || aggregationSelectors(role)) return [];
    const rules: unknown[] = Array.isArray(role.rules) ? role.rules : [];
    const wildcards = rules.map((raw, i) => ({ i, rule: asPolicyRule(raw) })).filter(({ rule }) => wildcardFields(rule).length > 0);
    if (!wildcards.length) return [];
    const unreadable = rbacInputsUnreadable(ctx.index);
    if (unreadable) return { notEvaluated: unreadable };
    const users = tenantUsers(ctx.analyses.rbac, role);
    if (!users.length) return [];
    const [first] = users;
    const others = users.length > 1 ? ` (and ${users.length - 1} more binding subject${users.length > 2 ? 's' : ''})` : '';
    // the bindings that put the role in tenants' hands, each once, the first MAX_RELATED of them
    const related = [...new Map(users.map((u) => [refKey(refOf(u.binding)), refOf(u.binding)])).values()].slice(0, MAX_RELATED);
    return wildcards.map(({ i, rule }): CheckFinding => {
      const finding: CheckFinding = {
        messageId: 'wildcard',
        data: {
          fields: wildcardFields(rule).join(' and '),
          rule: ruleText(rule),
          role: `${role.kind} "${role.metadata.namespace ? `${role.metadata.namespace}/` : ''}${role.metadata.name}"`,
          subject: subjectWithOwner(first.subject, first.owner),
          binding: bindingLabel(first.binding),
          others,
        },
        path: `/rules/${i}`,
        related: related,
      };
      const tenant = tenantOfOwner(first.owner);
      if (tenant) finding.tenant = tenant;
      return finding;
    });
  },
});

/** A role bound a thousand times would otherwise carry a thousand related objects in every finding. */
const MAX_RELATED = 10;

interface TenantUse {
  binding: KubeObject;
  subject: Principal;
  owner: Owner;
}

/** The tenant subjects (and subjects of no tenant bound cluster-wide) this role's rules reach, with the bindings. */
function tenantUsers(rbac: RbacAnalysis, role: KubeObject): TenantUse[] {
  const bindings =
    role.kind === 'Role'
      ? [...rbac.bindings.bindingsOfRole('Role', role.metadata.name, role.metadata.namespace)]
      : [role.metadata.name, ...rbac.roles.aggregatorsOf(role.metadata.name)].flatMap((name) =>
          rbac.bindings.bindingsOfRole('ClusterRole', name),
        );
  const uses: TenantUse[] = [];
  for (const binding of bindings) {
    if (isKubernetesDefault(binding)) continue;
    for (const bound of rbac.bindings.subjectsOf(binding)) {
      const owner = rbac.ownerOf(bound.subject);
      if (owner.kind === 'tenant' || (owner.kind === 'unattributed' && binding.metadata.namespace === undefined)) {
        uses.push({ binding, subject: bound.subject, owner });
      }
    }
  }
  return uses;
}

function wildcardFields(rule: ReturnType<typeof asPolicyRule>): string[] {
  const fields: string[] = [];
  if (rule.verbs?.includes('*')) fields.push('verbs');
  if (rule.resources?.some((r) => r === '*' || r.startsWith('*/'))) fields.push('resources');
  if (rule.apiGroups?.includes('*')) fields.push('apiGroups');
  return fields;
}

function ruleText(rule: ReturnType<typeof asPolicyRule>): string {
  const list = (xs: string[] | undefined) => `[${(xs ?? []).map((x) => (x === '' ? '""' : x)).join(', ')}]`;
  return `verbs ${list(rule.verbs)} on resources ${list(rule.resources)} of apiGroups ${list(rule.apiGroups)}`;
}
