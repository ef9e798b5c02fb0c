import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import check from '../../../checks/exposure/exposure-gateway-open-listener.js';
import { CheckTester, fixtureCases } from '../../../src/testing/index.js';
import { expectEvery } from '../../helpers/expect-every.js';
import { failures, passes, runCheckOnFixture } from '../../helpers/fixtures.js';

new CheckTester({ describe, it }).run(check, fixtureCases(join(import.meta.dirname, 'exposure-gateway-open-listener')));

const FIX = 'exposure/exposure-gateway-open-listener';
const where = (r: { subject: { kind: string; namespace?: string; name: string }; path?: string }) =>
  `${r.subject.kind} ${r.subject.namespace ?? ''}/${r.subject.name} ${r.path ?? ''}`.trim();

describe('exposure-gateway-open-listener', () => {
  it("fails listeners open to all namespaces or to several tenants' namespaces, on platform and tenant Gateways", () => {
    const results = runCheckOnFixture(check, `${FIX}/fail-open-listeners.yaml`);
    expect(failures(results).map(where)).toEqual([
      'Gateway ingress-gateway/shared /spec/listeners/0/allowedRoutes/namespaces/from',
      'Gateway ingress-gateway/shared /spec/listeners/1/allowedRoutes/namespaces/selector',
      'Gateway alpha/alpha-edge /spec/listeners/0/allowedRoutes/namespaces/selector',
    ]);
    const [all, selector, own] = failures(results);
    expect(all.message).toBe(
      'listener public lets routes attach from every namespace (allowedRoutes.namespaces.from: All): any tenant can attach a route for any host and take traffic meant for the others',
    );
    expect(all.tenant).toBeUndefined();
    expect(selector.message).toContain('from namespaces of 2 tenants: alpha, beta (allowedRoutes.namespaces.selector)');
    expect(selector.message).toContain('for hosts matching *.apps.example.com');
    expect(own.tenant).toBe('alpha');
    expectEvery(failures(results), (r) => r.severity === 'medium');
  });

  it('fails each cross-namespace backend no ReferenceGrant allows: wrong referrer namespace, kind or name; mirrors; TCPRoutes', () => {
    const results = runCheckOnFixture(check, `${FIX}/fail-backend-without-grant.yaml`);
    expect(failures(results).map(where)).toEqual([
      'HTTPRoute alpha/shop /spec/rules/0/backendRefs/1',
      'HTTPRoute alpha/shop /spec/rules/0/filters/0/requestMirror/backendRef',
      'TCPRoute alpha/db /spec/rules/0/backendRefs/0',
    ]);
    expect(failures(results)[0].message).toBe(
      'sends traffic to Service billing in namespace beta (tenant beta), and no ReferenceGrant there allows HTTPRoutes from alpha to reference it',
    );
  });

  it('passes Same and one-tenant selectors, granted references, and platform routes', () => {
    const results = runCheckOnFixture(check, `${FIX}/pass-same-and-granted.yaml`);
    expect(failures(results)).toEqual([]);
    expect(passes(results).map(where).sort()).toEqual([
      'GRPCRoute alpha-dev/preview-api',
      'Gateway alpha-prod/alpha-edge',
      'HTTPRoute alpha-prod/web',
      'HTTPRoute ingress-gateway/status',
    ]);
  });

  it('is high under multi-customer', () => {
    const results = runCheckOnFixture(check, `${FIX}/fail-open-listeners.yaml`, { options: { profile: 'multi-customer' } });
    expectEvery(failures(results), (r) => r.severity === 'high');
  });

  it('is not-evaluated when the target namespace hides its ReferenceGrants', () => {
    const access = [
      {
        groupKind: 'ReferenceGrant.gateway.networking.k8s.io',
        status: 'partial' as const,
        reason: '403 Forbidden',
        forbiddenNamespaces: ['beta'],
      },
    ];
    const results = runCheckOnFixture(check, `${FIX}/fail-backend-without-grant.yaml`, { access });
    expect(results.map((r) => r.status)).toEqual(['not-evaluated', 'not-evaluated']);
    expect(results[0].reason).toContain('ReferenceGrants could not be read in namespace beta');
  });
});
