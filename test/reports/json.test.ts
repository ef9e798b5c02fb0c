import { describe, expect, it } from 'vitest';
import { renderJson } from '../../reports/json.js';
import { validateReport } from '../../reports/schema/index.js';
import { runScan } from '../../cli/scan-command.js';
import { EXAMPLE, HOSTILE, REPO_ROOT, SMALL_CHECKS, SMALL_CLUSTER, asLiveClusterReport, reportOf } from './report-fixtures.js';

const opts = { color: false, baseDir: process.cwd() };

describe('--format json', () => {
  it('the example scan validates against the published schema, and round-trips every result', async () => {
    const report = await reportOf([EXAMPLE]);
    const parsed = JSON.parse(renderJson(report, opts));
    expect(validateReport(parsed)).toEqual([]);
    expect(parsed.results).toHaveLength(report.results.length);
    expect(parsed.tenants.map((t: { name: string }) => t.name)).toEqual(['acme', 'globex', 'initech']);
    // the example must show failures and passes: a report of only passes would validate too
    expect(parsed.results.some((r: { status: string }) => r.status === 'fail')).toBe(true);
    expect(parsed.results.some((r: { status: string }) => r.status === 'pass')).toBe(true);
  });

  it('the scan command writes the same, valid report to stdout', async () => {
    let stdout = '';
    const code = await runScan(
      { file: [EXAMPLE], namespace: 'default', format: ['json'], profile: 'multi-team', failOn: 'none', quiet: true },
      { stdout: (t) => (stdout += t), stderr: () => undefined, stderrIsTty: false, stdoutIsTty: false, cwd: REPO_ROOT },
    );
    expect(code).toBe(0);
    const parsed = JSON.parse(stdout);
    expect(validateReport(parsed)).toEqual([]);
    expect(parsed.results.length).toBe((await reportOf([EXAMPLE])).results.length);
  });

  it('validates with error, not-evaluated and load errors, and as a live-cluster report', async () => {
    const report = await reportOf([SMALL_CLUSTER], {
      checks: SMALL_CHECKS,
      access: [{ groupKind: 'NetworkPolicy.networking.k8s.io', status: 'none', reason: '403 Forbidden' }],
    });
    const statuses = new Set(report.results.map((r) => r.status));
    expect([...statuses].sort()).toEqual(['error', 'fail', 'not-evaluated', 'pass']);
    expect(report.loadErrors).toHaveLength(1);
    expect(validateReport(JSON.parse(renderJson(report, opts)))).toEqual([]);
    expect(validateReport(JSON.parse(renderJson(asLiveClusterReport(report), opts)))).toEqual([]);
  });

  it('validates with the optional waivers, baseline and reachability sections', async () => {
    const earlier = await reportOf([SMALL_CLUSTER], { checks: SMALL_CHECKS });
    const report = await reportOf([SMALL_CLUSTER, HOSTILE], {
      checks: SMALL_CHECKS,
      baseline: { file: 'previous.json', results: earlier.results },
      waivers: { waivers: [{ check: 'storage-*', match: { tenant: 'alpha' }, reason: 'reviewed', expires: '2030-01-31' }] },
    });
    for (const section of ['waivers', 'baseline', 'reachability']) expect(report[section], section).toBeDefined();
    expect(validateReport(JSON.parse(renderJson(report, opts)))).toEqual([]);
  });

  it("keeps cluster strings verbatim (JSON escaping is JSON.stringify's, nothing is mangled)", async () => {
    const report = await reportOf([HOSTILE]);
    const parsed = JSON.parse(renderJson(report, opts));
    expect(parsed.tenants.map((t: { name: string }) => t.name)).toContain('<script>window.__pwned=1</script>');
    expect(validateReport(parsed)).toEqual([]);
  });
});
