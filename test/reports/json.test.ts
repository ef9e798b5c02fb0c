import { describe, expect, it } from 'vitest';
import { SCHEMA_VERSION, renderJson, toJsonReport } from '../../reports/json.js';
import { reportSchema, validateReport } from '../../reports/schema/index.js';
import { runScan } from '../../cli/scan-command.js';
import {
  EXAMPLE,
  HOSTILE,
  PROBE_SECTION,
  REPO_ROOT,
  SMALL_CHECKS,
  SMALL_CLUSTER,
  asLiveClusterReport,
  reportOf,
} from './report-fixtures.js';

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
    for (const section of ['waivers', 'baseline', 'reachability'] as const) expect(report[section], section).toBeDefined();
    expect(validateReport(JSON.parse(renderJson(report, opts)))).toEqual([]);
  });

  it('validates with the probes section (1.3.0), and refuses an identity without its tenant', async () => {
    const report = { ...(await reportOf([SMALL_CLUSTER], { checks: SMALL_CHECKS })), probes: PROBE_SECTION };
    const parsed = JSON.parse(renderJson(report, opts));
    expect(validateReport(parsed)).toEqual([]);
    expect(parsed.probes.identities[0].user).toBe('alice');
    parsed.probes.identities.push({ user: 'mallory' });
    expect(validateReport(parsed).map((e) => `${e.instancePath} ${e.message}`)).toContain(
      "/probes/identities/2 must have required property 'tenant'",
    );
  });

  it("keeps cluster strings verbatim (JSON escaping is JSON.stringify's, nothing is mangled)", async () => {
    const report = await reportOf([HOSTILE]);
    const parsed = JSON.parse(renderJson(report, opts));
    expect(parsed.tenants.map((t: { name: string }) => t.name)).toContain('<script>window.__pwned=1</script>');
    expect(validateReport(parsed)).toEqual([]);
  });

  describe('toJsonReport (the one mapping from the report model to the JSON document)', () => {
    const schema = reportSchema() as { properties: Record<string, unknown>; required: string[] };
    const optional = Object.keys(schema.properties).filter((k) => !schema.required.includes(k));

    it('writes every member the schema knows, in its order, for a report with every optional section', async () => {
      const earlier = await reportOf([SMALL_CLUSTER], { checks: SMALL_CHECKS });
      const report = await reportOf([SMALL_CLUSTER, HOSTILE], {
        checks: SMALL_CHECKS,
        baseline: { file: 'previous.json', results: earlier.results },
        waivers: { waivers: [{ check: 'storage-*', match: { tenant: 'alpha' }, reason: 'reviewed', expires: '2030-01-31' }] },
      });
      const json = toJsonReport({
        ...report,
        cluster: 'prod-eu',
        virtualClusters: [{ name: 'dev', namespace: 'alpha', kind: 'StatefulSet', object: 'dev', tenant: 'alpha' }],
        gate: { failOn: 'high', minScore: 80, newOnly: true, passed: false, reasons: ['2 new failing result(s)'], failing: 2, score: 50 },
        probes: PROBE_SECTION,
      });
      // the schema's optional members are exactly the model's optional sections: a new section is mapped and tested here
      expect(optional.sort()).toEqual(['baseline', 'cluster', 'gate', 'probes', 'reachability', 'virtualClusters', 'waivers']);
      expect(Object.keys(json)).toEqual(Object.keys(schema.properties));
      expect(json.schemaVersion).toBe(SCHEMA_VERSION);
      expect(validateReport(JSON.parse(JSON.stringify(json)))).toEqual([]);
    });

    it('validates for the example and a live-style report, leaving absent sections out', async () => {
      const example = await reportOf([EXAMPLE]);
      const live = asLiveClusterReport(await reportOf([SMALL_CLUSTER], { checks: SMALL_CHECKS }));
      for (const [report, sections] of [
        [example, ['reachability']],
        [live, ['reachability']],
      ] as const) {
        // what JSON.stringify leaves out (absent sections) is not in the document
        const json = JSON.parse(JSON.stringify(toJsonReport(report))) as Record<string, unknown>;
        expect(validateReport(json)).toEqual([]);
        expect(Object.keys(json)).toEqual([...schema.required, ...sections]);
      }
      expect(live.source.type).toBe('cluster');
    });

    it('rejects a document whose version the schema does not accept: the version is the mapping’s, not the model’s', async () => {
      const json = toJsonReport(await reportOf([SMALL_CLUSTER], { checks: SMALL_CHECKS }));
      expect(validateReport(JSON.parse(JSON.stringify({ ...json, schemaVersion: '2.0.0' })))).not.toEqual([]);
      expect(validateReport(JSON.parse(JSON.stringify({ ...json, extra: true })))).not.toEqual([]);
    });
  });
});
