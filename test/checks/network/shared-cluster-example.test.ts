import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import networkChecks from '../../../checks/network/index.js';
import { DEFAULT_SANDBOX_HANDLERS } from '../../../src/config/defaults.js';
import type { Result } from '../../../src/engine/result.js';
import { runChecks } from '../../../src/engine/runner.js';
import { ResourceIndex } from '../../../src/model/index.js';
import { type Reachability, computeReachability } from '../../../src/k8s/network/reachability.js';
import { loadManifests } from '../../../src/sources/manifests.js';
import { TenantModel } from '../../../src/tenancy/model.js';
import { expectEvery } from '../../helpers/expect-every.js';

/**
 * The bundled example (examples/shared-cluster) shows each network check failing and passing
 * where the headers of tenants/*\/network-policies.yaml say, and the reachability matrix they
 * imply. Other files may add results: only the ones named here are asserted.
 */
const EXAMPLE = join(import.meta.dirname, '..', '..', '..', 'examples', 'shared-cluster');

let results: Result[];
let reachability: Reachability;
const lines = (id: string) =>
  results
    .filter((r) => r.checkId === id)
    .map((r) => `${r.status} ${r.subject.kind}/${r.subject.namespace ?? ''}/${r.subject.name}${r.path ? ` ${r.path}` : ''}`);

describe('the shared-cluster example, for the network checks', () => {
  beforeAll(async () => {
    const index = new ResourceIndex(await loadManifests([EXAMPLE]));
    const tenants = new TenantModel(index);
    results = runChecks(networkChecks, index, tenants, {
      profile: 'multi-team',
      sandboxHandlers: [...DEFAULT_SANDBOX_HANDLERS],
      checkOptions: {},
    });
    reachability = computeReachability(index, tenants);
  });

  it('network-policy-selects-nothing fails the policy whose label drifted from the report export and passes the others', () => {
    expect(lines('network-policy-selects-nothing').sort()).toEqual([
      'fail NetworkPolicy/globex/allow-proxy-to-report-export /spec/podSelector',
      'pass NetworkPolicy/acme-dev/allow-dev-database',
      'pass NetworkPolicy/acme-dev/capsule-acme-0',
      'pass NetworkPolicy/acme-prod/capsule-acme-0',
      'pass NetworkPolicy/globex/allow-monitoring-scrape',
      'pass NetworkPolicy/globex/allow-traces-from-initech',
      'pass NetworkPolicy/globex/default-deny-ingress',
    ]);
  });

  it('network-policy-missing fails initech only', () => {
    expect(lines('network-policy-missing').sort()).toEqual([
      'fail Namespace//initech',
      'pass Namespace//acme-dev',
      'pass Namespace//acme-prod',
      'pass Namespace//globex',
    ]);
  });

  it('network-ingress-not-isolated fails initech pods and passes acme and globex pods', () => {
    const l = lines('network-ingress-not-isolated');
    expect(l).toEqual(
      expect.arrayContaining([
        'fail Deployment/initech/ci-runner /spec/template/metadata/labels',
        'pass Deployment/acme-prod/storefront',
        'pass DaemonSet/globex/apm-agent',
      ]),
    );
    expectEvery(
      l.filter((x) => x.startsWith('fail')),
      (x) => x.includes('/initech/'),
    );
  });

  it('network-egress-not-isolated fails globex and initech pods and passes acme pods', () => {
    const l = lines('network-egress-not-isolated');
    expect(l).toEqual(
      expect.arrayContaining([
        'fail DaemonSet/globex/apm-agent /spec/template/metadata/labels',
        'fail Deployment/initech/ci-runner /spec/template/metadata/labels',
        'pass Deployment/acme-prod/storefront',
        'pass Deployment/acme-dev/storefront-preview',
      ]),
    );
    expect(l.filter((x) => x.startsWith('fail')).some((x) => x.includes('/acme-'))).toBe(false);
  });

  it('network-untrusted-namespace-label fails globex\'s selector on "team" and passes Capsule\'s baseline', () => {
    expect(lines('network-untrusted-namespace-label')).toEqual(
      expect.arrayContaining([
        'fail NetworkPolicy/globex/allow-traces-from-initech /spec/ingress/0/from/0/namespaceSelector',
        'pass NetworkPolicy/acme-prod/capsule-acme-0',
        'pass NetworkPolicy/globex/allow-monitoring-scrape',
      ]),
    );
  });

  it("network-cross-tenant-ingress fails globex admitting initech; network-cross-tenant-egress fails acme-dev's database shortcut", () => {
    expect(lines('network-cross-tenant-ingress')).toEqual(
      expect.arrayContaining([
        'fail NetworkPolicy/globex/allow-traces-from-initech /spec/ingress/0/from/0',
        'pass NetworkPolicy/acme-dev/capsule-acme-0',
      ]),
    );
    expect(lines('network-cross-tenant-egress')).toEqual(
      expect.arrayContaining([
        'fail NetworkPolicy/acme-dev/allow-dev-database /spec/egress/0/to/0',
        'pass NetworkPolicy/acme-prod/capsule-acme-0',
        'pass NetworkPolicy/globex/default-deny-ingress',
      ]),
    );
  });

  it('has the reachability the policies imply', () => {
    expect(reachability.pairs.map((p) => `${p.from}->${p.to}:${p.status}`)).toEqual([
      'acme->globex:closed',
      'acme->initech:open',
      'globex->acme:closed',
      'globex->initech:open',
      'initech->acme:closed',
      'initech->globex:open',
    ]);
    const pair = (from: string, to: string) => reachability.pairs.find((p) => p.from === from && p.to === to)!;
    // acme reaches initech only through acme-dev's database shortcut, on its one port.
    expect(pair('acme', 'initech')).toMatchObject({ port: 'TCP/5432' });
    expect(pair('acme', 'initech').via?.map((v) => `${v.namespace}/${v.name}`)).toContain('acme-dev/allow-dev-database');
    expect(pair('acme', 'initech').pods?.from.map((o) => `${o.kind}/${o.namespace}/${o.name}`)).toEqual([
      'Deployment/acme-dev/storefront-preview',
    ]);
    // initech reaches globex only through the APM agent's trace port.
    expect(pair('initech', 'globex')).toMatchObject({ port: 'TCP/8126' });
    expect(pair('initech', 'globex').via?.map((v) => `${v.namespace}/${v.name}`)).toEqual(['globex/allow-traces-from-initech']);
    expect(pair('initech', 'globex').pods?.to.map((o) => `${o.kind}/${o.name}`)).toEqual(['DaemonSet/apm-agent']);
  });
});
