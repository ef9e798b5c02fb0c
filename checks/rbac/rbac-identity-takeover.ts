import { defineCheck, type FindingWith } from '../../src/engine/check.js';
import { K, POD_SPEC_PATHS } from '../../src/model/kinds.js';
import { refKey, refOf } from '../../src/model/types.js';
import {
  isKubernetesDefault,
  RBAC_KINDS,
  rbacInputsUnreadable,
  relatedOf,
  roleLabel,
  rulesLabel,
  subjectWithOwner,
  takeoverPaths,
  tenantOfOwner,
} from '../../src/k8s/rbac/index.js';

/** A path reached through many bindings would otherwise carry them all in every finding. */
const MAX_RELATED = 10;

/** A finding of this check: its message ID and the placeholders it fills. */
type CheckFinding = FindingWith<'takeover', 'subject' | 'takeover' | 'role' | 'rules'>;

/**
 * A subject that can become another identity holds what that identity holds. Judged on each
 * binding, for its subjects that are a tenant's, a group of everyone, or (bound cluster-wide) of no
 * tenant, by what the identities reached hold and the subject lacks: the paths and the definition
 * of "more powerful" are in src/k8s/rbac/takeover.ts and src/k8s/rbac/power.ts. Kubernetes' own
 * bindings are not findings.
 */
export default defineCheck({
  id: 'rbac-identity-takeover',
  family: 'rbac',
  title: 'Tenant may become a more powerful identity',
  description:
    "Flags every RoleBinding and ClusterRoleBinding (other than Kubernetes' own) that lets a tenant's subject, a group of everyone, or a subject of no tenant bound cluster-wide become a more powerful identity: create tokens for or impersonate service accounts (its own namespace's included) that hold grants beyond its tenant, escalation paths or quota writes it lacks; impersonate any user, the group system:masters, or named users and groups that hold more; `get nodes/proxy` cluster-wide (the kubelet API); create and approve CertificateSigningRequests for a Kubernetes client signer; or run, exec into, attach to or port-forward to pods in a namespace whose service accounts hold more than it does.",
  rationale:
    'A token, an impersonation header, a client certificate or a pod running as a service account is that identity: whatever RBAC grants the identity, the subject can do. A tenant bound to `edit` in a namespace whose service account is bound cluster-wide, to exec in kube-system, or to `get nodes/proxy` reaches every other tenant, however narrow its own rules look.',
  remediation:
    'Remove the path: limit `serviceaccounts/token` and `impersonate` with `resourceNames` to identities that hold no more than the subject; never grant tenants `nodes/proxy`, CSR approval or `approve` on client signers; keep service accounts with cluster-wide or cross-tenant grants out of namespaces where tenants can create pods or workloads or exec into pods (run platform controllers in platform namespaces).',
  references: [
    {
      title: 'Kubernetes: RBAC good practices, privilege escalation risks',
      url: 'https://kubernetes.io/docs/concepts/security/rbac-good-practices/#privilege-escalation-risks',
    },
    {
      title: 'Kubernetes: user impersonation',
      url: 'https://kubernetes.io/docs/reference/access-authn-authz/authentication/#user-impersonation',
    },
    {
      title: 'Kubernetes: certificate signing requests, authorization',
      url: 'https://kubernetes.io/docs/reference/access-authn-authz/certificate-signing-requests/#authorization',
    },
  ],
  severity: { 'multi-team': 'high', 'multi-customer': 'critical' },
  target: { kinds: [K.RoleBinding, K.ClusterRoleBinding] },
  // a RoleBinding in a platform namespace (edit in kube-system) grants tenants too
  scope: 'all',
  needs: RBAC_KINDS,
  // the service accounts reached: ServiceAccount objects and the pods (templates) that run as them
  reads: { kinds: [K.ServiceAccount, ...Object.keys(POD_SPEC_PATHS)] },
  messages: {
    takeover: '{{subject}} {{takeover}}, through {{role}} ({{rules}})',
  },
  check(binding, ctx) {
    if (isKubernetesDefault(binding)) return [];
    const unreadable = rbacInputsUnreadable(ctx.index);
    if (unreadable) return { notEvaluated: unreadable };
    const rbac = ctx.analyses.rbac;
    const clusterWide = binding.metadata.namespace === undefined;
    const findings: CheckFinding[] = [];
    for (const bound of rbac.bindings.subjectsOf(binding)) {
      const owner = rbac.ownerOf(bound.subject);
      if (owner.kind === 'platform' || (owner.kind === 'unattributed' && !clusterWide)) continue;
      const access = rbac.accessOf(bound);
      if (access.role.found === 'missing') {
        return {
          notEvaluated: `${access.role.ref.kind} "${access.role.ref.name}" is not in the input, so what this binding grants ${bound.subject.kind} "${bound.subject.name}" is unknown`,
        };
      }
      for (const path of takeoverPaths(rbac, access, rbac.namespacesOf(owner))) {
        // the role that opens the path, and the bindings that give the first identity reached what it adds
        const related = new Map(relatedOf(access.role, path.permissions).map((r) => [refKey(r), r]));
        for (const h of path.reached[0]?.lacked ?? []) related.set(refKey(refOf(h.access.bound.binding)), refOf(h.access.bound.binding));
        const finding: CheckFinding = {
          messageId: 'takeover',
          data: {
            subject: subjectWithOwner(bound.subject, owner),
            takeover: path.text,
            role: roleLabel(access.role),
            rules: rulesLabel(path.permissions),
          },
          path: `/subjects/${bound.index}`,
          related: [...related.values()].slice(0, MAX_RELATED),
        };
        const tenant = tenantOfOwner(owner);
        if (tenant) finding.tenant = tenant;
        findings.push(finding);
      }
    }
    return findings;
  },
});
