import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { auditEventsSince, auditOffset, eventsBy } from './helpers/audit.js';
import { type KubeClient, applyManifests, clientFor, waitFor } from './helpers/kube.js';
import { kubeconfig } from './helpers/paths.js';
import { USERS, accessOf, resultsOf, scanReadOnly, subjectOf } from './helpers/scan.js';

const e2e = inject('e2e');

const FIXTURES = join(import.meta.dirname, 'fixtures', 'custom-kinds');
const NAMESPACE = 'gadgets-e2e';
const CRD = 'gadgets.custom-kinds.example.com';
const ROLE = 'tenantscan-reader-gadgets-e2e';

describe.skipIf(!e2e.available)('custom checks on kinds tenantscan does not list, on a live scan', () => {
  let admin: KubeClient;
  let scanner: KubeClient;

  beforeAll(async () => {
    admin = clientFor(kubeconfig('admin'));
    scanner = clientFor(kubeconfig('scanner'));
    await applyManifests({ kubeconfig: kubeconfig('admin'), paths: [join(FIXTURES, 'crd.yaml')], log: () => {} });
    await waitFor(
      'custom-kinds.example.com/v1 served',
      async () => (await admin.request('GET', '/apis/custom-kinds.example.com/v1')).status === 200,
    );
    await applyManifests({ kubeconfig: kubeconfig('admin'), paths: [join(FIXTURES, 'objects.yaml')], log: () => {} });
    // the aggregation controller merges the Gadget rule into tenantscan-reader
    await waitFor(
      'the scanner may list Gadgets',
      async () => (await scanner.request('GET', '/apis/custom-kinds.example.com/v1/gadgets')).status === 200,
    );
  });

  afterAll(async () => {
    if (!admin) return;
    await admin.request('DELETE', `/api/v1/namespaces/${NAMESPACE}`);
    await admin.request('DELETE', `/apis/apiextensions.k8s.io/v1/customresourcedefinitions/${CRD}`);
    await admin.request('DELETE', `/apis/rbac.authorization.k8s.io/v1/clusterroles/${ROLE}`);
    await waitFor('the namespace and the CRD are gone', async () => {
      const [ns, crd] = await Promise.all([
        admin.request('GET', `/api/v1/namespaces/${NAMESPACE}`),
        admin.request('GET', `/apis/apiextensions.k8s.io/v1/customresourcedefinitions/${CRD}`),
      ]);
      return ns.status === 404 && crd.status === 404;
    });
    admin.close();
    scanner?.close();
  });

  it('a --checks-dir check that needs { group: custom-kinds.example.com, kind: Gadget }, one on Ingresses and a declarative one get their objects', async () => {
    const offset = auditOffset();
    const { report } = await scanReadOnly(kubeconfig('scanner'), USERS.scanner, [
      '--checks-dir',
      join(FIXTURES, 'checks'),
      '--config',
      join(FIXTURES, 'config.yaml'),
    ]);
    expect(accessOf(report, 'Gadget.custom-kinds.example.com')).toMatchObject({ status: 'full', resource: 'gadgets', count: 2 });
    expect(accessOf(report, 'Ingress.networking.k8s.io')).toMatchObject({ status: 'full' });
    expect(report.checks.find((c) => c.id === 'acme-gadget-public')?.needs).toContain('Gadget.custom-kinds.example.com');

    expect(resultsOf(report, 'acme-gadget-public', 'fail').map((r) => [subjectOf(r), r.message])).toEqual([
      [`Gadget/${NAMESPACE}/open-gadget`, 'Gadget open-gadget is public'],
    ]);
    // the other tenant namespaces have no public Gadget: a pass each
    const passed = resultsOf(report, 'acme-gadget-public', 'pass').map(subjectOf);
    expect(passed).toContain('Namespace/acme-dev');
    expect(passed).not.toContain(`Namespace/${NAMESPACE}`);
    // every Ingress of the cluster without spec.tls: this test's, and the two the seed applies from the example (globex and initech)
    expect(resultsOf(report, 'acme-ingress-tls-missing', 'fail').map(subjectOf).sort()).toEqual([
      `Ingress/${NAMESPACE}/plain-http`,
      'Ingress/globex/status-page',
      'Ingress/initech/ci-status',
    ]);
    expect(resultsOf(report, 'acme-gadget-size', 'fail').map(subjectOf)).toEqual([`Gadget/${NAMESPACE}/open-gadget`]);
    expect(resultsOf(report, 'acme-gadget-size', 'pass').map(subjectOf)).toEqual([`Gadget/${NAMESPACE}/closed-gadget`]);

    // the read plan listed Gadgets in full (the check judged spec.public), with GET requests only (scanReadOnly proved the rest)
    const lists = eventsBy(auditEventsSince(offset), USERS.scanner).filter((e) => e.objectRef?.resource === 'gadgets');
    expect(lists.length).toBeGreaterThan(0);
    expect(lists.every((e) => e.verb === 'list' && e.objectRef?.apiGroup === 'custom-kinds.example.com')).toBe(true);
  });
});
