/**
 * Cross-tenant network reachability: for every ordered pair of tenants (from -> to), may some pod
 * of `from` open a connection to some pod of `to`, by the cluster's NetworkPolicies?
 *
 * A connection from pod S to pod D on protocol/port P is allowed only when BOTH ends allow it
 * (https://kubernetes.io/docs/concepts/services-networking/network-policies/#the-two-sorts-of-pod-isolation):
 * S is not egress-isolated or one of the egress rules isolating it admits D on P, and D is not
 * ingress-isolated or one of its ingress rules admits S on P. Rules are unioned within a side;
 * the two sides' port sets are intersected (named ports resolve against D's container ports).
 *
 * Status of a pair:
 * - `open`: some pod of `from` may connect to some pod of `to` (the pair names the pods, the
 *   policies that allow it, or says which side no policy isolates, and one example port);
 * - `closed`: no pod of `from` may connect to any pod of `to`; also when either tenant has no pods
 *   (nothing can connect today; `reason` says so, and the policies may still admit future pods);
 * - `unknown`: the answer depends on what tenantscan does not evaluate or could not read: a Cilium,
 *   Calico or admin network policy that may apply, an unreadable NetworkPolicy, workload or
 *   Namespace list, an `ipBlock` that covers part of the pod network (which pods hold those IPs
 *   depends on scheduling) or may cover it while the pod network is not known (see pod-network.ts), a
 *   hostNetwork pod (NetworkPolicy behaviour is undefined for them), or policies that allow only
 *   ports the destination does not declare.
 * An `ipBlock` that covers the whole pod network matches every pod (pod-network.ts gives the sources).
 *
 * Cost: pods are grouped by (namespace, labels, declared ports, hostNetwork), so replicas and
 * identical workloads are evaluated once; the policies isolating a group are found once, from the
 * policies of its own namespace, and the namespaces its rules reach once per set of rules (through
 * the index's namespace label index). Tenant pairs are not enumerated: only pairs where some group
 * of one side may reach a namespace of the other (an unrestricted side reaches all) are evaluated,
 * and within a pair only the group pairs that may connect; the rest are closed without a look.
 * For a cluster whose tenants isolate themselves this is linear in its size; what remains
 * quadratic is the number of pairs that really are open or unknown, which are the answer.
 */
import type { PodTemplate, ResourceIndex } from '../../model/index.js';
import { K, POD_SPEC_PATHS, UNEVALUATED_NETWORK_POLICY_KINDS } from '../../model/kinds.js';
import type { ReadDeclaration } from '../../model/read-plan.js';
import { type KubeObject, type ObjectRef, refKey, refOf } from '../../model/types.js';
import type { TenantModel } from '../../tenancy/model.js';
import { namespacesOfPeer } from './peers.js';
import { NetworkPolicyIndex, labelKey } from './policy-index.js';
import { type PodNetwork, ipBlockPodCoverage } from './pod-network.js';
import { type PodIdentity, type PolicyRule, type PolicyType, peerMatchesPod, rulesOf } from './policy.js';
import {
  type ContainerPort,
  type PortSet,
  declaredPorts,
  examplePort,
  intersectPorts,
  isEmptyPortSet,
  portsOfRule,
  unionPorts,
} from './ports.js';
import { unevaluatedReason } from './unevaluated.js';

export type ReachabilityStatus = 'open' | 'closed' | 'unknown';

export interface ReachabilityPair {
  /** Source tenant (the pods opening the connection). */
  from: string;
  /** Destination tenant. */
  to: string;
  status: ReachabilityStatus;
  /** Why: the connection that opens the pair, or what could not be evaluated, or why it is closed. */
  reason?: string;
  /** For `open`: the NetworkPolicies whose rules allow the connections (empty when no policy isolates either side). */
  via?: ObjectRef[];
  /** For `open`: the workload owners (Deployment, StatefulSet, bare Pod, ...) on each side of an allowed connection. */
  pods?: { from: ObjectRef[]; to: ObjectRef[] };
  /** For `open`: one protocol/port a connection may use, `TCP/8080`, or `any port`. */
  port?: string;
}

export interface Reachability {
  /** Tenant names, sorted. */
  tenants: string[];
  /**
   * In `tenants` order (from, then to): every ordered pair of distinct tenants, or, when computed
   * with `closedPairs: false`, only the pairs that are not `closed` (an absent pair is closed).
   */
  pairs: ReachabilityPair[];
}

