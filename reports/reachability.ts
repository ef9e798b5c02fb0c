import type { Report } from '../src/engine/report.js';
import type { ObjectRef } from '../src/model/types.js';

/**
 * The optional `report.reachability` section (src/k8s/network/reachability.ts): for ordered pairs of
 * distinct tenants, may some pod of `from` open a connection to some pod of `to` under the
 * cluster's NetworkPolicies. The scan lists only pairs that are not closed; a pair the section does
 * not list is closed (older reports listed closed pairs too). Reporters read it through this guard,
 * since the report types it as `unknown` and older reports lack it.
 */
export interface ReachabilitySection {
  tenants: string[];
  pairs: ReachabilityPairView[];
}

export interface ReachabilityPairView {
  from: string;
  to: string;
  status: 'open' | 'closed' | 'unknown';
  reason?: string;
  via?: ObjectRef[];
  pods?: { from: ObjectRef[]; to: ObjectRef[] };
  /** One protocol/port a connection may use, `TCP/8080`, or `any port`. */
  port?: string;
}

const STATUSES = new Set(['open', 'closed', 'unknown']);

/** The reachability section when present and well formed; undefined otherwise (absent, or not this shape). */
export function reachabilityOf(report: Report): ReachabilitySection | undefined {
  const section = report.reachability as Partial<ReachabilitySection> | undefined;
  if (!section || typeof section !== 'object') return undefined;
  if (!Array.isArray(section.tenants) || !section.tenants.every((t) => typeof t === 'string')) return undefined;
  if (!Array.isArray(section.pairs)) return undefined;
  const pairs = section.pairs.filter(
    (p): p is ReachabilityPairView =>
      !!p && typeof p === 'object' && typeof p.from === 'string' && typeof p.to === 'string' && STATUSES.has(p.status as string),
  );
  return { tenants: [...section.tenants], pairs };
}

const lookups = new WeakMap<ReachabilitySection, Map<string, ReachabilityPairView>>();

/** The pair from -> to, if the section lists it (if not, it is closed). Indexed once per section: a matrix asks for every cell. */
export function pairOf(section: ReachabilitySection, from: string, to: string): ReachabilityPairView | undefined {
  let byPair = lookups.get(section);
  if (!byPair) {
    byPair = new Map();
    // the first listing of a pair wins, as a search from the start would find it
    for (const p of section.pairs) if (!byPair.has(`${p.from}\u0000${p.to}`)) byPair.set(`${p.from}\u0000${p.to}`, p);
    lookups.set(section, byPair);
  }
  return byPair.get(`${from}\u0000${to}`);
}
