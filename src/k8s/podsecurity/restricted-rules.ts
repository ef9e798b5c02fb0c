/**
 * Which `restricted` rules of Pod Security admission a namespace's enforce policy applies, so that a
 * check can leave to admission the pods it already rejects.
 *
 * The policy version (`pod-security.kubernetes.io/enforce-version`) picks the rules: `latest`, an
 * absent label or one that does not parse (`api.ParseVersion`; `PolicyToEvaluate` then uses
 * `latest`) apply every rule; `v1.<minor>` applies the rules that existed at that minor version.
 * - `seccompProfile`: `RuntimeDefault` or `Localhost` for the pod or every container (`Unconfined`
 *   on a container fails even under a confining pod profile); since v1.19.
 * - `capabilities`: every container drops `ALL` and adds nothing but `NET_BIND_SERVICE`; since v1.22.
 * Both skip Windows pods (`spec.os.name: windows`) from v1.25.
 * Sources: kubernetes/pod-security-admission `policy/check_seccompProfile_restricted.go`,
 * `policy/check_capabilities_restricted.go`, `api/helpers.go`;
 * https://kubernetes.io/docs/concepts/security/pod-security-standards/#restricted.
 */
import type { EnforcePolicy } from './levels.js';

export type RestrictedRule = 'seccompProfile' | 'capabilities';

/** The first minor version of Kubernetes whose `restricted` level has the rule. */
export const RESTRICTED_RULE_SINCE: Readonly<Record<RestrictedRule, number>> = { seccompProfile: 19, capabilities: 22 };

/** The minor version a `v1.<minor>` policy version names, or undefined for `latest`, an absent or an unparsable one. */
export function policyMinorVersion(version: string | undefined): number | undefined {
  const match = /^v1\.(0|[1-9][0-9]*)$/.exec(version ?? '');
  return match ? Number(match[1]) : undefined;
}

/** Does this enforce policy reject pods that break the `restricted` rule? */
export function enforcesRestrictedRule(policy: EnforcePolicy, rule: RestrictedRule): boolean {
  if (policy.level !== 'restricted') return false;
  const minor = policyMinorVersion(policy.version);
  return minor === undefined || minor >= RESTRICTED_RULE_SINCE[rule];
}