export interface ReachabilityOptions {
  /**
   * List the `closed` pairs too (default true). The scan's report leaves them out: at 1,000 tenants
   * there are a million pairs, nearly all closed, and listing them costs time, memory and report size.
   */
  closedPairs?: boolean;
  /**
   * Judge every pair of tenants and every pair of their pod groups, without the pruning (default
   * false). Slow (quadratic); for tests that prove the pruning changes no verdict.
   */
  exhaustive?: boolean;
  /** The pod network, which decides ipBlock peers (src/k8s/network/pod-network.ts); unknown by default. */
  podNetwork?: PodNetwork;
}

/** Pods that NetworkPolicies cannot tell apart: same namespace, labels, declared ports and hostNetwork. */
export interface PodGroup {
  tenant: string;
  /** Position among its tenant's groups: the order in which pairs of groups are judged. */
  order: number;
  identity: PodIdentity;
  owners: ObjectRef[];
  ports: ContainerPort[];
  hostNetwork: boolean;
  egress: RuleOf[] | 'unrestricted';
  ingress: RuleOf[] | 'unrestricted';
  /** Namespaces some egress rule may reach (`all` when unrestricted or a rule reaches every namespace), to skip pairs fast. */
  egressTo: NamespaceReach;
  /** Namespaces some ingress rule may admit pods from. */
  ingressFrom: NamespaceReach;
}

/** Namespaces a set of rules may reach, and whether an ipBlock may reach pods anywhere. */
export interface NamespaceReach {
  all: boolean;
  namespaces: Set<string>;
}

export interface RuleOf {
  policy: KubeObject;
  rule: PolicyRule;
  /** How much of the pod network the rule's ipBlock peers cover, the widest of them. */
  ipBlock: IpBlockReach;
}

export type IpBlockReach = 'all' | 'some' | 'unknown' | 'none';

/** What one side (egress of S, or ingress of D) allows for one pair of groups. */
interface SideAllowance {
  ports: PortSet;
  /** Ports allowed only through an ipBlock that covers part of the pod network, or may cover it (pod network unknown). */
  maybePorts: PortSet;
  /** True when some of `maybePorts` come from an ipBlock covering part of a known pod network. */
  partial: boolean;
  via: KubeObject[];
}

type GroupVerdict =
  { status: 'open'; port: string; via: KubeObject[]; reason: string } | { status: 'closed' } | { status: 'unknown'; reason: string };

/**
 * One tenant's pod groups, sorted by what they may reach, so that a pair of tenants is judged from
 * the few groups that may connect instead of every group pair.
 */
export interface TenantGroups {
  name: string;
  groups: PodGroup[];
  /** Groups by namespace, in order. */
  byNamespace: Map<string, PodGroup[]>;
  /** Non-hostNetwork groups that no policy isolates for egress / for ingress. */
  unrestrictedEgress: PodGroup[];
  unrestrictedIngress: PodGroup[];
  /** Non-hostNetwork groups with egress (ingress) rules, whose rules may reach every namespace. */
  restrictedEgressAll: PodGroup[];
  restrictedIngressAll: PodGroup[];
  /** Non-hostNetwork groups with egress (ingress) rules that may reach a pod namespace of the tenant named by the key. */
  restrictedEgressTo: Map<string, PodGroup[]>;
  restrictedIngressFrom: Map<string, PodGroup[]>;
  hostNetwork: PodGroup[];
  /** Pair-level reach, over every group (hostNetwork ones reach all): the tenants a group may send to / admit from. */
  egressAll: boolean;
  ingressAll: boolean;
  egressTenants: Set<string>;
  ingressTenants: Set<string>;
  /** Position among the tenants that have groups, for pair keys. */
  index: number;
  /** Caches of evaluatePair: the unrestricted block as a destination, and the owners of unrestrictedEgress. */
  unrestrictedBlock?: UnrestrictedBlock;
  sourceOwners?: ObjectRef[];
}

/** Of a tenant's unrestricted-ingress groups: those any unrestricted source may connect to, and the first unknown one. */
export interface UnrestrictedBlock {
  open: PodGroup[];
  firstUnknown?: PodGroup;
  /** The owners of `open`, sorted (shared by every pair that only this block opens). */
  owners?: ObjectRef[];
}

/** What computeReachability reads of the index (a live scan's read plan includes it: src/engine/read-plan.ts). */
export const REACHABILITY_READS: ReadDeclaration = {
  kinds: [K.NetworkPolicy, K.Namespace, K.CapsuleTenant, ...Object.keys(POD_SPEC_PATHS), ...UNEVALUATED_NETWORK_POLICY_KINDS],
};

/**
 * What every reachability answer starts from (computeReachability, and summarizeReachability in
 * reachability-summary.ts): the sorted tenant names, why a tenant's pairs cannot be judged
 * (`blocked`), every tenant's pod groups, and the sides of the tenants that can be judged and have pods.
 * Internal to this folder: index.ts does not export it.
 */
