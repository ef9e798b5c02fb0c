import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { builtinChecks } from '../../checks/index.js';
import { FAMILIES, PROFILES, SEVERITIES, severityOf } from '../../src/engine/check.js';
import { fixturesOf, renderCheckPage } from '../../src/docs/check-page.js';

const ROOT = join(import.meta.dirname, '..', '..');

/** Check IDs of the catalog in ../shared/design/CHECKS.md (v1), probes excluded. */
const CATALOG = [
  'tenancy-pod-security-missing',
  'tenancy-namespace-self-managed',
  'tenancy-node-isolation-missing',
  'tenancy-default-namespace-used',
  'network-policy-missing',
  'network-ingress-not-isolated',
  'network-egress-not-isolated',
  'network-cross-tenant-ingress',
  'network-cross-tenant-egress',
  'network-untrusted-namespace-label',
  'quota-missing',
  'quota-limits-missing',
  'quota-limitrange-missing',
  'quota-object-counts-missing',
  'workload-resources-missing',
  'storage-hostpath-volume',
  'storage-class-reclaim-retain',
  'storage-pv-reclaim-retain',
  'storage-pv-node-local',
  'storage-pvc-prebound',
  'runtime-sandbox-missing',
  'runtime-class-not-found',
  'runtime-sandbox-unavailable',
  'workload-privileged',
  'workload-host-namespace',
  'workload-host-port',
  'workload-capabilities-added',
  'workload-privilege-escalation',
  'workload-run-as-root',
  'rbac-cluster-scope-grant',
  'rbac-cross-tenant-grant',
  'rbac-privilege-escalation',
  'rbac-quota-modifiable',
  'rbac-wildcard-rule',
  'rbac-system-group-binding',
  'api-crd-shared',
  'api-cluster-scoped-resource-writable',
  'api-crd-writable',
  'exposure-nodeport-service',
  'exposure-loadbalancer-service',
  'exposure-external-ips',
];

describe('the check catalog', () => {
  it('holds every check of CHECKS.md, with unique IDs, sorted', () => {
    const ids = builtinChecks.map((c) => c.id);
    expect([...ids].sort()).toEqual([...CATALOG].sort());
    expect(ids).toEqual([...ids].sort());
    expect(new Set(ids).size).toBe(ids.length);
  });

  describe.each(builtinChecks.map((c) => [c.id, c] as const))('%s', (id, check) => {
    it('has an ID that starts with a family name, and a known family', () => {
      expect(id).toMatch(/^[a-z]+(-[a-z0-9]+)+$/);
      expect(FAMILIES).toContain(check.family);
      expect(FAMILIES.some((f) => id.startsWith(`${f}-`))).toBe(true);
    });

    it('has metadata: title, description, rationale, remediation, a reference with a URL, severities per profile', () => {
      for (const field of [check.title, check.description, check.rationale, check.remediation])
        expect(field.trim().length).toBeGreaterThan(10);
      expect(check.references.some((r) => r.url?.startsWith('https://'))).toBe(true);
      for (const p of PROFILES) expect(SEVERITIES).toContain(severityOf(check, p));
    });

    it('has passing and failing fixtures whose header comment says what they prove', () => {
      const { pass, fail } = fixturesOf(ROOT, check);
      expect(pass.length, `test/checks/${check.family}/${id}/pass-*.yaml`).toBeGreaterThan(0);
      expect(fail.length, `test/checks/${check.family}/${id}/fail-*.yaml`).toBeGreaterThan(0);
      for (const file of [...pass, ...fail]) {
        expect(readFileSync(file, 'utf8').split('\n')[0], file).toMatch(/^# Proves: \S.{10,}/);
      }
    });

    it('has a spec', () => {
      expect(existsSync(join(ROOT, 'test', 'checks', check.family, `${id}.test.ts`))).toBe(true);
    });

    it('has a documentation page that is up to date (npm run docs:checks)', () => {
      const page = join(ROOT, 'docs', 'checks', `${id}.md`);
      expect(existsSync(page), `${page} is missing: run npm run docs:checks`).toBe(true);
      expect(readFileSync(page, 'utf8'), `${page} is stale: run npm run docs:checks`).toBe(renderCheckPage(check, ROOT));
    });
  });
});
