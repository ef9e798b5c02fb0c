import { describe, expect, it } from 'vitest';
import { renderHtml } from '../../reports/html.js';
import { renderMarkdown } from '../../reports/markdown.js';
import { renderTable } from '../../reports/table.js';
import type { Report } from '../../src/engine/report.js';
import { PROBE_SECTION, SMALL_CHECKS, SMALL_CLUSTER, reportOf } from './report-fixtures.js';

const opts = { color: false, baseDir: process.cwd() };

describe('the probes section (whom scan --probe acted as)', () => {
  const withProbes = async (): Promise<Report> => ({
    ...(await reportOf([SMALL_CLUSTER], { checks: SMALL_CHECKS })),
    probes: PROBE_SECTION,
  });

  it('the table names each tenant’s identity, its groups, where it came from, and the tenant without one', async () => {
    const text = renderTable(await withProbes(), opts);
    expect(text).toContain('Probes acted as');
    expect(text).toContain('  alpha: user alice, groups team-a, system:authenticated (tenant subject User alice), in namespace alpha-1');
    expect(text).toContain('  beta: no identity known (no tenant subject, no --as), in namespace beta-1');
  });

  it('Markdown and HTML carry the same lines; a hostile user name is inert in both', async () => {
    const report = await withProbes();
    report.probes = { identities: [{ ...PROBE_SECTION.identities[0], user: '<img src=x onerror=alert(1)>|x' }] };
    const md = renderMarkdown(report, opts);
    expect(md).toContain('Probes acted as 1 identity');
    expect(md).not.toContain('<img');
    const html = renderHtml(report, opts);
    expect(html).toContain('<h2 id="probe-identities">Probes acted as</h2>');
    expect(html).toContain('user &lt;img src=x onerror=alert(1)&gt;|x, groups team-a');
  });

  it('reports without probes have no such section', async () => {
    const report = await reportOf([SMALL_CLUSTER], { checks: SMALL_CHECKS });
    expect(renderTable(report, opts)).not.toContain('Probes acted as');
    expect(renderMarkdown(report, opts)).not.toContain('Probes acted as');
    expect(renderHtml(report, opts)).not.toContain('probe-identities');
  });
});
