import { POD_SPEC_PATHS } from '../model/kinds.js';
import type { GroupKind } from '../model/types.js';
import type { AnyCheck, CheckTarget } from './check.js';

/** Every kind with a pod template (Pod, Deployment, ReplicaSet, StatefulSet, DaemonSet, Job, ReplicationController, CronJob). */
export const POD_TEMPLATE_KINDS: readonly GroupKind[] = Object.freeze(Object.keys(POD_SPEC_PATHS));

/**
 * The kinds a target implies: a `podTemplate` check reads every pod-template kind, a `{ kinds }`
 * check its kinds; `namespace` and `cluster` imply none (a Namespace the input lacks is synthesized).
 */
export function targetKinds(target: CheckTarget): readonly GroupKind[] {
  if (target === 'podTemplate') return POD_TEMPLATE_KINDS;
  if (typeof target === 'object') return target.kinds;
  return [];
}

/** Every kind a check reads: its `needs`, then the kinds its target implies, without repeats. What the report lists as `needs`. */
export function kindsRead(check: Pick<AnyCheck, 'target' | 'needs'>): GroupKind[] {
  return [...new Set([...check.needs, ...targetKinds(check.target)])];
}

/**
 * The kinds that must be readable (in the subject's namespace, or cluster-wide) for a check to judge
 * any subject: its `needs`, and every pod-template kind for a `podTemplate` check (a template of an
 * unread kind could be the one that fails). For a `{ kinds }` target the runner adds, per subject,
 * the subject's own kind only: a NetworkPolicy is judged when NetworkPolicies were readable in its
 * namespace, whether or not Capsule Tenants (the target's other kind) were.
 */
export function kindsRequired(check: Pick<AnyCheck, 'target' | 'needs'>): GroupKind[] {
  return check.target === 'podTemplate' ? [...new Set([...POD_TEMPLATE_KINDS, ...check.needs])] : [...check.needs];
}
