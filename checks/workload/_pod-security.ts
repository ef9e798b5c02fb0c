/**
 * Message glue for the checks that leave to Pod Security admission the pods it already rejects
 * (workload-net-raw-capability, workload-seccomp-unconfined). Not a check.
 */
import type { CheckContext, PassNote } from '../../src/engine/check.js';
import { enforcePolicyOf, enforcesRestrictedRule, type RestrictedRule } from '../../src/k8s/podsecurity/index.js';
import { K } from '../../src/model/kinds.js';
import { refOf } from '../../src/model/types.js';

/**
 * A pass note when the namespace's Pod Security `enforce` policy (its labels as the tenancy layer
 * reconciles them) applies the `restricted` rule, so the API server rejects the template's pods
 * before they run; undefined when it does not, or when the Namespace object is not in the input.
 */
export function rejectedByPodSecurity(namespace: string, ctx: CheckContext, rule: RestrictedRule): PassNote | undefined {
  const ns = ctx.index.get(K.Namespace, undefined, namespace);
  if (!ns || ctx.index.isSynthesized(ns)) return undefined;
  const policy = enforcePolicyOf(ctx.tenants.materialized.labelsOf(ns).labels);
  if (!enforcesRestrictedRule(policy, rule)) return undefined;
  const version = policy.version ? ` (enforce-version ${policy.version})` : '';
  return {
    passNote: `namespace ${namespace} enforces Pod Security "restricted"${version}, which rejects such pods before they run`,
    related: [refOf(ns)],
  };
}
