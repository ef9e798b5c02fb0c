import { defineCheck } from '../../src/engine/check.js';

/** The PodSpec fields that put a pod in one of the node's namespaces, and what each shares. */
const HOST_NAMESPACE_FIELDS = [
  { field: 'hostNetwork', shares: 'network namespace (every interface, port and loopback service of the node)' },
  { field: 'hostPID', shares: "process ID namespace (every process on the node, other tenants' included)" },
  { field: 'hostIPC', shares: 'IPC namespace (shared memory and message queues of the node)' },
] as const;

/**
 * A pod with `hostNetwork`, `hostPID` or `hostIPC` set to true joins the node's namespace instead
 * of its own. Each field is reported on its own, with the path to it. Unset means false.
 * Sources: Pod Security Standards baseline "Host Namespaces"; MTB-PL1-BC-HI-3 (host networking),
 * MTB-PL1-BC-HI-4 (host PID), MTB-PL1-BC-HI-5 (host IPC).
 */
export default defineCheck({
  id: 'workload-host-namespace',
  family: 'workload',
  title: "Pod shares the node's network, PID or IPC namespace",
  description:
    'Flags every pod template (of any workload kind) in a tenant namespace that sets `hostNetwork`, `hostPID` or `hostIPC` to true, once per field.',
  rationale:
    "A pod in the node's network namespace bypasses NetworkPolicy and can reach, sniff or impersonate every service bound on the node; in the node's PID namespace it can see and signal other tenants' processes and read their environment; in the node's IPC namespace it can read shared memory of other tenants' processes.",
  remediation:
    'Remove `hostNetwork`, `hostPID` and `hostIPC` from tenant pods (expose ports through a Service instead). Enforce Pod Security `baseline` (or `restricted`) on tenant namespaces, which rejects them.',
  references: [
    {
      title: 'Pod Security Standards: Host Namespaces (baseline)',
      url: 'https://kubernetes.io/docs/concepts/security/pod-security-standards/#baseline',
    },
    {
      title: 'Kubernetes API: PodSpec (hostNetwork, hostPID, hostIPC)',
      url: 'https://kubernetes.io/docs/reference/kubernetes-api/workload-resources/pod-v1/',
    },
    {
      title: 'MTB-PL1-BC-HI-3: Block use of host networking and ports',
      url: 'https://github.com/kubernetes-retired/multi-tenancy/tree/master/benchmarks/kubectl-mtb/test/benchmarks/block_use_of_host_networking_and_ports',
    },
    {
      title: 'MTB-PL1-BC-HI-4: Block use of host PID',
      url: 'https://github.com/kubernetes-retired/multi-tenancy/tree/master/benchmarks/kubectl-mtb/test/benchmarks/block_use_of_host_pid',
    },
    {
      title: 'MTB-PL1-BC-HI-5: Block use of host IPC',
      url: 'https://github.com/kubernetes-retired/multi-tenancy/tree/master/benchmarks/kubectl-mtb/test/benchmarks/block_use_of_host_ipc',
    },
  ],
  mtb: ['MTB-PL1-BC-HI-3', 'MTB-PL1-BC-HI-4', 'MTB-PL1-BC-HI-5'],
  severity: 'critical',
  target: 'podTemplate',
  needs: [],
  messages: {
    hostNamespace: "{{field}}: true puts the pod in the node's {{shares}}",
  },
  check(template) {
    return HOST_NAMESPACE_FIELDS.flatMap(({ field, shares }) =>
      template.spec[field] === true ? [{ messageId: 'hostNamespace', data: { field, shares }, path: `${template.specPath}/${field}` }] : [],
    );
  },
});
