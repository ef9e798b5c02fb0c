import { type FindingWith, defineCheck } from '../../src/engine/check.js';
import { containersOf } from '../../src/model/pods.js';
import { describeContainer } from './_shared.js';

/**
 * Each container's effective `runAsUser` and `runAsNonRoot`: the container's securityContext
 * overrides the pod's (PodSecurityContext: "If set in both SecurityContext and PodSecurityContext,
 * the value specified in SecurityContext takes precedence"). A container fails when its effective
 * `runAsUser` is 0; passes when it is a non-zero uid (the process runs as that uid, whatever the
 * image's USER says: SecurityContext.runAsUser, "The UID to run the entrypoint of the container
 * process"); and otherwise fails unless its effective `runAsNonRoot` is true: without either,
 * nothing stops the image's own root user, and the kubelet only refuses uid 0 when `runAsNonRoot`
 * is true.
 *
 * Where this differs from Pod Security `restricted`, which judges the pod and container fields
 * separately and requires `runAsNonRoot: true` even beside a non-zero `runAsUser`: this check
 * follows what the kubelet runs, so a container with a non-zero effective `runAsUser` passes
 * (gaining root back through setuid binaries is what workload-privilege-escalation reports), and a
 * pod-level `runAsUser: 0` or `runAsNonRoot: false` that every container overrides is not
 * reported, since no process runs with it. The rule "neither sets runAsNonRoot: true" is read
 * that way: a fixed non-root uid is the stronger form of the same guarantee.
 *
 * Pods with `hostUsers: false` pass: in a user namespace, uid 0 in the container maps to an
 * unprivileged uid on the node, and Pod Security (v1.35+) skips both rules for them.
 * Windows pods are judged like others on `runAsNonRoot`, as Pod Security does.
 * Sources: Pod Security Standards restricted "Running as Non-root" and "Running as Non-root user";
 * KEP-127 user namespaces; MTB-PL1-BC-CPI-4.
 */
export default defineCheck({
  id: 'workload-run-as-root',
  family: 'workload',
  title: 'Container may run as root',
  description:
    "Flags every container, init container and ephemeral container (in any workload kind's pod template in a tenant namespace) whose effective securityContext (the container's, else the pod's) sets `runAsUser: 0`, or sets neither a non-zero `runAsUser` nor `runAsNonRoot: true`.",
  rationale:
    "A process running as uid 0 is root on the node's kernel for every check that is not namespaced: files on shared volumes, device nodes, and any flaw in the runtime or kernel. Root in one tenant's container is the usual first step of an escape into the node other tenants share.",
  remediation:
    'Set `runAsNonRoot: true` in the pod securityContext (and a non-zero `runAsUser` where the image has no numeric USER); do not set `runAsUser: 0`. Or run the pod in a user namespace (`hostUsers: false`). Enforce Pod Security `restricted` on tenant namespaces.',
  references: [
    {
      title: 'Pod Security Standards: Running as Non-root (restricted)',
      url: 'https://kubernetes.io/docs/concepts/security/pod-security-standards/#restricted',
    },
    {
      title: 'Kubernetes: Configure a Security Context for a Pod or Container',
      url: 'https://kubernetes.io/docs/tasks/configure-pod-container/security-context/',
    },
    { title: 'Kubernetes: User Namespaces', url: 'https://kubernetes.io/docs/concepts/workloads/pods/user-namespaces/' },
    {
      title: 'MTB-PL1-BC-CPI-4: Require run as non-root user',
      url: 'https://github.com/kubernetes-retired/multi-tenancy/tree/master/benchmarks/kubectl-mtb/test/benchmarks/require_run_as_non_root_user',
    },
  ],
  mtb: ['MTB-PL1-BC-CPI-4'],
  severity: { 'multi-team': 'low', 'multi-customer': 'high' },
  target: 'podTemplate',
  needs: [],
  messages: {
    rootUser: '{{container}} runs as uid 0 (runAsUser: 0, set on the {{setBy}})',
    nonRootFalse:
      "{{container}} has runAsNonRoot: false (set on the {{setBy}}) and no non-zero runAsUser: it runs as the image's user, root included",
    nonRootUnset: '{{container}} may run as root: neither it nor the pod sets runAsNonRoot: true or a non-zero runAsUser',
  },
  check(template) {
    const spec = template.spec;
    if (spec.hostUsers === false) return [];
    const pod = spec.securityContext ?? {};
    const podPath = `${template.specPath}/securityContext`;
    return containersOf(spec).flatMap(
      (c): (FindingWith<'rootUser' | 'nonRootFalse', 'container' | 'setBy'> | FindingWith<'nonRootUnset', 'container'>)[] => {
        const own = c.container.securityContext ?? {};
        const ownPath = `${template.specPath}${c.path}/securityContext`;
        const container = describeContainer(c);
        // `??` also treats an explicit null as unset, as the API does.
        const userFromContainer = own.runAsUser !== undefined && own.runAsUser !== null;
        const runAsUser = own.runAsUser ?? pod.runAsUser;
        if (runAsUser === 0) {
          const [setBy, path] = userFromContainer ? ['container', ownPath] : ['pod', podPath];
          return [{ messageId: 'rootUser', data: { container, setBy }, path: `${path}/runAsUser` }];
        }
        // A fixed non-zero uid: the process never starts as root, whatever runAsNonRoot says.
        if (typeof runAsUser === 'number' && Number.isInteger(runAsUser) && runAsUser > 0) return [];
        const nonRootFromContainer = own.runAsNonRoot !== undefined && own.runAsNonRoot !== null;
        const runAsNonRoot = own.runAsNonRoot ?? pod.runAsNonRoot;
        if (runAsNonRoot === true) return [];
        if (runAsNonRoot === false) {
          const [setBy, path] = nonRootFromContainer ? ['container', ownPath] : ['pod', podPath];
          return [{ messageId: 'nonRootFalse', data: { container, setBy }, path: `${path}/runAsNonRoot` }];
        }
        return [{ messageId: 'nonRootUnset', data: { container }, path: `${template.specPath}${c.path}` }];
      },
    );
  },
});
