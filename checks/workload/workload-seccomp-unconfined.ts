import { defineCheck, type FindingWith } from '../../src/engine/check.js';
import { effectiveSeccomp, isConfiningSeccomp } from '../../src/k8s/workloads/index.js';
import { K } from '../../src/model/kinds.js';
import { containersOf } from '../../src/model/pods.js';
import { rejectedByPodSecurity } from './_pod-security.js';
import { describeContainer, isWindowsPod } from './_shared.js';

/** A finding of this check: its message ID and the placeholders it fills. */
type CheckFinding = FindingWith<'unconfined', 'container' | 'setBy'> | FindingWith<'unset', 'container'>;

/**
 * Every Linux container, init container and ephemeral container whose effective seccomp profile
 * (its own `securityContext.seccompProfile`, else the pod's) is not `RuntimeDefault` or
 * `Localhost`: `Unconfined` as written, or unset, which the kubelet runs `Unconfined` unless its
 * `seccompDefault` setting is on (not visible in manifests; the message says so). The semantics are
 * in src/k8s/workloads/seccomp.ts.
 *
 * A template in a namespace whose Pod Security `enforce` policy applies the `restricted` seccomp
 * rule (enforce-version v1.19 or later) passes with a note: admission rejects its pods. Windows
 * pods are skipped: seccomp is a Linux facility.
 *
 * Severity: `info` under multi-team, as for workload-net-raw-capability (a hardening gap that
 * teams of one company may accept; kept visible rather than off); `medium` under multi-customer:
 * seccomp does not itself open a path to another tenant, it narrows the kernel surface that every
 * container escape goes through (unshare, keyctl, bpf and the like), as the `restricted` level that
 * multi-customer requires demands.
 * Sources: https://kubernetes.io/docs/tutorials/security/seccomp/; Pod Security Standards restricted "Seccomp".
 */
export default defineCheck({
  id: 'workload-seccomp-unconfined',
  family: 'workload',
  title: 'Container runs without a seccomp profile',
  description:
    "Flags every Linux container, init container and ephemeral container (in any workload kind's pod template in a tenant namespace) whose effective seccomp profile (the container's `securityContext.seccompProfile`, else the pod's) is `Unconfined` or unset. Unset runs unconfined unless the kubelet's `seccompDefault` is on, which manifests do not show. Templates in namespaces whose Pod Security `enforce` level is `restricted` pass: admission rejects their pods. Severity `info` under multi-team.",
  rationale:
    'Without a seccomp profile a container may make every system call the kernel offers, including those behind most container escapes (unshare into new user namespaces, keyctl, bpf, io_uring). The kernel is the one thing all tenants on a node share; `RuntimeDefault` blocks the calls that ordinary workloads never need.',
  remediation:
    "Set `securityContext.seccompProfile.type: RuntimeDefault` on the pod (or `Localhost` with a profile of your own), and do not set `Unconfined` on a container. Enforce Pod Security `restricted` on tenant namespaces, and consider the kubelet's `seccompDefault: true` on shared nodes.",
  references: [
    { title: "Kubernetes: Restrict a Container's Syscalls with seccomp", url: 'https://kubernetes.io/docs/tutorials/security/seccomp/' },
    {
      title: 'Pod Security Standards: Seccomp (restricted)',
      url: 'https://kubernetes.io/docs/concepts/security/pod-security-standards/#restricted',
    },
  ],
  severity: { 'multi-team': 'info', 'multi-customer': 'medium' },
  target: 'podTemplate',
  needs: [K.Namespace],
  messages: {
    unconfined:
      "{{container}} runs with seccompProfile Unconfined (set on the {{setBy}}): every system call of the node's kernel is open to it",
    unset:
      "{{container}} has no seccompProfile, nor has its pod: it runs Unconfined unless the kubelet's seccompDefault is on (not visible in manifests)",
  },
  check(template, ctx) {
    if (isWindowsPod(template.spec)) return [];
    const findings = containersOf(template.spec).flatMap((c): CheckFinding[] => {
      const effective = effectiveSeccomp(template.spec, c.container);
      if (isConfiningSeccomp(effective.type)) return [];
      const container = describeContainer(c);
      if (effective.setBy === 'none') return [{ messageId: 'unset', data: { container }, path: `${template.specPath}${c.path}` }];
      const base = effective.setBy === 'container' ? `${template.specPath}${c.path}` : template.specPath;
      return [
        {
          messageId: 'unconfined',
          data: { container, setBy: effective.setBy },
          path: `${base}/securityContext/seccompProfile/type`,
        },
      ];
    });
    if (findings.length === 0) return [];
    return rejectedByPodSecurity(template.namespace, ctx, 'seccompProfile') ?? findings;
  },
});
