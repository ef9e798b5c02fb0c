import { mkdtempSync, readFileSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
// @ts-expect-error: the generator is a plain ESM script without types
import { SIZES, generate } from '../../bench/generate.mjs';
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
});
