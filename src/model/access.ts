import type { GroupKind } from './types.js';

/**
 * Whether a kind could be read, per the source. This is what lets a report tell
 * "no NetworkPolicy exists" from "not allowed to list NetworkPolicies".
 *
 * - `full`: every object of the kind was read (or, for manifests, the input is taken as complete).
 * - `partial`: some namespaces could not be read (`forbiddenNamespaces`), or a list stopped midway.
 * - `none`: nothing could be read (403, timeout, error), see `reason`.
 * - `absent`: the API server does not serve the kind (not in discovery): no object can exist.
 */
export type AccessStatus = 'full' | 'partial' | 'none' | 'absent';

export interface AccessOutcome {
  groupKind: GroupKind;
  /** Plural resource name as served (`networkpolicies`), when known. */
  resource?: string;
  status: AccessStatus;
  /** Why the kind was not fully read: `403 Forbidden: ...`, `timeout`, `404`. */
  reason?: string;
  /** Namespaces whose objects of this kind could not be read (status `partial`). */
  forbiddenNamespaces?: string[];
  /** Objects read. */
  count?: number;
}

/** Can objects of this kind in this namespace (or cluster-wide when `namespace` is undefined) be trusted as complete? */
export function isReadable(outcome: AccessOutcome | undefined, namespace?: string): boolean {
  if (!outcome) return true; // manifests: anything not reported is complete by definition
  switch (outcome.status) {
    case 'full':
    case 'absent':
      return true;
    case 'none':
      return false;
    case 'partial':
      if (namespace === undefined) return false;
      return !forbiddenSet(outcome).has(namespace);
  }
}

// A namespace-scoped identity may be forbidden in thousands of namespaces, asked once per subject and check.
const forbidden = new WeakMap<AccessOutcome, { list: readonly string[] | undefined; length: number; set: Set<string> }>();

function forbiddenSet(outcome: AccessOutcome): Set<string> {
  const list = outcome.forbiddenNamespaces;
  let entry = forbidden.get(outcome);
  // rebuilt when the list was replaced or grew (outcomes are plain objects a source may still be filling)
  if (!entry || entry.list !== list || entry.length !== (list?.length ?? 0)) {
    entry = { list, length: list?.length ?? 0, set: new Set(list ?? []) };
    forbidden.set(outcome, entry);
  }
  return entry.set;
}
