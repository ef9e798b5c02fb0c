import { describe, expect, it } from 'vitest';
import check from '../../../checks/exposure/exposure-external-ips.js';
import { failures, passes, runCheckOnFixture, runCheckOnText } from '../../helpers/fixtures.js';
import { expectEvery } from '../../helpers/expect-every.js';

const FIX = 'exposure/exposure-external-ips';

describe('exposure-external-ips', () => {
  it('flags spec.externalIPs on any Service type, and Capsule allow-lists do not clear existing Services', () => {
    const results = runCheckOnFixture(check, `${FIX}/fail-external-ips.yaml`);
    const byName = Object.fromEntries(failures(results).map((r) => [r.subject.name, r]));
    expect(
      failures(results)
        .map((r) => `${r.subject.name} ${r.path}`)
        .sort(),
    ).toEqual(['admin /spec/externalIPs', 'dns-cache /spec/externalIPs', 'ingress /spec/externalIPs', 'vpn /spec/externalIPs']);
    expect(byName['dns-cache'].message).toBe(
      "ClusterIP Service lists spec.externalIPs 8.8.8.8: kube-proxy sends traffic from every pod in the cluster for these IPs to this tenant's Service, whoever owns them (CVE-2020-8554)",
    );
    expect(byName.admin.message).toContain('NodePort Service lists spec.externalIPs 10.0.0.10, 10.0.0.11');
    // 10.10.4.2 is inside 10.10.0.0/16; 198.51.100.7 is outside the allow-list.
    expect(byName.vpn.message).toContain(
      '; Capsule Tenant "acme" allows 10.10.0.0/16, 192.0.2.40 (serviceOptions.externalIPs.allowed), so it would reject 198.51.100.7 on a new Service, but does not remove them from this one',
    );
    // A bare IP in the allow-list is a /32; an allowed IP still intercepts everyone's traffic to it.
    expect(byName.ingress.message).toContain(
      'allows 10.10.0.0/16, 192.0.2.40 (serviceOptions.externalIPs.allowed): make sure no other tenant',
    );
    expectEvery(failures(results), (r) => r.severity === 'high');
  });

  it('treats an empty allow-list as "no IPs allowed"', () => {
    const text = `
apiVersion: v1
kind: Namespace
metadata: { name: beta-prod, labels: { capsule.clastix.io/tenant: beta } }
---
apiVersion: capsule.clastix.io/v1beta2
kind: Tenant
metadata: { name: beta }
spec: { serviceOptions: { externalIPs: { allowed: [] } } }
---
apiVersion: v1
kind: Service
metadata: { name: relay, namespace: beta-prod }
spec: { ports: [{ port: 25 }], externalIPs: [192.0.2.99] }
`;
    const [r] = failures(runCheckOnText(check, text));
    expect(r.message).toContain(
      'Capsule Tenant "beta" allows no external IPs (serviceOptions.externalIPs.allowed), so it would reject 192.0.2.99',
    );
  });

  it('passes an empty externalIPs list and a LoadBalancer status address; ignores platform Services', () => {
    const results = runCheckOnFixture(check, `${FIX}/pass-no-external-ips.yaml`);
    expect(failures(results)).toEqual([]);
    expect(
      passes(results)
        .map((r) => r.subject.name)
        .sort(),
    ).toEqual(['billing-db', 'cassandra', 'shop', 'web']);
  });

  it('passes externalIPs on headless and ExternalName Services, which kube-proxy does not proxy, and says so', () => {
    const results = runCheckOnFixture(check, `${FIX}/pass-no-external-ips.yaml`);
    const note = (name: string) => results.find((r) => r.subject.name === name)?.message;
    expect(note('cassandra')).toBe(
      'lists spec.externalIPs 192.0.2.50, but kube-proxy does not proxy a headless Service (clusterIP: None), so no traffic for them is redirected',
    );
    expect(note('billing-db')).toBe(
      'lists spec.externalIPs 192.0.2.51, but kube-proxy does not proxy an ExternalName Service, so no traffic for them is redirected',
    );
  });

  it('is severity critical under multi-customer', () => {
    const results = runCheckOnFixture(check, `${FIX}/fail-external-ips.yaml`, { options: { profile: 'multi-customer' } });
    expect(new Set(failures(results).map((r) => r.severity))).toEqual(new Set(['critical']));
  });

  it('is not-evaluated when Services could not be read', () => {
    const results = runCheckOnFixture(check, `${FIX}/pass-no-external-ips.yaml`, {
      access: [{ groupKind: 'Service', status: 'none', reason: 'timeout' }],
    });
    expect(results.map((r) => r.status)).toEqual(['not-evaluated', 'not-evaluated', 'not-evaluated', 'not-evaluated']);
  });
});

describe('exposure-external-ips: services/status writers (CVE-2020-8554, second half)', () => {
  it('fails a LoadBalancer Service whose status a tenant subject may patch, naming the binding and role', () => {
    const results = runCheckOnFixture(check, 'exposure/exposure-external-ips/fail-services-status-writable.yaml');
    const failed = results.filter((r) => r.status === 'fail');
    expect(failed).toHaveLength(1);
    expect(failed[0]).toMatchObject({ subject: { kind: 'Service', name: 'public-api' }, path: '/status/loadBalancer', tenant: 'team-a' });
    expect(failed[0].message).toContain('Group "team-a-devs"');
    expect(failed[0].message).toContain('may patch or update services/status');
    expect(failed[0].related?.map((r) => `${r.kind}/${r.name}`)).toEqual(['RoleBinding/devs-lb-status', 'Role/lb-status-editor']);
    expect(results.find((r) => r.subject.name === 'internal')?.status).toBe('pass');
  });

  it('is not-evaluated for a LoadBalancer Service when RBAC could not be read, and still judges externalIPs', () => {
    const access = [{ groupKind: 'RoleBinding.rbac.authorization.k8s.io', status: 'none' as const, reason: '403 Forbidden' }];
    const results = runCheckOnFixture(check, 'exposure/exposure-external-ips/fail-services-status-writable.yaml', { access });
    expect(results.find((r) => r.subject.name === 'public-api')).toMatchObject({ status: 'not-evaluated' });
    expect(results.find((r) => r.subject.name === 'internal')?.status).toBe('pass');
    const ips = runCheckOnFixture(check, 'exposure/exposure-external-ips/fail-external-ips.yaml', { access });
    expect(ips.some((r) => r.status === 'fail')).toBe(true);
  });
});
