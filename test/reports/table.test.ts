import { describe, expect, it } from 'vitest';
import { renderTable } from '../../reports/table.js';
import { EXAMPLE, REPO_ROOT, SMALL_CHECKS, SMALL_CLUSTER, reportOf } from './report-fixtures.js';
import { expectEvery } from '../helpers/expect-every.js';

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
    expect(text).toMatch(/Overall 60\.0 D · coverage 75%/);
    // the header says what its counts count, and the coverage section adds up to the same 3 not evaluated
    expect(text).toContain('Checks per tenant: 1 failing, 2 passing, 3 not evaluated, 0 waived (each check counted once per tenant');
    expect(text).toContain('Failing findings: 2 (HIGH 2)');
    expect(text).toMatch(/│ alpha\s+│ namespace: alpha\s+│ 33\.3\s+│ F\s+│/);
    expect(text).toMatch(/│ beta\s+│ namespace: beta\s+│ 100\.0\s+│ A\s+│/);
    expect(text).toContain('HIGH     2 finding(s)');
    expect(text).toContain('1. HIGH     storage-hostpath-volume: Pod declares a hostPath volume (2 finding(s) in alpha)');
    expect(text).toContain('storage-hostpath-volume');
    expect(text).toContain(
      'Coverage gaps (never counted as passes): 1 kind(s) not read fully; 3 check(s) per tenant not evaluated (as counted in the totals)',
    );
    // what was not read: NetworkPolicies in beta (the namespaces it could not read, not those it could)
    expect(text).toContain('- NetworkPolicy.networking.k8s.io: not read in namespace beta (403 Forbidden)');
    expect(text).toContain(
      '- test-needs-policies: 1 subject(s) not evaluated in beta: NetworkPolicy.networking.k8s.io could not be read in namespace beta',
    );
    expect(text).toContain('- test-throws: 2 subject(s) with errors in alpha, beta: check threw: boom <b>not bold</b>');
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

  it('fits the terminal width: tables within it, text wrapped under its indent, no word split', async () => {
    const report = await reportOf([EXAMPLE]);
    const wide = renderTable(report, { color: false, baseDir: REPO_ROOT });
    const narrow = renderTable(report, { color: false, baseDir: REPO_ROOT, width: 80 });
    const lines = narrow.split('\n');
    const boxed = lines.filter((l) => /^[│┌├└]/.test(l));
    expect(boxed.length).toBeGreaterThan(10);
    expectEvery(boxed, (l) => l.length <= 80);
    // a text line longer than 80 columns is one word (a path, a JSON pointer) that no wrap may cut
    const text = (t: string) => t.split('\n').filter((l) => !/^[│┌├└]/.test(l));
    expect(lines.filter((l) => l.length > 80 && !/^[│┌├└]/.test(l) && l.trim().split(/\s+/).length > 1)).toEqual([]);
    const words = (t: string[]) => t.join(' ').split(/\s+/).filter(Boolean);
    expect(words(text(narrow))).toEqual(words(text(wide)));
    expect(text(narrow).length).toBeGreaterThan(text(wide).length);
    // a wrapped message continues under itself, deeper than the object line above it
    const message = lines.findIndex((l) => l.startsWith('      ServiceAccount "initech/runner-autoscaler"'));
    expect(lines[message + 1]).toMatch(/^ {8}\S/);
    expect(wide).toContain('│ (cluster & platform) │');
    expect(narrow).toMatch(/│ \(cluster &\s+│/);
  });

  it('counts "not evaluated" in the header as its coverage section does', async () => {
    const { scanInProcess } = await import('../helpers/cli.js');
    const { stdout } = await scanInProcess({ file: ['examples/shared-cluster/tenants/globex'], format: ['table'] });
    const header = /Checks per tenant: \d+ failing, \d+ passing, (\d+) not evaluated/.exec(stdout);
    const coverage = /Coverage gaps \(never counted as passes\): (\d+) check\(s\) per tenant not evaluated/.exec(stdout);
    expect(Number(header?.[1])).toBeGreaterThan(0);
    expect(coverage?.[1]).toBe(header?.[1]);
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
