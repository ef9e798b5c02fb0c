import { type FindingWith, defineCheck } from '../../src/engine/check.js';
import { K } from '../../src/model/kinds.js';
import { type KubeObject, groupKindOf } from '../../src/model/types.js';
import {
  DEFAULT_TRUSTED_NAMESPACE_LABELS,
  POLICY_TYPES,
  rulesOf,
  trustedLabelMatcher,
  untrustedSelectorLabels,
} from '../../src/k8s/network/index.js';
import { tenantItemsToJudge } from './_tenant-items.js';

/**
 * A namespaceSelector is only as strong as the labels it reads. A label that the tenant can set on
 * its own Namespace lets any tenant join (or leave) the set of namespaces a rule admits. Trusted are
 * `kubernetes.io/metadata.name` and the labels a tenancy controller maintains; the list of the
 * latter is the `trustedLabels` option (globs), replacing the default. A Capsule Tenant is judged
 * too: its `spec.networkPolicies` items whose copies are not in the input, at their path in the Tenant.
 */
export default defineCheck({
  id: 'network-untrusted-namespace-label',
  family: 'network',
  title: 'NetworkPolicy selects namespaces by a label tenants can set',
  description:
    "Flags every namespaceSelector in the ingress or egress rules of a tenant NetworkPolicy (or of a Capsule Tenant's `spec.networkPolicies` item whose copies are not in the input) that relies on namespace labels other than `kubernetes.io/metadata.name` and the labels a tenancy controller maintains (`capsule.clastix.io/tenant`, `kiosk.sh/account`, `<root>.tree.hnc.x-k8s.io/depth`), unless a trusted label already confines it to named namespaces or tenants.",
  rationale:
    "Tenants who may label their namespaces (namespace owners, Capsule owners, anyone who creates namespaces) can add the label a policy selects on, and so be admitted by another tenant's ingress rule, or receive its egress. Only labels that the API server or a tenancy controller sets and overwrites identify a namespace reliably.",
  remediation:
    'Select namespaces by `kubernetes.io/metadata.name` (with `In` for several), or by a label your tenancy controller maintains (`capsule.clastix.io/tenant`, an HNC tree label). If a custom label is maintained by a controller tenants cannot bypass, list it in the `trustedLabels` option of this check.',
  references: [
    {
      title: 'Kubernetes: Targeting a namespace by its name',
      url: 'https://kubernetes.io/docs/concepts/services-networking/network-policies/#targeting-a-namespace-by-its-name',
    },
    {
      title: 'Kubernetes: kubernetes.io/metadata.name',
      url: 'https://kubernetes.io/docs/reference/labels-annotations-taints/#kubernetes-io-metadata-name',
    },
    {
      title: 'HNC: tree labels in NetworkPolicies',
      url: 'https://github.com/kubernetes-sigs/hierarchical-namespaces/blob/master/docs/user-guide/how-to.md',
    },
  ],
  severity: { 'multi-team': 'medium', 'multi-customer': 'high' },
  target: { kinds: [K.NetworkPolicy, K.CapsuleTenant] },
  needs: [K.NetworkPolicy],
  messages: {
    untrusted:
      '{{direction}} rule selects namespaces by {{labels}}, which tenants can set on their own namespaces: any tenant can add or remove it to change which namespaces this rule matches',
  },
  options: {
    schema: {
      type: 'object',
      properties: {
        trustedLabels: {
          type: 'array',
          items: { type: 'string', minLength: 1 },
          description:
            'Namespace label keys (globs) that a tenancy controller maintains and tenants cannot set; they replace the default list. `kubernetes.io/metadata.name` is always trusted.',
        },
      },
      additionalProperties: false,
    },
    defaults: { trustedLabels: [...DEFAULT_TRUSTED_NAMESPACE_LABELS] },
  },
  check(subject, ctx, options) {
    const isTrusted = trustedLabelMatcher(options.trustedLabels);
    const judged: { policy: KubeObject; path: (p: string) => string }[] =
      groupKindOf(subject) === K.CapsuleTenant ? tenantItemsToJudge(subject, ctx) : [{ policy: subject, path: (p: string) => p }];
    const findings: FindingWith<'untrusted', 'direction' | 'labels'>[] = [];
    for (const { policy, path } of judged) {
      for (const direction of POLICY_TYPES) {
        for (const rule of rulesOf(policy, direction)) {
          (rule.peers ?? []).forEach((peer, j) => {
            const labels = untrustedSelectorLabels(peer?.namespaceSelector, isTrusted);
            if (labels.length === 0) return;
            findings.push({
              messageId: 'untrusted',
              data: { direction: direction.toLowerCase(), labels: labels.map((l) => `"${l}"`).join(', ') },
              path: path(`${rule.path}/${rule.peerField}/${j}/namespaceSelector`),
            });
          });
        }
      }
    }
    return findings;
  },
});
