import { Chalk, type ChalkInstance } from 'chalk';
import Table from 'cli-table3';
import type { FleetReport } from '../src/engine/fleet.js';
import { fleetGridOf, virtualClusterText } from './fleet-summary.js';
import { gradeText, pct, renderTable, scoreNumber, tableStyle } from './table.js';
import { mapStrings, terminalSafe } from './terminal-text.js';
import type { FleetReporter } from './types.js';

/**
 * The terminal report of a fleet: the clusters (status, score, grade, coverage, what a virtual
 * cluster runs in), the tenant × cluster score grid, the clusters that could not be scanned and
 * why, then each scanned cluster's own table report under its name.
 */
export const renderFleetTable: FleetReporter = (input, options) => {
  const fleet = mapStrings(input, terminalSafe);
  const c = new Chalk({ level: options.color ? 1 : 0 });
  const out: string[] = [header(fleet, c), clusterTable(fleet, c)];
  const grid = gridTable(fleet, c);
  if (grid) out.push(grid);
  const failed = fleet.clusters.filter((cl) => cl.error);
  if (failed.length)
    out.push(`${c.bold.red('Could not be scanned')}\n${failed.map((cl) => `  - ${c.bold(cl.name)}: ${cl.error!.message}`).join('\n')}`);
  for (const cluster of fleet.clusters) {
    if (!cluster.report) continue;
    out.push(`${c.bold.inverse(` Cluster ${cluster.name} `)}\n${renderTable(cluster.report, options).trimEnd()}`);
  }
  return `${out.join('\n\n')}\n`;
};

function header(fleet: FleetReport, c: ChalkInstance): string {
  const s = fleet.summary;
  const lines = [
    c.bold(`tenantscan ${fleet.tool.version}`) +
      `  fleet of ${s.clusters} cluster(s): ${s.scanned} scanned${s.failed ? `, ${c.red(`${s.failed} could not be scanned`)}` : ''}`,
  ];
  if (fleet.gate) lines.push(`Gate ${fleet.gate.passed ? c.green('passed') : c.red(`failed: ${fleet.gate.reasons.join('; ')}`)}`);
  return lines.join('\n');
}

function clusterTable(fleet: FleetReport, c: ChalkInstance): string {
  const table = new Table({
    head: ['Cluster', 'Status', 'Score', 'Grade', 'Coverage', 'Tenants', 'Failing', 'Virtual cluster of'],
    style: tableStyle(c),
  });
  for (const cl of fleet.clusters) {
    const r = cl.report;
    const link = cl.virtualClusterOf ? virtualClusterText(cl.virtualClusterOf) : '';
    if (!r) {
      table.push([cl.name, c.red('failed'), '', '', '', '', '', link]);
      continue;
    }
    table.push([
      cl.name,
      'scanned',
      scoreNumber(r.score, c),
      gradeText(r.score.grade, c),
      pct(r.score.coverage),
      String(r.tenants.length),
      String(r.score.counts.fail),
      link,
    ]);
  }
  return `${c.bold('Clusters')}\n${table.toString()}`;
}

/** Tenants (rows) × clusters (columns): score and grade where the cluster has the tenant. */
function gridTable(fleet: FleetReport, c: ChalkInstance): string | undefined {
  const grid = fleetGridOf(fleet);
  if (grid.rows.length === 0) return undefined;
  const table = new Table({ head: ['Tenant', ...grid.clusters], style: tableStyle(c) });
  for (const row of grid.rows)
    table.push([row.tenant, ...row.cells.map((s) => (s ? `${scoreNumber(s, c)} ${gradeText(s.grade, c)}` : c.dim('·')))]);
  return `${c.bold('Tenant scores by cluster')}\n${table.toString()}`;
}
