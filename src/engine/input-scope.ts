/**
 * The input's scope: the whole cluster, or part of it (the open-world input of a CI pipeline that
 * scans one application's manifests, `helm template ./chart | tenantscan scan --file -`).
 *
 * Under `cluster`, what the input lacks does not exist (a namespace without a NetworkPolicy has
 * none). Under `partial`, the absence of an object says nothing about the cluster, so a check is
 * `not-evaluated` for a subject when it needs objects the input does not hold:
 * - every `cluster` check (its subject is a cluster-wide fact: no RuntimeClass, workloads in `default`);
 * - a `namespace` check on a Namespace that the input does not hold (the index synthesized it);
 * - any other check that needs a kind beyond its subjects' own kinds, when that kind is cluster-scoped
 *   (RuntimeClass, ClusterRole, Node: never held by part of a cluster), or when it is namespaced and
 *   the subject's Namespace object is not in the input (its NetworkPolicies, quotas, LimitRanges, roles
 *   may live outside it). A Namespace object in a partial input says the input owns that namespace, so
 *   its namespaced objects are taken as held.
 * A check that judges only its subject (a Deployment's securityContext, a Service's type) is
 * evaluated as under `cluster`.
 */
import { K } from '../model/kinds.js';
import type { ResourceIndex } from '../model/index.js';
import { CLUSTER_SCOPED } from '../model/scope.js';
import type { GroupKind } from '../model/types.js';
import type { AnyCheck } from './check.js';
import { targetKinds } from './kinds-read.js';

export const INPUT_SCOPES = ['cluster', 'partial'] as const;
export type InputScope = (typeof INPUT_SCOPES)[number];

/** The scope of a scan, as the report records it. */
export interface InputScopeInfo {
  scope: InputScope;
  /** True when `--input-scope` was not given and the scope was inferred from the input. */
  inferred: boolean;
  /** Why this scope: `given with --input-scope`, or what the inference saw. */
  reason: string;
}

/** Namespaces every cluster has (https://kubernetes.io/docs/concepts/overview/working-with-objects/namespaces/#initial-namespaces): a manifest set may use them without their objects. */
const INITIAL_NAMESPACES = new Set(['default', 'kube-system', 'kube-public', 'kube-node-lease']);

/**
 * The scope of an input when `--input-scope` is not given: `cluster` for a live cluster (its kinds are
 * read whole, or recorded as unreadable); for manifests, `partial` when they hold no Namespace object
 * at all, or use a namespace other than the initial ones (`default`, `kube-system`, ...) without its
 * Namespace object (a chart rendered for one namespace), else `cluster`.
 */
export function inferInputScope(index: ResourceIndex): InputScopeInfo {
  if (index.source.type === 'cluster') return { scope: 'cluster', inferred: true, reason: 'read from a live cluster' };
  const namespaces = index.namespaces();
  const absent = namespaces.filter((ns) => index.isSynthesized(ns) && !INITIAL_NAMESPACES.has(ns.metadata.name));
  if (absent.length > 0) {
    const names = absent.map((ns) => ns.metadata.name);
    const shown = names.slice(0, 3).join(', ') + (names.length > 3 ? ` and ${names.length - 3} more` : '');
    return {
      scope: 'partial',
      inferred: true,
      reason: `the manifests use namespace${names.length > 1 ? 's' : ''} ${shown} without the Namespace object`,
    };
  }
  if (namespaces.every((ns) => index.isSynthesized(ns))) {
    return { scope: 'partial', inferred: true, reason: 'the manifests hold no Namespace object' };
  }
  return { scope: 'cluster', inferred: true, reason: 'the manifests hold the Namespace object of every namespace they use' };
}

/** The kinds a check's subjects are: what it judges is in the input by definition. */
function subjectKinds(check: AnyCheck): Set<GroupKind> {
  return new Set(check.target === 'namespace' ? [K.Namespace] : targetKinds(check.target));
}

/**
 * Under a partial input, why `check` cannot judge a subject in `namespace` (undefined: a
 * cluster-scoped subject or the cluster), or undefined when it can. See the module comment.
 */
export function outsidePartialInput(check: AnyCheck, index: ResourceIndex, namespace: string | undefined): string | undefined {
  const partial = 'the input is partial (--input-scope partial)';
  if (check.target === 'cluster') return `${partial}: a cluster-wide fact cannot be judged from part of the cluster`;
  const nsObject = namespace === undefined ? undefined : index.get(K.Namespace, undefined, namespace);
  const namespaceHeld = nsObject !== undefined && !index.isSynthesized(nsObject);
  if (check.target === 'namespace' && !namespaceHeld) {
    return `${partial} and does not hold Namespace ${namespace}: its policies, quotas and labels may exist outside the input`;
  }
  const own = subjectKinds(check);
  for (const gk of check.needs) {
    if (own.has(gk)) continue;
    if (gk !== K.Namespace && CLUSTER_SCOPED.has(gk))
      return `${partial}: it needs ${gk}, which is cluster-scoped and may exist outside the input`;
    if (namespaceHeld) continue;
    if (namespace === undefined) return `${partial}: it needs ${gk} of every namespace, which the input may not hold`;
    return `${partial} and does not hold Namespace ${namespace}: ${gk === K.Namespace ? 'its labels' : `its ${gk} objects`} may exist outside the input`;
  }
  return undefined;
}
