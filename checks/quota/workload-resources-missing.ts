import { type FindingWith, defineCheck } from '../../src/engine/check.js';
import { K } from '../../src/model/kinds.js';
import { containersOf } from '../../src/model/pods.js';
import { COMPUTE_RESOURCES, containerDefaultsOf, effectiveResources } from '../../src/model/resources.js';
import { isZeroQuantity, tryParseQuantity } from '../../src/model/quantity.js';
import { limitRangesOf, refOfApplied, QUOTA_READS } from '../../src/k8s/quota/index.js';

/**
 * A container is judged as the API server would store it: its own requests and limits, request =
 * limit where only the limit is set, then the namespace's LimitRange defaults (`default`,
 * `defaultRequest`, and `max`/`min` through SetDefaults_LimitRangeItem), then pod-level resources
 * (see src/model/resources.ts). Only what is still unset after that is missing, or set to zero:
 * the kubelet treats a zero request or limit as none (a zero cpu limit sets no CFS quota, a zero
 * memory limit no memory limit; kuberuntime `calculateLinuxResources`), and the QoS class counts
 * only positive values (GetPodQOS in pkg/apis/core/v1/helper/qos), so a pod with only zeros is
 * BestEffort (https://kubernetes.io/docs/concepts/workloads/pods/pod-qos/).
 */
export default defineCheck({
  id: 'workload-resources-missing',
  family: 'quota',
  title: 'Container without cpu or memory request or limit',
  description:
    "Flags every container and init container of a tenant pod template that, after the namespace's LimitRange defaults and the API's limit-to-request defaulting, still has no cpu or memory request or limit, or has one only as zero (which the kubelet treats as none).",
  rationale:
    "A container without requests is scheduled as if it needed nothing, and one without limits may take every cpu cycle and all the memory of its node: the other tenants' pods on that node are throttled or evicted. Quotas cannot count what a container does not declare.",
  remediation:
    'Set `resources.requests` and `resources.limits` for cpu and memory on every container, or give the namespace a LimitRange with a `type: Container` item whose `default` and `defaultRequest` (or `max`) fill them in.',
  references: [
    {
      title: 'Kubernetes: Resource Management for Pods and Containers',
      url: 'https://kubernetes.io/docs/concepts/configuration/manage-resources-containers/',
    },
    { title: 'Kubernetes: Limit Ranges', url: 'https://kubernetes.io/docs/concepts/policy/limit-range/' },
    { title: 'Kubernetes: Pod Quality of Service Classes', url: 'https://kubernetes.io/docs/concepts/workloads/pods/pod-qos/' },
  ],
  severity: 'medium',
  target: 'podTemplate',
  needs: [K.LimitRange],
  reads: QUOTA_READS,
  messages: {
    missing: '{{containerKind}} "{{container}}" has no {{missing}}{{limitRanges}}',
  },
  check(template, ctx) {
    const limitRanges = limitRangesOf(template.namespace, ctx);
    const defaults = containerDefaultsOf(limitRanges.items.map((a) => a.object));
    const names = limitRanges.items.map((a) => `"${a.object.metadata.name}"`);
    const findings: FindingWith<'missing', 'containerKind' | 'container' | 'missing' | 'limitRanges'>[] = [];
    for (const c of containersOf(template.spec)) {
      // The API rejects resources on ephemeral containers (they use the pod's), so there is nothing to judge.
      if (c.field === 'ephemeralContainers') continue;
      const effective = effectiveResources(c.container, template.spec, defaults);
      const missing: string[] = [];
      for (const resource of COMPUTE_RESOURCES) {
        for (const [field, value] of [
          ['request', effective.requests[resource]],
          ['limit', effective.limits[resource]],
        ] as const) {
          if (!value) missing.push(`${resource} ${field}`);
          else if (isZero(value.value)) missing.push(`${resource} ${field} (set to ${JSON.stringify(value.value)}, and zero means none)`);
        }
      }
      if (missing.length === 0) continue;
      findings.push({
        messageId: 'missing',
        data: {
          containerKind: c.field === 'initContainers' ? 'init container' : 'container',
          container: c.name,
          missing: missing.join(', '),
          limitRanges: names.length
            ? ` (also after the defaults of LimitRange ${names.join(', ')})`
            : ` (no LimitRange of the namespace defaults ${missing.length === 1 ? 'it' : 'them'})`,
        },
        path: `${template.specPath}${c.path}/resources`,
        related: limitRanges.items.map(refOfApplied),
      });
    }
    if (findings.length && limitRanges.tenantUnreadable) return { notEvaluated: limitRanges.tenantUnreadable };
    return findings;
  },
});

/** A quantity that parses to zero (`0`, `0m`, `0Gi`, `0.0`); anything unparseable is left to the API server's validation. */
function isZero(value: unknown): boolean {
  const q = tryParseQuantity(value);
  return q !== undefined && isZeroQuantity(q);
}
