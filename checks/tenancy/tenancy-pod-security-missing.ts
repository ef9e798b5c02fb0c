import { defineCheck } from '../../src/engine/check.js';
import { K } from '../../src/model/kinds.js';
import { refOf } from '../../src/model/types.js';
import { compareLevels, enforcePolicyOf, PSA_LABEL, type PsaLevel } from '../../src/k8s/podsecurity/index.js';

/** What a weaker level still lets a tenant's pods do (Pod Security Standards). */
const ALLOWS: Record<PsaLevel, string> = {
  privileged: 'no pod is rejected (privileged containers, host namespaces and hostPath volumes included)',
  baseline: 'pods may still run as root, keep Linux capabilities beyond NET_BIND_SERVICE and escalate privileges',
  restricted: '',
};

/**
 * A tenant namespace whose Pod Security Admission `enforce` level is below what the profile needs.
 *
 * Reads only the namespace's labels (as its Capsule Tenant reconciles them). Not visible through
 * the Kubernetes API, and so not judged: the API server's AdmissionConfiguration (its cluster-wide
 * defaults, which apply to namespaces without the label, and its exempt namespaces, users and
 * RuntimeClasses) and any other admission policy engine. A namespace without the label is
 * therefore reported, and the message says the default may differ. `warn` and `audit` never
 * reject a pod and do not count. An enforce value that is not a level is evaluated as `restricted`
 * by PSA (see `src/k8s/podsecurity/levels.ts`), so it meets both profiles.
 *
 * The Capsule Tenant is read only to follow `additionalMetadata` labels; it is not in `needs`
 * because on a live cluster the namespace already carries them, and requiring it would make every
 * namespace not-evaluated wherever Tenants cannot be listed.
 */
export default defineCheck({
  id: 'tenancy-pod-security-missing',
  family: 'tenancy',
  title: 'Pod Security not enforced on a tenant namespace',
  description:
    "Flags every tenant namespace whose `pod-security.kubernetes.io/enforce` label is missing or weaker than the profile needs: `baseline` or `restricted` for multi-team, `restricted` for multi-customer. `warn` and `audit` labels do not count. Only namespace labels are read: the API server's AdmissionConfiguration (cluster-wide defaults, exemptions) is not visible through the API.",
  rationale:
    'Pod Security Admission is the built-in control that keeps tenant pods off the node: without `baseline` a tenant can run privileged containers, share the host network, PID and IPC namespaces and mount hostPath volumes; without `restricted` its containers still run as root with extra capabilities. `warn` and `audit` only report violations; they reject nothing.',
  remediation:
    'Label each tenant namespace `pod-security.kubernetes.io/enforce: restricted` (at least `baseline` for trusted teams), set from the tenancy layer (Capsule `namespaceOptions.additionalMetadata.labels`) so new namespaces get it, and keep tenants from editing Namespace objects (see tenancy-namespace-self-managed).',
  references: [
    { title: 'Kubernetes: Pod Security Admission', url: 'https://kubernetes.io/docs/concepts/security/pod-security-admission/' },
    { title: 'Kubernetes: Pod Security Standards', url: 'https://kubernetes.io/docs/concepts/security/pod-security-standards/' },
    {
      title: 'Kubernetes: Enforce Pod Security Standards with namespace labels',
      url: 'https://kubernetes.io/docs/tasks/configure-pod-container/enforce-standards-namespace-labels/',
    },
    {
      title: 'pod-security-admission: api/helpers.go (ParseLevel, PolicyToEvaluate)',
      url: 'https://github.com/kubernetes/pod-security-admission/blob/master/api/helpers.go',
    },
  ],
  severity: 'high',
  target: 'namespace',
  needs: [K.Namespace],
  messages: {
    unset:
      "no pod-security.kubernetes.io/enforce label: pods are admitted under the cluster-wide default, which is privileged unless the API server's AdmissionConfiguration says otherwise (not visible through the API){{reportOnly}}; the {{profile}} profile needs {{required}}",
    weak: 'pod-security.kubernetes.io/enforce is "{{level}}"{{version}}{{origin}}: {{allows}}{{reportOnly}}; the {{profile}} profile needs {{required}}',
  },
  // What each profile needs PSA to enforce: multi-team baseline (or restricted), multi-customer restricted.
  options: {
    schema: {
      type: 'object',
      properties: {
        requiredLevel: {
          enum: ['baseline', 'restricted'],
          description: 'The weakest Pod Security level the `enforce` label may name.',
        },
      },
      additionalProperties: false,
    },
    defaults: { requiredLevel: 'baseline' as Exclude<PsaLevel, 'privileged'> },
    byProfile: { 'multi-customer': { requiredLevel: 'restricted' } },
  },
  check(namespace, ctx, options) {
    if (ctx.index.isSynthesized(namespace)) {
      return {
        notEvaluated: `the Namespace object ${namespace.metadata.name} is not in the input, so its pod-security labels are unknown`,
      };
    }
    // the labels once Capsule has reconciled them: a manifest may not carry the PSA label the cluster will have
    const { labels, added } = ctx.tenants.materialized.labelsOf(namespace);
    const tenant = added.get(PSA_LABEL.enforce)?.object;
    const policy = enforcePolicyOf(labels);
    const profile = ctx.options.profile;
    const required = options.requiredLevel;
    if (policy.level && compareLevels(policy.level, required) >= 0) return [];
    const data = {
      profile,
      required: required === 'baseline' ? '"baseline" or "restricted"' : '"restricted"',
      reportOnly: reportOnly(labels),
    };
    if (!policy.level) return [{ messageId: 'unset', data, path: '/metadata/labels' }];
    const origin = tenant ? ` (set by Capsule Tenant "${tenant.metadata.name}" namespaceOptions)` : '';
    return [
      {
        messageId: 'weak',
        data: {
          ...data,
          level: policy.level,
          version: policy.version ? ` (enforce-version ${policy.version})` : '',
          origin,
          allows: ALLOWS[policy.level],
        },
        path: `/metadata/labels/${PSA_LABEL.enforce.replace(/~/g, '~0').replace(/\//g, '~1')}`,
        related: origin && tenant ? [refOf(tenant)] : undefined,
      },
    ];
  },
});

/** `; warn=restricted only reports violations` when warn/audit are set: they are often mistaken for enforcement. */
function reportOnly(labels: Record<string, string>): string {
  const modes = [PSA_LABEL.warn, PSA_LABEL.audit].filter((l) => labels[l] !== undefined).map((l) => `${l.split('/')[1]}=${labels[l]}`);
  if (!modes.length) return '';
  return `; ${modes.join(' and ')} only ${modes.length > 1 ? 'report' : 'reports'} violations and ${modes.length > 1 ? 'reject' : 'rejects'} nothing`;
}
