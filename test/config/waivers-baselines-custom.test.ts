import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { validateReport } from '../../reports/schema/index.js';
import { checkProblem } from '../../src/engine/registry.js';
import type { Report } from '../../src/engine/report.js';
import { jsonReportOf, scanInProcess } from '../helpers/cli.js';
import { expectEvery } from '../helpers/expect-every.js';

const FIX = join(import.meta.dirname, 'fixtures');
const CLUSTER = join(FIX, 'cluster.yaml');

function config(text: string): string {
  const dir = mkdtempSync(join(tmpdir(), 'tenantscan-waivers-'));
  writeFileSync(join(dir, '.tenantscan.yaml'), text);
  return join(dir, '.tenantscan.yaml');
}

const hostPath = (r: Report) =>
  r.results
    .filter((x) => x.checkId === 'storage-hostpath-volume')
    .map((x) => `${x.subject.name}:${x.status}${x.waiver ? `:${x.waiver.origin}` : ''}`)
    .sort();

describe('waivers', () => {
  it('honours annotation waivers by default and says they came from annotations', async () => {
    const report = await jsonReportOf([CLUSTER]);
    expect(hostPath(report)).toEqual(['cache:fail', 'legacy-app:fail', 'node-agent:waived:annotation']);
    expect(report.waivers).toMatchObject({
      annotationWaivers: true,
      applied: [
        {
          origin: 'annotation',
          check: 'storage-hostpath-volume',
          object: 'DaemonSet/team-a/node-agent',
          reason: 'reads /proc for node metrics; reviewed by platform team',
          matched: 1,
        },
      ],
    });
    expect(report.results.find((r) => r.status === 'waived')?.waiver).toEqual({
      reason: 'reads /proc for node metrics; reviewed by platform team',
      origin: 'annotation',
      tenantWritable: true,
    });
    expect(validateReport(report)).toEqual([]);
  });

  it('can turn annotation waivers off (flag and config key)', async () => {
    expect(hostPath(await jsonReportOf([CLUSTER], { annotationWaivers: false }))).toEqual([
      'cache:fail',
      'legacy-app:fail',
      'node-agent:fail',
    ]);
    expect(hostPath(await jsonReportOf([CLUSTER], { config: config('annotationWaivers: false\n') }))).toEqual([
      'cache:fail',
      'legacy-app:fail',
      'node-agent:fail',
    ]);
  });

  it('applies config waivers matched by globs, reports expired and unused ones, and counts waived apart', async () => {
    const report = await jsonReportOf([CLUSTER], {
      config: config(`waivers:
  - check: storage-hostpath-*
    match: { tenant: team-a, kind: Deployment, name: "legacy-*" }
    reason: migrating to a PVC
    expires: "2999-12-31"
  - check: storage-hostpath-volume
    match: { namespace: team-b }
    reason: old exception
    expires: "2020-01-01"
  - check: storage-hostpath-volume
    match: { name: does-not-exist }
    reason: stale
`),
    });
    expect(hostPath(report)).toEqual(['cache:fail', 'legacy-app:waived:config', 'node-agent:waived:annotation']);
    const w = report.waivers as {
      applied: { check: string; matched: number; origin: string }[];
      expired: { reason: string }[];
      unused: { reason: string }[];
    };
    expect(w.applied.map((a) => [a.origin, a.matched])).toEqual([
      ['config', 1],
      ['annotation', 1],
    ]);
    expect(w.expired.map((e) => e.reason)).toEqual(['old exception']);
    expect(w.unused.map((e) => e.reason)).toEqual(['stale']);
    const teamA = report.tenants.find((t) => t.name === 'team-a')!;
    expect(teamA.counts.waived).toBe(1);
    expect(validateReport(report)).toEqual([]);
  });

  it('warns about expired and unused waivers on stderr', async () => {
    const { stderr } = await scanInProcess({
      file: [CLUSTER],
      quiet: false,
      config: config('waivers:\n  - check: quota-missing\n    reason: r\n    expires: "2020-01-01"\n'),
    });
    expect(stderr).toContain('waiver for quota-missing expired on 2020-01-01 and no longer applies');
  });
});

