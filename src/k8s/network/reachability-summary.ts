/**
 * The report's form of cross-tenant reachability (reachability.ts): its size grows with the tenants
 * and with the pairs whose opening is selective, not with the square of the tenant count.
 *
 * A pair from -> to is open when both ends allow a connection (reachability.ts gives the semantics).
 * Most cross-tenant openings come from pods that no NetworkPolicy isolates: a pod not isolated for
 * egress may send to any pod, and a pod not isolated for ingress admits any pod
 * (https://kubernetes.io/docs/concepts/services-networking/network-policies/#the-two-sorts-of-pod-isolation).
 * So every tenant with such egress pods ("reaches all") opens a pair to every tenant with such
 * ingress pods ("open to all"): that block is stated once per tenant and direction. Only the other
 * pairs that are not closed, opened (or made unknown) by policy rules, are listed one by one.
 *
 * The status of a pair from -> to (from != to), read from a summary (pairStatusOf in reports/reachability.ts):
 * 1. `unknown` if `from`, else `to`, has `unknown` (its inputs could not be read, or unevaluated
 *    policies may apply): every pair it is part of is unknown, for that reason;
 * 2. `closed` if either has no workloads;
 * 3. `open` if `from` has `reachesAll` and `to` has `openToAll`;
 * 4. the listed pair's status, if `pairs` lists it;
 * 5. `closed` otherwise.
 * test/k8s/network/reachability-summary.test.ts proves this equals computeReachability pair for pair.
 *
 * Workloads (the owners of the pod templates: Deployment, StatefulSet, bare Pod, ...) are listed
 * once in `workloads` and referred to by their position; each statement names at most
 * MAX_EXAMPLES of them, with the count of all.
 *
 * What can stay quadratic: pairs opened or made unknown by rules (a tenant whose egress rules allow
 * every namespace opens a listed pair to every tenant open to all), and the pairs of tenants with
 * hostNetwork pods that the other side may reach, which are unknown (hostNetwork.ts); both are listed.
 */
import type { ResourceIndex } from '../../model/index.js';
import { type ObjectRef, refKey } from '../../model/types.js';
import type { TenantModel } from '../../tenancy/model.js';
import { examplePort } from './ports.js';
import {
  type PodGroup,
  type ReachabilityOptions,
  type ReachabilityPair,
  type TenantGroups,
  candidatePairs,
  evaluatePair,
  ownersOf,
  reachabilityState,
  unrestrictedBlockOf,
} from './reachability.js';

/** How many workloads a statement names (its `count` gives the total). */
export const MAX_EXAMPLES = 5;

/** Some workloads, by position in the summary's `workloads` table. */
export interface WorkloadExamples {
  /** Positions in `workloads`, at most MAX_EXAMPLES, in the order of their references (kind, namespace, name). */
  examples: number[];
  /** How many workloads there are in all. */
  count: number;
}

/** What holds for one tenant in every pair it is part of. */
export interface TenantReachability {
  name: string;
  /** Its workloads (pod template owners); 0: no pod can connect to or from it today. */
  workloads: number;
  /** Every pair with this tenant is unknown, for this reason (an input could not be read, or an unevaluated policy may apply). */
  unknown?: string;
  /** Its workloads that no NetworkPolicy isolates for egress: they may connect to any pod that admits them. */
  reachesAll?: WorkloadExamples;
  /** Its workloads that no NetworkPolicy isolates for ingress: any pod that may send to them may connect, on `port` (one example). */
  openToAll?: WorkloadExamples & { port: string };
}

/** A pair that the tenant statements do not decide and that is not closed. */
export interface SelectivePair {
  from: string;
  to: string;
  status: 'open' | 'unknown';
  /** For `open`, the first connection that opens it; for `unknown`, what could not be evaluated. */
  reason: string;
  /** For `open`: the NetworkPolicies whose rules allow the connections (empty when no policy isolates either side). */
  via?: ObjectRef[];
  /** For `open`: one protocol/port a connection may use, `TCP/8080`, or `any port`. */
  port?: string;
  /** For `open`: the workloads on each side of an allowed connection. */
  workloads?: { from: WorkloadExamples; to: WorkloadExamples };
}

