import { defineCheck } from '../../src/engine/check.js';
import { K } from '../../src/model/kinds.js';
import { refOf } from '../../src/model/types.js';
import { effectiveRuntimeClass, runtimeClassNamed } from '../../src/k8s/runtime/index.js';

/**
 * A pod template whose `runtimeClassName` (its own, or the one its Capsule Tenant injects) names a
 * RuntimeClass that does not exist. The RuntimeClass admission plugin rejects such pods
 * ("pod rejected: RuntimeClass %q not found", plugin/pkg/admission/runtimeclass/admission.go); the
 * name is not a sandbox, whatever it says (`runsc` without a RuntimeClass `runsc` runs nothing).
 */
export default defineCheck({
  id: 'runtime-class-not-found',
  family: 'runtime',
  title: 'RuntimeClass not found',
  description:
    'Flags every pod template in a tenant namespace whose `spec.runtimeClassName` (or the `spec.runtimeClasses.default` its Capsule Tenant injects) names a RuntimeClass that does not exist.',
  rationale:
    'A tenant that asks for a sandbox by name gets none: the API server rejects the pods, and the usual way out, deleting the `runtimeClassName`, silently drops the workload onto the shared-kernel default runtime. A RuntimeClass name is only a reference; the isolation comes from the handler of a class that exists.',
  remediation:
    'Create the RuntimeClass with a sandbox `handler` (e.g. `runsc` for gVisor, `kata-qemu` for Kata) on nodes that have that runtime, or point `runtimeClassName` at an existing sandboxed class.',
  references: [
    { title: 'Kubernetes: Runtime Class', url: 'https://kubernetes.io/docs/concepts/containers/runtime-class/' },
    {
      title: 'Kubernetes: RuntimeClass admission controller',
      url: 'https://kubernetes.io/docs/reference/access-authn-authz/admission-controllers/#runtimeclass',
    },
  ],
  severity: 'medium',
  target: 'podTemplate',
  needs: [K.RuntimeClass],
  messages: {
    notFound:
      'runtimeClassName "{{runtimeClass}}" names no RuntimeClass: the API server rejects these pods, and the name alone is not a sandbox',
    capsuleDefaultNotFound:
      'Capsule Tenant "{{tenant}}" injects runtimeClassName "{{runtimeClass}}" (spec.runtimeClasses.default), which names no RuntimeClass: the API server rejects these pods',
  },
  check(template, ctx) {
    const effective = effectiveRuntimeClass(template, ctx);
    if (effective.source === 'unknown') return { notEvaluated: effective.reason };
    if (effective.source === 'none' || runtimeClassNamed(effective.name, ctx)) return [];
    if (effective.source === 'capsule-default') {
      return [
        {
          messageId: 'capsuleDefaultNotFound',
          data: { runtimeClass: effective.name, tenant: effective.tenant.metadata.name },
          path: template.specPath,
          related: [refOf(effective.tenant)],
        },
      ];
    }
    return [{ messageId: 'notFound', data: { runtimeClass: effective.name }, path: `${template.specPath}/runtimeClassName` }];
  },
});
