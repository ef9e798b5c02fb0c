import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { XMLParser } from 'fast-xml-parser';
import yaml from 'js-yaml';
import { describe, expect, it } from 'vitest';
import { renderJunit } from '../../reports/junit.js';
import { renderSarif } from '../../reports/sarif.js';
import { renderTable } from '../../reports/table.js';
import workloadPrivileged from '../../checks/workload/workload-privileged.js';
import workloadPrivilegeEscalation from '../../checks/workload/workload-privilege-escalation.js';
import { scan } from '../../src/engine/scan.js';
import { ResourceIndex } from '../../src/model/index.js';
import { DocumentPositions } from '../../src/sources/field-positions.js';
import { parseManifestText, resolveScopes, splitDocuments } from '../../src/sources/manifests.js';
import { failures, runCheckOnText } from '../helpers/fixtures.js';

const REPO_ROOT = join(import.meta.dirname, '..', '..');

/** 1-based line and column of the first occurrence of `needle` in `text`, at or after `from` (a string that precedes it). */
function positionOf(text: string, needle: string, from = ''): { line: number; column: number } {
  const offset = text.indexOf(needle, from ? text.indexOf(from) : 0);
  expect(offset, `${needle} in the fixture`).toBeGreaterThanOrEqual(0);
  const before = text.slice(0, offset).replace(/\r/g, '');
  const lines = before.split('\n');
  return { line: lines.length, column: lines[lines.length - 1].length + 1 };
}

const MULTI = `# Two documents: the finding is in the second, in an init container.
apiVersion: v1
kind: Namespace
metadata:
  name: team-a
---
apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
  namespace: team-a
spec:
  template:
    spec:
      initContainers:
        - name: setup
          image: busybox
          securityContext:
            privileged: true
      containers:
        - name: app
          image: nginx
`;

describe('findings point at the field their JSON pointer names', () => {
  it('a privileged init container in the second document: the line and column of `privileged: true`', () => {
    const [failure] = failures(runCheckOnText(workloadPrivileged, MULTI, {}, 'multi.yaml'));
    expect(failure.path).toBe('/spec/template/spec/initContainers/0/securityContext/privileged');
    expect(failure.location).toEqual({ file: 'multi.yaml', ...positionOf(MULTI, 'privileged: true') });
    expect(failure.location?.line).toBe(19);
  });

  it('a field that is absent (no securityContext) points at its nearest written ancestor: the container', () => {
    const found = failures(runCheckOnText(workloadPrivilegeEscalation, MULTI, {}, 'multi.yaml'));
    const app = found.find((r) => r.path === '/spec/template/spec/containers/0');
    expect(app?.location).toEqual({ file: 'multi.yaml', ...positionOf(MULTI, 'name: app') });
    // and an absent field below an existing one stops at that one
    const parsed = parseManifestText(MULTI, 'multi.yaml').objects;
    const deployment = { locate: resolveScopes(parsed, 'default', () => MULTI).fieldLocators.get(parsed[1].object)! };
    expect(deployment.locate('/spec/template/spec/containers/0/securityContext/allowPrivilegeEscalation')).toEqual({
      file: 'multi.yaml',
      ...positionOf(MULTI, 'name: app'),
    });
    expect(deployment.locate('/spec/template/spec/initContainers/0/securityContext/allowPrivilegeEscalation')).toEqual({
      file: 'multi.yaml',
      ...positionOf(MULTI, 'securityContext:'),
    });
    // the object itself, and a pointer that is not one, keep the document's first line
    expect(deployment.locate('')).toEqual({ file: 'multi.yaml', line: 7 });
    expect(deployment.locate('spec')).toEqual({ file: 'multi.yaml', line: 7 });
    expect(deployment.locate('/status/nothing')).toEqual({ file: 'multi.yaml', line: 7 });
  });

  it('an item of a YAML List: the field inside that item', () => {
    const text = [
      'apiVersion: v1',
      'kind: List',
      'items:',
      '  - apiVersion: v1',
      '    kind: Pod',
      '    metadata: { name: first, namespace: team-a }',
      '    spec:',
      '      containers: [{ name: c, image: x }]',
      '  - apiVersion: v1',
      '    kind: Pod',
      '    metadata: { name: second, namespace: team-a }',
      '    spec:',
      '      containers:',
      '        - name: c',
      '          image: x',
      '          securityContext: { privileged: true }',
      '',
    ].join('\n');
    const [failure] = failures(runCheckOnText(workloadPrivileged, text, {}, 'list.yaml'));
    expect(failure.subject.name).toBe('second');
    expect(failure.location).toEqual({ file: 'list.yaml', ...positionOf(text, 'privileged: true') });
    expect(failure.location).toMatchObject({ line: 16, column: 30 });
  });

  it('JSON input (kubectl get -o json): the key of the field in the right item', () => {
    const pod = (name: string, privileged: boolean) => ({
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: { name, namespace: 'team-a' },
      spec: { containers: [{ name: 'c', image: 'x', securityContext: { privileged } }] },
    });
    const text = JSON.stringify({ apiVersion: 'v1', kind: 'List', items: [pod('a', false), pod('b', true)] }, null, 2);
    const [failure] = failures(runCheckOnText(workloadPrivileged, text, {}, 'pods.json'));
    expect(failure.subject.name).toBe('b');
    expect(failure.location).toEqual({ file: 'pods.json', ...positionOf(text, '"privileged": true') });
  });

  it('YAML documents written as JSON objects (one per `---` document)', () => {
    const text = `${JSON.stringify({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'team-a' } })}\n---\n${JSON.stringify({
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: { name: 'p', namespace: 'team-a' },
      spec: { containers: [{ name: 'c', image: 'x', securityContext: { privileged: true } }] },
    })}\n`;
    const [failure] = failures(runCheckOnText(workloadPrivileged, text, {}, 'docs.yaml'));
    expect(failure.location).toEqual({ file: 'docs.yaml', ...positionOf(text, '"privileged":true') });
  });

  it('CRLF line ends and a flow mapping on the `---` line', () => {
    const text = MULTI.replace('---\n', '--- # second\n').replace(/\n/g, '\r\n');
    const [failure] = failures(runCheckOnText(workloadPrivileged, text, {}, 'crlf.yaml'));
    expect(failure.location).toEqual({ file: 'crlf.yaml', ...positionOf(text, 'privileged: true') });
  });

  it('the table, SARIF (startLine, startColumn) and JUnit carry the position', () => {
    const parsed = parseManifestText(MULTI, '/repo/k8s/multi.yaml');
    const index = new ResourceIndex({
      ...resolveScopes(parsed.objects, 'default', () => MULTI),
      source: { type: 'manifests', files: ['/repo/k8s/multi.yaml'] },
    });
    const report = scan(index, [workloadPrivileged], { profile: 'multi-team', tenancy: {}, checkOptions: {}, sandboxHandlers: [] });
    const options = { color: false, baseDir: '/repo' };
    const at = positionOf(MULTI, 'privileged: true');

    expect(renderTable(report, options)).toContain(`k8s/multi.yaml:${at.line}:${at.column}`);

    const sarif = JSON.parse(renderSarif(report, options));
    expect(sarif.runs[0].results).toHaveLength(1);
    expect(sarif.runs[0].results[0].locations[0].physicalLocation).toMatchObject({
      artifactLocation: { uri: 'k8s/multi.yaml' },
      region: { startLine: at.line, startColumn: at.column },
    });

    const junit = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: '' }).parse(renderJunit(report, options));
    type TestCase = { failure?: unknown; file?: string; line?: string };
    const cases: TestCase[] = [junit.testsuites.testsuite].flat().flatMap((s: { testcase: TestCase | TestCase[] }) => [s.testcase].flat());
    const failed = cases.filter((c) => c.failure);
    expect(failed).toHaveLength(1);
    expect(failed[0]).toMatchObject({ file: 'k8s/multi.yaml', line: String(at.line) });
  });
});

