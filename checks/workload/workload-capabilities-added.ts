import { defineCheck } from '../../src/engine/check.js';
import { normalizeCapability } from '../../src/k8s/workloads/index.js';
import { containersOf } from '../../src/model/pods.js';
import { describeContainer, isWindowsPod } from './_shared.js';

/**
 * The capabilities Pod Security `baseline` lets a container add: the container runtimes' default
 * set (kubernetes/pod-security-admission `policy/check_capabilities_baseline.go`).
 */
export const BASELINE_CAPABILITIES: ReadonlySet<string> = new Set([
  'AUDIT_WRITE',
  'CHOWN',
  'DAC_OVERRIDE',
  'FOWNER',
  'FSETID',
  'KILL',
  'MKNOD',
  'NET_BIND_SERVICE',
  'SETFCAP',
  'SETGID',
  'SETPCAP',
  'SETUID',
  'SYS_CHROOT',
]);

/** Pod Security `restricted` lets a container add only this one (`policy/check_capabilities_restricted.go`). */
export const RESTRICTED_CAPABILITIES: ReadonlySet<string> = new Set(['NET_BIND_SERVICE']);

/** The Pod Security level whose capability set a container may add (option `allowedCapabilities`). */
type CapabilityLevel = 'baseline' | 'restricted';

/**
 * Added capabilities beyond what the `allowedCapabilities` option allows: by default the Pod Security
 * `baseline` set under multi-team, only `NET_BIND_SERVICE` (Pod Security `restricted`) under
 * multi-customer. One finding per container, listing the capabilities as written.
 *
 * Names are compared after normalisation (see `normalizeCapability`), unlike Pod Security, which
 * compares the exact string and so also rejects `CAP_CHOWN` or `chown`; those grant nothing beyond
 * the allowed set, so they are not isolation gaps. Windows pods (`spec.os.name: windows`) are
 * skipped: the API rejects `capabilities` on them, and `restricted` exempts them since v1.25.
 * `capabilities.drop` is not judged here (restricted also requires dropping `ALL`).
 * Sources: Pod Security Standards "Capabilities" (baseline and restricted); MTB-PL1-BC-CPI-3.
 */
export default defineCheck({
  id: 'workload-capabilities-added',
  family: 'workload',
  title: 'Container adds Linux capabilities beyond the allowed set',
  description:
    "Flags every container, init container and ephemeral container (in any workload kind's pod template in a tenant namespace) whose `securityContext.capabilities.add` goes beyond the Pod Security `baseline` set (multi-customer: beyond `NET_BIND_SERVICE`, as `restricted` allows), or adds `ALL`.",
  rationale:
    "Capabilities such as SYS_ADMIN, NET_ADMIN, SYS_PTRACE or SYS_MODULE give a container root powers over the node's kernel: mounting filesystems, rewriting the node's network, tracing other processes, loading modules. Each is a known path out of the container and into other tenants' workloads.",
  remediation:
    'Add only the capabilities the process needs, from the baseline set (multi-customer: only `NET_BIND_SERVICE`), and drop `ALL` first. Move node-level work (network setup, tracing) to the platform. Enforce Pod Security `baseline` on tenant namespaces (multi-customer: `restricted`).',
  references: [
    {
      title: 'Pod Security Standards: Capabilities (baseline)',
      url: 'https://kubernetes.io/docs/concepts/security/pod-security-standards/#baseline',
    },
    {
      title: 'Pod Security Standards: Capabilities (restricted)',
      url: 'https://kubernetes.io/docs/concepts/security/pod-security-standards/#restricted',
    },
    {
      title: 'Kubernetes: Set capabilities for a Container',
      url: 'https://kubernetes.io/docs/tasks/configure-pod-container/security-context/#set-capabilities-for-a-container',
    },
    {
      title: 'MTB-PL1-BC-CPI-3: Block add capabilities',
      url: 'https://github.com/kubernetes-retired/multi-tenancy/tree/master/benchmarks/kubectl-mtb/test/benchmarks/block_add_capabilities',
    },
  ],
  mtb: ['MTB-PL1-BC-CPI-3'],
  severity: 'high',
  target: 'podTemplate',
  needs: [],
  messages: {
    added: '{{container}} adds {{capabilities}}, beyond {{allowed}}',
  },
  options: {
    schema: {
      type: 'object',
      properties: {
        allowedCapabilities: {
          enum: ['baseline', 'restricted'],
          description:
            "The Pod Security level whose capabilities a container may add: `baseline` (the container runtimes' default set) or `restricted` (only `NET_BIND_SERVICE`).",
        },
      },
      additionalProperties: false,
    },
    defaults: { allowedCapabilities: 'baseline' as CapabilityLevel },
    byProfile: { 'multi-customer': { allowedCapabilities: 'restricted' } },
  },
  check(template, _ctx, options) {
    if (isWindowsPod(template.spec)) return [];
    const restricted = options.allowedCapabilities === 'restricted';
    const allowedSet = restricted ? RESTRICTED_CAPABILITIES : BASELINE_CAPABILITIES;
    const allowed = restricted ? 'NET_BIND_SERVICE (Pod Security restricted)' : 'the Pod Security baseline set';
    return containersOf(template.spec).flatMap((c) => {
      const add: unknown = c.container.securityContext?.capabilities?.add;
      if (!Array.isArray(add)) return [];
      const beyond = add.filter((name) => {
        const cap = normalizeCapability(name);
        return cap === 'ALL' || !allowedSet.has(cap);
      });
      if (beyond.length === 0) return [];
      return [
        {
          messageId: 'added',
          data: { container: describeContainer(c), capabilities: beyond.map(String).join(', '), allowed },
          path: `${template.specPath}${c.path}/securityContext/capabilities/add`,
        },
      ];
    });
  },
});
