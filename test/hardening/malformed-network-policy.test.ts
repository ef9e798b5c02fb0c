import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Report } from '../../src/engine/report.js';
import { scanInProcess } from '../helpers/cli.js';

/**
 * A NetworkPolicy the API server would reject (`podSelector: "all"` is not a label selector,
 * networking/v1 NetworkPolicySpec) is reported as invalid and isolates nothing (src/model/validate.ts).
 */
const cluster = (podSelector: string) => `apiVersion: v1
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
  selector: { matchLabels: { app: web } }
  template:
    metadata: { labels: { app: web } }
    spec:
      containers: [{ name: web, image: nginx }]
---
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata:
  name: deny-all
  namespace: team-a
spec:
  podSelector: ${podSelector}
  policyTypes: [Ingress]
`;

async function scan(podSelector: string) {
  const file = join(mkdtempSync(join(tmpdir(), 'tenantscan-np-')), 'policy.yaml');
  writeFileSync(file, cluster(podSelector));
  const { code, stdout } = await scanInProcess({ file: [file] });
  const report = JSON.parse(stdout) as Report;
  const status = (checkId: string) =>
    report.results.find((r) => r.checkId === checkId && (r.subject.name === 'team-a' || r.subject.namespace === 'team-a'))?.status;
  return { file, code, report, status };
}

describe('a malformed NetworkPolicy (podSelector: "all")', () => {
  it('is reported invalid with file and line, and does not isolate the namespace', async () => {
    const { file, code, report, status } = await scan('all');
    expect(code).toBe(2);
    expect(report.loadErrors).toEqual([{ file, line: 18, message: 'spec.podSelector is not a label selector ("all"): object skipped' }]);
    expect(status('network-policy-missing')).toBe('fail');
    expect(status('network-ingress-not-isolated')).toBe('fail');
  });

  it('while the same policy, well-formed, isolates it (no failure of either check)', async () => {
    const { code, status } = await scan('{}');
    expect(code).toBe(0);
    expect(status('network-policy-missing')).not.toBe('fail');
    expect(status('network-ingress-not-isolated')).not.toBe('fail');
  });
});
