import { defineCheck, type FindingWith } from '../../src/engine/check.js';
import { capabilityGrant } from '../../src/k8s/workloads/index.js';
import { K } from '../../src/model/kinds.js';
import { containersOf } from '../../src/model/pods.js';
import { rejectedByPodSecurity } from './_pod-security.js';
import { describeContainer, isWindowsPod } from './_shared.js';

/** A finding of this check: its message ID and the placeholders it fills. */
type CheckFinding = FindingWith<'kept' | 'added' | 'privileged', 'container'>;

/**
 * Every Linux container, init container and ephemeral container that holds `NET_RAW`: it does not
 * drop it (`capabilities.drop` of `NET_RAW` or `ALL`, in any case, with or without `CAP_`), adds it
 * back after dropping `ALL`, or is privileged. How the runtime applies the lists, and why a
 * container that does not drop it is taken to keep it (containerd and Docker grant it by default,
 * CRI-O since v1.18 does not), is in src/k8s/workloads/capabilities.ts.
 *
 * A template in a namespace whose Pod Security `enforce` policy applies the `restricted`
 * capabilities rule (drop `ALL`; enforce-version v1.22 or later) passes with a note: admission
 * rejects its pods. Windows pods (`spec.os.name: windows`) are skipped: Linux capabilities do not
 * apply to them.
 *
 * Severity: `info` under multi-team (teams of one company accept the risk that one team's pod
 * spoofs another's; the finding stays visible and the example cluster shows it both ways, which
 * a check switched off would not), `high` under multi-customer, where it is a direct path from one
 * customer's pod to another's traffic, as the Pod Security `restricted` level that multi-customer
 * requires (tenancy-pod-security-missing) already demands.
 * Sources: Pod Security Standards restricted "Capabilities"; https://kubernetes.io/docs/tasks/configure-pod-container/security-context/#set-capabilities-for-a-container.
 */
export default defineCheck({
  id: 'workload-net-raw-capability',
  family: 'workload',
  title: 'Container keeps the NET_RAW capability',
  description:
    "Flags every Linux container, init container and ephemeral container (in any workload kind's pod template in a tenant namespace) that holds `NET_RAW`: it does not drop `NET_RAW` or `ALL`, adds it back, or is privileged. Templates in namespaces whose Pod Security `enforce` level is `restricted` pass: admission rejects their pods. Severity `info` under multi-team.",
  rationale:
    "NET_RAW lets a process craft any packet: ARP replies that redirect the traffic of other pods on the node's bridge, forged DNS answers, spoofed source addresses. containerd and Docker grant it to every container by default, so a pod that does not drop it can attack the traffic of other tenants' pods scheduled on the same node. Few workloads need it (ping works without it through `net.ipv4.ping_group_range`).",
  remediation:
    'Drop every capability (`securityContext.capabilities.drop: [ALL]`) and add back only what the process needs, or at least drop `NET_RAW`; never run tenant pods privileged. Enforce Pod Security `restricted` on tenant namespaces, which requires dropping `ALL`.',
  references: [
    {
      title: 'Pod Security Standards: Capabilities (restricted)',
      url: 'https://kubernetes.io/docs/concepts/security/pod-security-standards/#restricted',
    },
    {
      title: 'Kubernetes: Set capabilities for a Container',
      url: 'https://kubernetes.io/docs/tasks/configure-pod-container/security-context/#set-capabilities-for-a-container',
    },
    { title: 'capabilities(7): CAP_NET_RAW', url: 'https://man7.org/linux/man-pages/man7/capabilities.7.html' },
  ],
  severity: { 'multi-team': 'info', 'multi-customer': 'high' },
  target: 'podTemplate',
  needs: [K.Namespace],
  messages: {
    kept: "{{container}} keeps NET_RAW from the container runtime's default set (capabilities.drop has neither NET_RAW nor ALL): it can spoof ARP and DNS for other tenants' pods on its node",
    added: "{{container}} adds NET_RAW (capabilities.add): it can spoof ARP and DNS for other tenants' pods on its node",
    privileged:
      "{{container}} is privileged and so holds NET_RAW whatever capabilities.drop says: it can spoof ARP and DNS for other tenants' pods on its node",
  },
  check(template, ctx) {
    if (isWindowsPod(template.spec)) return [];
    const findings = containersOf(template.spec).flatMap((c): CheckFinding[] => {
      const grant = capabilityGrant(c.container, 'NET_RAW');
      const container = describeContainer(c);
      const securityContext = `${template.specPath}${c.path}/securityContext`;
      switch (grant) {
        case 'none':
          return [];
        case 'privileged':
          return [{ messageId: 'privileged', data: { container }, path: `${securityContext}/privileged` }];
        case 'added':
          return [{ messageId: 'added', data: { container }, path: `${securityContext}/capabilities/add` }];
        case 'default':
          return [{ messageId: 'kept', data: { container }, path: `${template.specPath}${c.path}` }];
      }
    });
    if (findings.length === 0) return [];
    return rejectedByPodSecurity(template.namespace, ctx, 'capabilities') ?? findings;
  },
});
