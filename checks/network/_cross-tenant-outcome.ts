/**
 * The outcome of network-cross-tenant-ingress and -egress for one subject: a NetworkPolicy, or a
 * Capsule Tenant whose `spec.networkPolicies` items stand in for copies the input does not hold
 * (derived by src/tenancy/materialize.ts; the copies that are in the input are judged as NetworkPolicies).
 * Not a check (the family index lists the checks).
 */
import type { CheckContext, CheckOutcome, FindingWith } from '../../src/engine/check.js';
import { K } from '../../src/model/kinds.js';
import { type KubeObject, groupKindOf } from '../../src/model/types.js';
import { crossTenantRules, type PolicyType } from '../../src/k8s/network/index.js';
import { tenantItemsToJudge } from './_tenant-items.js';

/**
 * Messages `allPeers`, `everyNamespace`, `otherTenants`, `podNetwork` and `podNetworkPart`, with {{tenants}},
 * {{namespaces}}, {{ports}}, and for the ipBlock shapes {{ipBlock}} and {{podNetwork}}.
 */
type CrossTenantFinding = FindingWith<
  'allPeers' | 'everyNamespace' | 'otherTenants' | 'podNetwork' | 'podNetworkPart',
  'tenants' | 'namespaces' | 'ports' | 'ipBlock' | 'podNetwork'
>;

export function crossTenantOutcome(subject: KubeObject, direction: PolicyType, ctx: CheckContext): CheckOutcome<CrossTenantFinding> {
  const judged =
    groupKindOf(subject) === K.CapsuleTenant ? tenantItemsToJudge(subject, ctx) : [{ policy: subject, path: (p: string) => p }];
  const findings: CrossTenantFinding[] = [];
  const undecided: string[] = [];
  for (const { policy, path } of judged) {
    const analysis = crossTenantRules(policy, direction, ctx.index, ctx.tenants, ctx.analyses.podNetwork);
    for (const rule of analysis.rules) {
      findings.push({
        messageId: rule.shape,
        data: {
          tenants: rule.tenants.join(', ') || 'none',
          namespaces: rule.namespaces.map((n) => n.name).join(', '),
          ports: rule.ports,
          ipBlock: rule.ipBlock ?? '',
          podNetwork: `${ctx.analyses.podNetwork.cidrs?.join(', ')}, from ${ctx.analyses.podNetwork.source}`,
        },
        path: path(rule.path),
        related: rule.namespaces,
      });
    }
    // `/spec/egress/0/to/0 (0.0.0.0/0)`: the pointer comes first.
    undecided.push(...analysis.undecided.map((u) => u.replace(/^\S+/, (p) => path(p))));
  }
  if (findings.length === 0 && undecided.length > 0) {
    return {
      notEvaluated: `ipBlock peer ${undecided.join(', ')} may cover pod IPs of other tenants, and the pod network is not known (${ctx.analyses.podNetwork.source}): give it as network.podCIDRs in the configuration`,
    };
  }
  return findings;
}
