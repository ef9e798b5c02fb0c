import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import yaml from 'js-yaml';
import { describe, expect, it } from 'vitest';
import type { AccessOutcome } from '../../../src/model/access.js';
import type { ResourceIndex } from '../../../src/model/index.js';
import { type Reachability, type ReachabilityOptions, computeReachability } from '../../../src/k8s/network/reachability.js';
import { TenantModel } from '../../../src/tenancy/model.js';
import { indexFromText } from '../../helpers/fixtures.js';
import { indexOf, randomCluster } from './random-cluster.js';

/**
 * computeReachability prunes: it judges only the tenant pairs, and within them the pod-group pairs,
 * whose policies may let a connection through. These specs prove the pruning changes no verdict,
 * reason, port, policy or workload, against the exhaustive evaluation of every pair, and that the
 * report's sparse form (`closedPairs: false`) is the full matrix without its closed pairs.
 */

const DIR = join(import.meta.dirname, 'reachability');
const FIXTURES = readdirSync(DIR).filter((f) => f.endsWith('.yaml'));

function reachOf(index: () => ResourceIndex, options: ReachabilityOptions = {}): Reachability {
  const built = index();
  return computeReachability(built, new TenantModel(built), options);
}

describe('computeReachability pruning', () => {
  it('gives the exhaustive answer, pair for pair, on 400 random clusters', () => {
    let open = 0;
    let unknown = 0;
    for (let seed = 1; seed <= 400; seed++) {
      const index = indexOf(randomCluster(seed));
      const pruned = reachOf(index);
      const exhaustive = reachOf(index, { exhaustive: true });
      expect(pruned, `seed ${seed}: ${yaml.dump(randomCluster(seed).objects)}`).toEqual(exhaustive);
      open += pruned.pairs.filter((p) => p.status === 'open').length;
      unknown += pruned.pairs.filter((p) => p.status === 'unknown').length;
    }
    // the clusters must exercise every verdict, or the comparison proves little
    expect(open).toBeGreaterThan(1000);
    expect(unknown).toBeGreaterThan(500);
  });

  it('gives the exhaustive answer on every reachability fixture', () => {
    for (const fixture of FIXTURES) {
      const index = () => indexFromText(readFileSync(join(DIR, fixture), 'utf8'));
      expect(reachOf(index), fixture).toEqual(reachOf(index, { exhaustive: true }));
    }
  });
});

describe('computeReachability with closedPairs: false (the report form)', () => {
  it('lists the open and unknown pairs of the full matrix, in its order, and no closed pair', () => {
    for (let seed = 1; seed <= 100; seed++) {
      const index = indexOf(randomCluster(seed));
      const full = reachOf(index);
      const sparse = reachOf(index, { closedPairs: false });
      expect(sparse.tenants).toEqual(full.tenants);
      expect(sparse.pairs).toEqual(full.pairs.filter((p) => p.status !== 'closed'));
    }
  });

  it('leaves out the closed pairs of a fixture whose open pairs are known', () => {
    // namespace-selector-all.yaml: b's web admits every namespace; a and c deny all ingress
    const r = reachOf(() => indexFromText(readFileSync(join(DIR, 'namespace-selector-all.yaml'), 'utf8')), { closedPairs: false });
    expect(r.tenants).toEqual(['a', 'b', 'c']);
    expect(r.pairs.map((p) => `${p.from}->${p.to}:${p.status}`)).toEqual(['a->b:open', 'c->b:open']);
  });

  it('keeps every pair of a tenant whose NetworkPolicies could not be read, as unknown', () => {
    const text = readFileSync(join(DIR, 'default-deny.yaml'), 'utf8');
    const access: AccessOutcome[] = [{ groupKind: 'NetworkPolicy.networking.k8s.io', status: 'partial', forbiddenNamespaces: ['b'] }];
    const r = reachOf(() => indexFromText(text, 'fixture.yaml', access), { closedPairs: false });
    expect(r.pairs.map((p) => `${p.from}->${p.to}:${p.status}`)).toEqual(['a->b:unknown', 'b->a:unknown']);
    expect(r.pairs[0].reason).toBe('NetworkPolicies could not be read in namespace b');
  });
});
