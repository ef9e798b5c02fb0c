/**
 * NetworkPolicies indexed by namespace, with the policies that isolate a pod computed once per
 * (namespace, label set): pods of one workload share their labels, so a cluster's many replicas
 * cost one evaluation. A policy only ever selects pods of its own namespace
 * (https://kubernetes.io/docs/concepts/services-networking/network-policies/#the-two-sorts-of-pod-isolation).
 */
import type { ResourceIndex } from '../../model/index.js';
import { K } from '../../model/kinds.js';
import type { KubeObject } from '../../model/types.js';
import { type PolicyType, isolates, selectsLabels } from './policy.js';

/** A stable key for a label set (sorted entries), for grouping pods that policies cannot tell apart. */
export function labelKey(labels: Record<string, string>): string {
  return JSON.stringify(Object.entries(labels ?? {}).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
}

export class NetworkPolicyIndex {
  private readonly cache = new Map<string, Record<PolicyType, KubeObject[]>>();
  private readonly withStandIns = new Map<string, readonly KubeObject[]>();

  /**
   * @param standIns policies that act in a namespace without being in the input (the copies a
   *   Capsule Tenant's `spec.networkPolicies` makes, when manifests hold only the Tenant).
   */
  constructor(
    private readonly index: ResourceIndex,
    private readonly standIns?: (namespace: string) => KubeObject[],
  ) {}

  /** Every NetworkPolicy of the namespace (and its stand-ins). */
  policiesIn(namespace: string): readonly KubeObject[] {
    const own = this.index.inNamespace(K.NetworkPolicy, namespace);
    if (!this.standIns) return own;
    let all = this.withStandIns.get(namespace);
    if (!all) {
      const extra = this.standIns(namespace);
      all = extra.length ? [...own, ...extra] : own;
      this.withStandIns.set(namespace, all);
    }
    return all;
  }

  /**
   * The NetworkPolicies of `namespace` that select pods with these labels and have `direction` in
   * their effective policyTypes. Empty: the pod is not isolated in that direction and every
   * connection is allowed (a deny-only policy, with no rules, still isolates).
   */
  isolating(namespace: string, labels: Record<string, string>, direction: PolicyType): readonly KubeObject[] {
    const key = `${namespace}\u0000${labelKey(labels)}`;
    let entry = this.cache.get(key);
    if (!entry) {
      const selecting = this.policiesIn(namespace).filter((p) => selectsLabels(p, labels));
      entry = {
        Ingress: selecting.filter((p) => isolates(p, 'Ingress')),
        Egress: selecting.filter((p) => isolates(p, 'Egress')),
      };
      this.cache.set(key, entry);
    }
    return entry[direction];
  }
}
