import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { builtinChecks } from '../../checks/index.js';
import { validateReport } from '../../reports/schema/index.js';
import type { Report } from '../../src/engine/report.js';
import { jsonReportOf, scanInProcess } from '../helpers/cli.js';
import { expectEvery } from '../helpers/expect-every.js';

const EXAMPLE = join(import.meta.dirname, '..', '..', 'examples', 'shared-cluster');

describe('scan of the bundled example cluster', () => {
  let report: Report;
  beforeAll(async () => {
    report = await jsonReportOf([EXAMPLE]);
  });

  it('produces a JSON report that validates against the published schema', () => {
    expect(validateReport(report)).toEqual([]);
  });

  it('loads the example without errors', () => {
    expect(report.loadErrors.filter((e) => e.level !== 'warning')).toEqual([]);
  });

  it('finds the three tenants and keeps the platform namespaces out', () => {
    expect(report.tenants.map((t) => [t.name, t.source])).toEqual([
      ['acme', 'capsule'],
      ['globex', 'namespace'],
      ['initech', 'namespace'],
    ]);
  });

  const perSubject = builtinChecks.filter((c) => c.target !== 'cluster').map((c) => c.id);
  it.each(perSubject)('shows %s both failing somewhere and passing somewhere', (id) => {
    const statuses = new Set(report.results.filter((r) => r.checkId === id).map((r) => r.status));
    expect([...statuses].sort()).toEqual(expect.arrayContaining(['fail', 'pass']));
  });

  // A cluster-wide check has one subject per scan: it passes or fails, and its fixtures show the other case.
  const clusterWide = builtinChecks.filter((c) => c.target === 'cluster').map((c) => c.id);
  it.each(clusterWide)('evaluates the cluster-wide check %s', (id) => {
    const statuses = report.results.filter((r) => r.checkId === id).map((r) => r.status);
    expect(statuses.length).toBeGreaterThan(0);
    expectEvery(statuses, (s) => s === 'pass' || s === 'fail');
  });

  it('holds everything needed to recompute the score as docs/scoring.md describes', () => {
    const units = new Map<string, { severity: string; seen: Set<string> }>();
    for (const r of report.results) {
      const key = `${r.tenant ?? '(cluster)'}\u0000${r.checkId}`;
      const u = units.get(key) ?? { severity: r.severity, seen: new Set<string>() };
      u.seen.add(r.status);
      units.set(key, u);
    }
    let passed = 0;
    let failed = 0;
    for (const u of units.values()) {
      const w = report.score.weights[u.severity as keyof typeof report.score.weights];
      if (u.seen.has('fail')) failed += w;
      else if (u.seen.has('not-evaluated') || u.seen.has('error') || u.seen.has('waived')) continue;
      else passed += w;
    }
    expect(Math.round((1000 * passed) / (passed + failed)) / 10).toBe(report.score.score);
  });

  it('exits 1 when the gate fails and 0 when it passes', async () => {
    expect((await scanInProcess({ file: [EXAMPLE], failOn: 'info' })).code).toBe(1);
    expect((await scanInProcess({ file: [EXAMPLE], failOn: 'none', minScore: 0 })).code).toBe(0);
    expect((await scanInProcess({ file: [EXAMPLE], minScore: 100 })).code).toBe(1);
  });

  it('exits 2 with a clear message for a missing path and for input without any object', async () => {
    await expect(scanInProcess({ file: ['does/not/exist.yaml'] })).rejects.toMatchObject({
      exitCode: 2,
      message: expect.stringContaining('does/not/exist.yaml: no such file or directory'),
    });
    const empty = join(import.meta.dirname, '..', 'sources', 'fixtures', 'empty.yaml');
    await expect(scanInProcess({ file: [empty] })).rejects.toMatchObject({
      exitCode: 2,
      message: expect.stringContaining('nothing to scan'),
    });
  });
});
