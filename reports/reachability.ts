import type { ReachabilityPairReport, ReachabilityReport } from '../src/engine/report.js';

const lookups = new WeakMap<ReachabilityReport, Map<string, ReachabilityPairReport>>();

/**
 * The pair from -> to of the report's reachability section, if the section lists it (if not, it is
 * closed). Indexed once per section: a matrix asks for every cell.
 */
export function pairOf(section: ReachabilityReport, from: string, to: string): ReachabilityPairReport | undefined {
  let byPair = lookups.get(section);
  if (!byPair) {
    byPair = new Map();
    // the first listing of a pair wins, as a search from the start would find it
    for (const p of section.pairs) if (!byPair.has(`${p.from}\u0000${p.to}`)) byPair.set(`${p.from}\u0000${p.to}`, p);
    lookups.set(section, byPair);
  }
  return byPair.get(`${from}\u0000${to}`);
}
