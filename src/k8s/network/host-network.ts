/**
 * Pods with `hostNetwork: true` and NetworkPolicy. The API leaves their treatment to the network
 * plugin: "NetworkPolicy behaviour for hostNetwork pods is undefined", and the most common
 * implementation cannot tell their traffic from the node's, so it ignores the policies that select
 * them (https://kubernetes.io/docs/concepts/services-networking/network-policies/#networkpolicy-and-hostnetwork-pods).
 * A policy that selects such a pod is therefore no proof that it is isolated. Not a check (the
 * family index lists the checks).
 */
import type { PodTemplate } from '../../model/index.js';
import type { KubeObject } from '../../model/types.js';

/**
 * The not-evaluated reason for a hostNetwork pod template that `policies` would isolate in
 * `direction`, or undefined when the pods do not use hostNetwork.
 */
export function hostNetworkReason(
  template: PodTemplate,
  policies: readonly KubeObject[],
  direction: 'Ingress' | 'Egress',
): string | undefined {
  if (template.spec?.hostNetwork !== true) return undefined;
  const names = policies.slice(0, 3).map((p) => p.metadata.name);
  const more = policies.length > 3 ? ` and ${policies.length - 3} more` : '';
  return (
    `these pods use hostNetwork: NetworkPolicy ${names.join(', ')}${more} ${policies.length === 1 ? 'selects' : 'select'} them for ${direction}, ` +
    "but NetworkPolicy behaviour for hostNetwork pods is undefined, and most network plugins treat their traffic as the node's and ignore those policies"
  );
}
