import type { CheckContext, CheckOutcome, FindingOf } from '../../src/engine/check.js';
import type { KubeObject } from '../../src/model/types.js';
import {
  clusterScopedWrites,
  isKubernetesDefault,
  rbacInputsUnreadable,
  relatedOf,
  roleLabel,
  rulesLabel,
  subjectWithOwner,
  tenantOfOwner,
} from '../../src/k8s/rbac/index.js';

/** The message of the api-*-writable checks. */
export const CLUSTER_WRITE_MESSAGES = {
  writable: '{{subject}} is bound cluster-wide to {{role}}: {{access}} ({{rules}})',
} as const;

type ClusterWriteFinding = FindingOf<typeof CLUSTER_WRITE_MESSAGES>;

/**
 * The cluster-scoped writes a ClusterRoleBinding gives to tenant or unattributed subjects, for the
 * resources `which` selects: one finding per such subject (message `writable`: {{subject}},
 * {{role}}, {{access}}, {{rules}}), counted in the subject's tenant. Shared by the api-*-writable
 * checks, which differ only in which resources they judge.
 */
export function clusterWriteFindings(
  binding: KubeObject,
  ctx: CheckContext,
  which: (group: string, resource: string, verb: string) => boolean,
): CheckOutcome<ClusterWriteFinding> {
  if (isKubernetesDefault(binding)) return [];
  const unreadable = rbacInputsUnreadable(ctx.index);
  if (unreadable) return { notEvaluated: unreadable };
  const rbac = ctx.analyses.rbac;
  const findings: ClusterWriteFinding[] = [];
  for (const bound of rbac.bindings.subjectsOf(binding)) {
    const owner = rbac.ownerOf(bound.subject);
    if (owner.kind !== 'tenant' && owner.kind !== 'unattributed') continue;
    const access = rbac.accessOf(bound);
    if (access.role.found === 'missing')
      return { notEvaluated: `ClusterRole "${access.role.ref.name}" is not in the input, so what this binding grants is unknown` };
    const writes = clusterScopedWrites(access, rbac.scopes, which);
    if (!writes.length) continue;
    const finding: ClusterWriteFinding = {
      messageId: 'writable',
      data: {
        subject: subjectWithOwner(bound.subject, owner),
        role: roleLabel(access.role),
        access: rbac.describe(writes, {}),
        rules: rulesLabel(writes),
      },
      path: `/subjects/${bound.index}`,
      related: relatedOf(access.role, writes),
    };
    const tenant = tenantOfOwner(owner);
    if (tenant) finding.tenant = tenant;
    findings.push(finding);
  }
  return findings;
}