export interface ReachabilityState {
  names: string[];
  blocked: Map<string, string | undefined>;
  groups: Map<string, PodGroup[]>;
  sides: Map<string, TenantGroups>;
}

/** Build the ReachabilityState (see computeReachability for what it reads). */
export function reachabilityState(index: ResourceIndex, tenants: TenantModel, options: ReachabilityOptions = {}): ReachabilityState {
  const names = tenants.tenants.map((t) => t.name).sort();
  // Capsule Tenant items stand in for their per-namespace copies when manifests hold only the Tenant.
  const policies = new NetworkPolicyIndex(index, (ns) => tenants.materialized.objectsIn(K.NetworkPolicy, ns).map((d) => d.object));
  const podNetwork: PodNetwork = options.podNetwork ?? { cidrs: undefined, source: 'not given' };
  const groups = groupPods(index, tenants, policies, podNetwork);
  const blocked = new Map<string, string | undefined>();
  for (const tenant of tenants.tenants) blocked.set(tenant.name, blockingReason(index, tenant.namespaces));
  const sides = new Map<string, TenantGroups>();
  const namespaceTenant = new Map<string, string>();
  for (const [tenant, list] of groups) for (const g of list) namespaceTenant.set(g.identity.namespace, tenant);
  const tenantsOf = tenantsOfReach(namespaceTenant);
  for (const name of names) {
    const list = groups.get(name) ?? [];
    if (!blocked.get(name) && list.length > 0) sides.set(name, tenantGroupsOf(name, sides.size, list, tenantsOf));
  }
  return { names, blocked, groups, sides };
}

/**
 * Compute the reachability matrix of the ordered pairs of tenants. Pure: reads only the index
 * (NetworkPolicies, pod templates, Namespaces, and the unevaluated policy kinds) and the tenant model.
 */
export function computeReachability(index: ResourceIndex, tenants: TenantModel, options: ReachabilityOptions = {}): Reachability {
  const { names, blocked, groups, sides } = reachabilityState(index, tenants, options);
  const position = new Map(names.map((n, i) => [n, i]));

  // Pairs that are not closed, keyed by from * n + to (n tenants). A tenant whose inputs are
  // unreadable or under unevaluated policies makes every pair it is part of unknown.
  const n = names.length;
  const found = new Map<number, ReachabilityPair>();
  for (const b of names.filter((name) => blocked.get(name))) {
    for (const other of names) {
      if (other === b) continue;
      for (const [from, to] of [
        [b, other],
        [other, b],
      ]) {
        found.set(position.get(from)! * n + position.get(to)!, {
          from,
          to,
          status: 'unknown',
          reason: (blocked.get(from) ?? blocked.get(to))!,
        });
      }
    }
  }

  for (const [from, to] of options.exhaustive ? everyPair(sides) : candidatePairs(sides)) {
    const pair = options.exhaustive ? evaluatePairExhaustively(from, to) : evaluatePair(from, to);
    if (pair.status !== 'closed') found.set(position.get(from.name)! * n + position.get(to.name)!, pair);
  }

  const pairs: ReachabilityPair[] = [];
  if (options.closedPairs === false) {
    // a typed array sorts numbers natively, without a comparator call per comparison
    for (const key of Float64Array.from(found.keys()).sort()) pairs.push(found.get(key)!);
  } else {
    for (const [i, from] of names.entries()) {
      for (const [j, to] of names.entries()) {
        if (i !== j) pairs.push(found.get(i * n + j) ?? closedPair(from, to, groups));
      }
    }
  }
  return { tenants: names, pairs };
}

/** A pair no pod may cross: one side has no pods, or no policy lets any pod of one side reach the other. */
function closedPair(from: string, to: string, groups: Map<string, PodGroup[]>): ReachabilityPair {
  const sources = groups.get(from) ?? [];
  const destinations = groups.get(to) ?? [];
  if (sources.length === 0 || destinations.length === 0) {
    const empty = sources.length === 0 ? from : to;
    return { from, to, status: 'closed', reason: `tenant ${empty} has no pods (no pod templates): no connection can exist today` };
  }
  return { from, to, status: 'closed', reason: `no NetworkPolicy allows any pod of ${from} to connect to a pod of ${to}` };
}

/**
 * The pairs (from, to) where some group of `from` may send to a namespace of `to` AND some group of
 * `to` may admit a pod of a namespace of `from`; every other pair is closed. Pairs where one side
 * reaches every namespace come from the lists of the other side, so the work follows the pairs that
 * may connect, not the square of the tenant count.
 *
 * `covered` leaves out the pairs from a tenant of `covered.sources` to one of `covered.destinations`
 * without visiting them (the summary's "reaches all" x "open to all" block: reachability-summary.ts).
 */
