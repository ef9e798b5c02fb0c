import type { Report } from '../src/engine/report.js';
import type { ObjectRef } from '../src/model/types.js';

/**
 * The optional `report.reachability` section (src/network/reachability.ts): for every ordered pair
 * of distinct tenants, may some pod of `from` open a connection to some pod of `to` under the
 * cluster's NetworkPolicies. Reporters read it through this guard, since the report types it as
 * `unknown` and older reports lack it.
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

/** The pair from -> to, if the section has it. */
export function pairOf(section: ReachabilitySection, from: string, to: string): ReachabilityPairView | undefined {
  return section.pairs.find((p) => p.from === from && p.to === to);
}
