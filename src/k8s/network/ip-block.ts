/**
 * Whether an `ipBlock` peer may match pod IPs when the pod network is NOT known (no Nodes with
 * `spec.podCIDRs` in the input, no `network.podCIDRs` in the configuration; see pod-network.ts, which
 * decides the question when it is known). ipBlock does match pod IPs (pod-network.ts gives the
 * sources), but without the pod network tenantscan cannot tell whether a private range holds pods, so
 * the answer for such a range is "unknown", never "open" or "closed".
 *
 * Pod networks are allocated from private address space in practice: RFC 1918, RFC 6598 (shared,
 * 100.64.0.0/10) and IPv6 unique-local (RFC 4193, fc00::/7). An ipBlock that overlaps none of them,
 * or whose `except` removes the overlap, is taken as external. Pod networks in public ranges are not
 * considered (a documented limit).
 */
import { BlockList, isIP } from 'node:net';

interface Cidr {
  address: string;
  prefix: number;
  family: 'ipv4' | 'ipv6';
}

/** Address ranges where pod networks live (see above). */
export const POD_ADDRESS_RANGES: readonly string[] = ['10.0.0.0/8', '172.16.0.0/12', '192.168.0.0/16', '100.64.0.0/10', 'fc00::/7'];

const PRIVATE = POD_ADDRESS_RANGES.map(parseCidr).filter((c): c is Cidr => c !== undefined);

/** Parse `a.b.c.d/n` or `x::y/n`; undefined for anything the API server would reject. */
export function parseCidr(text: unknown): Cidr | undefined {
  if (typeof text !== 'string') return undefined;
  const slash = text.indexOf('/');
  if (slash < 0) return undefined;
  const address = text.slice(0, slash);
  const prefix = Number(text.slice(slash + 1));
  const version = isIP(address);
  const max = version === 4 ? 32 : 128;
  if (version === 0 || !Number.isInteger(prefix) || prefix < 0 || prefix > max) return undefined;
  return { address, prefix, family: version === 4 ? 'ipv4' : 'ipv6' };
}

/** Does `outer` contain all of `inner`? CIDR blocks are nested or disjoint, so one shared address and a shorter prefix decide it. */
function contains(outer: Cidr, inner: Cidr): boolean {
  if (outer.family !== inner.family || outer.prefix > inner.prefix) return false;
  const list = new BlockList();
  list.addSubnet(outer.address, outer.prefix, outer.family);
  return list.check(inner.address, inner.family);
}

/**
 * True when the ipBlock's range, less its `except` entries, may contain pod IPs (it overlaps a pod
 * address range that no single `except` entry removes). A malformed ipBlock matches nothing.
 */
export function ipBlockMayMatchPods(ipBlock: { cidr?: string; except?: string[] } | null | undefined): boolean {
  const cidr = parseCidr(ipBlock?.cidr);
  if (!cidr) return false;
  const excepts = (Array.isArray(ipBlock?.except) ? ipBlock.except : []).map(parseCidr).filter((c): c is Cidr => c !== undefined);
  return PRIVATE.some((range) => {
    // Two overlapping blocks intersect in the smaller one.
    const overlap = contains(cidr, range) ? range : contains(range, cidr) ? cidr : undefined;
    return overlap !== undefined && !excepts.some((e) => contains(e, overlap));
  });
}
