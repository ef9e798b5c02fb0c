import { describe, expect, it } from 'vitest';
import { renderTable } from '../../reports/table.js';
import { SMALL_CHECKS, SMALL_CLUSTER, reportOf } from './report-fixtures.js';

// ANSI SGR sequences (colour, bold): ESC [ ... m
const ANSI = /\u001b\[[0-9;]*m/;

describe('--format table', () => {
  it('shows the overall score, each tenant with its score and grade, findings by severity, coverage gaps and input problems', async () => {
    const report = await reportOf([SMALL_CLUSTER], {
      checks: SMALL_CHECKS,
      access: [{ groupKind: 'NetworkPolicy.networking.k8s.io', status: 'partial', forbiddenNamespaces: ['beta'], reason: '403 Forbidden' }],
    });
    const text = renderTable(report, { color: false, baseDir: process.cwd() });
    // alpha: hostPath (high, 6) fails, test-needs-policies (medium, 3) passes, test-throws is an error: 3 / 9 = 33.3, F
    expect(text).toMatch(/Overall 60 D {2}coverage 75%/);
    expect(text).toMatch(/│ alpha\s+│ namespace\s+│ alpha\s+│ 33\.3\s+│ F\s+│/);
    expect(text).toMatch(/│ beta\s+│ namespace\s+│ beta\s+│ 100\s+│ A\s+│/);
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
