import { describe, expect, it } from 'vitest';
import { ResourceIndex } from '../../src/model/index.js';
import { type LabelSelector, LabelIndex, matchesSelector } from '../../src/model/selectors.js';
import type { KubeObject } from '../../src/model/types.js';

/**
 * LabelIndex only narrows the candidates that matchesSelector then decides, so it must return
 * exactly what filtering every object returns, in the same order, for every selector shape the
 * API accepts and for the malformed ones a manifest may hold.
 */

const KEYS = ['team', 'env', 'kubernetes.io/metadata.name', 'capsule.clastix.io/tenant'];
const VALUES = ['a', 'b', 'prod', 'ns1', 'ns2', ''];

function objects(count: number, seed: number): KubeObject[] {
  let state = seed;
  const next = () => (state = (state * 1103515245 + 12345) & 0x7fffffff) % 1000;
  return Array.from({ length: count }, (_, i) => {
    const labels: Record<string, string> = {};
    for (const key of KEYS) if (next() < 600) labels[key] = VALUES[next() % VALUES.length];
    return { apiVersion: 'v1', kind: 'Namespace', metadata: { name: `ns${i}`, labels } };
  });
}

const SELECTORS: LabelSelector[] = [
  {},
  { matchLabels: {} },
  { matchLabels: { team: 'a' } },
  { matchLabels: { team: 'a', env: 'prod' } },
  { matchLabels: { team: 'zzz' } },
  { matchLabels: { team: '' } },
  { matchExpressions: [{ key: 'team', operator: 'In', values: ['a', 'b'] }] },
  { matchExpressions: [{ key: 'team', operator: 'In', values: [] }] },
  { matchExpressions: [{ key: 'team', operator: 'NotIn', values: ['a'] }] },
  { matchExpressions: [{ key: 'env', operator: 'Exists' }] },
  { matchExpressions: [{ key: 'env', operator: 'DoesNotExist' }] },
  {
    matchExpressions: [
      { key: 'env', operator: 'Exists' },
      { key: 'team', operator: 'In', values: ['b'] },
    ],
  },
  { matchLabels: { env: 'prod' }, matchExpressions: [{ key: 'team', operator: 'NotIn', values: ['a', 'b'] }] },
  { matchExpressions: [{ key: 'team', operator: 'Gt', values: ['1'] }] },
  { matchLabels: null, matchExpressions: null },
  // malformed, as a manifest may hold them: never narrowed, so matchesSelector reads them as before
  { matchExpressions: [{ key: 'team', operator: 'In', values: 'ab' as unknown as string[] }] },
  { matchLabels: 'team' as unknown as Record<string, string> },
  { matchLabels: { team: undefined as unknown as string } },
];

describe('LabelIndex', () => {
  it('returns exactly the objects that matchesSelector accepts, in their order', () => {
    for (const seed of [1, 2, 3]) {
      const items = objects(200, seed);
      const index = new LabelIndex(items, (o) => o.metadata.labels);
      for (const selector of SELECTORS) {
        const expected = items.filter((o) => matchesSelector(selector, o.metadata.labels));
        expect(index.matching(selector), JSON.stringify(selector)).toEqual(expected);
      }
    }
  });

  it('matches what the selectors select, not only what filtering returns', () => {
    const items = objects(50, 7);
    const index = new LabelIndex(items, (o) => o.metadata.labels);
    const prodOrA = index.matching({
      matchExpressions: [
        { key: 'team', operator: 'In', values: ['a'] },
        { key: 'env', operator: 'Exists' },
      ],
    });
    expect(prodOrA.length).toBeGreaterThan(0);
    for (const o of prodOrA) {
      expect(o.metadata.labels?.team).toBe('a');
      expect(o.metadata.labels).toHaveProperty('env');
    }
  });
});

describe('ResourceIndex.namespacesMatching and podTemplatesIn', () => {
  const index = new ResourceIndex({
    source: { type: 'manifests', files: [] },
    objects: [
      ...objects(30, 5),
      { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'p', namespace: 'ns3' }, spec: { containers: [] } },
      {
        apiVersion: 'apps/v1',
        kind: 'Deployment',
        metadata: { name: 'd', namespace: 'ns3' },
        spec: { template: { spec: { containers: [] } } },
      },
      { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'q', namespace: 'elsewhere' }, spec: { containers: [] } },
    ],
  });

  it('selects namespaces by their labels, the synthesized name label included', () => {
    expect(index.namespacesMatching({ matchLabels: { 'kubernetes.io/metadata.name': 'elsewhere' } }).map((n) => n.metadata.name)).toEqual([
      'elsewhere',
    ]);
    expect(index.namespacesMatching({})).toEqual(index.namespaces());
    const teamA = index.namespaces().filter((n) => n.metadata.labels?.team === 'a');
    expect(index.namespacesMatching({ matchLabels: { team: 'a' } })).toEqual(teamA);
  });

  it('gives the pod templates of one namespace, in podTemplates() order', () => {
    expect(index.podTemplatesIn('ns3').map((t) => `${t.owner.kind}/${t.owner.metadata.name}`)).toEqual(['Pod/p', 'Deployment/d']);
    expect(index.podTemplatesIn('ns3')).toEqual(index.podTemplates().filter((t) => t.namespace === 'ns3'));
    expect(index.podTemplatesIn('nowhere')).toEqual([]);
  });
});
