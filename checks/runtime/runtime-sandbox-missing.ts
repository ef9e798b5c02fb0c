import { defineCheck } from '../../src/engine/check.js';
import { K } from '../../src/model/kinds.js';
import { refOf } from '../../src/model/types.js';
import { describeRuntimeClass, effectiveRuntimeClass, isSandbox, runtimeClassNamed } from '../../src/k8s/runtime/index.js';

/**
 * A tenant pod that shares the host kernel with every other tenant's pods: its RuntimeClass is unset
 * (the node's default handler, usually runc) or has a handler that is not a sandbox. Only the
 * handler decides (gVisor `runsc`, Kata `kata*`; `ctx.options.sandboxHandlers`), never the class name.
 *
 * A `runtimeClassName` that names no RuntimeClass is `not-evaluated` here: the RuntimeClass
 * admission plugin rejects such pods ("pod rejected: RuntimeClass not found",
 * plugin/pkg/admission/runtimeclass), so no pod of the template runs under any handler, and a
 * running pod whose class was deleted since has a handler that can no longer be read.
 * `runtime-class-not-found` reports it.
 */
export default defineCheck({
  id: 'runtime-sandbox-missing',
  family: 'runtime',
  title: 'Tenant pod does not run in a sandbox',
  description:
    'Flags every pod template (of any workload kind) in a tenant namespace whose pods do not run under a RuntimeClass with a sandbox handler (gVisor `runsc`/`gvisor`, Kata `kata*`, or the configured `sandboxHandlers`): `runtimeClassName` unset, or naming a class whose `handler` is not a sandbox.',
  rationale:
    'Containers under runc share the node kernel with every other tenant on that node: one kernel exploit (CVE-2022-0185, CVE-2024-1086) or container escape reaches all of them. Untrusted tenants need a sandbox runtime that puts a second kernel (gVisor) or a virtual machine (Kata) between their code and the host.',
  remediation:
    'Set `spec.runtimeClassName` in the pod template to a RuntimeClass whose `handler` is a sandbox (e.g. `gvisor` with handler `runsc`), or let the tenancy layer inject it (Capsule `spec.runtimeClasses.default`). Restrict tenants to sandboxed classes (Capsule `spec.runtimeClasses.allowed`, or an admission policy).',
  references: [
    { title: 'Kubernetes: Runtime Class', url: 'https://kubernetes.io/docs/concepts/containers/runtime-class/' },
    {
      title: 'Kubernetes: Multi-tenancy, sandboxing containers',
      url: 'https://kubernetes.io/docs/concepts/security/multi-tenancy/#sandboxing-containers',
    },
    { title: 'gVisor: containerd quick start (handler runsc)', url: 'https://gvisor.dev/docs/user_guide/containerd/quick_start/' },
    {
      title: 'Kata Containers: RuntimeClasses shipped by kata-deploy',
      url: 'https://github.com/kata-containers/kata-containers/blob/main/tools/packaging/kata-deploy/runtimeclasses/kata-runtimeClasses.yaml',
    },
  ],
  severity: { 'multi-team': 'info', 'multi-customer': 'high' },
  target: 'podTemplate',
  needs: [K.RuntimeClass],
  messages: {
    unset: "no runtimeClassName: pods run under the node's default handler (usually runc), sharing the host kernel with other tenants",
    notSandbox:
      'runtimeClassName "{{runtimeClass}}" selects RuntimeClass {{described}}, and that handler is not a sandbox (sandbox handlers: {{sandboxHandlers}})',
    capsuleDefaultNotSandbox:
      'no runtimeClassName; Capsule Tenant "{{tenant}}" injects RuntimeClass {{described}} (spec.runtimeClasses.default), and that handler is not a sandbox (sandbox handlers: {{sandboxHandlers}})',
  },
  check(template, ctx) {
    const effective = effectiveRuntimeClass(template, ctx);
    if (effective.source === 'unknown') return { notEvaluated: effective.reason };
    if (effective.source === 'none') return [{ messageId: 'unset', path: template.specPath }];
    const runtimeClass = runtimeClassNamed(effective.name, ctx);
    if (!runtimeClass) {
      return {
        notEvaluated: `RuntimeClass "${effective.name}" does not exist, so pods of this template are rejected at admission and run under no handler (reported by runtime-class-not-found)`,
      };
    }
    if (isSandbox(runtimeClass, ctx.options.sandboxHandlers)) return [];
    const data = {
      runtimeClass: effective.name,
      described: describeRuntimeClass(runtimeClass),
      sandboxHandlers: ctx.options.sandboxHandlers.join(', ') || '<none configured>',
    };
    if (effective.source === 'capsule-default') {
      return [
        {
          messageId: 'capsuleDefaultNotSandbox',
          data: { ...data, tenant: effective.tenant.metadata.name },
          path: template.specPath,
          related: [refOf(effective.tenant), refOf(runtimeClass)],
        },
      ];
    }
    return [{ messageId: 'notSandbox', data, path: `${template.specPath}/runtimeClassName`, related: [refOf(runtimeClass)] }];
  },
});
