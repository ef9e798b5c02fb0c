import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { describe, expect, it } from 'vitest';
import { INPUT_SUITE, renderJunit } from '../../reports/junit.js';
import type { Report } from '../../src/engine/report.js';
import { EXAMPLE, HOSTILE, SMALL_CHECKS, SMALL_CLUSTER, reportOf } from './report-fixtures.js';
import { expectEvery } from '../helpers/expect-every.js';

interface TestCase {
  '@_classname': string;
  '@_name': string;
  '@_file'?: string;
  '@_line'?: string;
  failure?: { '@_message': string; '@_type': string; '#text': string };
  error?: { '@_message': string; '#text'?: string };
  skipped?: { '@_message': string };
  'system-out'?: string;
}
interface Suite {
  '@_name': string;
  '@_tests': string;
  '@_failures': string;
  '@_errors': string;
  '@_skipped': string;
  properties?: { property: Array<{ '@_name': string; '@_value': string }> };
  testcase: TestCase[];
}
interface Suites {
  '@_tests': string;
  '@_failures': string;
  '@_errors': string;
  '@_skipped': string;
  testsuite: Suite[];
}

/** Parse the JUnit XML back, as a CI system would. */
function parse(xml: string): Suites {
  expect(XMLValidator.validate(xml)).toBe(true);
  const parser = new XMLParser({
    ignoreAttributes: false,
    trimValues: false,
    parseTagValue: false,
    parseAttributeValue: false,
    isArray: (name) => name === 'testsuite' || name === 'testcase' || name === 'property',
  });
  return (parser.parse(xml) as { testsuites: Suites }).testsuites;
}

const render = (report: Report) => parse(renderJunit(report, { color: false, baseDir: process.cwd() }));

describe('--format junit', () => {
  it('has one suite per check and one test case per result, counted like the report (the example scan)', async () => {
    const report = await reportOf([EXAMPLE]);
    const suites = render(report);
    const checkSuites = suites.testsuite.filter((s) => s['@_name'] !== INPUT_SUITE);
    const withResults = report.checks.map((c) => c.id).filter((id) => report.results.some((r) => r.checkId === id));
    expect(checkSuites.map((s) => s['@_name'])).toEqual(withResults);
    for (const suite of checkSuites) {
      const results = report.results.filter((r) => r.checkId === suite['@_name']);
      const count = (...statuses: string[]) => String(results.filter((r) => statuses.includes(r.status)).length);
      expect(suite.testcase).toHaveLength(results.length);
      expect(suite['@_tests']).toBe(String(results.length));
      expect(suite['@_failures']).toBe(count('fail'));
      expect(suite['@_errors']).toBe(count('error'));
      expect(suite['@_skipped']).toBe(count('waived', 'not-evaluated'));
      expect(suite.testcase.filter((t) => t.failure)).toHaveLength(Number(count('fail')));
      expect(new Set(suite.testcase.map((t) => t['@_name'])).size).toBe(results.length);
    }
    const inputs = report.loadErrors.length;
    expect(suites['@_tests']).toBe(String(report.results.length + inputs));
    expect(suites['@_failures']).toBe(String(report.results.filter((r) => r.status === 'fail').length));
  });

  it('maps fail to failure, error to error, not-evaluated and waived to skipped with the reason, and load errors to an input suite', async () => {
    const scanned = await reportOf([SMALL_CLUSTER], {
      checks: SMALL_CHECKS,
      access: [{ groupKind: 'NetworkPolicy.networking.k8s.io', status: 'partial', forbiddenNamespaces: ['beta'], reason: '403 Forbidden' }],
    });
    // the first hostPath finding waived by the config, as a waiver in the config file does
    let waivedOne = false;
    const report: Report = {
      ...scanned,
      results: scanned.results.map((r) => {
        if (waivedOne || r.status !== 'fail') return r;
        waivedOne = true;
        return { ...r, status: 'waived', waiver: { reason: 'log agent, reviewed by platform', expires: '2030-06-30', origin: 'config' } };
      }),
    };
    const suites = render(report);
    const byName = new Map(suites.testsuite.map((s) => [s['@_name'], s]));

    const hostPath = byName.get('storage-hostpath-volume')!;
    expect(hostPath.testcase.map((t) => t['@_name'])).toEqual([
      'alpha › Deployment.apps alpha/log-agent /spec/template/spec/volumes/0/hostPath',
      'alpha › Deployment.apps alpha/log-agent /spec/template/spec/volumes/1/hostPath',
      'beta › Deployment.apps beta/web',
    ]);
    const [waived, failed, passed] = hostPath.testcase;
    expect(waived.skipped?.['@_message']).toBe('waived by the config: log agent, reviewed by platform (expires 2030-06-30)');
    expect(waived.failure).toBeUndefined();
    expect(failed.failure?.['@_type']).toBe('high');
    expect(failed.failure?.['@_message']).toBe('hostPath volume "sock" (/run/containerd/containerd.sock) is mounted by container "agent"');
    expect(failed.failure?.['#text']).toContain('how to fix: ');
    expect(failed['@_classname']).toBe('tenantscan.storage.storage-hostpath-volume');
    // relative to the working directory (the repository root), as CI tools resolve it
    expect(failed['@_file']).toBe('test/reports/fixtures/small-cluster.yaml');
    // the line of the hostPath field the finding's path names, not the Deployment's first line (22)
    expect(failed['@_line']).toBe('44');
    expect(passed.failure ?? passed.skipped ?? passed.error).toBeUndefined();
    expect(hostPath['@_failures']).toBe('1');
    expect(hostPath['@_skipped']).toBe('1');
    expect(hostPath.properties?.property).toContainEqual({ '@_name': 'severity', '@_value': 'high' });

    const needs = byName.get('test-needs-policies')!;
    expect(needs.testcase.map((t) => [t['@_name'], t.skipped?.['@_message'] ?? 'pass'])).toEqual([
      ['alpha › Namespace alpha', 'pass'],
      ['beta › Namespace beta', expect.stringMatching(/^not evaluated: .*NetworkPolicy.*403 Forbidden/)],
    ]);

    const throws = byName.get('test-throws')!;
    expect(throws['@_errors']).toBe('2');
    expectEvery(throws.testcase, (t) => t.error?.['@_message'] === 'check threw: boom <b>not bold</b>');

    const input = byName.get(INPUT_SUITE)!;
    expect(input.testcase).toHaveLength(1);
    expect(input.testcase[0].error?.['@_message']).toBeTruthy();
    expect(input.testcase[0]['@_name']).toMatch(/small-cluster\.yaml:\d+$/);
    expect(suites['@_errors']).toBe('3');
    expect(suites['@_skipped']).toBe('2');
    expect(suites['@_failures']).toBe('1');
  });

  it('round-trips markup and quotes in cluster strings as text', async () => {
    const report = await reportOf([HOSTILE]);
    const suites = render(report);
    const cases = suites.testsuite.flatMap((s) => s.testcase);
    expect(cases.map((t) => t['@_name'])).toContain(
      '<script>window.__pwned=1</script> › Deployment.apps evil-ns/"><img src=x onerror="window.__pwned=1">',
    );
    const failure = cases.find((t) => t.failure?.['@_message'].includes('/var/<script>'))?.failure;
    expect(failure?.['@_message']).toBe(
      'hostPath volume "host" (/var/<script>window.__pwned=1</script>|`x`) is mounted by container "<b>c</b>"',
    );
  });
});
