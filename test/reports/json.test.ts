import { describe, expect, it } from 'vitest';
import { type JsonReport, SCHEMA_VERSION, renderJson, toJsonReport } from '../../reports/json.js';
import type { ObjectRef } from '../../src/model/types.js';
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

const passKey = (checkId: string, tenant: string | undefined, severity: string, subject: ObjectRef) =>
  JSON.stringify([checkId, tenant ?? null, severity, subject.apiVersion, subject.kind, subject.namespace ?? null, subject.name]);

/** Every passing result of the document, as a key of its check, tenant, severity and subject. */
function passesOf(doc: JsonReport): string[] {
  return doc.passes.groups.flatMap((g) => g.subjects.map((i) => passKey(g.checkId, g.tenant, g.severity, doc.passes.subjects[i])));
}

type Recomputed = {
  score: number | null;
  grade: string;
  coverage: number;
  counts: { pass: number; fail: number; notEvaluated: number; waived: number };
};

/**
 * The scores as docs/scoring.md defines them, from the document alone: units (check x scope) from
 * `results` and `passes`, weights and grade thresholds from `score`. Written here from the document's
 * words, not with src/engine/scoring.ts, so that it checks the document, not the code against itself.
 */
function scoresFromDocument(doc: JsonReport): Map<string, Recomputed> {
  const units = new Map<string, { scope: string; severity: string; seen: Set<string> }>();
  const see = (checkId: string, tenant: string | undefined, severity: string, status: string) => {
    const scope = tenant ?? '(cluster)';
    const key = `${scope}/${checkId}`;
    if (!units.has(key)) units.set(key, { scope, severity, seen: new Set() });
    units.get(key)!.seen.add(status);
  };
  for (const r of doc.results) see(r.checkId, r.tenant, r.severity, r.status);
  for (const g of doc.passes.groups) if (g.subjects.length) see(g.checkId, g.tenant, g.severity, 'pass');
  const byScope = new Map<string, Array<{ severity: string; status: string }>>();
  for (const u of units.values()) {
    const status = u.seen.has('fail')
      ? 'fail'
      : u.seen.has('not-evaluated') || u.seen.has('error')
        ? 'not-evaluated'
        : u.seen.has('waived')
          ? 'waived'
          : 'pass';
    for (const scope of [u.scope, '(overall)']) {
      if (!byScope.has(scope)) byScope.set(scope, []);
      byScope.get(scope)!.push({ severity: u.severity, status });
    }
  }
  const weights = doc.score.weights as Record<string, number>;
  const round = (v: number, digits: number) => Math.round(v * 10 ** digits) / 10 ** digits;
  const out = new Map<string, Recomputed>();
  for (const [scope, list] of byScope) {
    const counts = { pass: 0, fail: 0, notEvaluated: 0, waived: 0 };
    let passed = 0;
    let failed = 0;
    let unevaluated = 0;
    for (const u of list) {
      const w = weights[u.severity];
      if (u.status === 'pass') {
        counts.pass++;
        passed += w;
      } else if (u.status === 'fail') {
        counts.fail++;
        failed += w;
      } else if (u.status === 'not-evaluated') {
        counts.notEvaluated++;
        unevaluated += w;
      } else counts.waived++;
    }
    const evaluated = passed + failed;
    const coverage = evaluated + unevaluated === 0 ? (counts.notEvaluated ? 0 : 1) : round(evaluated / (evaluated + unevaluated), 3);
    if (counts.pass + counts.fail === 0) {
      out.set(scope, { score: null, grade: 'N/A', coverage, counts });
      continue;
    }
    const score = evaluated === 0 ? 100 : round((100 * passed) / evaluated, 1);
    let grade = doc.score.grades.find(([, min]) => score >= min)?.[0] ?? 'F';
    if (list.some((u) => u.status === 'fail' && u.severity === 'critical') && grade < 'C') grade = 'C';
    out.set(scope, { score, grade, coverage, counts });
  }
  return out;
}

