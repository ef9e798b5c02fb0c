import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Ajv } from 'ajv';
import yaml from 'js-yaml';
import { describe, expect, it } from 'vitest';
import {
  type PolicyReportObject,
  policyReportsOf,
  renderOpenReports,
  renderPolicyReport,
  REPORT_APIS,
  type ReportApi,
} from '../../reports/policyreport.js';
import type { Report } from '../../src/engine/report.js';
import { EXAMPLE, REPO_ROOT, SMALL_CHECKS, SMALL_CLUSTER, reportOf } from './report-fixtures.js';

const opts = { color: false, baseDir: REPO_ROOT };
const CRDS = join(REPO_ROOT, 'scripts', 'cluster', 'crds');
const CRD_FILES: Record<ReportApi, { namespaced: string; cluster: string }> = {
  policyreports: { namespaced: 'wgpolicyk8s.io_policyreports.yaml', cluster: 'wgpolicyk8s.io_clusterpolicyreports.yaml' },
  openreports: { namespaced: 'openreports.io_reports.yaml', cluster: 'openreports.io_clusterreports.yaml' },
};

/** The openAPIV3Schema of `version` in a CRD file of scripts/cluster/crds, compiled (the API server's own check is in test/e2e/policy-reports.test.ts). */
function crdValidator(file: string, version: string) {
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- a CRD file, untyped YAML
  const crd = yaml.load(readFileSync(join(CRDS, file), 'utf8')) as any;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- a CRD file, untyped YAML
  const schema = crd.spec.versions.find((v: any) => v.name === version).schema.openAPIV3Schema;
  const ajv = new Ajv({ allErrors: true, strict: false, validateFormats: false });
  return ajv.compile(schema);
}

function expectValid(objects: PolicyReportObject[], api: ReportApi): void {
  const version = REPORT_APIS[api].apiVersion.split('/')[1];
  const validators = {
    namespaced: crdValidator(CRD_FILES[api].namespaced, version),
    cluster: crdValidator(CRD_FILES[api].cluster, version),
  };
  for (const o of objects) {
    const validate = o.metadata.namespace ? validators.namespaced : validators.cluster;
    expect(validate(o), JSON.stringify(validate.errors)).toBe(true);
  }
}

