import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import yaml from 'js-yaml';
import { describe, expect, it } from 'vitest';
import type { KubeObject } from '../../../src/model/types.js';
import { refKey } from '../../../src/model/types.js';
import { computeReachability } from '../../../src/k8s/network/reachability.js';
import { MAX_EXAMPLES, type ReachabilitySummary, summarizeReachability } from '../../../src/k8s/network/reachability-summary.js';
import { expandReachability, pairStatusOf } from '../../../reports/reachability.js';
import { TenantModel } from '../../../src/tenancy/model.js';
import { ResourceIndex } from '../../../src/model/index.js';
import { indexFromText } from '../../helpers/fixtures.js';
import { indexOf, randomCluster } from './random-cluster.js';

const DIR = join(import.meta.dirname, 'reachability');
const FIXTURES = readdirSync(DIR).filter((f) => f.endsWith('.yaml'));

const indexFromObjects = (objects: KubeObject[]) => new ResourceIndex({ objects, source: { type: 'manifests', files: [] } });

function both(index: () => ResourceIndex) {
  const a = index();
  const b = index();
  return {
    full: computeReachability(a, new TenantModel(a), { exhaustive: true }),
    summary: summarizeReachability(b, new TenantModel(b)),
  };
}

/** Every pair's status from the summary's rules equals the exhaustive matrix's; listed pairs keep their evidence. */
function expectSameAnswer(index: () => ResourceIndex, label: string): { listed: number; open: number; unknown: number } {
  const { full, summary } = both(index);
  expect(
    summary.tenants.map((t) => t.name),
    label,
  ).toEqual(full.tenants);
  const fullByPair = new Map(full.pairs.map((p) => [`${p.from}->${p.to}`, p]));
  for (const p of full.pairs)
    expect(`${p.from}->${p.to}:${pairStatusOf(summary, p.from, p.to).status}`, label).toBe(`${p.from}->${p.to}:${p.status}`);
  for (const p of summary.pairs) {
    const reference = fullByPair.get(`${p.from}->${p.to}`)!;
    expect(p.status, label).toBe(reference.status);
    expect(p.reason, label).toBe(reference.reason);
    if (p.status !== 'open') continue;
    expect(p.via, label).toEqual(reference.via);
    expect(p.port, label).toBe(reference.port);
    // bounded examples, the first of the full lists, with the full counts
    for (const side of ['from', 'to'] as const) {
      const all = reference.pods![side];
      expect(p.workloads![side].count, label).toBe(all.length);
      expect(
        p.workloads![side].examples.map((i) => refKey(summary.workloads[i])),
        label,
      ).toEqual(all.slice(0, MAX_EXAMPLES).map(refKey));
    }
  }
  // the expansion the grid views draw is the matrix without its closed pairs, status for status
  expect(
    expandReachability(summary).pairs.map((p) => `${p.from}->${p.to}:${p.status}`),
    label,
  ).toEqual(full.pairs.filter((p) => p.status !== 'closed').map((p) => `${p.from}->${p.to}:${p.status}`));
  return {
    listed: summary.pairs.length,
    open: full.pairs.filter((p) => p.status === 'open').length,
    unknown: full.pairs.filter((p) => p.status === 'unknown').length,
  };
}

/** `tenants` namespaces (one tenant each) with a Deployment each; the first `isolated` have a default-deny policy. */
function manyTenants(tenants: number, isolated: number): KubeObject[] {
  const objects: KubeObject[] = [];
  for (let i = 0; i < tenants; i++) {
    const ns = `t${String(i).padStart(3, '0')}`;
    objects.push({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: ns } });
    for (let d = 0; d < 8; d++) {
      const labels = { app: `app-${d}` };
      objects.push({
        apiVersion: 'apps/v1',
        kind: 'Deployment',
        metadata: { name: `app-${d}`, namespace: ns },
        spec: {
          selector: { matchLabels: labels },
          template: { metadata: { labels }, spec: { containers: [{ name: 'c', image: 'x', ports: [{ containerPort: 8080 }] }] } },
        },
      });
    }
    if (i < isolated)
      objects.push({
        apiVersion: 'networking.k8s.io/v1',
        kind: 'NetworkPolicy',
        metadata: { name: 'deny', namespace: ns },
        spec: { podSelector: {}, policyTypes: ['Ingress', 'Egress'] },
      });
  }
  return objects;
}

describe('summarizeReachability (the report form)', () => {
  it('answers every pair as the exhaustive matrix does, on 400 random clusters', () => {
    const totals = { listed: 0, open: 0, unknown: 0 };
    for (let seed = 1; seed <= 400; seed++) {
      const seen = expectSameAnswer(indexOf(randomCluster(seed)), `seed ${seed}: ${yaml.dump(randomCluster(seed).objects)}`);
      totals.listed += seen.listed;
      totals.open += seen.open;
      totals.unknown += seen.unknown;
    }
    // the clusters must exercise every verdict, and the tenant statements must decide many pairs
    expect(totals.open).toBeGreaterThan(1000);
    expect(totals.unknown).toBeGreaterThan(500);
    expect(totals.listed).toBeLessThan(totals.open + totals.unknown);
  });

  it('answers every pair as the exhaustive matrix does, on every reachability fixture', () => {
    for (const fixture of FIXTURES) expectSameAnswer(() => indexFromText(readFileSync(join(DIR, fixture), 'utf8')), fixture);
  });

  it('states open tenants once: 60 tenants without policies, 9 isolated, list no pair', () => {
    const objects = manyTenants(69, 9);
    const { open } = expectSameAnswer(() => indexFromObjects(structuredClone(objects)), 'many tenants');
    expect(open).toBe(60 * 59);
    const summary: ReachabilitySummary = summarizeReachability(indexFromObjects(objects), new TenantModel(indexFromObjects(objects)));
    expect(summary.pairs).toEqual([]);
    const open60 = summary.tenants.filter((t) => t.reachesAll && t.openToAll);
    expect(open60).toHaveLength(60);
    expect(summary.tenants.filter((t) => !t.reachesAll && !t.openToAll).map((t) => t.name)).toEqual(
      Array.from({ length: 9 }, (_, i) => `t00${i}`),
    );
    // five examples of eight workloads, each workload listed once in the table
    expect(open60[0].openToAll).toEqual({ examples: [0, 1, 2, 3, 4], count: 8, port: 'TCP/8080' });
    expect(open60[0].reachesAll).toEqual({ examples: [0, 1, 2, 3, 4], count: 8 });
    expect(summary.workloads).toHaveLength(60 * MAX_EXAMPLES);
    expect(new Set(summary.workloads.map(refKey)).size).toBe(summary.workloads.length);
  });
});