describe('--format json', () => {
  it('the example scan validates against the published schema, and round-trips every result', async () => {
    const report = await reportOf([EXAMPLE]);
    const parsed = JSON.parse(renderJson(report, opts)) as JsonReport;
    expect(validateReport(parsed)).toEqual([]);
    // every result that is not a pass, in full and in order; every pass as (check, tenant, severity, subject)
    expect(parsed.results).toEqual(JSON.parse(JSON.stringify(report.results.filter((r) => r.status !== 'pass'))));
    const passes = report.results.filter((r) => r.status === 'pass');
    expect(passesOf(parsed).sort()).toEqual(passes.map((r) => passKey(r.checkId, r.tenant, r.severity, r.subject)).sort());
    expect(parsed.tenants.map((t: { name: string }) => t.name)).toEqual(['acme', 'globex', 'initech']);
    // the example must show failures and passes: a report of only passes would validate too
    expect(parsed.results.some((r: { status: string }) => r.status === 'fail')).toBe(true);
    expect(passes.length).toBeGreaterThan(parsed.results.length);
    expect(parsed.results.some((r: { status: string }) => r.status === 'pass')).toBe(false);
  });

  it('lets anyone recompute every score from the JSON document alone (docs/scoring.md)', async () => {
    for (const report of [
      await reportOf([EXAMPLE]),
      await reportOf([SMALL_CLUSTER], { checks: SMALL_CHECKS }),
      await reportOf([SMALL_CLUSTER, HOSTILE], {
        checks: SMALL_CHECKS,
        waivers: { waivers: [{ check: 'storage-*', match: { tenant: 'alpha' }, reason: 'reviewed', expires: '2030-01-31' }] },
      }),
    ]) {
      const doc = JSON.parse(renderJson(report, opts)) as JsonReport;
      const recomputed = scoresFromDocument(doc);
      expect(doc.tenants.length).toBeGreaterThan(0);
      for (const t of doc.tenants) {
        const { score, grade, coverage, counts } = t;
        expect(recomputed.get(t.name), t.name).toEqual({ score, grade, coverage, counts });
      }
      const { score, grade, coverage, counts } = doc.score;
      expect(recomputed.get('(overall)')).toEqual({ score, grade, coverage, counts });
      const cluster = doc.score.cluster;
      if (recomputed.has('(cluster)'))
        expect(recomputed.get('(cluster)')).toEqual({
          score: cluster.score,
          grade: cluster.grade,
          coverage: cluster.coverage,
          counts: cluster.counts,
        });
    }
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
    // every result of the model: the others in `results`, the passes in `passes`
    expect(parsed.results.length + passesOf(parsed).length).toBe((await reportOf([EXAMPLE])).results.length);
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

  it('keeps a probe pass in results with its message (2.2.0): the message names what refused the dry run', async () => {
    const report = await reportOf([SMALL_CLUSTER], { checks: SMALL_CHECKS });
    const refused = 'refused by admission webhook deny.example.com, as alice';
    const probePass = {
      checkId: 'probe-privileged-pod-admitted',
      family: 'probe' as const,
      status: 'pass' as const,
      severity: 'high' as const,
      tenant: 'alpha',
      subject: { apiVersion: 'v1', kind: 'Namespace', name: 'alpha' },
      message: refused,
    };
    const parsed = JSON.parse(renderJson({ ...report, results: [...report.results, probePass] }, opts)) as JsonReport;
    expect(parsed.results.filter((r) => r.checkId === probePass.checkId)).toEqual([probePass]);
    expect(passesOf(parsed).some((k) => k.includes(probePass.checkId))).toBe(false);
    // other passes are still grouped without their message
    expect(parsed.results.some((r) => r.status === 'pass' && r.family !== 'probe')).toBe(false);
    expect(passesOf(parsed).length).toBeGreaterThan(0);
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
      expect(validateReport(JSON.parse(JSON.stringify({ ...json, schemaVersion: '1.2.0' })))).not.toEqual([]);
      expect(validateReport(JSON.parse(JSON.stringify({ ...json, extra: true })))).not.toEqual([]);
    });
  });
});