describe('the fast readers agree with the yaml package', () => {
  /** Every JSON pointer into a value, the value's own first. */
  function* pointersOf(value: unknown, prefix = ''): Generator<string> {
    if (prefix) yield prefix;
    if (value && typeof value === 'object') {
      for (const [k, v] of Object.entries(value)) yield* pointersOf(v, `${prefix}/${k.replace(/~/g, '~0').replace(/\//g, '~1')}`);
    }
  }
  const files = [join(REPO_ROOT, 'examples'), join(REPO_ROOT, 'test')].flatMap((dir) =>
    readdirSync(dir, { recursive: true, encoding: 'utf8' })
      .filter((f) => /\.(ya?ml|json)$/.test(f) && !f.includes('node_modules'))
      .map((f) => join(dir, f)),
  );

  it("on every field of every object of the repository's manifests (YAML, JSON, Lists, flow style)", () => {
    let compared = 0;
    let fileCount = 0;
    for (const file of files) {
      const text = readFileSync(file, 'utf8').replace(/^\ufeff/, '');
      if (text.includes('\u0000')) continue;
      let isJson = false;
      try {
        JSON.parse(text);
        isJson = /^\s*[{[]/.test(text);
      } catch {
        // YAML
      }
      const docs = isJson ? [{ text, startLine: 1 }] : splitDocuments(text);
      let counted = false;
      for (const doc of docs) {
        let value: unknown;
        try {
          value = isJson ? JSON.parse(doc.text) : yaml.load(doc.text);
        } catch {
          continue;
        }
        if (!value || typeof value !== 'object' || Array.isArray(value)) continue;
        const fast = new DocumentPositions(doc.text, doc.startLine, file, isJson ? 'json' : 'yaml');
        const reference = new DocumentPositions(doc.text, doc.startLine, file, 'yaml-package');
        const fallback = { file, line: doc.startLine };
        const objects: Array<[string, unknown]> = Array.isArray((value as { items?: unknown }).items)
          ? (value as { items: unknown[] }).items.map((item, i) => [`/items/${i}`, item])
          : [['', value]];
        for (const [base, object] of objects) {
          const [a, b] = [fast.locatorFor(base, fallback), reference.locatorFor(base, fallback)];
          for (const pointer of pointersOf(object)) {
            expect(a(pointer), `${file} ${base}${pointer}`).toEqual(b(pointer));
            expect(a(`${pointer}/absent/field`), `${file} ${base}${pointer}/absent/field`).toEqual(b(`${pointer}/absent/field`));
            compared++;
            counted = true;
          }
        }
      }
      if (counted) fileCount++;
    }
    expect(fileCount).toBeGreaterThan(100);
    expect(compared).toBeGreaterThan(10_000);
  });
});
