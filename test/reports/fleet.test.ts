import { describe, expect, it } from 'vitest';
import { evaluateFleetGate } from '../../cli/gate.js';
import { type FleetReport, fleetOf } from '../../src/engine/fleet.js';
import { FLEET_SCHEMA_VERSION, renderFleetJsonChunks, toJsonFleet } from '../../reports/fleet-json.js';
import { MAX_FLEET_FINDING_ROWS, renderFleetHtml } from '../../reports/fleet-html.js';
import { renderFleetMarkdown } from '../../reports/fleet-markdown.js';
import { renderFleetTable } from '../../reports/fleet-table.js';
import { validateFleet, validateReport } from '../../reports/schema/index.js';
import { EXAMPLE, SMALL_CHECKS, SMALL_CLUSTER, asLiveClusterReport, reportOf } from './report-fixtures.js';

const opts = { color: false, baseDir: process.cwd() };

/** Two scanned clusters (one with a vcluster in the example's tenant acme), a virtual cluster that could not be scanned, and a gate. */
async function fleet(): Promise<FleetReport> {
  const example = await reportOf([EXAMPLE]);
  const host = {
    ...asLiveClusterReport(example),
    cluster: 'prod-eu',
    virtualClusters: [{ name: 'dev', namespace: 'acme-dev', kind: 'StatefulSet' as const, object: 'dev', tenant: 'acme' }],
  };
  const small = await reportOf([SMALL_CLUSTER], { checks: SMALL_CHECKS });
  return evaluateFleetGate(
    fleetOf([
      { name: 'prod-eu', context: 'prod-eu', origin: '/home/me/.kube/config', report: host },
      { name: 'edge <b>|x|</b>', report: small },
      {
        name: 'vcluster_dev_acme-dev_prod-eu',
        context: 'vcluster_dev_acme-dev_prod-eu',
        error: { message: 'cannot reach the API server at https://10.0.0.9:443', exitCode: 3 },
      },
    ]),
    { failOn: 'critical' },
  );
}