export function* candidatePairs(
  sides: Map<string, TenantGroups>,
  covered?: { sources: Set<TenantGroups>; destinations: Set<TenantGroups> },
): Generator<[TenantGroups, TenantGroups]> {
  const all = [...sides.values()];
  const egressAll = all.filter((t) => t.egressAll);
  const ingressAll = all.filter((t) => t.ingressAll);
  const uncovered = covered ? ingressAll.filter((t) => !covered.destinations.has(t)) : ingressAll;
  // The three loops yield disjoint pairs: `to` admits every namespace in the first and third, not in
  // the second; `from` sends to every namespace in the first only. A covered pair can only be in the
  // first (its `to` admits every namespace, its `from` sends to every namespace).
  for (const from of egressAll) {
    for (const to of covered?.sources.has(from) ? uncovered : ingressAll) if (from !== to) yield [from, to];
  }
  for (const to of all) {
    if (to.ingressAll) continue;
    for (const name of to.ingressTenants) {
      const from = sides.get(name);
      if (from && from !== to && (from.egressAll || from.egressTenants.has(to.name))) yield [from, to];
    }
  }
  for (const from of all) {
    if (from.egressAll) continue;
    for (const name of from.egressTenants) {
      const to = sides.get(name);
      if (to && to !== from && to.ingressAll) yield [from, to];
    }
  }
}

function* everyPair(sides: Map<string, TenantGroups>): Generator<[TenantGroups, TenantGroups]> {
  for (const from of sides.values()) for (const to of sides.values()) if (from !== to) yield [from, to];
}

/** The reference for evaluatePair: every group of `from` against every group of `to`, in order. */
function evaluatePairExhaustively(from: TenantGroups, to: TenantGroups): ReachabilityPair {
  const closed: ReachabilityPair = { from: from.name, to: to.name, status: 'closed' };
  // Some group of one side must reach a namespace of the other, in each direction.
  const namespacesOf = (side: TenantGroups) => new Set(side.groups.map((g) => g.identity.namespace));
  const anyReaches = (groups: PodGroup[], reach: 'egressTo' | 'ingressFrom', namespaces: Set<string>) =>
    groups.some((g) => g[reach].all || [...namespaces].some((ns) => g[reach].namespaces.has(ns)));
  if (!anyReaches(from.groups, 'egressTo', namespacesOf(to)) || !anyReaches(to.groups, 'ingressFrom', namespacesOf(from))) return closed;
  let first: { reason: string; port: string } | undefined;
  let unknown: string | undefined;
  const via = new Map<string, ObjectRef>();
  const fromGroups = new Set<PodGroup>();
  const toGroups = new Set<PodGroup>();
  for (const s of from.groups) {
    for (const d of to.groups) {
      const verdict = evaluateGroups(s, d, true);
      if (verdict.status === 'open') {
        first ??= { reason: verdict.reason, port: verdict.port };
        for (const p of verdict.via) via.set(refKey(refOf(p)), refOf(p));
        fromGroups.add(s);
        toGroups.add(d);
      } else if (verdict.status === 'unknown') {
        unknown ??= verdict.reason;
      }
    }
  }
  if (first) {
    return {
      from: from.name,
      to: to.name,
      status: 'open',
      reason: first.reason,
      via: sortRefs([...via.values()]),
      pods: { from: ownersOf(fromGroups), to: ownersOf(toGroups) },
      port: first.port,
    };
  }
  return unknown ? { from: from.name, to: to.name, status: 'unknown', reason: unknown } : closed;
}

/**
 * Judge a pair of tenants as the group-by-group evaluation would: `open` if some group pair is open
 * (the first one, sources then destinations in order, gives the reason and port; `via` and `pods`
 * gather every open group pair), else `unknown` with the first unknown group pair's reason, else
 * `closed`. Only group pairs that may connect are judged; the others are closed by evaluateGroups'
 * own fast paths.
 */
