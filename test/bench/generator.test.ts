import { mkdtempSync, readFileSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
// @ts-expect-error: the generator is a plain ESM script without types
import { SHAPES, SIZES, generate } from '../../bench/generate.mjs';
import { jsonReportOf } from '../helpers/cli.js';

describe('benchmark cluster generator (small size)', () => {
  it('writes the small cluster, and a scan finds exactly the gaps it placed', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'tenantscan-gen-'));
    const { objects, files, manifests } = generate(SIZES.small, dir);
    expect(files).toBe(SIZES.small + 1);
    expect(objects).toBeGreaterThan(1500);
    expect(readdirSync(join(manifests, 'namespaces'))).toHaveLength(SIZES.small);
    const expected = JSON.parse(readFileSync(join(dir, 'expected.json'), 'utf8')) as { objects: number; failing: Record<string, string[]> };

    const report = await jsonReportOf([manifests]);
    expect(report.loadErrors).toEqual([]);
    const idOf = (r: (typeof report.results)[number]) =>
      r.subject.kind === 'Namespace' ? r.subject.name : `${r.subject.namespace}/${r.subject.kind}/${r.subject.name}`;
    for (const [checkId, failing] of Object.entries(expected.failing)) {
      const found = [...new Set(report.results.filter((r) => r.checkId === checkId && r.status === 'fail').map(idOf))].sort();
      expect(found, checkId).toEqual([...failing].sort());
      expect(
        report.results.some((r) => r.checkId === checkId && r.status === 'pass'),
        `${checkId} passes somewhere`,
      ).toBe(true);
    }
    // Pods and ReplicaSets owned by a Deployment are reported once, on the Deployment.
    expect(
      report.results.some((r) => r.checkId === 'workload-privileged' && (r.subject.kind === 'Pod' || r.subject.kind === 'ReplicaSet')),
    ).toBe(false);
  });

  it.each([
    ['label', { tenantLabel: 'tenant' }],
    ['capsule', {}],
    ['single', {}],
  ])('writes the %s shape: the scan finds the tenants it made and the namespaces it left without NetworkPolicy', async (shape, args) => {
    const dir = mkdtempSync(join(tmpdir(), `tenantscan-gen-${shape}-`));
    const { manifests, tenants } = generate(10, dir, shape, { namespacesPerTenant: 4 });
    const expected = JSON.parse(readFileSync(join(dir, 'expected.json'), 'utf8')) as {
      tenants: number;
      scanArgs: string[];
      failing: Record<string, string[]>;
    };
    expect(tenants).toBe(shape === 'single' ? 10 : 3);
    expect(expected.scanArgs).toEqual((SHAPES as Record<string, { scanArgs: string[] }>)[shape].scanArgs);
    // most namespaces have no NetworkPolicy: all but every 5th
    expect(expected.failing['network-policy-missing']).toHaveLength(8);
    const report = await jsonReportOf([manifests], args);
    expect(report.loadErrors).toEqual([]);
    const names = shape === 'single' ? [...Array(10).keys()].map((i) => `ns-000${i}`) : ['tenant-0', 'tenant-1', 'tenant-2'];
    expect(report.tenants.map((t) => t.name).sort()).toEqual(names);
    expect(names).toHaveLength(expected.tenants);
    const missing = report.results.filter((r) => r.checkId === 'network-policy-missing' && r.status === 'fail').map((r) => r.subject.name);
    expect([...new Set(missing)].sort()).toEqual(expected.failing['network-policy-missing']);
  });
});
