import { TOOL_VERSION } from '../version.js';
import { type VirtualClusterLink, linkVirtualClusters } from './fleet-links.js';
import type { GateReport, Report } from './report.js';

export type { VirtualClusterLink } from './fleet-links.js';

/** Why a cluster of the fleet could not be scanned, and the exit code a scan of it alone would have had. */
export interface FleetClusterError {
  message: string;
  /** 2: its kubeconfig or context is unusable; 3: the cluster is unreachable, refused the credentials, or nothing was readable. */
  exitCode: 2 | 3;
}

/** One cluster as the fleet scan (or `tenantscan merge`) found it. */
export interface FleetClusterInput {
  /** Its name (`--cluster-name`, the context, or the API server's host); made unique in the fleet. */
  name: string;
  context?: string;
  /** The report of a cluster that was scanned. */
  report?: Report;
  /** Why it could not be scanned (exactly one of `report` and `error`). */
  error?: FleetClusterError;
  /** Where it came from: the kubeconfig files, or a report file for merge. */
  origin?: string;
}

export interface FleetCluster extends FleetClusterInput {
  status: 'scanned' | 'failed';
  /** For a virtual cluster scanned beside its host: the host namespace and tenant that run it (src/engine/fleet-links.ts). */
  virtualClusterOf?: VirtualClusterLink;
}

/** One tenant of one cluster in the fleet summary. */
export interface FleetTenantScore {
  cluster: string;
  tenant: string;
  /** 0..100, or null when nothing could be evaluated (docs/scoring.md). */
  score: number | null;
  grade: string;
  /** Fraction 0..1 of the weight that could be evaluated. */
  coverage: number;
}

/** The gate applied across the fleet: it passes only when every cluster was scanned and passed its own gate. */
export type FleetGateReport = Omit<GateReport, 'score'>;

/**
 * Several clusters scanned together (`--context` repeated, `--all-contexts`, several
 * `--kubeconfig`) or merged from their JSON reports (`tenantscan merge`): each cluster keeps its
 * own report (or why it could not be scanned), and the summary lists every tenant's score by cluster.
 */
export interface FleetReport {
  kind: 'FleetReport';
  tool: { name: 'tenantscan'; version: string };
  generatedAt: string;
  clusters: FleetCluster[];
  summary: {
    clusters: number;
    scanned: number;
    failed: number;
    /** Every tenant of every scanned cluster, in cluster order, then tenant order. */
    tenants: FleetTenantScore[];
  };
  gate?: FleetGateReport;
  /** Seconds from the start to the finished fleet report (set by the CLI). */
  durationSeconds?: number;
}

/**
 * Build the fleet report: names made unique (a repeated name gets ` #2`, ` #3` in order),
 * virtual clusters linked to their hosts, and the cluster × tenant summary.
 */
export function fleetOf(inputs: readonly FleetClusterInput[], generatedAt = new Date().toISOString()): FleetReport {
  const seen = new Map<string, number>();
  const named = inputs.map((c) => {
    const n = (seen.get(c.name) ?? 0) + 1;
    seen.set(c.name, n);
    return n === 1 ? c : { ...c, name: `${c.name} #${n}` };
  });
  const links = linkVirtualClusters(named);
  const clusters: FleetCluster[] = named.map((c) => {
    const link = links.get(c.name);
    return { ...c, status: c.report ? 'scanned' : 'failed', ...(link ? { virtualClusterOf: link } : {}) };
  });
  const scanned = clusters.filter((c) => c.report);
  return {
    kind: 'FleetReport',
    tool: { name: 'tenantscan', version: TOOL_VERSION },
    generatedAt,
    clusters,
    summary: {
      clusters: clusters.length,
      scanned: scanned.length,
      failed: clusters.length - scanned.length,
      tenants: scanned.flatMap((c) =>
        c.report!.tenants.map((t) => ({ cluster: c.name, tenant: t.name, score: t.score, grade: t.grade, coverage: t.coverage })),
      ),
    },
  };
}
