import type { FleetCluster, FleetReport } from '../src/engine/fleet.js';
import { type JsonReport, renderJsonChunks, toJsonReport } from './json.js';

/**
 * Version of the fleet document's shape (reports/schema/fleet.schema.json, whose `schemaVersion`
 * pattern accepts 1.x.y); each cluster's `report` has the report schema's own version. Semver.
 */
export const FLEET_SCHEMA_VERSION = '1.0.0';

/** One cluster in the fleet document: what the fleet knows of it, then its report (reports/schema/report.schema.json). */
export interface JsonFleetCluster {
  name: string;
  context?: string;
  origin?: string;
  status: FleetCluster['status'];
  error?: FleetCluster['error'];
  virtualClusterOf?: FleetCluster['virtualClusterOf'];
  report?: JsonReport;
}

/** The fleet document (reports/schema/fleet.schema.json): its members in the schema's order. */
export interface JsonFleetReport {
  schemaVersion: string;
  kind: 'FleetReport';
  tool: FleetReport['tool'];
  generatedAt: string;
  summary: FleetReport['summary'];
  gate?: FleetReport['gate'];
  clusters: JsonFleetCluster[];
}

/** The one mapping from the fleet model to the fleet document. */
export function toJsonFleet(fleet: FleetReport): JsonFleetReport {
  return {
    schemaVersion: FLEET_SCHEMA_VERSION,
    kind: 'FleetReport',
    tool: fleet.tool,
    generatedAt: fleet.generatedAt,
    summary: fleet.summary,
    gate: fleet.gate,
    clusters: fleet.clusters.map((c) => ({
      name: c.name,
      context: c.context,
      origin: c.origin,
      status: c.status,
      error: c.error,
      virtualClusterOf: c.virtualClusterOf,
      report: c.report ? toJsonReport(c.report) : undefined,
    })),
  };
}

/**
 * `--format json` of a fleet: `JSON.stringify(toJsonFleet(fleet), null, 2)` and a newline,
 * character for character, in pieces: each cluster's report is written by renderJsonChunks (a
 * report can be longer than one string may be), indented to its place. JSON text holds no raw
 * newline inside a string, so indenting after every newline is exact.
 */
export function* renderFleetJsonChunks(fleet: FleetReport): Generator<string> {
  const { clusters, ...head } = toJsonFleet(fleet);
  const members = Object.entries(head).filter(([, v]) => v !== undefined);
  yield `{\n${members.map(([k, v]) => `  ${JSON.stringify(k)}: ${indent(JSON.stringify(v, null, 2), '  ')}`).join(',\n')},\n  "clusters": [`;
  if (clusters.length === 0) {
    yield ']\n}\n';
    return;
  }
  for (const [i, cluster] of clusters.entries()) {
    const { report, ...rest } = cluster;
    const own = Object.entries(rest).filter(([, v]) => v !== undefined);
    yield `${i ? ',' : ''}\n    {\n${own.map(([k, v]) => `      ${JSON.stringify(k)}: ${indent(JSON.stringify(v, null, 2), '      ')}`).join(',\n')}`;
    if (report && fleet.clusters[i].report) {
      yield ',\n      "report": ';
      // renderJsonChunks ends with a newline, which the cluster's closing brace replaces.
      let last: string | undefined;
      for (const piece of renderJsonChunks(fleet.clusters[i].report!)) {
        if (last !== undefined) yield indent(last, '      ');
        last = piece;
      }
      if (last !== undefined) yield indent(last.replace(/\n$/, ''), '      ');
    }
    yield '\n    }';
  }
  yield '\n  ]\n}\n';
}

function indent(text: string, by: string): string {
  return text.replace(/\n/g, `\n${by}`);
}
