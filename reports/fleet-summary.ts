import type { FleetReport, FleetTenantScore } from '../src/engine/fleet.js';

/**
 * The fleet summary as a grid: one row per tenant name (sorted), one column per scanned cluster
 * (in fleet order), a cell where that cluster has that tenant. Tenants of the same name in
 * different clusters (a team present in several) share a row.
 */
export interface FleetGrid {
  clusters: string[];
  rows: Array<{ tenant: string; cells: Array<FleetTenantScore | undefined> }>;
}

export function fleetGridOf(fleet: FleetReport): FleetGrid {
  const clusters = fleet.clusters.filter((c) => c.report).map((c) => c.name);
  const byTenant = new Map<string, Map<string, FleetTenantScore>>();
  for (const s of fleet.summary.tenants) {
    const row = byTenant.get(s.tenant) ?? new Map<string, FleetTenantScore>();
    row.set(s.cluster, s);
    byTenant.set(s.tenant, row);
  }
  const rows = [...byTenant.keys()]
    .sort((a, b) => a.localeCompare(b))
    .map((tenant) => ({ tenant, cells: clusters.map((c) => byTenant.get(tenant)!.get(c)) }));
  return { clusters, rows };
}

/** `host-a: namespace vc-dev (tenant team-a), vcluster dev`: where a virtual cluster runs. */
export function virtualClusterText(link: NonNullable<FleetReport['clusters'][number]['virtualClusterOf']>): string {
  return `${link.hostCluster}: namespace ${link.namespace}${link.tenant ? ` (tenant ${link.tenant})` : ''}, vcluster ${link.vcluster}`;
}
