/**
 * The pod network (the address ranges pod IPs are allocated from) and how much of it an `ipBlock`
 * peer covers.
 *
 * An `ipBlock` peer matches pod IPs too: the API reference describes IPBlock as "a particular CIDR
 * ... that is allowed to the pods matched by a NetworkPolicySpec's podSelector", with no exception
 * for pod addresses (https://kubernetes.io/docs/reference/kubernetes-api/policy-resources/network-policy-v1/#NetworkPolicySpec),
 * and the upstream NetworkPolicy e2e tests allow and deny pod-to-pod traffic by pod IP through ipBlock
 * ("should allow egress access to server in CIDR block" and "should enforce except clause while egress
 * access to server in CIDR block", test/e2e/network/netpol/network_policy.go in
 * https://github.com/kubernetes/kubernetes). So a range that covers pod addresses admits the pods that hold them, of
 * any tenant: pod IPs are handed out by node and scheduling, never by tenant.
 *
 * Where the pod network comes from, first match wins:
 * 1. the configuration (`network.podCIDRs` in .tenantscan.yaml, src/config/config.schema.json);
 * 2. the Nodes of the input: `spec.podCIDRs` (or the older single `spec.podCIDR`), the ranges the node
 *    IPAM controller assigned (https://kubernetes.io/docs/reference/kubernetes-api/cluster-resources/node-v1/#NodeSpec),
 *    when the Nodes were read in full and every Node has one (a Node without one gets its pod IPs
 *    from a CNI's own IPAM, which tenantscan does not read);
 * 3. otherwise it is unknown, and the private-range heuristic of ip-block.ts says whether a range may cover it.
 */
import type { ResourceIndex } from '../../model/index.js';
import { K } from '../../model/kinds.js';
import { ipBlockMayMatchPods, parseCidr } from './ip-block.js';

/** A CIDR as an inclusive integer range within one address family. */
interface Range {
  family: 'ipv4' | 'ipv6';
  start: bigint;
  end: bigint;
}

export interface PodNetwork {
  /** The pod ranges as written (`10.244.0.0/24`), or undefined when the pod network is not known. */
  cidrs: readonly string[] | undefined;
  /** Where they come from: `configuration (network.podCIDRs)`, `Nodes' spec.podCIDRs`, or why unknown. */
  source: string;
}

/**
 * The pod network of a scan: from `configured` (the config's `network.podCIDRs`) when given and
 * non-empty, else from the Nodes of the index (see the module comment). Unparsable entries are ignored.
 */
export function podNetworkOf(index: ResourceIndex, configured?: readonly string[]): PodNetwork {
  const fromConfig = (configured ?? []).filter((c) => parseCidr(c) !== undefined);
  if (fromConfig.length > 0) return { cidrs: fromConfig, source: 'configuration (network.podCIDRs)' };
  const nodes = index.ofKind(K.Node);
  if (nodes.length === 0) return { cidrs: undefined, source: 'no Node in the input and no network.podCIDRs in the configuration' };
  if (!index.isReadable(K.Node)) return { cidrs: undefined, source: 'the Nodes could not all be read' };
  const cidrs: string[] = [];
  for (const node of nodes) {
    const spec = node.spec as { podCIDRs?: unknown; podCIDR?: unknown } | undefined;
    const own = (Array.isArray(spec?.podCIDRs) ? spec.podCIDRs : [spec?.podCIDR]).filter((c): c is string => parseCidr(c) !== undefined);
    if (own.length === 0)
      return { cidrs: undefined, source: `Node ${node.metadata.name} has no spec.podCIDRs (its CNI allocates pod IPs)` };
    cidrs.push(...own);
  }
  return { cidrs: [...new Set(cidrs)], source: "Nodes' spec.podCIDRs" };
}

/**
 * How much of the pod network an ipBlock (`cidr` less every `except`) covers:
 * - `all`: every pod (e.g. `0.0.0.0/0` over an IPv4 or dual-stack pod network: a dual-stack pod has
 *   one address per family, so one family's whole range covers every pod);
 * - `some`: part of it (pods on some nodes, or some addresses);
 * - `none`: no pod address (external ranges, or an `except` that removes the whole pod network);
 * - `unknown`: the pod network is not known and the range may cover it (a private range, see ip-block.ts).
 * A malformed ipBlock (the API server rejects it) covers `none`. Excepts are unioned, so two excepts
 * that together cover the pod network close it.
 */
