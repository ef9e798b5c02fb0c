import { type FindingWith, defineCheck } from '../../src/engine/check.js';
import { containersOf } from '../../src/model/pods.js';
import { describeContainer } from './_shared.js';

/** A finding of this check: its message ID and the placeholders it fills. */
type CheckFinding = FindingWith<'hostPort' | 'hostNetworkPort', 'container' | 'hostPort' | 'protocol' | 'containerPort'>;

/**
 * A container port with a non-zero `hostPort` is bound on the node's IP. One finding per port,
 * for containers, init containers and ephemeral containers alike (as Pod Security does).
 *
 * With `hostNetwork: true` the API server sets `hostPort` to `containerPort` on every port of
 * `containers` and `initContainers` of every Pod it stores (`defaultHostNetworkPorts` in
 * pkg/apis/core/v1/defaults.go; since v1.28 only on Pods, not on pod templates, see the
 * DefaultHostNetworkHostPortsInPodTemplates feature gate). So a template with hostNetwork binds those
 * ports on the node too, and a live Pod shows them as hostPorts: they are reported the same way from
 * manifests and from a cluster, marked as defaulted.
 * Sources: Pod Security Standards baseline "Host Ports"; MTB-PL1-BC-HI-3.
 */
export default defineCheck({
  id: 'workload-host-port',
  family: 'workload',
  title: "Container binds a port on the node's IP (hostPort)",
  description:
    "Flags every container port (of containers, init containers and ephemeral containers, in any workload kind's pod template in a tenant namespace) that sets a non-zero `hostPort`, or whose `hostPort` the API server defaults from `containerPort` because the pod uses `hostNetwork`.",
  rationale:
    "A host port is opened on the node's address, outside the pod network: NetworkPolicy does not apply to it, it can be reached from anywhere that reaches the node, and tenants compete for the same port numbers on shared nodes.",
  remediation:
    'Remove `hostPort` and expose the container through a Service (ClusterIP, or an Ingress for outside traffic). Enforce Pod Security `baseline` (or `restricted`) on tenant namespaces, which rejects host ports.',
  references: [
    {
      title: 'Pod Security Standards: Host Ports (baseline)',
      url: 'https://kubernetes.io/docs/concepts/security/pod-security-standards/#baseline',
    },
    {
      title: 'Kubernetes: Configuration best practices (hostPort)',
      url: 'https://kubernetes.io/docs/concepts/configuration/overview/#services',
    },
    {
      title: 'Kubernetes feature gate DefaultHostNetworkHostPortsInPodTemplates',
      url: 'https://kubernetes.io/docs/reference/command-line-tools-reference/feature-gates-removed/',
    },
    {
      title: 'MTB-PL1-BC-HI-3: Block use of host networking and ports',
      url: 'https://github.com/kubernetes-retired/multi-tenancy/tree/master/benchmarks/kubectl-mtb/test/benchmarks/block_use_of_host_networking_and_ports',
    },
  ],
  mtb: ['MTB-PL1-BC-HI-3'],
  severity: 'high',
  target: 'podTemplate',
  needs: [],
  messages: {
    hostPort: '{{container}} binds host port {{hostPort}}/{{protocol}} on the node (containerPort {{containerPort}})',
    hostNetworkPort:
      '{{container}} binds port {{hostPort}}/{{protocol}} on the node: the pod uses hostNetwork, so the API server sets hostPort to containerPort',
  },
  check(template) {
    const hostNetwork = template.spec.hostNetwork === true;
    return containersOf(template.spec).flatMap((c) => {
      const ports: unknown[] = Array.isArray(c.container.ports) ? c.container.ports : [];
      return ports.flatMap((raw, j): CheckFinding[] => {
        const port = (raw ?? {}) as { hostPort?: unknown; containerPort?: unknown; protocol?: string };
        const hostPort = Number(port.hostPort ?? 0);
        const data = {
          container: describeContainer(c),
          containerPort: String(port.containerPort ?? '?'),
          protocol: port.protocol ?? 'TCP',
        };
        const portPath = `${template.specPath}${c.path}/ports/${j}`;
        if (Number.isFinite(hostPort) && hostPort !== 0) {
          return [{ messageId: 'hostPort', data: { ...data, hostPort: String(hostPort) }, path: `${portPath}/hostPort` }];
        }
        // Ephemeral containers may not declare ports at all, and the defaulting skips them.
        if (hostNetwork && c.field !== 'ephemeralContainers' && port.containerPort !== undefined) {
          return [{ messageId: 'hostNetworkPort', data: { ...data, hostPort: data.containerPort }, path: `${portPath}/containerPort` }];
        }
        return [];
      });
    });
  },
});
