import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Report } from '../../src/engine/report.js';
import { ResourceIndex } from '../../src/model/index.js';
import { scanInProcess } from '../helpers/cli.js';

const GOOD = `apiVersion: v1
kind: Namespace
metadata:
  name: acme
  labels:
    capsule.clastix.io/tenant: acme
---
apiVersion: capsule.clastix.io/v1beta2
kind: Tenant
metadata:
  name: acme
spec:
  owners:
    - kind: User
      name: alice
---
apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
  namespace: acme
spec:
  selector: { matchLabels: { app: web } }
  template:
    metadata: { labels: { app: web } }
    spec:
      containers: [{ name: web, image: nginx }]
`;

/** One wrongly typed field per case; the bad document starts at line 29 of the file (after GOOD and `---`). */
const CASES: Record<string, string> = {
  'metadata.namespace: 5': 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: bad\n  namespace: 5\n',
  'metadata.name not a string': 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: [a]\n  namespace: acme\n',
  'ownerReferences: "x"':
    'apiVersion: v1\nkind: Pod\nmetadata:\n  name: bad\n  namespace: acme\n  ownerReferences: x\nspec:\n  containers: [{ name: a, image: a }]\n',
  'ownerReferences: [null]':
    'apiVersion: v1\nkind: Pod\nmetadata:\n  name: bad\n  namespace: acme\n  ownerReferences: [null]\nspec:\n  containers: [{ name: a, image: a }]\n',
  'a label value that is a number':
    'apiVersion: v1\nkind: Namespace\nmetadata:\n  name: bad\n  labels:\n    capsule.clastix.io/tenant: 5\n',
  'an annotation value that is a mapping':
    'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: bad\n  namespace: acme\n  annotations:\n    note: { a: b }\n',
  'a numeric waiver annotation':
    'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: bad\n  namespace: acme\n  annotations:\n    tenantscan.io/waive: 5\n',
  'NetworkPolicy matchExpressions: 7':
    'apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata:\n  name: bad\n  namespace: acme\nspec:\n  podSelector:\n    matchExpressions: 7\n  policyTypes: [Ingress]\n',
  'NetworkPolicy matchExpressions: [null] in a peer':
    'apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata:\n  name: bad\n  namespace: acme\nspec:\n  podSelector: {}\n  ingress:\n    - from:\n        - namespaceSelector:\n            matchExpressions: [null]\n',
  'NetworkPolicy podSelector: "all"':
    'apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata:\n  name: bad\n  namespace: acme\nspec:\n  podSelector: all\n  policyTypes: [Ingress]\n',
  'Capsule spec.owners: 7': 'apiVersion: capsule.clastix.io/v1beta2\nkind: Tenant\nmetadata:\n  name: bad\nspec:\n  owners: 7\n',
  'Capsule spec.owners: [null]': 'apiVersion: capsule.clastix.io/v1beta2\nkind: Tenant\nmetadata:\n  name: bad\nspec:\n  owners: [null]\n',
};

describe('a wrongly typed field is reported with file and line, and the rest is scanned', () => {
  const dir = mkdtempSync(join(tmpdir(), 'tenantscan-typed-'));
  it.each(Object.entries(CASES))('%s', async (name, bad) => {
    const file = join(dir, `${name.replace(/\W+/g, '-')}.yaml`);
    writeFileSync(file, `${GOOD}---\n${bad}`);
    const { code, stdout, stderr } = await scanInProcess({ file: [file] });
    expect(stderr).not.toContain('internal error');
    expect(code).toBe(2); // a document that was not loaded cannot pass a gate
    const report = JSON.parse(stdout) as Report;
    const errors = report.loadErrors.filter((e) => e.level !== 'warning');
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatchObject({ file, line: 29 });
    expect(errors[0].message).toMatch(/object skipped|missing metadata.name/);
    expect(report.results.some((r) => r.subject.kind === 'Deployment' && r.subject.name === 'web')).toBe(true);
    expect(report.results.some((r) => r.subject.name === 'bad')).toBe(false);
  });
});

describe('the index refuses wrongly typed objects from any source, naming their API identity', () => {
  it('skips an object with a numeric namespace and keeps the others', () => {
    const index = new ResourceIndex({
      objects: [
        { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'ok', namespace: 'acme' } },
        { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'bad', namespace: 5 as unknown as string } },
      ],
      source: { type: 'cluster', server: 'https://127.0.0.1' },
    });
    expect(index.all().map((o) => o.metadata.name)).toEqual(['ok', 'acme']);
    expect(index.loadErrors).toEqual([{ file: 'v1 ConfigMap bad', message: 'metadata.namespace is not a string (5): object skipped' }]);
  });
});
