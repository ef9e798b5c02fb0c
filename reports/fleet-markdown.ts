import { fleetGridOf, virtualClusterText } from './fleet-summary.js';
import { mdText, renderMarkdown } from './markdown.js';
import type { FleetReporter } from './types.js';

/**
 * `--format markdown` of a fleet: a header with the cluster counts and the fleet's gate, a table of
 * clusters (score, grade, coverage, what a virtual cluster runs in), the tenant × cluster score
 * grid, the clusters that could not be scanned, then each scanned cluster's own Markdown report
 * under a heading of its name (its headings one level down). Cluster strings go through `mdText`.
 */
export const renderFleetMarkdown: FleetReporter = (fleet, options) => {
  const s = fleet.summary;
  const out: string[] = [
    `## tenantscan fleet: ${s.clusters} cluster(s)`,
    `**${s.scanned}** scanned${s.failed ? ` · **${s.failed} could not be scanned**` : ''} · ${s.tenants.length} tenant(s) in all`,
  ];
  if (fleet.gate)
    out.push(
      `Gate: **${fleet.gate.passed ? 'passed' : 'failed'}**${fleet.gate.passed ? '' : `: ${fleet.gate.reasons.map(mdText).join('; ')}`}`,
    );
  out.push(
    [
      '### Clusters',
      '',
      '| Cluster | Status | Score | Grade | Coverage | Tenants | Failing | Virtual cluster of |',
      '| --- | --- | ---: | :---: | ---: | ---: | ---: | --- |',
      ...fleet.clusters.map((c) => {
        const link = c.virtualClusterOf ? mdText(virtualClusterText(c.virtualClusterOf)) : '';
        const r = c.report;
        if (!r) return `| ${mdText(c.name)} | **failed** | | | | | | ${link} |`;
        return `| ${mdText(c.name)} | scanned | ${scoreText(r.score.score)} | ${r.score.grade} | ${pct(r.score.coverage)} | ${r.tenants.length} | ${r.score.counts.fail} | ${link} |`;
      }),
    ].join('\n'),
  );
  const grid = fleetGridOf(fleet);
  if (grid.rows.length)
    out.push(
      [
        '### Tenant scores by cluster',
        '',
        `| Tenant | ${grid.clusters.map(mdText).join(' | ')} |`,
        `| --- |${grid.clusters.map(() => ' :---: |').join('')}`,
        ...grid.rows.map(
          (row) => `| ${mdText(row.tenant)} | ${row.cells.map((c) => (c ? `${scoreText(c.score)} ${c.grade}` : '·')).join(' | ')} |`,
        ),
      ].join('\n'),
    );
  const failed = fleet.clusters.filter((c) => c.error);
  if (failed.length)
    out.push(`### Could not be scanned\n\n${failed.map((c) => `- **${mdText(c.name)}**: ${mdText(c.error!.message)}`).join('\n')}`);
  for (const c of fleet.clusters) {
    if (!c.report) continue;
    out.push(
      `## Cluster ${mdText(c.name)}\n\n${renderMarkdown(c.report, options)
        .trimEnd()
        .replace(/^(#{2,}) /gm, '$1# ')}`,
    );
  }
  return `${out.join('\n\n')}\n`;
};

function scoreText(score: number | null): string {
  return score === null ? 'n/a' : `${score}/100`;
}

function pct(fraction: number): string {
  return `${Math.round(fraction * 100)}%`;
}
