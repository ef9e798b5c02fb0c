import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import check from '../../../checks/exposure/exposure-endpoints-cross-tenant.js';
import { CheckTester, fixtureCases } from '../../../src/testing/index.js';
import { expectEvery } from '../../helpers/expect-every.js';
import { failures, passes, runCheckOnFixture, runCheckOnText } from '../../helpers/fixtures.js';

new CheckTester({ describe, it }).run(check, fixtureCases(join(import.meta.dirname, 'exposure-endpoints-cross-tenant')));

const FIX = 'exposure/exposure-endpoints-cross-tenant';
const where = (r: { subject: { kind: string; namespace?: string; name: string }; path?: string }) =>
  `${r.subject.kind} ${r.subject.namespace ?? ''}/${r.subject.name} ${r.path ?? ''}`.trim();

describe('exposure-endpoints-cross-tenant', () => {
  it("fails endpoints no controller writes that hold another tenant's pods, by pod IP (any IPv6 spelling) and by targetRef, and the Ingress in front", () => {
    const results = runCheckOnFixture(check, `${FIX}/fail-endpoints-to-other-tenant.yaml`);
    expect(failures(results).map(where)).toEqual([
      'Endpoints alpha-prod/db-proxy /subsets/0/addresses/0/ip',
      'EndpointSlice alpha-prod/cache-x7k2p /endpoints/0/addresses/0',
      'Ingress alpha-prod/reports /spec/rules/0/http/paths/0/backend/service/name',
    ]);
    const [endpoints, slice, ingress] = failures(results);
    expect(endpoints.message).toBe(
      "Endpoints db-proxy of Service db-proxy sends its traffic to pods of tenant beta (beta/orders-db-0, by pod IP): kube-proxy and the proxies in front of the Service reach them outside NetworkPolicy's pod selectors (CVE-2021-25740)",
    );
    // The managed-by label is the EndpointSlice controller's, but Service cache has no selector: no controller wrote it.
    expect(slice.message).toContain('pods of tenant beta (beta/cache-0, by targetRef)');
    expect(ingress.message).toContain(
      'Ingress backend reports.alpha.example.com/db is Service db-proxy, which reaches tenant beta through Endpoints db-proxy',
    );
    expect(ingress.related?.map((r) => `${r.kind}/${r.name}`)).toEqual(['Service/db-proxy', 'Endpoints/db-proxy']);
    expectEvery(failures(results), (r) => r.tenant === 'alpha' && r.severity === 'high');
    // The Endpoints' second address is a pod of alpha's own second namespace.
    expect(endpoints.message).not.toContain('api-0');
  });

  it("fails ExternalName Services that name another tenant's Service in every DNS form, and Ingress backends that use them", () => {
    const results = runCheckOnFixture(check, `${FIX}/fail-external-name.yaml`);
    expect(failures(results).map(where)).toEqual([
      'Service alpha/billing-api /spec/externalName',
      'Service alpha/billing-short /spec/externalName',
      'Service alpha/billing-svc /spec/externalName',
      'Service alpha/ledger-primary /spec/externalName',
      'Ingress alpha/storefront /spec/defaultBackend/service/name',
      'Ingress alpha/storefront /spec/rules/0/http/paths/0/backend/service/name',
    ]);
    expect(failures(results)[0].message).toBe(
      'ExternalName Service points at Service beta/billing of tenant beta (Billing.Beta.svc.cluster.local.): an Ingress controller or proxy that follows it reaches that tenant with its own network access (CVE-2021-25740)',
    );
    expect(failures(results)[3].message).toContain('points at Service beta/ledger of tenant beta');
  });

  it('fails a namespace where a tenant subject may write endpoints, naming what it may do; a platform grant is not a finding', () => {
    const results = runCheckOnFixture(check, `${FIX}/fail-endpoints-writable.yaml`);
    const byNs = Object.fromEntries(failures(results).map((r) => [r.subject.name, r]));
    expect(Object.keys(byNs).sort()).toEqual(['team-a', 'team-b']);
    expect(byNs['team-a'].message).toBe(
      `Group "team-a-devs" (tenant team-a) may create or patch endpoints; create endpointslices in this namespace, and so point a Service (and the Ingress or load balancer in front of it) at any address, other tenants' pods included (CVE-2021-25740)`,
    );
    expect(byNs['team-a'].related?.map((r) => `${r.kind}/${r.name}`)).toEqual([
      'RoleBinding/devs-external-endpoints',
      'Role/external-endpoints',
    ]);
    // edit on an upgraded cluster: the input's pre-1.22 system:aggregate-to-edit still writes endpoints.
    expect(byNs['team-b'].message).toContain('User "bob" (tenant team-b) may create, update or patch endpoints in this namespace');
    expect(failures(results).some((r) => r.message?.includes('external-dns'))).toBe(false);
  });

  it("passes the controllers' endpoints, mirrored slices, host-network IPs, platform and foreign-domain ExternalNames, and today's edit", () => {
    const results = runCheckOnFixture(check, `${FIX}/pass-controller-endpoints.yaml`, {
      options: { checkOptions: { 'exposure-endpoints-cross-tenant': { clusterDomain: 'k8s.internal' } } },
    });
    expect(failures(results)).toEqual([]);
    expect(passes(results).map((r) => r.subject.name)).toEqual(['alpha', 'beta']);
  });

  it('reads ExternalName targets against the configured cluster domain', () => {
    const text = `
apiVersion: v1
kind: Namespace
metadata: { name: alpha }
---
apiVersion: v1
kind: Namespace
metadata: { name: beta }
---
apiVersion: v1
kind: Service
metadata: { name: web, namespace: alpha }
spec: { type: ExternalName, externalName: web.beta.svc.k8s.internal }
`;
    expect(failures(runCheckOnText(check, text))).toEqual([]);
    const configured = { options: { checkOptions: { 'exposure-endpoints-cross-tenant': { clusterDomain: 'k8s.internal' } } } };
    expect(failures(runCheckOnText(check, text, configured)).map(where)).toEqual(['Service alpha/web /spec/externalName']);
  });

  it('is critical under multi-customer', () => {
    const results = runCheckOnFixture(check, `${FIX}/fail-external-name.yaml`, { options: { profile: 'multi-customer' } });
    expectEvery(failures(results), (r) => r.severity === 'critical');
  });

  it('is not-evaluated when RBAC could not be read and nothing else fails, and still fails foreign endpoints', () => {
    const access = [{ groupKind: 'RoleBinding.rbac.authorization.k8s.io', status: 'none' as const, reason: '403 Forbidden' }];
    const writable = runCheckOnFixture(check, `${FIX}/fail-endpoints-writable.yaml`, { access });
    expect(writable.map((r) => r.status)).toEqual(['not-evaluated', 'not-evaluated']);
    const foreign = runCheckOnFixture(check, `${FIX}/fail-endpoints-to-other-tenant.yaml`, { access });
    expect(failures(foreign)).toHaveLength(3);
  });

  it('is not-evaluated when an address matches no Pod and Pods could not be read everywhere', () => {
    const access = [{ groupKind: 'Pod', status: 'partial' as const, reason: '403 Forbidden', forbiddenNamespaces: ['gamma'] }];
    const text = `
apiVersion: v1
kind: Namespace
metadata: { name: alpha }
---
apiVersion: v1
kind: Service
metadata: { name: db, namespace: alpha }
spec: { ports: [{ port: 5432 }] }
---
apiVersion: v1
kind: Endpoints
metadata: { name: db, namespace: alpha }
subsets: [{ addresses: [{ ip: 10.244.9.9 }], ports: [{ port: 5432 }] }]
`;
    const [result] = runCheckOnText(check, text, { access });
    expect(result.status).toBe('not-evaluated');
    expect(result.reason).toContain('10.244.9.9 match no Pod read');
    expect(runCheckOnText(check, text).map((r) => r.status)).toEqual(['pass']);
  });
});