describe('baselines', () => {
  async function baselineFile(text: string): Promise<string> {
    const dir = mkdtempSync(join(tmpdir(), 'tenantscan-baseline-'));
    const manifests = join(dir, 'cluster.yaml');
    writeFileSync(manifests, text);
    const { stdout } = await scanInProcess({ file: [manifests], format: ['json'], annotationWaivers: false });
    writeFileSync(join(dir, 'baseline.json'), stdout);
    return join(dir, 'baseline.json');
  }

  it('marks failures new or existing by check, tenant and object; reordering objects creates nothing new', async () => {
    const { readFileSync } = await import('node:fs');
    const docs = readFileSync(CLUSTER, 'utf8').split(/^---$/m);
    const baseline = await baselineFile(docs.join('---'));
    const dir = mkdtempSync(join(tmpdir(), 'tenantscan-reordered-'));
    writeFileSync(join(dir, 'reordered.yaml'), [...docs].reverse().join('\n---\n'));
    const report = await jsonReportOf([join(dir, 'reordered.yaml')], { baseline, annotationWaivers: false });
    const failing = report.results.filter((r) => r.status === 'fail');
    expect(failing.length).toBeGreaterThanOrEqual(3);
    expect(new Set(failing.map((r) => r.baseline))).toEqual(new Set(['existing']));
    expect(report.baseline).toEqual({ file: baseline, new: 0, existing: failing.length, fixed: 0 });
  });

  it('gates only on new failures with --fail-on-new-only', async () => {
    const docs = (await import('node:fs')).readFileSync(CLUSTER, 'utf8').split(/^---$/m);
    const baseline = await baselineFile(docs.slice(0, 4).join('---')); // without team-b's cache
    const report = await jsonReportOf([CLUSTER], { baseline, annotationWaivers: false });
    const hostPathFailures = report.results.filter((r) => r.status === 'fail' && r.checkId === 'storage-hostpath-volume');
    expect(hostPathFailures.map((r) => `${r.subject.name}:${r.baseline}`).sort()).toEqual([
      'cache:new',
      'legacy-app:existing',
      'node-agent:existing',
    ]);
    const fresh = report.results.filter((r) => r.baseline === 'new');
    // Only what the cache Deployment brought in is new: its own failures, and team-b namespace checks that now see a pod.
    expectEvery(fresh, (r) => r.tenant === 'team-b' && (r.subject.name === 'cache' || r.subject.kind === 'Namespace'));
    expect(report.baseline).toMatchObject({ new: fresh.length });
    const all = await scanInProcess({ file: [CLUSTER], baseline, annotationWaivers: false, failOn: 'high' });
    expect(all.code).toBe(1);
    const newOnly = await scanInProcess({ file: [CLUSTER], baseline, annotationWaivers: false, failOn: 'high', failOnNewOnly: true });
    expect(newOnly.code).toBe(1);
    const sameAsBaseline = await scanInProcess({
      file: [join(FIX, 'cluster.yaml')],
      baseline: await baselineFile(docs.join('---')),
      annotationWaivers: false,
      failOn: 'high',
      failOnNewOnly: true,
    });
    expect(sameAsBaseline.code).toBe(0);
  });

  it('rejects a baseline that is not a tenantscan report', async () => {
    await expect(scanInProcess({ file: [CLUSTER], baseline: CLUSTER })).rejects.toMatchObject({ exitCode: 2 });
  });
});

describe('custom checks', () => {
  it('loads check modules from --checks-dir (by package import or API function) and runs them like built-ins', async () => {
    const report = await jsonReportOf([CLUSTER], { checksDir: join(FIX, 'custom-checks') });
    // the JSON document lists passes apart from the other results (schema 2.x): sorted by subject
    const label = report.results
      .filter((r) => r.checkId === 'custom-namespace-team-label')
      .sort((a, b) => a.subject.name.localeCompare(b.subject.name));
    expect(label.map((r) => `${r.subject.name}:${r.status}`)).toEqual(['team-a:pass', 'team-b:fail']);
    expect(label[1]).toMatchObject({
      tenant: 'team-b',
      severity: 'low',
      message: 'namespace team-b has no team label',
      path: '/metadata/labels',
    });
    const latest = report.results.filter((r) => r.checkId === 'custom-image-latest-tag' && r.status === 'fail');
    expect(latest.map((r) => r.message)).toEqual(['container cache runs redis']);
    expect(report.checks.find((c) => c.id === 'custom-namespace-team-label')?.origin).toBe('module');
    expect(report.tenants.find((t) => t.name === 'team-b')!.counts.fail).toBeGreaterThanOrEqual(2);
    expect(validateReport(report)).toEqual([]);
  });

  it('runs declarative checks (JSON Schema) from the config, with waivers and baselines like any check', async () => {
    const cfg = config(`customChecks:
  - id: custom-deployment-owner-label
    title: Deployment has no owner label
    severity: { multi-team: medium, multi-customer: high }
    kinds: [Deployment.apps]
    message: "missing owner label: {{errors}}"
    schema:
      type: object
      required: [metadata]
      properties:
        metadata:
          type: object
          required: [labels]
          properties:
            labels: { type: object, required: [owner] }
waivers:
  - check: custom-deployment-owner-label
    match: { name: cache }
    reason: owned by the platform cache team
`);
    const report = await jsonReportOf([CLUSTER], { config: cfg, profile: 'multi-customer' });
    const results = report.results.filter((r) => r.checkId === 'custom-deployment-owner-label');
    expect(results.map((r) => `${r.subject.name}:${r.status}:${r.severity}`).sort()).toEqual(['cache:waived:high', 'legacy-app:fail:high']);
    expect(results.find((r) => r.status === 'fail')?.message).toBe("missing owner label: /metadata must have required property 'labels'");
    expect(report.checks.find((c) => c.id === 'custom-deployment-owner-label')?.origin).toBe('declarative');
  });

  it('rejects invalid check modules and duplicate IDs with exit 2', async () => {
    await expect(scanInProcess({ file: [CLUSTER], checksDir: join(FIX, 'bad-checks') })).rejects.toMatchObject({
      exitCode: 2,
      message: expect.stringContaining('broken.mjs'),
    });
    await expect(
      scanInProcess({
        file: [CLUSTER],
        config: config(
          'customChecks:\n  - { id: storage-hostpath-volume, title: t, severity: low, kinds: [Pod], message: m, schema: {} }\n',
        ),
      }),
    ).rejects.toMatchObject({ exitCode: 2, message: expect.stringContaining('two checks have the ID "storage-hostpath-volume"') });
    expect(checkProblem({ id: 'x' })).toContain('invalid id');
  });
});