/** Cross-tenant reachability in the report's form (see the rules at the top of this file). */
export interface ReachabilitySummary {
  /** One entry per tenant, sorted by name. */
  tenants: TenantReachability[];
  /** Every workload a statement or pair names, once. */
  workloads: ObjectRef[];
  /** The pairs the tenant statements leave undecided that are not closed, ordered by `from`, then `to` (as `tenants`). */
  pairs: SelectivePair[];
}

/** Any pod that no policy isolates for egress: what an unrestricted destination is judged against (its verdict depends on the destination only). */
const ANY_UNRESTRICTED_SOURCE: PodGroup = {
  tenant: '',
  order: 0,
  identity: { namespace: '', namespaceLabels: {}, labels: {} },
  owners: [],
  ports: [],
  hostNetwork: false,
  egress: 'unrestricted',
  ingress: 'unrestricted',
  egressTo: { all: true, namespaces: new Set() },
  ingressFrom: { all: true, namespaces: new Set() },
};

/**
 * Cross-tenant reachability of the index's tenants in the report's form. Pure; reads what
 * computeReachability reads (REACHABILITY_READS). `options.exhaustive` and `closedPairs` do not apply.
 */
export function summarizeReachability(index: ResourceIndex, tenants: TenantModel, options: ReachabilityOptions = {}): ReachabilitySummary {
  const { names, blocked, groups, sides } = reachabilityState(index, tenants, options);
  const workloads: ObjectRef[] = [];
  const positions = new Map<string, number>();
  const examplesOf = (owners: ObjectRef[]): WorkloadExamples => ({
    examples: owners.slice(0, MAX_EXAMPLES).map((o) => {
      const key = refKey(o);
      let at = positions.get(key);
      if (at === undefined) {
        positions.set(key, (at = workloads.length));
        workloads.push(o);
      }
      return at;
    }),
    count: owners.length,
  });

  const sources = new Set<TenantGroups>();
  const destinations = new Set<TenantGroups>();
  const statements: TenantReachability[] = names.map((name) => {
    const list = groups.get(name) ?? [];
    const statement: TenantReachability = { name, workloads: list.reduce((n, g) => n + g.owners.length, 0) };
    const reason = blocked.get(name);
    if (reason) statement.unknown = reason;
    const side = sides.get(name);
    if (!side) return statement;
    if (side.unrestrictedEgress.length > 0) {
      sources.add(side);
      statement.reachesAll = examplesOf(ownersOf(side.unrestrictedEgress));
    }
    const block = unrestrictedBlockOf(side, ANY_UNRESTRICTED_SOURCE);
    if (block.open.length > 0) {
      destinations.add(side);
      statement.openToAll = { ...examplesOf((block.owners ??= ownersOf(block.open))), port: openPort(block.open[0]) };
    }
    return statement;
  });

  const position = new Map(names.map((n, i) => [n, i]));
  const found: Array<{ key: number; pair: SelectivePair }> = [];
  for (const [from, to] of candidatePairs(sides, { sources, destinations })) {
    const pair = evaluatePair(from, to);
    if (pair.status === 'closed') continue;
    found.push({ key: position.get(from.name)! * names.length + position.get(to.name)!, pair: selective(pair, examplesOf) });
  }
  found.sort((a, b) => a.key - b.key);
  return { tenants: statements, workloads, pairs: found.map((f) => f.pair) };
}

/** The port an unrestricted source may use to reach this open destination: what evaluateGroups gives for it. */
function openPort(destination: PodGroup): string {
  return examplePort('all', destination.ports) ?? 'any port';
}

function selective(pair: ReachabilityPair, examplesOf: (owners: ObjectRef[]) => WorkloadExamples): SelectivePair {
  const out: SelectivePair = { from: pair.from, to: pair.to, status: pair.status as SelectivePair['status'], reason: pair.reason ?? '' };
  if (pair.status === 'open') {
    out.via = pair.via ?? [];
    out.port = pair.port;
    out.workloads = { from: examplesOf(pair.pods?.from ?? []), to: examplesOf(pair.pods?.to ?? []) };
  }
  return out;
}
