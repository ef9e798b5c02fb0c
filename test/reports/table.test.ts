import { describe, expect, it } from 'vitest';
import { renderTable } from '../../reports/table.js';
import { SMALL_CHECKS, SMALL_CLUSTER, reportOf } from './report-fixtures.js';

// ANSI SGR sequences (colour, bold): ESC [ ... m
// eslint-disable-next-line no-control-regex -- the escape sequence is what the test looks for
const ANSI = /\u001b\[[0-9;]*m/;

describe('--format table', () => {
  it('shows the overall score, each tenant with its score and grade, findings by severity, coverage gaps and input problems', async () => {
    const report = await reportOf([SMALL_CLUSTER], {
      checks: SMALL_CHECKS,
      access: [{ groupKind: 'NetworkPolicy.networking.k8s.io', status: 'partial', forbiddenNamespaces: ['beta'], reason: '403 Forbidden' }],
    });
    const text = renderTable(report, { color: false, baseDir: process.cwd() });
    // alpha: hostPath (high, 6) fails, test-needs-policies (medium, 3) passes, test-throws is an error: 3 / 9 = 33.3, F
    expect(text).toMatch(/Overall 60\.0 D {2}coverage 75%/);
    expect(text).toMatch(/│ alpha\s+│ namespace\s+│ alpha\s+│ 33\.3\s+│ F\s+│/);
    expect(text).toMatch(/│ beta\s+│ namespace\s+│ beta\s+│ 100\.0\s+│ A\s+│/);
    expect(text).toContain('HIGH 2 finding(s)');
    expect(text).toContain('storage-hostpath-volume');
    expect(text).toContain('Coverage gaps (not counted as passes)');
    expect(text).toContain('- NetworkPolicy.networking.k8s.io: partly read in beta (403 Forbidden)');
    expect(text).toMatch(/- test-needs-policies: 1 subject\(s\) not evaluated/);
    expect(text).toMatch(/- test-throws: 2 subject\(s\) with errors or not evaluated: check threw: boom <b>not bold<\/b> \[alpha, beta\]/);
    expect(text).toContain('Input problems');
    expect(text).toMatch(/small-cluster\.yaml:\d+: error: /);
  });

  it('has no ANSI escape codes when colour is off, and has them when it is on', async () => {
    const report = await reportOf([SMALL_CLUSTER], { checks: SMALL_CHECKS });
    expect(renderTable(report, { color: false, baseDir: process.cwd() })).not.toMatch(ANSI);
    expect(renderTable(report, { color: true, baseDir: process.cwd() })).toMatch(ANSI);
  });
});

describe('--format table on the example cluster', () => {
  it('prints check IDs, objects and file:line in full, never cut by a column width', async () => {
    const { scanInProcess } = await import('../helpers/cli.js');
    const { stdout } = await scanInProcess({ file: ['examples/shared-cluster'], format: ['table'] });
    expect(stdout).toContain('  storage-hostpath-volume  Pod declares a hostPath volume');
    expect(stdout).toMatch(/ {4}initech {2}DaemonSet\/initech\/log-shipper\n/);
    expect(stdout).toMatch(
      /examples\/shared-cluster\/tenants\/initech\/log-shipper\.yaml:\d+:\d+ · \/spec\/template\/spec\/volumes\/0\/hostPath/,
    );
    expect(stdout).not.toContain('…');
  });

  it('marks new failures and sums up the comparison when a baseline is given', async () => {
    const { mkdtempSync, writeFileSync } = await import('node:fs');
    const { tmpdir } = await import('node:os');
    const { join } = await import('node:path');
    const { scanInProcess } = await import('../helpers/cli.js');
    const dir = mkdtempSync(join(tmpdir(), 'tenantscan-table-baseline-'));
    const baseline = (
      await scanInProcess({ file: ['examples/shared-cluster/cluster', 'examples/shared-cluster/tenants/acme'], format: ['json'] })
    ).stdout;
    writeFileSync(join(dir, 'baseline.json'), baseline);
    const { stdout } = await scanInProcess({ file: ['examples/shared-cluster'], format: ['table'], baseline: join(dir, 'baseline.json') });
    expect(stdout).toMatch(new RegExp(`Compared with ${join(dir, 'baseline.json')}: \\d+ new, \\d+ existing, \\d+ fixed failure\\(s\\)`));
    expect(stdout).toMatch(/ {4}initech {2}DaemonSet\/initech\/log-shipper \[new\]/);
  });
});
