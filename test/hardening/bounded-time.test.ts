import { describe, expect, it } from 'vitest';
import { renderTable } from '../../reports/table.js';
import { wildcardMatcher } from '../../src/model/glob.js';
import { applyWaivers } from '../../src/engine/waivers.js';
import type { Result } from '../../src/engine/result.js';
import { ResourceIndex } from '../../src/model/index.js';
import { parseManifestText } from '../../src/sources/manifests.js';
import { trustedLabelMatcher } from '../../src/k8s/network/index.js';
import { isSandbox } from '../../src/k8s/runtime/index.js';
import { platformMatcher } from '../../src/tenancy/platform.js';
import { SMALL_CHECKS, SMALL_CLUSTER, reportOf } from '../reports/report-fixtures.js';

// No timing assertions: the inputs are sized so that quadratic or exponential work would exceed
// the test timeout (30 s) by far, while linear work takes milliseconds.

describe('input sizes that were quadratic or exponential are linear', () => {
  it('a malformed YAML document followed by a long run of whitespace', () => {
    const text = `apiVersion: v1\nkind: ConfigMap\nmetadata: [\n${' '.repeat(400_000)}\nx`;
    const { errors } = parseManifestText(text, 'big.yaml');
    expect(errors[0].message).toMatch(/^invalid YAML/);
  });

  it('every other glob a tenant-chosen name meets: platform namespaces, trusted labels, sandbox handlers', () => {
    const name = `${'a-'.repeat(120)}x`;
    const glob = '*-*-*-*-*-*-canary';
    expect(platformMatcher([glob])(name)).toBe(false);
    expect(trustedLabelMatcher([glob])(name)).toBe(false);
    expect(isSandbox({ apiVersion: 'node.k8s.io/v1', kind: 'RuntimeClass', metadata: { name: 'x' }, handler: name }, [glob])).toBe(false);
    expect(platformMatcher(['*-*-*-*-*-*-x'])(name)).toBe(true);
  });

  it('a waiver glob with many stars against a long name that almost matches', () => {
    const name = `${'a-'.repeat(120)}x`; // 241 characters, a valid DNS label shape, no "canary"
    expect(wildcardMatcher('*-*-*-*-*-*-canary')(name)).toBe(false);
    expect(wildcardMatcher('*-*-*-*-*-*-x')(name)).toBe(true);
    const result: Result = {
      checkId: 'workload-privileged',
      family: 'workload',
      status: 'fail',
      severity: 'high',
      subject: { apiVersion: 'apps/v1', kind: 'Deployment', namespace: 'acme', name },
    };
    const index = new ResourceIndex({ objects: [], source: { type: 'manifests', files: [] } });
    const waived = applyWaivers([result], index, {
      waivers: [{ check: '*', reason: 'r', match: { name: '*-*-*-*-*-*-*-*-*-*-*-*-canary' } }],
      annotationWaivers: false,
      today: '2026-01-01',
    });
    expect(waived.results[0].status).toBe('fail');
  });

  it('the table reporter with 200,000 failing results of one check', async () => {
    const report = await reportOf([SMALL_CLUSTER], { checks: SMALL_CHECKS });
    const failing = report.results.find((r) => r.status === 'fail')!;
    report.results = Array.from({ length: 200_000 }, (_, i) => ({ ...failing, subject: { ...failing.subject, name: `d-${i}` } }));
    const text = renderTable(report, { color: false, baseDir: process.cwd() });
    expect(text).toContain('200000 finding(s)');
  });
});

describe('wildcardMatcher follows the glob rules waivers document', () => {
  it.each([
    ['*', 'anything', true],
    ['*', '', true],
    ['team-*', 'team-a', true],
    ['team-*', 'xteam-a', false],
    ['*-canary', 'web-canary', true],
    ['*-canary', 'web-canary-2', false],
    ['a*b*c', 'abc', true],
    ['a*b*c', 'aXbYbZc', true],
    ['a*b*c', 'acb', false],
    ['w?b', 'web', true],
    ['w?b', 'wb', false],
    ['exact', 'exact', true],
    ['exact', 'exactly', false],
    ['ns/*', 'ns/a', true],
    ['*', 'a/b', false], // as picomatch: a star does not cross a slash
  ])('%s against %s is %s', (glob, text, expected) => {
    expect(wildcardMatcher(glob)(text)).toBe(expected);
  });
});