describe('the fleet report', () => {
  it('JSON: the pieces join to JSON.stringify of the fleet document, which validates, as does each cluster report', async () => {
    const f = await fleet();
    const text = [...renderFleetJsonChunks(f)].join('');
    expect(text).toBe(`${JSON.stringify(toJsonFleet(f), null, 2)}\n`);
    const doc = JSON.parse(text);
    expect(validateFleet(doc)).toEqual([]);
    expect(doc).toMatchObject({
      schemaVersion: FLEET_SCHEMA_VERSION,
      kind: 'FleetReport',
      summary: { clusters: 3, scanned: 2, failed: 1 },
    });
    expect(doc.clusters[2]).toEqual({
      name: 'vcluster_dev_acme-dev_prod-eu',
      context: 'vcluster_dev_acme-dev_prod-eu',
      status: 'failed',
      error: { message: 'cannot reach the API server at https://10.0.0.9:443', exitCode: 3 },
      virtualClusterOf: { hostCluster: 'prod-eu', namespace: 'acme-dev', vcluster: 'dev', tenant: 'acme' },
    });
    for (const c of doc.clusters.slice(0, 2)) expect(validateReport(c.report)).toEqual([]);
    expect(doc.clusters[0].report.gate).toMatchObject({ failOn: 'critical', passed: false });
    expect(doc.gate.reasons.at(-1)).toBe('cluster vcluster_dev_acme-dev_prod-eu could not be scanned');
  });

  it('JSON: a fleet of failed clusters only is valid too; the schema refuses a scanned cluster without its report, or a failed one with one', async () => {
    const empty = toJsonFleet(fleetOf([{ name: 'a', error: { message: 'no', exitCode: 2 } }]));
    expect(
      validateFleet(JSON.parse([...renderFleetJsonChunks(fleetOf([{ name: 'a', error: { message: 'no', exitCode: 2 } }]))].join(''))),
    ).toEqual([]);
    expect(validateFleet({ ...empty, clusters: [{ name: 'a', status: 'scanned' }] })).not.toEqual([]);
    const f = toJsonFleet(await fleet());
    expect(validateFleet({ ...f, clusters: [{ ...f.clusters[0], status: 'failed' }] })).not.toEqual([]);
    expect(validateFleet({ ...f, clusters: [{ ...f.clusters[0], report: { ...f.clusters[0].report, tenants: 'x' } }] })).not.toEqual([]);
  });

  it('table: clusters, the tenant × cluster grid, why a cluster was not scanned, what runs a virtual cluster, then each cluster', async () => {
    const text = renderFleetTable(await fleet(), opts);
    expect(text).toContain('fleet of 3 cluster(s): 2 scanned, 1 could not be scanned');
    expect(text).toMatch(/Gate failed: cluster prod-eu: \d+ failing result\(s\) at or above severity critical/);
    expect(text).toContain('Tenant scores by cluster');
    expect(text).toMatch(/│ acme\s+│ [\d.]+ [A-F]\s+│ ·\s+│/);
    expect(text).toContain('prod-eu: namespace acme-dev (tenant acme), vcluster dev');
    expect(text).toContain('- vcluster_dev_acme-dev_prod-eu: cannot reach the API server at https://10.0.0.9:443');
    expect(text.indexOf(' Cluster prod-eu ')).toBeLessThan(text.indexOf(' Cluster edge <b>|x|</b> '));
    expect(text.match(/^Tenants$/gm)).toHaveLength(2);
  });

  it('table: a cluster name cannot drive the terminal', async () => {
    const f = await fleet();
    const text = renderFleetTable({ ...f, clusters: [{ ...f.clusters[1], name: 'evil\u001b]2;pwned\u0007' }] }, opts);
    expect(text).not.toContain('\u001b');
    expect(text).toContain('evil\\x1b]2;pwned\\x07');
  });

  it('markdown: a cluster table and grid with escaped names, each cluster report one heading level down', async () => {
    const text = renderFleetMarkdown(await fleet(), opts);
    expect(text.startsWith('## tenantscan fleet: 3 cluster(s)\n')).toBe(true);
    expect(text).toContain('| edge &lt;b&gt;\\|x\\|&lt;/b&gt; | scanned |');
    expect(text).toContain('| Tenant | prod-eu | edge &lt;b&gt;\\|x\\|&lt;/b&gt; |');
    expect(text).toContain('## Cluster prod-eu\n\n### tenantscan:');
    expect(text).toContain('#### Tenants');
    expect(text).toContain('- **vcluster\\_dev\\_acme-dev\\_prod-eu**: cannot reach the API server');
    expect(text).toContain('prod-eu: namespace acme-dev (tenant acme), vcluster dev');
  });

  it('html: one page without script, every cluster string escaped, a grid cell per cluster that has the tenant', async () => {
    const html = renderFleetHtml(await fleet(), opts);
    expect(html).toContain('script-src &#39;none&#39;');
    expect(html).not.toMatch(/<script/i);
    expect(html).not.toContain('<b>|x|</b>');
    expect(html).toContain('edge &lt;b&gt;|x|&lt;/b&gt;');
    expect(html).toContain('title="edge &lt;b&gt;|x|&lt;/b&gt; has no tenant acme"');
    expect(html).toContain('<td class="small">prod-eu: namespace acme-dev (tenant acme), vcluster dev</td>');
    expect(html.match(/<h2 id="cluster-\d">Cluster /g)).toHaveLength(2);
  });

  it('html: lists at most MAX_FLEET_FINDING_ROWS failing findings per cluster, and says how many more', async () => {
    const f = await fleet();
    const host = f.clusters[0].report!;
    const failing = host.results.filter((r) => r.status === 'fail');
    expect(failing.length).toBeGreaterThan(0);
    const copies = Array.from({ length: Math.ceil((MAX_FLEET_FINDING_ROWS + 20) / failing.length) }, (_, k) =>
      failing.map((r) => ({ ...r, subject: { ...r.subject, name: `${r.subject.name}-${k}` } })),
    ).flat();
    const big = { ...f, clusters: [{ ...f.clusters[0], report: { ...host, results: copies } }] };
    const html = renderFleetHtml(big, opts);
    expect(html.match(/<tr class="finding">/g)).toHaveLength(MAX_FLEET_FINDING_ROWS);
    expect(html).toContain(`<summary>${copies.length} failing finding(s)</summary>`);
    expect(html).toContain(`…and ${copies.length - MAX_FLEET_FINDING_ROWS} more failing finding(s)`);
  });
});