export function evaluatePair(from: TenantGroups, to: TenantGroups): ReachabilityPair {
  type At = [PodGroup, PodGroup];
  const earlier = (a: At, b: At | undefined) => !b || a[0].order < b[0].order || (a[0].order === b[0].order && a[1].order < b[1].order);
  let firstOpen: At | undefined;
  let firstUnknown: At | undefined;
  // Filled only by group pairs judged one by one (rare): most open pairs are opened by the unrestricted block alone.
  let via: Map<string, ObjectRef> | undefined;
  let extraFrom: Set<PodGroup> | undefined;
  let extraTo: Set<PodGroup> | undefined;
  const judge = (s: PodGroup, d: PodGroup) => {
    const verdict = evaluateGroups(s, d, false);
    if (verdict.status === 'open') {
      if (earlier([s, d], firstOpen)) firstOpen = [s, d];
      via ??= new Map();
      for (const p of verdict.via) via.set(refKey(refOf(p)), refOf(p));
      (extraFrom ??= new Set()).add(s);
      (extraTo ??= new Set()).add(d);
    } else if (verdict.status === 'unknown' && earlier([s, d], firstUnknown)) {
      firstUnknown = [s, d];
    }
  };
  const judgeTargets = (s: PodGroup) => {
    if (s.egressTo.all) {
      for (const d of to.groups) if (!d.hostNetwork) judge(s, d);
      return;
    }
    for (const [ns, list] of to.byNamespace) if (s.egressTo.namespaces.has(ns)) for (const d of list) if (!d.hostNetwork) judge(s, d);
  };

  // Unrestricted to unrestricted: every source judges a destination alike (by its ports alone), so
  // the destinations' verdicts are computed once per tenant, and all the sources join in.
  const sources = from.unrestrictedEgress;
  const block = sources.length > 0 ? unrestrictedBlockOf(to, sources[0]) : undefined;
  const blockOpens = block !== undefined && block.open.length > 0;
  if (blockOpens) firstOpen = [sources[0], block.open[0]];
  if (block?.firstUnknown) firstUnknown = [sources[0], block.firstUnknown];

  // Sources whose egress rules may reach `to`, against the destinations in the namespaces they reach.
  for (const s of from.restrictedEgressAll) judgeTargets(s);
  for (const s of from.restrictedEgressTo.get(to.name) ?? []) judgeTargets(s);
  // Destinations whose ingress rules may admit `from`, against the unrestricted sources of the namespaces they admit.
  const admitting = (d: PodGroup) => {
    for (const s of sources) if (reaches(d.ingressFrom, s.identity.namespace)) judge(s, d);
  };
  for (const d of to.restrictedIngressAll) admitting(d);
  for (const d of to.restrictedIngressFrom.get(from.name) ?? []) admitting(d);
  // A hostNetwork group is unknown against every group of the other side; the first such pair is enough.
  for (const s of from.hostNetwork) judge(s, to.groups[0]);
  for (const d of to.hostNetwork) judge(from.groups[0], d);

  if (firstOpen) {
    const first = evaluateGroups(firstOpen[0], firstOpen[1], true) as Extract<GroupVerdict, { status: 'open' }>;
    // Opened by the unrestricted block alone: its owner lists are the tenants' own, sorted once and shared.
    const pods =
      blockOpens && !extraFrom
        ? { from: (from.sourceOwners ??= ownersOf(sources)), to: (block.owners ??= ownersOf(block.open)) }
        : {
            from: ownersOf([...(blockOpens ? sources : []), ...(extraFrom ?? [])]),
            to: ownersOf([...(blockOpens ? block.open : []), ...(extraTo ?? [])]),
          };
    return {
      from: from.name,
      to: to.name,
      status: 'open',
      reason: first.reason,
      via: sortRefs([...(via?.values() ?? [])]),
      pods,
      port: first.port,
    };
  }
  if (firstUnknown) {
    const first = evaluateGroups(firstUnknown[0], firstUnknown[1], true) as Extract<GroupVerdict, { status: 'unknown' }>;
    return { from: from.name, to: to.name, status: 'unknown', reason: first.reason };
  }
  return {
    from: from.name,
    to: to.name,
    status: 'closed',
    reason: `no NetworkPolicy allows any pod of ${from.name} to connect to a pod of ${to.name}`,
  };
}

/**
 * The verdicts of a tenant's unrestricted-ingress groups against any unrestricted-egress source
 * (`source`): evaluateGroups then depends on the destination alone, so it is computed once.
 */
export function unrestrictedBlockOf(to: TenantGroups, source: PodGroup): UnrestrictedBlock {
  if (!to.unrestrictedBlock) {
    const block: UnrestrictedBlock = { open: [] };
    for (const d of to.unrestrictedIngress) {
      const verdict = evaluateGroups(source, d, false);
      if (verdict.status === 'open') block.open.push(d);
      else if (verdict.status === 'unknown') block.firstUnknown ??= d;
    }
    to.unrestrictedBlock = block;
  }
  return to.unrestrictedBlock;
}

/** The owners of these groups, deduplicated and sorted (as sortRefs sorts). */
export function ownersOf(groups: Iterable<PodGroup>): ObjectRef[] {
  const owners = new Map<string, ObjectRef>();
  for (const g of groups) for (const o of g.owners) owners.set(refKey(o), o);
  return [...owners].sort(([a], [b]) => a.localeCompare(b)).map(([, o]) => o);
}

