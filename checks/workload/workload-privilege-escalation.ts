import { type FindingWith, defineCheck } from '../../src/engine/check.js';
import { containersOf } from '../../src/model/pods.js';
import { describeContainer, isWindowsPod } from './_shared.js';

/**
 * `allowPrivilegeEscalation` controls the `no_new_privs` flag of the container's process. It must
 * be explicitly false: when unset, the kubelet does not set `no_new_privs`, so setuid binaries and
 * file capabilities can raise the process's privileges (SecurityContext.allowPrivilegeEscalation:
 * "AllowPrivilegeEscalation is true always when the container is: 1) run as Privileged 2) has
 * CAP_SYS_ADMIN"; Pod Security `restricted` requires `false` and fails an unset field). One finding
 * per container, init and ephemeral included. Windows pods (`spec.os.name: windows`) are skipped,
 * as Pod Security does since v1.25: the field is Linux-only and the API rejects it on them.
 * A privileged container is told so: escalation is always allowed there, and the API rejects
 * `allowPrivilegeEscalation: false` beside `privileged: true` (ValidateSecurityContext), so the
 * fix starts with removing `privileged`.
 * Sources: Pod Security Standards restricted "Privilege Escalation"; MTB-PL1-BC-CPI-6.
 */
export default defineCheck({
  id: 'workload-privilege-escalation',
  family: 'workload',
  title: 'Container may gain more privileges than its process started with',
  description:
    "Flags every container, init container and ephemeral container (in any workload kind's pod template in a tenant namespace) whose `securityContext.allowPrivilegeEscalation` is not explicitly `false`; unset counts as allowed.",
  rationale:
    'Without `allowPrivilegeEscalation: false` a process in the container can gain privileges through setuid binaries or file capabilities, for example become root inside the container, which turns the next kernel or runtime flaw into an escape to the node that other tenants share.',
  remediation:
    'Set `securityContext.allowPrivilegeEscalation: false` on every container (it cannot be set on privileged containers or those that add SYS_ADMIN: remove those first). Enforce Pod Security `restricted` on tenant namespaces.',
  references: [
    {
      title: 'Pod Security Standards: Privilege Escalation (restricted)',
      url: 'https://kubernetes.io/docs/concepts/security/pod-security-standards/#restricted',
    },
    {
      title: 'Kubernetes: Configure a Security Context (allowPrivilegeEscalation)',
      url: 'https://kubernetes.io/docs/tasks/configure-pod-container/security-context/',
    },
    {
      title: 'MTB-PL1-BC-CPI-6: Block privilege escalation',
      url: 'https://github.com/kubernetes-retired/multi-tenancy/tree/master/benchmarks/kubectl-mtb/test/benchmarks/block_privilege_escalation',
    },
  ],
  mtb: ['MTB-PL1-BC-CPI-6'],
  severity: { 'multi-team': 'medium', 'multi-customer': 'high' },
  target: 'podTemplate',
  needs: [],
  messages: {
    allowed: '{{container}} sets allowPrivilegeEscalation: true',
    unset: '{{container}} does not set allowPrivilegeEscalation: false (unset allows escalation)',
    privileged:
      '{{container}} runs privileged, which always allows privilege escalation: the API rejects allowPrivilegeEscalation: false beside privileged: true',
  },
  check(template) {
    if (isWindowsPod(template.spec)) return [];
    return containersOf(template.spec).flatMap((c): FindingWith<'privileged' | 'allowed' | 'unset', 'container'>[] => {
      const sc = c.container.securityContext;
      const value = sc?.allowPrivilegeEscalation;
      if (value === false) return [];
      const container = describeContainer(c);
      if (sc?.privileged === true) {
        return [{ messageId: 'privileged', data: { container }, path: `${template.specPath}${c.path}/securityContext/privileged` }];
      }
      if (value === true) {
        return [
          { messageId: 'allowed', data: { container }, path: `${template.specPath}${c.path}/securityContext/allowPrivilegeEscalation` },
        ];
      }
      return [{ messageId: 'unset', data: { container }, path: `${template.specPath}${c.path}${sc ? '/securityContext' : ''}` }];
    });
  },
});
