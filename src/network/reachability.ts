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
 *   Namespace list, an `ipBlock` that may cover pod IPs (CNI-dependent, see ip-block.ts), a
 *   hostNetwork pod (NetworkPolicy behaviour is undefined for them), or policies that allow only
 *   ports the destination does not declare.
 *
 * Cost: pods are grouped by (namespace, labels, declared ports, hostNetwork), so replicas and
 * identical workloads are evaluated once; the policies isolating a group are found once, from the
 * policies of its own namespace. The work is the tenant-pair matrix times the groups of each pair.
 */
import type { PodTemplate, ResourceIndex } from '../model/index.js';
import { K, POD_SPEC_PATHS } from '../model/kinds.js';
import { type KubeObject, type ObjectRef, refKey, refOf } from '../model/types.js';
import type { TenantModel } from '../tenancy/model.js';
import { ipBlockMayMatchPods } from './ip-block.js';
import { namespacesOfPeer } from './peers.js';
import { type NetworkPolicyIndex, labelKey, networkPolicyIndexOf } from './policy-index.js';
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
  /** Every ordered pair of distinct tenants, in `tenants` order (from, then to). */
  pairs: ReachabilityPair[];
}

/** Pods that NetworkPolicies cannot tell apart: same namespace, labels, declared ports and hostNetwork. */
interface PodGroup {
  tenant: string;
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
interface NamespaceReach {
  all: boolean;
  namespaces: Set<string>;
}

interface RuleOf {
  policy: KubeObject;
  rule: PolicyRule;
}

/** What one side (egress of S, or ingress of D) allows for one pair of groups. */
interface SideAllowance {
  ports: PortSet;
  /** Ports allowed only through an ipBlock that may cover pod IPs. */
  maybePorts: PortSet;
  via: KubeObject[];
}

type GroupVerdict = { status: 'open'; port: string; via: KubeObject[]; reason: string } | { status: 'closed' } | { status: 'unknown'; reason: string };

/**
 * Compute the reachability matrix of every ordered pair of tenants. Pure: reads only the index
 * (NetworkPolicies, pod templates, Namespaces, and the unevaluated policy kinds) and the tenant model.
 */
export function computeReachability(index: ResourceIndex, tenants: TenantModel): Reachability {
  const names = tenants.tenants.map((t) => t.name).sort();
  const policies = networkPolicyIndexOf(index);
  const groups = groupPods(index, tenants, policies);
  const blocked = new Map<string, string | undefined>();
  for (const tenant of tenants.tenants) blocked.set(tenant.name, blockingReason(index, tenant.namespaces));

  const pairs: ReachabilityPair[] = [];
  for (const from of names) {
    for (const to of names) {
      if (from === to) continue;
      pairs.push(evaluatePair(from, to, groups.get(from) ?? [], groups.get(to) ?? [], blocked));
    }
  }
  return { tenants: names, pairs };
}

function evaluatePair(from: string, to: string, sources: PodGroup[], destinations: PodGroup[], blocked: Map<string, string | undefined>): ReachabilityPair {
  const cannotJudge = blocked.get(from) ?? blocked.get(to);
  if (cannotJudge) return { from, to, status: 'unknown', reason: cannotJudge };
  if (sources.length === 0 || destinations.length === 0) {
    const empty = sources.length === 0 ? from : to;
    return { from, to, status: 'closed', reason: `tenant ${empty} has no pods (no pod templates): no connection can exist today` };
  }
  // Fast path: no pod of `from` may send to a namespace of `to`, or no pod of `to` admits one of `from`.
  if (!anyReaches(sources, 'egressTo', destinations) || !anyReaches(destinations, 'ingressFrom', sources)) {
    return { from, to, status: 'closed', reason: `no NetworkPolicy allows any pod of ${from} to connect to a pod of ${to}` };
  }
  const via = new Map<string, ObjectRef>();
  const fromOwners = new Map<string, ObjectRef>();
  const toOwners = new Map<string, ObjectRef>();
  let first: { reason: string; port: string } | undefined;
  let unknown: string | undefined;
  for (const s of sources) {
    for (const d of destinations) {
      const verdict = evaluateGroups(s, d);
      if (verdict.status === 'open') {
        first ??= { reason: verdict.reason, port: verdict.port };
        for (const p of verdict.via) via.set(refKey(refOf(p)), refOf(p));
        for (const o of s.owners) fromOwners.set(refKey(o), o);
        for (const o of d.owners) toOwners.set(refKey(o), o);
      } else if (verdict.status === 'unknown') {
        unknown ??= verdict.reason;
      }
    }
  }
  if (first) {
    return {
      from,
      to,
      status: 'open',
      reason: first.reason,
      via: sortRefs([...via.values()]),
      pods: { from: sortRefs([...fromOwners.values()]), to: sortRefs([...toOwners.values()]) },
      port: first.port,
    };
  }
  if (unknown) return { from, to, status: 'unknown', reason: unknown };
  return { from, to, status: 'closed', reason: `no NetworkPolicy allows any pod of ${from} to connect to a pod of ${to}` };
}

function evaluateGroups(s: PodGroup, d: PodGroup): GroupVerdict {
  if (s.hostNetwork || d.hostNetwork) {
    const which = s.hostNetwork ? describeGroup(s) : describeGroup(d);
    return { status: 'unknown', reason: `${which} uses hostNetwork: NetworkPolicy behaviour for hostNetwork pods is undefined (CNI-dependent)` };
  }
  // Fast path: no rule of one side reaches the other's namespace at all (the usual closed pair).
  if (!reaches(s.egressTo, d.identity.namespace) || !reaches(d.ingressFrom, s.identity.namespace)) return { status: 'closed' };
  const egress = allowance(s.egress, d, s.identity);
  const ingress = allowance(d.ingress, s, d.identity, d.ports);
  const allowed = intersectPorts(egress.ports, ingress.ports);
  if (!isEmptyPortSet(allowed)) {
    const port = examplePort(allowed, d.ports);
    if (!port) {
      return { status: 'unknown', reason: `policies allow ${describeGroup(s)} to reach ${describeGroup(d)} only on ports its containers do not declare` };
    }
    const reason =
      `${describeGroup(s)} may connect to ${describeGroup(d)} on ${port}: ` +
      `egress ${sideText(s.egress, egress, 'Egress', s)}; ingress ${sideText(d.ingress, ingress, 'Ingress', d)}`;
    return { status: 'open', port, via: [...egress.via, ...ingress.via], reason };
  }
  const maybe = intersectPorts(unionPorts(egress.ports, egress.maybePorts), unionPorts(ingress.ports, ingress.maybePorts));
  if (!isEmptyPortSet(maybe)) {
    return {
      status: 'unknown',
      reason: `only an ipBlock that may cover pod IPs would let ${describeGroup(s)} reach ${describeGroup(d)}; whether pod IPs match ipBlock is CNI-dependent`,
    };
  }
  return { status: 'closed' };
}

/**
 * What one side allows towards the other end (`peer`): for egress, S's rules matched against D;
 * for ingress, D's rules matched against S. Ports resolve against the destination's container ports.
 */
function allowance(rules: RuleOf[] | 'unrestricted', peer: PodGroup, own: PodIdentity, destinationPorts: ContainerPort[] = peer.ports): SideAllowance {
  if (rules === 'unrestricted') return { ports: 'all', maybePorts: [], via: [] };
  let ports: PortSet = [];
  let maybePorts: PortSet = [];
  const via: KubeObject[] = [];
  for (const { policy, rule } of rules) {
    const policyNamespace = policy.metadata.namespace ?? own.namespace;
    const matches = rule.peers === undefined || rule.peers.some((p) => peerMatchesPod(p, policyNamespace, peer.identity));
    if (matches) {
      const rulePorts = portsOfRule(rule.ports, destinationPorts);
      if (isEmptyPortSet(rulePorts)) continue;
      ports = unionPorts(ports, rulePorts);
      if (!via.includes(policy)) via.push(policy);
    } else if (rule.peers?.some((p) => p?.ipBlock && ipBlockMayMatchPods(p.ipBlock))) {
      maybePorts = unionPorts(maybePorts, portsOfRule(rule.ports, destinationPorts));
    }
  }
  return { ports, maybePorts, via };
}

function sideText(rules: RuleOf[] | 'unrestricted', side: SideAllowance, direction: PolicyType, group: PodGroup): string {
  if (rules === 'unrestricted') return `not isolated (no NetworkPolicy with ${direction} selects pods of ${describeGroup(group)})`;
  const names = side.via.map((p) => `${p.metadata.namespace}/${p.metadata.name}`);
  return `allowed by NetworkPolicy ${names.join(', ')}`;
}

/** Does some group of `groups` reach (by `side`) a namespace of some group of `others`? */
function anyReaches(groups: PodGroup[], side: 'egressTo' | 'ingressFrom', others: PodGroup[]): boolean {
  const targets = new Set(others.map((g) => g.identity.namespace));
  return groups.some((g) => g[side].all || [...targets].some((ns) => g[side].namespaces.has(ns)));
}

function reaches(reach: NamespaceReach, namespace: string): boolean {
  return reach.all || reach.namespaces.has(namespace);
}

/**
 * The namespaces the rules may reach, from the namespace part of their peers alone (a superset:
 * pod selectors and ports are judged later). Cached per policy and direction, as many groups share a policy.
 */
function namespaceReach(rules: RuleOf[] | 'unrestricted', namespaces: readonly KubeObject[], cache: WeakMap<KubeObject, Map<string, NamespaceReach>>): NamespaceReach {
  if (rules === 'unrestricted') return { all: true, namespaces: new Set() };
  const out: NamespaceReach = { all: false, namespaces: new Set() };
  for (const { policy, rule } of rules) {
    let perPolicy = cache.get(policy);
    if (!perPolicy) cache.set(policy, (perPolicy = new Map()));
    const key = `${rule.direction}/${rule.index}`;
    let reach = perPolicy.get(key);
    if (!reach) {
      reach = { all: rule.peers === undefined, namespaces: new Set() };
      for (const peer of rule.peers ?? []) {
        // An ipBlock may cover pod IPs of any namespace: it must not be skipped by the fast path.
        if (peer?.ipBlock) {
          if (ipBlockMayMatchPods(peer.ipBlock)) reach.all = true;
          continue;
        }
        const reached = namespacesOfPeer(peer, policy.metadata.namespace ?? '', namespaces);
        if (reached.every) reach.all = true;
        for (const ns of reached.namespaces) reach.namespaces.add(ns.metadata.name);
      }
      perPolicy.set(key, reach);
    }
    if (reach.all) out.all = true;
    for (const ns of reach.namespaces) out.namespaces.add(ns);
  }
  return out;
}

function describeGroup(group: PodGroup): string {
  const owners = group.owners.slice(0, 2).map((o) => `${o.kind} ${o.namespace}/${o.name}`);
  const more = group.owners.length > 2 ? ` and ${group.owners.length - 2} more` : '';
  return `${owners.join(', ')}${more}`;
}

function groupPods(index: ResourceIndex, tenants: TenantModel, policies: NetworkPolicyIndex): Map<string, PodGroup[]> {
  const byKey = new Map<string, PodGroup>();
  const byTenant = new Map<string, PodGroup[]>();
  const reachCache = new WeakMap<KubeObject, Map<string, NamespaceReach>>();
  const namespaces = index.namespaces();
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
        identity: { namespace: template.namespace, namespaceLabels: nsLabels(template.namespace), labels: template.labels },
        owners: [],
        ports,
        hostNetwork,
        egress: rulesIsolating(policies, template, 'Egress'),
        ingress: rulesIsolating(policies, template, 'Ingress'),
        egressTo: { all: true, namespaces: new Set() },
        ingressFrom: { all: true, namespaces: new Set() },
      };
      // A hostNetwork pod's traffic may bypass its policies (it is node traffic): never skip it on the fast paths.
      if (!hostNetwork) {
        group.egressTo = namespaceReach(group.egress, namespaces, reachCache);
        group.ingressFrom = namespaceReach(group.ingress, namespaces, reachCache);
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

function rulesIsolating(policies: NetworkPolicyIndex, template: PodTemplate, direction: PolicyType): RuleOf[] | 'unrestricted' {
  const isolating = policies.isolating(template.namespace, template.labels, direction);
  if (isolating.length === 0) return 'unrestricted';
  return isolating.flatMap((policy) => rulesOf(policy, direction).map((rule) => ({ policy, rule })));
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