/** `explain: false` leaves the reason empty: only the first open or unknown pair of a tenant pair is reported. */
function evaluateGroups(s: PodGroup, d: PodGroup, explain: boolean): GroupVerdict {
  if (s.hostNetwork || d.hostNetwork) {
    if (!explain) return { status: 'unknown', reason: '' };
    const which = s.hostNetwork ? describeGroup(s) : describeGroup(d);
    return {
      status: 'unknown',
      reason: `${which} uses hostNetwork: NetworkPolicy behaviour for hostNetwork pods is undefined (CNI-dependent)`,
    };
  }
  // Fast path: no rule of one side reaches the other's namespace at all (the usual closed pair).
  if (!reaches(s.egressTo, d.identity.namespace) || !reaches(d.ingressFrom, s.identity.namespace)) return { status: 'closed' };
  const egress = allowance(s.egress, d, s.identity);
  const ingress = allowance(d.ingress, s, d.identity, d.ports);
  const allowed = intersectPorts(egress.ports, ingress.ports);
  if (!isEmptyPortSet(allowed)) {
    const port = examplePort(allowed, d.ports);
    if (!port) {
      if (!explain) return { status: 'unknown', reason: '' };
      return {
        status: 'unknown',
        reason: `policies allow ${describeGroup(s)} to reach ${describeGroup(d)} only on ports its containers do not declare`,
      };
    }
    const reason = explain
      ? `${describeGroup(s)} may connect to ${describeGroup(d)} on ${port}: ` +
        `egress ${sideText(s.egress, egress, 'Egress', s)}; ingress ${sideText(d.ingress, ingress, 'Ingress', d)}`
      : '';
    return { status: 'open', port, via: [...egress.via, ...ingress.via], reason };
  }
  const maybe = intersectPorts(unionPorts(egress.ports, egress.maybePorts), unionPorts(ingress.ports, ingress.maybePorts));
  if (!isEmptyPortSet(maybe)) {
    if (!explain) return { status: 'unknown', reason: '' };
    const why =
      egress.partial || ingress.partial
        ? 'it covers part of the pod network, and which pods hold those IPs depends on scheduling'
        : 'the pod network is not known (give it as network.podCIDRs in the configuration)';
    return {
      status: 'unknown',
      reason: `only an ipBlock that may cover pod IPs would let ${describeGroup(s)} reach ${describeGroup(d)}: ${why}`,
    };
  }
  return { status: 'closed' };
}

/**
 * What one side allows towards the other end (`peer`): for egress, S's rules matched against D;
 * for ingress, D's rules matched against S. Ports resolve against the destination's container ports.
 */
function allowance(
  rules: RuleOf[] | 'unrestricted',
  peer: PodGroup,
  own: PodIdentity,
  destinationPorts: ContainerPort[] = peer.ports,
): SideAllowance {
  if (rules === 'unrestricted') return { ports: 'all', maybePorts: [], partial: false, via: [] };
  let ports: PortSet = [];
  let maybePorts: PortSet = [];
  let partial = false;
  const via: KubeObject[] = [];
  for (const { policy, rule, ipBlock } of rules) {
    const policyNamespace = policy.metadata.namespace ?? own.namespace;
    const matches =
      rule.peers === undefined || ipBlock === 'all' || rule.peers.some((p) => peerMatchesPod(p, policyNamespace, peer.identity));
    if (matches) {
      const rulePorts = portsOfRule(rule.ports, destinationPorts);
      if (isEmptyPortSet(rulePorts)) continue;
      ports = unionPorts(ports, rulePorts);
      if (!via.includes(policy)) via.push(policy);
    } else if (ipBlock === 'some' || ipBlock === 'unknown') {
      maybePorts = unionPorts(maybePorts, portsOfRule(rule.ports, destinationPorts));
      if (ipBlock === 'some') partial = true;
    }
  }
  return { ports, maybePorts, partial, via };
}

function sideText(rules: RuleOf[] | 'unrestricted', side: SideAllowance, direction: PolicyType, group: PodGroup): string {
  if (rules === 'unrestricted') return `not isolated (no NetworkPolicy with ${direction} selects pods of ${describeGroup(group)})`;
  const names = side.via.map((p) => `${p.metadata.namespace}/${p.metadata.name}`);
  return `allowed by NetworkPolicy ${names.join(', ')}`;
}

function reaches(reach: NamespaceReach, namespace: string): boolean {
  return reach.all || reach.namespaces.has(namespace);
}

/** One NamespaceReach per distinct rule list (groups selected by the same policies share it), and per rule. */
interface ReachCache {
  byRules: Map<string, NamespaceReach>;
  byRule: Map<string, NamespaceReach>;
  policyIds: Map<KubeObject, number>;
}

