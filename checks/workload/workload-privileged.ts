import { defineCheck } from '../../src/engine/check.js';
import { containersOf } from '../../src/model/pods.js';
import { describeContainer } from './_shared.js';

/**
 * A privileged container runs with every capability, every device and no seccomp or AppArmor
 * confinement: it is root on the node. Only `privileged: true` counts; the API treats an unset
 * field as false (SecurityContext.privileged, "Defaults to false").
 * Sources: Pod Security Standards baseline "Privileged Containers"; MTB-PL1-BC-CPI-5.
 */
export default defineCheck({
  id: 'workload-privileged',
  family: 'workload',
  title: 'Container runs privileged',
  description:
    'Flags every pod template (of any workload kind) in a tenant namespace with a container, init container or ephemeral container that sets `securityContext.privileged: true`.',
  rationale:
    "A privileged container has all Linux capabilities and the node's devices, and is not confined by seccomp or AppArmor. It can load kernel modules, mount the node's disks and reach every other tenant's containers on that node: one tenant's pod owns the node.",
  remediation:
    'Remove `privileged: true` and add only the capabilities the process needs. Enforce Pod Security `baseline` (or `restricted`) on tenant namespaces, which rejects privileged containers.',
  references: [
    {
      title: 'Pod Security Standards: Privileged Containers (baseline)',
      url: 'https://kubernetes.io/docs/concepts/security/pod-security-standards/#baseline',
    },
    {
      title: 'Kubernetes: Configure a Security Context for a Pod or Container',
      url: 'https://kubernetes.io/docs/tasks/configure-pod-container/security-context/',
    },
    {
      title: 'MTB-PL1-BC-CPI-5: Block privileged containers',
      url: 'https://github.com/kubernetes-retired/multi-tenancy/tree/master/benchmarks/kubectl-mtb/test/benchmarks/block_privileged_containers',
    },
  ],
  mtb: ['MTB-PL1-BC-CPI-5'],
  severity: 'critical',
  target: 'podTemplate',
  needs: [],
  messages: {
    privileged: '{{container}} runs privileged (securityContext.privileged: true): it has every capability and device of the node',
  },
  check(template) {
    return containersOf(template.spec).flatMap((c) =>
      c.container.securityContext?.privileged === true
        ? [
            {
              messageId: 'privileged',
              data: { container: describeContainer(c) },
              path: `${template.specPath}${c.path}/securityContext/privileged`,
            },
          ]
        : [],
    );
  },
});
