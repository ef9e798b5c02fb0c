import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import check from '../../../checks/exposure/exposure-hostname-shared.js';
import { CheckTester, fixtureCases } from '../../../src/testing/index.js';
import { expectEvery } from '../../helpers/expect-every.js';
import { failures, passes, runCheckOnFixture } from '../../helpers/fixtures.js';

new CheckTester({ describe, it }).run(check, fixtureCases(join(import.meta.dirname, 'exposure-hostname-shared')));

const FIX = 'exposure/exposure-hostname-shared';
const where = (r: { subject: { kind: string; namespace?: string; name: string }; path?: string }) =>
  `${r.subject.kind} ${r.subject.namespace ?? ''}/${r.subject.name} ${r.path ?? ''}`.trim();

describe('exposure-hostname-shared', () => {
  it('fails both Ingresses that claim one host with overlapping paths on one class, the default class included', () => {
    const results = runCheckOnFixture(check, `${FIX}/fail-ingress-same-host.yaml`);
    expect(failures(results).map(where)).toEqual([
      'Ingress alpha/shop /spec/rules/0/http/paths/0',
      'Ingress alpha/shop /spec/rules/1/http/paths/0',
      'Ingress beta/checkout /spec/rules/0/http/paths/0',
      'Ingress beta/checkout /spec/rules/1/http/paths/0',
    ]);
    expect(failures(results)[0].message).toBe(
      "host shop.example.com path / (Prefix) is also claimed by tenant beta's Ingress beta/checkout (/checkout, Prefix) on ingress class nginx: the controller sends one tenant's requests to the other's Service",
    );
    expect(failures(results)[3].message).toContain('host api.example.com path /api/v1 (Exact) is also claimed by tenant alpha');
    expect(failures(results).map((r) => r.tenant)).toEqual(['alpha', 'alpha', 'beta', 'beta']);
  });

  it('passes distinct classes, non-overlapping paths, ImplementationSpecific as an exact string, wildcards and one tenant', () => {
    const results = runCheckOnFixture(check, `${FIX}/pass-ingress-distinct.yaml`);
    expect(failures(results)).toEqual([]);
    expect(passes(results)).toHaveLength(4);
  });

  it('fails routes with overlapping hostnames on one listener, and a route and an Ingress of two tenants on one host', () => {
    const results = runCheckOnFixture(check, `${FIX}/fail-routes-same-listener.yaml`);
    expect(failures(results).map(where)).toEqual([
      'Ingress beta/billing /spec/rules/0/host',
      'HTTPRoute alpha/shop /spec/hostnames',
      'HTTPRoute alpha/shop /spec/hostnames',
      'HTTPRoute beta/everything /spec/hostnames',
      'HTTPRoute alpha/billing /spec/hostnames',
      'GRPCRoute beta/orders-grpc /spec/parentRefs/0',
    ]);
    const grpc = failures(results).at(-1)!;
    // A route without hostnames serves its listener's hostname.
    expect(grpc.message).toBe(
      "serves *.apps.example.com on Gateway listener ingress-gateway/shared/apps, where tenant alpha's HTTPRoute alpha/shop serves shop.apps.example.com: the Gateway merges both routes' rules for these hosts, so either tenant can take the other's requests",
    );
    expect(failures(results)[4].message).toContain("a host tenant beta's Ingress beta/billing serves (billing.example.com)");
    expect(failures(results)[0].related?.map((r) => `${r.kind}/${r.name}`)).toEqual(['HTTPRoute/billing']);
  });

  it('passes routes on other listeners, hostnames outside the listener, wildcards that need a label more, and refused routes', () => {
    const results = runCheckOnFixture(check, `${FIX}/pass-routes-distinct.yaml`);
    expect(failures(results)).toEqual([]);
    expect(passes(results)).toHaveLength(7);
  });

  it('is critical under multi-customer', () => {
    expectEvery(
      failures(runCheckOnFixture(check, `${FIX}/fail-ingress-same-host.yaml`, { options: { profile: 'multi-customer' } })),
      (r) => r.severity === 'critical',
    );
  });

  it('is not-evaluated when the Ingresses or Gateways of other namespaces could not be read', () => {
    const access = [{ groupKind: 'Gateway.gateway.networking.k8s.io', status: 'none' as const, reason: '403 Forbidden' }];
    const results = runCheckOnFixture(check, `${FIX}/fail-ingress-same-host.yaml`, { access });
    expectEvery(
      results,
      (r) => r.status === 'not-evaluated' && (r.reason ?? '').startsWith('Gateway.gateway.networking.k8s.io could not be read'),
    );
    const absent = [{ groupKind: 'Gateway.gateway.networking.k8s.io', status: 'absent' as const, reason: 'not served' }];
    expect(failures(runCheckOnFixture(check, `${FIX}/fail-ingress-same-host.yaml`, { access: absent }))).toHaveLength(4);
  });
});