const UNRESTRICTED: NamespaceReach = { all: true, namespaces: new Set() };

/**
 * The namespaces the rules may reach, from the namespace part of their peers alone (a superset:
 * pod selectors and ports are judged later). Cached per rule list and per rule, as many groups share a policy.
 */
function namespaceReach(rules: RuleOf[] | 'unrestricted', index: ResourceIndex, cache: ReachCache): NamespaceReach {
  if (rules === 'unrestricted') return UNRESTRICTED;
  const ruleKey = ({ policy, rule }: RuleOf) => {
    let id = cache.policyIds.get(policy);
    if (id === undefined) cache.policyIds.set(policy, (id = cache.policyIds.size));
    return `${id}/${rule.direction}/${rule.index}`;
  };
  const keys = rules.map(ruleKey);
  const listKey = keys.join(',');
  const known = cache.byRules.get(listKey);
  if (known) return known;
  const out: NamespaceReach = { all: false, namespaces: new Set() };
  rules.forEach(({ policy, rule, ipBlock }, i) => {
    let reach = cache.byRule.get(keys[i]);
    if (!reach) {
      // An ipBlock may cover pod IPs of any namespace: it must not be skipped by the fast path.
      reach = { all: rule.peers === undefined || ipBlock !== 'none', namespaces: new Set() };
      for (const peer of rule.peers ?? []) {
        if (peer?.ipBlock) continue;
        const reached = namespacesOfPeer(peer, policy.metadata.namespace ?? '', index);
        if (reached.every) reach.all = true;
        for (const ns of reached.namespaces) reach.namespaces.add(ns.metadata.name);
      }
      cache.byRule.set(keys[i], reach);
    }
    if (reach.all) out.all = true;
    for (const ns of reach.namespaces) out.namespaces.add(ns);
  });
  cache.byRules.set(listKey, out);
  return out;
}

/** The tenants whose pod namespaces a reach touches; cached per reach, which groups with the same rules share. */
function tenantsOfReach(namespaceTenant: Map<string, string>): (reach: NamespaceReach) => Set<string> {
  const cache = new WeakMap<NamespaceReach, Set<string>>();
  return (reach) => {
    let out = cache.get(reach);
    if (!out) {
      out = new Set();
      for (const ns of reach.namespaces) {
        const tenant = namespaceTenant.get(ns);
        if (tenant) out.add(tenant);
      }
      cache.set(reach, out);
    }
    return out;
  };
}

function tenantGroupsOf(name: string, index: number, groups: PodGroup[], tenantsOf: (reach: NamespaceReach) => Set<string>): TenantGroups {
  const side: TenantGroups = {
    name,
    index,
    groups,
    byNamespace: new Map(),
    unrestrictedEgress: [],
    unrestrictedIngress: [],
    restrictedEgressAll: [],
    restrictedIngressAll: [],
    restrictedEgressTo: new Map(),
    restrictedIngressFrom: new Map(),
    hostNetwork: [],
    egressAll: false,
    ingressAll: false,
    egressTenants: new Set(),
    ingressTenants: new Set(),
  };
  const egressReaches = new Set<NamespaceReach>();
  const ingressReaches = new Set<NamespaceReach>();
  const sort = (
    g: PodGroup,
    rules: RuleOf[] | 'unrestricted',
    reach: NamespaceReach,
    unrestricted: PodGroup[],
    all: PodGroup[],
    byTenant: Map<string, PodGroup[]>,
  ) => {
    if (rules === 'unrestricted') unrestricted.push(g);
    else if (reach.all) all.push(g);
    else for (const tenant of tenantsOf(reach)) push(byTenant, tenant, g);
  };
  for (const g of groups) {
    push(side.byNamespace, g.identity.namespace, g);
    if (g.egressTo.all) side.egressAll = true;
    else egressReaches.add(g.egressTo);
    if (g.ingressFrom.all) side.ingressAll = true;
    else ingressReaches.add(g.ingressFrom);
    if (g.hostNetwork) {
      side.hostNetwork.push(g);
      continue;
    }
    sort(g, g.egress, g.egressTo, side.unrestrictedEgress, side.restrictedEgressAll, side.restrictedEgressTo);
    sort(g, g.ingress, g.ingressFrom, side.unrestrictedIngress, side.restrictedIngressAll, side.restrictedIngressFrom);
  }
  for (const reach of egressReaches) for (const tenant of tenantsOf(reach)) side.egressTenants.add(tenant);
  for (const reach of ingressReaches) for (const tenant of tenantsOf(reach)) side.ingressTenants.add(tenant);
  return side;
}

function push<K, V>(map: Map<K, V[]>, key: K, value: V): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}

const descriptions = new WeakMap<PodGroup, string>();