export function ipBlockPodCoverage(
  ipBlock: { cidr?: string; except?: string[] } | null | undefined,
  podNetwork: PodNetwork,
): 'all' | 'some' | 'none' | 'unknown' {
  const block = rangeOf(ipBlock?.cidr);
  if (!block) return 'none';
  if (podNetwork.cidrs === undefined) return ipBlockMayMatchPods(ipBlock) ? 'unknown' : 'none';
  const excepts = (Array.isArray(ipBlock?.except) ? ipBlock.except : []).map(rangeOf).filter((r): r is Range => r !== undefined);
  const pods = union(podNetwork.cidrs.map(rangeOf).filter((r): r is Range => r !== undefined));
  // Per family: a dual-stack pod holds one address of each, so covering one family's whole range covers every pod.
  const coverage = (['ipv4', 'ipv6'] as const).map((family) => {
    let covered = 0n;
    let total = 0n;
    for (const pod of pods.filter((r) => r.family === family)) {
      total += pod.end - pod.start + 1n;
      const inBlock = intersect(pod, block);
      if (inBlock) covered += size(subtract(inBlock, excepts));
    }
    return { covered, total };
  });
  if (coverage.some((c) => c.total > 0n && c.covered === c.total)) return 'all';
  return coverage.some((c) => c.covered > 0n) ? 'some' : 'none';
}

function size(ranges: Range[]): bigint {
  return ranges.reduce((sum, r) => sum + (r.end - r.start + 1n), 0n);
}

function rangeOf(text: unknown): Range | undefined {
  const cidr = parseCidr(text);
  if (!cidr) return undefined;
  const bits = cidr.family === 'ipv4' ? 32 : 128;
  const value = cidr.family === 'ipv4' ? ipv4Value(cidr.address) : ipv6Value(cidr.address);
  const hostBits = BigInt(bits - cidr.prefix);
  // The API server takes the network of the address (host bits are ignored when matching).
  const start = (value >> hostBits) << hostBits;
  return { family: cidr.family, start, end: start + (1n << hostBits) - 1n };
}

function ipv4Value(address: string): bigint {
  return address.split('.').reduce((acc, part) => (acc << 8n) + BigInt(Number(part)), 0n);
}

/** Expand `::` and an embedded IPv4 tail (`::ffff:10.0.0.1`) into 8 groups of 16 bits. */
function ipv6Value(address: string): bigint {
  let text = address;
  const lastColon = text.lastIndexOf(':');
  const tail = text.slice(lastColon + 1);
  if (tail.includes('.')) {
    const v4 = ipv4Value(tail);
    text = `${text.slice(0, lastColon + 1)}${(v4 >> 16n).toString(16)}:${(v4 & 0xffffn).toString(16)}`;
  }
  const [head, rest] = text.split('::');
  const left = head ? head.split(':') : [];
  const right = rest ? rest.split(':') : [];
  const groups = rest === undefined ? left : [...left, ...Array<string>(8 - left.length - right.length).fill('0'), ...right];
  return groups.reduce((acc, g) => (acc << 16n) + BigInt(parseInt(g, 16)), 0n);
}

function intersect(a: Range, b: Range): Range | undefined {
  if (a.family !== b.family) return undefined;
  const start = a.start > b.start ? a.start : b.start;
  const end = a.end < b.end ? a.end : b.end;
  return start <= end ? { family: a.family, start, end } : undefined;
}

/** `range` less every range of `cut`, as disjoint ranges. */
function subtract(range: Range, cut: readonly Range[]): Range[] {
  let pieces = [range];
  for (const c of cut) {
    pieces = pieces.flatMap((p) => {
      if (!intersect(p, c)) return [p];
      const out: Range[] = [];
      if (c.start > p.start) out.push({ family: p.family, start: p.start, end: c.start - 1n });
      if (c.end < p.end) out.push({ family: p.family, start: c.end + 1n, end: p.end });
      return out;
    });
  }
  return pieces;
}

/** Merge overlapping ranges, so that a pod range listed twice (or nested) counts once. */
function union(ranges: Range[]): Range[] {
  const sorted = [...ranges].sort((a, b) =>
    a.family !== b.family ? a.family.localeCompare(b.family) : a.start < b.start ? -1 : a.start > b.start ? 1 : 0,
  );
  const out: Range[] = [];
  for (const r of sorted) {
    const last = out[out.length - 1];
    if (last && last.family === r.family && r.start <= last.end + 1n) {
      if (r.end > last.end) last.end = r.end;
    } else {
      out.push({ ...r });
    }
  }
  return out;
}
