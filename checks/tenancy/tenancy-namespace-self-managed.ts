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
} from '../../src/k8s/rbac/index.js';

/** A finding of this check: its message ID and the placeholders it fills. */
type CheckFinding =
  | FindingWith<'selfManaged', 'subject' | 'verbs' | 'namespace' | 'binding' | 'role' | 'rules'>
  | FindingWith<'systemClaimed', 'namespace' | 'via' | 'tenant'>;

const VERBS = ['update', 'patch'] as const;

/**
 * The API server authorizes a request on Namespace N itself (`/api/v1/namespaces/N`) in namespace
 * N (k8s.io/apiserver endpoints/request/requestinfo.go), so a RoleBinding in N that grants update or
 * patch on `namespaces` reaches the Namespace object, not only a ClusterRoleBinding. Writes to
 * `namespaces/status` and `namespaces/finalize` cannot change labels and do not count. Whose access
 * counts: the namespace's own tenant's subjects and the groups of everyone; another tenant's are
 * reported by rbac-cross-tenant-grant and rbac-cluster-scope-grant. Admission webhooks that guard
 * namespace labels (Capsule's forbidden labels) cannot be seen from RBAC and are not assumed.
 *
 * One of Kubernetes' own namespaces (`kube-system`, `kube-public`, `kube-node-lease`, `default`)
 * claimed for a tenant by a tenancy layer's label or owner reference (or, except `default`, by the
 * configuration) is a finding of its own, on that label: the namespace then counts as the tenant's
 * (src/tenancy/model.ts), and whoever wrote the label handed the tenant the namespace the cluster
 * runs on (Capsule gives a Tenant's owners admin in its namespaces). Reported whether or not RBAC
 * could be read. Source: https://kubernetes.io/docs/concepts/overview/working-with-objects/namespaces/#initial-namespaces
 */
export default defineCheck({
  id: 'tenancy-namespace-self-managed',
  family: 'tenancy',
  title: 'Tenant may change its own Namespace',
  description:
    "Flags every tenant namespace whose Namespace object a subject of its own tenant (or a group of everyone) may `update` or `patch`, through a RoleBinding in that namespace or a ClusterRoleBinding, naming the binding and the rule; and every one of Kubernetes' own namespaces (`kube-system`, `kube-public`, `kube-node-lease`, `default`) that a tenancy layer's label claims for a tenant.",
  rationale:
    "A namespace's labels are its isolation settings: `pod-security.kubernetes.io/enforce` decides which pods are admitted, and the tenant label (`capsule.clastix.io/tenant`, `kiosk.sh/account`, a `--tenant-label`) decides which tenant it belongs to and which NetworkPolicies select it. A tenant that can edit its Namespace can set its Pod Security level to `privileged`, or join another tenant's network.",
  remediation:
    "Do not grant `update` or `patch` on `namespaces` to tenants (Kubernetes' `admin` and `edit` roles only read their namespace); let the platform or the tenancy controller manage namespace labels, and protect them with an admission policy.",
  references: [
    {
      title: 'Kubernetes: Pod Security Admission labels',
      url: 'https://kubernetes.io/docs/concepts/security/pod-security-admission/#pod-security-admission-labels-for-namespaces',
    },
    {
      title: 'Kubernetes: RBAC good practices, namespace modification',
      url: 'https://kubernetes.io/docs/concepts/security/rbac-good-practices/#namespace-modification',
    },
  ],
  severity: { 'multi-team': 'high', 'multi-customer': 'critical' },
  target: 'namespace',
  needs: RBAC_KINDS,
  messages: {
    selfManaged:
      "{{subject}} can {{verbs}} Namespace {{namespace}} itself through {{binding}} to {{role}} ({{rules}}): it can change the namespace's pod-security.kubernetes.io labels and its tenant label",
    systemClaimed:
      "Namespace {{namespace}} is one of Kubernetes' own namespaces, yet {{via}} claims it for tenant {{tenant}}: the tenant is handed the namespace the cluster itself runs on",
  },
  check(ns, ctx) {
    const namespace = ns.metadata.name;
    const system = ctx.tenants.systemNamespaceClaim(namespace);
    const claimed: CheckFinding[] = system
      ? [{ messageId: 'systemClaimed', data: { namespace, via: system.via, tenant: system.tenant }, path: system.path }]
      : [];
    const unreadable = rbacInputsUnreadable(ctx.index);
    if (unreadable) return claimed.length ? claimed : { notEvaluated: unreadable };
    const writesNamespace = (p: Permission) =>
      VERBS.some((v) => coversVerb(p, v)) && coversResource(p, '', 'namespaces') && (p.names.length === 0 || p.names.includes(namespace));
    const { grants, missing } = ctx.analyses.rbac.tenantAccessIn(namespace, writesNamespace);
    if (!grants.length && missing.length && !claimed.length) {
      const names = [...new Set(missing.map((r) => `${r.ref.kind} "${r.ref.name}"`))];
      return {
        notEvaluated: `${names.join(', ')}, bound to this tenant's subjects here, ${names.length > 1 ? 'are' : 'is'} not in the input: whether the Namespace can be changed is unknown`,
      };
    }
    const writers = grants.map(({ owner, access }): CheckFinding => ({
      messageId: 'selfManaged',
      data: {
        subject: subjectWithOwner(access.bound.subject, owner),
        verbs: VERBS.filter((v) => access.permissions.some((p) => coversVerb(p, v))).join(' and '),
        namespace,
        binding: bindingLabel(access.bound.binding),
        role: roleLabel(access.role),
        rules: rulesLabel(access.permissions),
      },
      related: relatedOf(access.role, access.permissions, access.bound.binding),
    }));
    return [...claimed, ...writers];
  },
});