function describeGroup(group: PodGroup): string {
  const known = descriptions.get(group);
  if (known !== undefined) return known;
  const text = describeOwners(group);
  descriptions.set(group, text);
  return text;
}

function describeOwners(group: PodGroup): string {
  const owners = group.owners.slice(0, 2).map((o) => `${o.kind} ${o.namespace}/${o.name}`);
  const more = group.owners.length > 2 ? ` and ${group.owners.length - 2} more` : '';
  return `${owners.join(', ')}${more}`;
}

function groupPods(
  index: ResourceIndex,
  tenants: TenantModel,
  policies: NetworkPolicyIndex,
  podNetwork: PodNetwork,
): Map<string, PodGroup[]> {
  const byKey = new Map<string, PodGroup>();
  const byTenant = new Map<string, PodGroup[]>();
  const reachCache: ReachCache = { byRules: new Map(), byRule: new Map(), policyIds: new Map() };
  const nsLabels = (ns: string) => index.get(K.Namespace, undefined, ns)?.metadata.labels ?? { 'kubernetes.io/metadata.name': ns };
  for (const template of index.podTemplates()) {
    const tenant = tenants.tenantOfNamespace(template.namespace)?.name;
    if (!tenant) continue;
    const ports = declaredPorts(template.spec);
    const hostNetwork = template.spec?.hostNetwork === true;
    const key = [template.namespace, labelKey(template.labels), JSON.stringify(ports), hostNetwork].join('\u0000');
    let group = byKey.get(key);
    if (!group) {
      group = {
        tenant,
        order: byTenant.get(tenant)?.length ?? 0,
        identity: { namespace: template.namespace, namespaceLabels: nsLabels(template.namespace), labels: template.labels },
        owners: [],
        ports,
        hostNetwork,
        egress: rulesIsolating(policies, template, 'Egress', podNetwork),
        ingress: rulesIsolating(policies, template, 'Ingress', podNetwork),
        egressTo: { all: true, namespaces: new Set() },
        ingressFrom: { all: true, namespaces: new Set() },
      };
      // A hostNetwork pod's traffic may bypass its policies (it is node traffic): never skip it on the fast paths.
      if (!hostNetwork) {
        group.egressTo = namespaceReach(group.egress, index, reachCache);
        group.ingressFrom = namespaceReach(group.ingress, index, reachCache);
      }
      byKey.set(key, group);
      const list = byTenant.get(tenant);
      if (list) list.push(group);
      else byTenant.set(tenant, [group]);
    }
    group.owners.push(refOf(template.owner));
  }
  return byTenant;
}

function rulesIsolating(
  policies: NetworkPolicyIndex,
  template: PodTemplate,
  direction: PolicyType,
  podNetwork: PodNetwork,
): RuleOf[] | 'unrestricted' {
  const isolating = policies.isolating(template.namespace, template.labels, direction);
  if (isolating.length === 0) return 'unrestricted';
  return isolating.flatMap((policy) =>
    rulesOf(policy, direction).map((rule) => ({ policy, rule, ipBlock: ipBlockReach(rule, podNetwork) })),
  );
}

/** The widest pod-network coverage of a rule's ipBlock peers: all, then some, then unknown, then none. */
function ipBlockReach(rule: PolicyRule, podNetwork: PodNetwork): IpBlockReach {
  const order: IpBlockReach[] = ['none', 'unknown', 'some', 'all'];
  let widest: IpBlockReach = 'none';
  for (const peer of rule.peers ?? []) {
    if (!peer?.ipBlock) continue;
    const coverage = ipBlockPodCoverage(peer.ipBlock, podNetwork);
    if (order.indexOf(coverage) > order.indexOf(widest)) widest = coverage;
  }
  return widest;
}

/** Why no pair touching these namespaces can be judged: unreadable inputs or unevaluated policies. */
function blockingReason(index: ResourceIndex, namespaces: readonly string[]): string | undefined {
  if (!index.isReadable(K.Namespace)) return 'Namespaces could not be read: namespaceSelectors cannot be evaluated';
  for (const ns of namespaces) {
    if (!index.isReadable(K.NetworkPolicy, ns)) return `NetworkPolicies could not be read in namespace ${ns}`;
    const workload = Object.keys(POD_SPEC_PATHS).find((gk) => !index.isReadable(gk, ns));
    if (workload) return `${workload} could not be read in namespace ${ns}: its pods are unknown`;
    const unevaluated = unevaluatedReason(index, ns);
    if (unevaluated) return unevaluated;
  }
  return undefined;
}

function sortRefs(refs: ObjectRef[]): ObjectRef[] {
  return refs.sort((a, b) => refKey(a).localeCompare(refKey(b)));
}