describe('--format policyreport / openreports', () => {
  it('maps every result of a known cluster: family as policy, check ID as rule, statuses, scored, subject, properties, summary', async () => {
    const report = await reportOf([SMALL_CLUSTER], { checks: SMALL_CHECKS });
    const objects = policyReportsOf(report, 'policyreports');
    expect(objects.map((o) => `${o.kind} ${o.metadata.namespace ?? ''}`)).toEqual(['PolicyReport alpha', 'PolicyReport beta']);
    const alpha = objects[0];
    expect(alpha.apiVersion).toBe('wgpolicyk8s.io/v1alpha2');
    expect(alpha.metadata).toEqual({
      name: 'tenantscan',
      namespace: 'alpha',
      labels: { 'app.kubernetes.io/managed-by': 'tenantscan', 'app.kubernetes.io/name': 'tenantscan' },
    });
    expect(alpha.scope).toEqual({ apiVersion: 'v1', kind: 'Namespace', name: 'alpha' });
    expect(alpha.summary).toEqual({ pass: 1, fail: 2, warn: 0, error: 1, skip: 0 });
    const fails = alpha.results.filter((r) => r.result === 'fail');
    expect(fails.map((r) => [r.policy, r.rule, r.severity, r.scored, r.properties.tenant, r.properties.path])).toEqual([
      [
        'storage',
        'storage-hostpath-volume',
        report.checks.find((c) => c.id === 'storage-hostpath-volume')!.severity,
        true,
        'alpha',
        '/spec/template/spec/volumes/0/hostPath',
      ],
      [
        'storage',
        'storage-hostpath-volume',
        report.checks.find((c) => c.id === 'storage-hostpath-volume')!.severity,
        true,
        'alpha',
        '/spec/template/spec/volumes/1/hostPath',
      ],
    ]);
    expect(fails[0].resources).toEqual([{ apiVersion: 'apps/v1', kind: 'Deployment', namespace: 'alpha', name: 'log-agent' }]);
    expect(fails[0].properties.location).toMatch(/small-cluster\.yaml:\d+$/);
    const error = alpha.results.find((r) => r.result === 'error')!;
    expect(error.rule).toBe('test-throws');
    expect(error.scored).toBe(false);
    expect(error.message).toContain('boom');
    // A result on the Namespace object itself is in that namespace's report.
    expect(alpha.results.find((r) => r.rule === 'test-needs-policies')!.resources).toEqual([
      { apiVersion: 'v1', kind: 'Namespace', name: 'alpha' },
    ]);
    const ms = Date.parse(report.generatedAt);
    expect(fails[0].timestamp).toEqual({ seconds: Math.floor(ms / 1000), nanos: (ms % 1000) * 1e6 });
    expect(objects[1].summary).toEqual({ pass: 2, fail: 0, warn: 0, error: 1, skip: 0 });
  });

  it('waived and not-evaluated results are skip with their status, reason and waiver as properties; cluster subjects go to the cluster report', async () => {
    const report = await reportOf([EXAMPLE]);
    const waived = report.results.find((r) => r.status === 'waived');
    const notEvaluated: Report = {
      ...report,
      results: report.results.map((r, i) =>
        i === 0 ? { ...r, status: 'not-evaluated' as const, reason: 'NetworkPolicy: 403 Forbidden' } : r,
      ),
    };
    const objects = policyReportsOf(notEvaluated, 'policyreports');
    const all = objects.flatMap((o) => o.results);
    expect(all).toHaveLength(report.results.length);
    const skipped = all.filter((r) => r.result === 'skip');
    expect(skipped.some((r) => r.properties.status === 'not-evaluated' && r.properties.reason === 'NetworkPolicy: 403 Forbidden')).toBe(
      true,
    );
    if (waived) expect(skipped.some((r) => r.properties.status === 'waived' && r.properties.waiver === waived.waiver!.reason)).toBe(true);
    expect(skipped.every((r) => !r.scored)).toBe(true);
    const cluster = objects.filter((o) => !o.metadata.namespace);
    expect(cluster.map((o) => o.kind)).toEqual(['ClusterPolicyReport']);
    expect(cluster[0].results.every((r) => !r.resources || !r.resources[0].namespace)).toBe(true);
    // The cluster as a whole is the report's scope: no resource.
    const clusterWide = report.results.filter((r) => r.subject.kind === 'Cluster').length;
    expect(cluster[0].results.filter((r) => !r.resources)).toHaveLength(clusterWide);
    for (const o of objects) {
      const counted = { pass: 0, fail: 0, warn: 0, error: 0, skip: 0 };
      for (const r of o.results) counted[r.result]++;
      expect(o.summary).toEqual(counted);
    }
    // Every MTB mapping of a check is on its results.
    const mapped = report.checks.find((c) => c.mtb.length)!;
    expect(all.filter((r) => r.rule === mapped.id).every((r) => r.properties.mtb === mapped.mtb.join(','))).toBe(true);
  });

  for (const api of ['policyreports', 'openreports'] as const) {
    it(`${api}: every object of the example cluster satisfies the published CRD schema`, async () => {
      const report = await reportOf([EXAMPLE]);
      const objects = policyReportsOf(report, api);
      expect(objects.length).toBeGreaterThan(2);
      expectValid(objects, api);
      const text = (api === 'policyreports' ? renderPolicyReport : renderOpenReports)(report, opts);
      const docs = yaml.loadAll(text) as PolicyReportObject[];
      expect(docs).toEqual(JSON.parse(JSON.stringify(objects)));
      expect(new Set(docs.map((d) => d.kind))).toEqual(new Set([REPORT_APIS[api].namespaced, REPORT_APIS[api].cluster]));
      if (api === 'openreports') expect(docs.every((d) => d.source === 'tenantscan')).toBe(true);
    });
  }

  it('the CRD schema check rejects what the API server would (a result outside the enum, a non-string property)', async () => {
    const report = await reportOf([SMALL_CLUSTER], { checks: SMALL_CHECKS });
    const [alpha] = policyReportsOf(report, 'policyreports');
    const validate = crdValidator(CRD_FILES.policyreports.namespaced, 'v1alpha2');
    expect(validate({ ...alpha, results: [{ ...alpha.results[0], result: 'waived' }] })).toBe(false);
    expect(validate({ ...alpha, results: [{ ...alpha.results[0], properties: { n: 1 } }] })).toBe(false);
  });
});
