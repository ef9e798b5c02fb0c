/**
 * The analyses of one scan, shared by every check (in the manner of ESLint's parser services): the
 * RBAC access analysis, the NetworkPolicy index and the cross-tenant reachability summary. The
 * engine builds one `Analyses` per scan and hands it to checks as `ctx.analyses`; each analysis is
 * computed on first use and then kept, so checks evaluated subject by subject share its memo, and
 * the report's reachability section is the same object a check would read.
 */
import {
  NetworkPolicyIndex,
  type PodNetwork,
  REACHABILITY_READS,
  type ReachabilitySummary,
  podNetworkOf,
  summarizeReachability,
} from '../k8s/network/index.js';
import { RbacAnalysis, rbacOptionsOf } from '../k8s/rbac/index.js';
import { K } from '../model/kinds.js';
import type { ReadDeclaration } from '../model/read-plan.js';
import type { TenancyView } from '../tenancy/view.js';

/**
 * What the analyses read whatever the checks: the reachability summary, which every scan of more
 * than one tenant reports, and the Nodes, whose `spec.podCIDRs` give the pod network that decides
 * ipBlock peers (src/k8s/network/pod-network.ts). The RBAC analysis and the NetworkPolicy index are
 * read through checks, which name their kinds in `needs`.
 */
export const ANALYSES_READS: ReadDeclaration = { ...REACHABILITY_READS, kinds: [...(REACHABILITY_READS.kinds ?? []), K.Node] };

export class Analyses {
  #rbac?: RbacAnalysis;
  #networkPolicies?: NetworkPolicyIndex;
  #reachability?: ReachabilitySummary;
  #podNetwork?: PodNetwork;

  /**
   * @param view the scan's index and tenant model.
   * @param checkOptions the scan's check options by check ID; the RBAC analysis reads `rbac`
   *   (`platformSubjects`, `replacePlatformSubjects`: see src/k8s/rbac/attribution.ts).
   * @param podCIDRs the configuration's `network.podCIDRs` (the pod network; see src/k8s/network/pod-network.ts).
   */
  constructor(
    readonly view: TenancyView,
    private readonly checkOptions: Record<string, Record<string, unknown>> = {},
    private readonly podCIDRs: readonly string[] = [],
  ) {}

  /**
   * The pod network (src/k8s/network/pod-network.ts): from the configuration's `network.podCIDRs`,
   * else the Nodes' `spec.podCIDRs`; `cidrs` is undefined when neither says.
   */
  get podNetwork(): PodNetwork {
    return (this.#podNetwork ??= podNetworkOf(this.view.index, this.podCIDRs));
  }

  /**
   * Who may do what, where, through which binding and rule (src/k8s/rbac/access.ts). Trust it only
   * when `rbacInputsUnreadable(ctx.index)` is undefined: it needs every Role and binding.
   */
  get rbac(): RbacAnalysis {
    return (this.#rbac ??= new RbacAnalysis(this.view.index, this.view.tenants, rbacOptionsOf(this.checkOptions)));
  }

  /**
   * The NetworkPolicies of the input by namespace, with the policies isolating a pod in each
   * direction (src/k8s/network/policy-index.ts). Only the policies in the input: the copies a
   * Capsule Tenant would make are the tenancy stage's (`tenants.materialized`, src/tenancy/materialize.ts).
   */
  get networkPolicies(): NetworkPolicyIndex {
    return (this.#networkPolicies ??= new NetworkPolicyIndex(this.view.index));
  }

  /**
   * Which tenant may open connections to which, in the report's form: a statement per tenant and
   * the selective pairs (src/k8s/network/reachability-summary.ts).
   */
  get reachability(): ReachabilitySummary {
    return (this.#reachability ??= summarizeReachability(this.view.index, this.view.tenants, { podNetwork: this.podNetwork }));
  }
}
