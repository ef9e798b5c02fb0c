import type { Report } from '../src/engine/report.js';
import { CLUSTER_SCOPE, type Score, type Unit, scoreOf, unitsOf } from '../src/engine/scoring.js';

/** One cell of the heat map: the score of one scope's checks of one family, by the published formula. */
export interface HeatCell {
  family: string;
  /** Undefined when no check of the family has a result in this scope. */
  score?: Score;
  /** Failing results (one per finding), not units. */
  failingResults: number;
  /** Of those, the `info` ones, which weigh 0 in the score. */
  failingInfoResults: number;
}

export interface HeatRow {
  /** Tenant name, or `(cluster)` for platform and cluster-wide subjects. */
  scope: string;
  cells: HeatCell[];
}

export interface HeatMap {
  /** Families that have at least one result, in the catalog's order. */
  families: string[];
  rows: HeatRow[];
}

/**
 * Tenant by check family: each cell scores the (check, scope) units of one family exactly as
 * src/engine/scoring.ts scores a tenant (docs/scoring.md), so a cell's score is the tenant's score
 * restricted to that family. The `(cluster)` row holds platform and cluster-wide results.
 */
export function heatMapOf(report: Report): HeatMap {
  const familyOf = new Map(report.results.map((r) => [r.checkId, String(r.family)]));
  const seen = new Set(familyOf.values());
  const families = [...new Set(report.checks.map((c) => String(c.family)).filter((f) => seen.has(f)))];
  for (const f of seen) if (!families.includes(f)) families.push(f);
  const key = (scope: string, family: string) => `${scope}\u0000${family}`;
  const unitsByCell = new Map<string, Unit[]>();
  for (const u of unitsOf(report.results)) {
    const k = key(u.scope, familyOf.get(u.checkId) ?? '');
    const list = unitsByCell.get(k);
    if (list) list.push(u);
    else unitsByCell.set(k, [u]);
  }
  const failing = new Map<string, number>();
  const failingInfo = new Map<string, number>();
  for (const r of report.results) {
    if (r.status !== 'fail') continue;
    const k = key(r.tenant ?? CLUSTER_SCOPE, String(r.family));
    failing.set(k, (failing.get(k) ?? 0) + 1);
    if (r.severity === 'info') failingInfo.set(k, (failingInfo.get(k) ?? 0) + 1);
  }
  const scopes = report.tenants.map((t) => t.name);
  if (report.results.some((r) => r.tenant === undefined)) scopes.push(CLUSTER_SCOPE);
  const rows = scopes.map((scope) => ({
    scope,
    cells: families.map((family) => {
      const mine = unitsByCell.get(key(scope, family)) ?? [];
      const k = key(scope, family);
      return {
        family,
        score: mine.length ? scoreOf(mine) : undefined,
        failingResults: failing.get(k) ?? 0,
        failingInfoResults: failingInfo.get(k) ?? 0,
      };
    }),
  }));
  return { families, rows };
}
