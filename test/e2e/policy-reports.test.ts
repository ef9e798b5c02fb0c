import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import yaml from 'js-yaml';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { PolicyReportObject } from '../../reports/policyreport.js';
import { assertReadOnly, auditEventsSince, auditOffset, eventsBy, MUTATING_VERBS } from './helpers/audit.js';
import { runCli } from './helpers/cli.js';
import { type KubeClient, applyManifests, clientFor, listItems, waitFor } from './helpers/kube.js';
import { CLUSTER_DIR, E2E_DIR, ROOT, clusterEnv, kubeconfig } from './helpers/paths.js';

const e2e = inject('e2e');

const CRDS = join(ROOT, 'scripts', 'cluster', 'crds');
const PUBLISHER_ROLE = join(ROOT, 'scripts', 'cluster', 'rbac', 'tenantscan-publisher.yaml');
/** A service account bound to tenantscan-reader and tenantscan-publisher, for this file only. */
const SA = { namespace: 'kube-system', name: 'tenantscan-publisher-e2e' };
const PUBLISHER = `system:serviceaccount:${SA.namespace}:${SA.name}`;
const BINDINGS = ['tenantscan-publisher-e2e-reader', 'tenantscan-publisher-e2e-publisher'];
const CRD_NAMES = [
  'policyreports.wgpolicyk8s.io',
  'clusterpolicyreports.wgpolicyk8s.io',
  'reports.openreports.io',
  'clusterreports.openreports.io',
];
const LABEL = 'app.kubernetes.io/managed-by=tenantscan';

describe.skipIf(!e2e.available)('policy reports against the API server with the published CRDs installed', () => {
  let admin: KubeClient;
  let publisherKubeconfig: string;

  beforeAll(async () => {
    admin = clientFor(kubeconfig('admin'));
    await applyManifests({ kubeconfig: kubeconfig('admin'), paths: [CRDS, PUBLISHER_ROLE], log: () => {} });
    for (const gv of ['wgpolicyk8s.io/v1alpha2', 'openreports.io/v1alpha1'])
      await waitFor(`${gv} served`, async () => (await admin.request('GET', `/apis/${gv}`)).status === 200);
    await admin.request('POST', `/api/v1/namespaces/${SA.namespace}/serviceaccounts`, {
      apiVersion: 'v1',
      kind: 'ServiceAccount',
      metadata: { name: SA.name },
    });
    for (const [binding, role] of [
      [BINDINGS[0], 'tenantscan-reader'],
      [BINDINGS[1], 'tenantscan-publisher'],
    ]) {
      const res = await admin.request('POST', '/apis/rbac.authorization.k8s.io/v1/clusterrolebindings', {
        apiVersion: 'rbac.authorization.k8s.io/v1',
        kind: 'ClusterRoleBinding',
        metadata: { name: binding },
        roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: role },
        subjects: [{ kind: 'ServiceAccount', namespace: SA.namespace, name: SA.name }],
      });
      expect([201, 409]).toContain(res.status);
    }
    const minted = await admin.request('POST', `/api/v1/namespaces/${SA.namespace}/serviceaccounts/${SA.name}/token`, {
      apiVersion: 'authentication.k8s.io/v1',
      kind: 'TokenRequest',
      spec: { expirationSeconds: 3600 },
    });
    expect(minted.status).toBe(201);
    mkdirSync(E2E_DIR, { recursive: true });
    publisherKubeconfig = join(E2E_DIR, 'publisher.kubeconfig');
    writeFileSync(
      publisherKubeconfig,
      yaml.dump({
        apiVersion: 'v1',
        kind: 'Config',
        clusters: [
          {
            name: 'test',
            cluster: {
              server: clusterEnv().APISERVER_URL,
              'certificate-authority-data': readFileSync(join(CLUSTER_DIR, 'pki', 'ca.crt')).toString('base64'),
            },
          },
        ],
        users: [{ name: 'publisher', user: { token: minted.body.status.token } }],
        contexts: [{ name: 'publisher', context: { cluster: 'test', user: 'publisher' } }],
        'current-context': 'publisher',
      }),
      { mode: 0o600 },
    );
  });

  afterAll(async () => {
    if (!admin) return;
    // Leave the cluster as the other e2e files expect it: no report kinds, no extra identity.
    for (const name of CRD_NAMES) await admin.request('DELETE', `/apis/apiextensions.k8s.io/v1/customresourcedefinitions/${name}`);
    for (const name of BINDINGS) await admin.request('DELETE', `/apis/rbac.authorization.k8s.io/v1/clusterrolebindings/${name}`);
    await admin.request('DELETE', `/api/v1/namespaces/${SA.namespace}/serviceaccounts/${SA.name}`);
    admin.close();
  });

  for (const format of ['policyreport', 'openreports'] as const) {
    it(`--format ${format}: the API server accepts every object (server-side dry-run create as admin)`, async () => {
      const run = await runCli(['scan', '--kubeconfig', kubeconfig('admin'), '--format', format, '--quiet']);
      expect([0, 1]).toContain(run.code);
      const objects = yaml.loadAll(run.stdout) as PolicyReportObject[];
      expect(objects.filter((o) => o.metadata.namespace).length).toBeGreaterThan(1);
      expect(objects.filter((o) => !o.metadata.namespace)).toHaveLength(1);
      const plural = format === 'policyreport' ? ['policyreports', 'clusterpolicyreports'] : ['reports', 'clusterreports'];
      for (const o of objects) {
        const path = o.metadata.namespace
          ? `/apis/${o.apiVersion}/namespaces/${o.metadata.namespace}/${plural[0]}?dryRun=All`
          : `/apis/${o.apiVersion}/${plural[1]}?dryRun=All`;
        const res = await admin.request('POST', path, o);
        expect(res.status, `${o.kind} ${o.metadata.namespace}: ${res.text.slice(0, 500)}`).toBe(201);
        // What the server would store is what was sent: no field pruned as unknown.
        expect(res.body.results).toEqual(JSON.parse(JSON.stringify(o.results)));
        expect(res.body.summary).toEqual(o.summary);
      }
    });
  }

  it('the schema the server enforces is the published one: a result outside the enum is refused', async () => {
    const res = await admin.request('POST', '/apis/wgpolicyk8s.io/v1alpha2/namespaces/default/policyreports?dryRun=All', {
      apiVersion: 'wgpolicyk8s.io/v1alpha2',
      kind: 'PolicyReport',
      metadata: { name: 'bad' },
      results: [{ policy: 'network', rule: 'x', result: 'waived' }],
    });
    expect(res.status).toBe(422);
  });

  it('--publish policyreports applies one report per namespace with results, updates them on the next run and deletes stale ones; its only writes are to report kinds', async () => {
    let offset = auditOffset();
    const first = await runCli(['scan', '--kubeconfig', publisherKubeconfig, '--publish', 'policyreports', '--format', 'policyreport']);
    expect([0, 1], first.stderr).toContain(first.code);
    const expected = yaml.loadAll(first.stdout) as PolicyReportObject[];
    expect(first.stderr).toMatch(
      new RegExp(
        `published ${expected.length} PolicyReport/ClusterPolicyReport object\\(s\\) to the cluster: ${expected.length} created, 0 updated`,
      ),
    );
    expectOnlyReportWrites(auditEventsSince(offset), ['policyreports', 'clusterpolicyreports']);

    const published = await listItems(admin, `/apis/wgpolicyk8s.io/v1alpha2/policyreports?labelSelector=${encodeURIComponent(LABEL)}`);
    const namespaced = expected.filter((o) => o.metadata.namespace);
    expect(published.map((o) => o.metadata.namespace).sort()).toEqual(namespaced.map((o) => o.metadata.namespace).sort());
    for (const o of published) {
      const want = namespaced.find((e) => e.metadata.namespace === o.metadata.namespace)!;
      expect(o.summary).toEqual(want.summary);
      expect(o.results).toHaveLength(want.results.length);
    }
    const cluster = await listItems(admin, `/apis/wgpolicyk8s.io/v1alpha2/clusterpolicyreports?labelSelector=${encodeURIComponent(LABEL)}`);
    expect(cluster.map((o) => o.metadata.name)).toEqual(['tenantscan']);

    // A report of an earlier run in a namespace that has no results now, and another engine's report there.
    const namespaces = (await listItems(admin, '/api/v1/namespaces')).map((n) => n.metadata.name as string);
    const stale = namespaces.find((n) => !namespaced.some((o) => o.metadata.namespace === n))!;
    const base = { apiVersion: 'wgpolicyk8s.io/v1alpha2', kind: 'PolicyReport', results: [{ policy: 'network', result: 'fail' }] };
    for (const [name, labels] of [
      ['tenantscan', { 'app.kubernetes.io/managed-by': 'tenantscan', 'app.kubernetes.io/name': 'tenantscan' }],
      ['kyverno-polr', { 'app.kubernetes.io/managed-by': 'kyverno' }],
    ] as const) {
      const res = await admin.request('POST', `/apis/wgpolicyk8s.io/v1alpha2/namespaces/${stale}/policyreports`, {
        ...base,
        metadata: { name, labels },
      });
      expect(res.status, res.text).toBe(201);
    }
    const uids = new Map(published.map((o) => [o.metadata.namespace, o.metadata.uid]));

    offset = auditOffset();
    const second = await runCli(['scan', '--kubeconfig', publisherKubeconfig, '--publish', 'policyreports', '--format', 'json', '--quiet']);
    expect([0, 1], second.stderr).toContain(second.code);
    expectOnlyReportWrites(auditEventsSince(offset), ['policyreports', 'clusterpolicyreports']);
    const again = await listItems(admin, `/apis/wgpolicyk8s.io/v1alpha2/policyreports?labelSelector=${encodeURIComponent(LABEL)}`);
    // Updated in place (same objects, same uids), not duplicated; the stale one is gone.
    expect(again.map((o) => o.metadata.namespace).sort()).toEqual(namespaced.map((o) => o.metadata.namespace).sort());
    for (const o of again) expect(o.metadata.uid).toBe(uids.get(o.metadata.namespace));
    const generatedAt = (JSON.parse(second.stdout) as { generatedAt: string }).generatedAt;
    expect(again[0].results[0].timestamp.seconds).toBe(Math.floor(Date.parse(generatedAt) / 1000));
    expect((await admin.request('GET', `/apis/wgpolicyk8s.io/v1alpha2/namespaces/${stale}/policyreports/tenantscan`)).status).toBe(404);
    expect((await admin.request('GET', `/apis/wgpolicyk8s.io/v1alpha2/namespaces/${stale}/policyreports/kyverno-polr`)).status).toBe(200);
    await admin.request('DELETE', `/apis/wgpolicyk8s.io/v1alpha2/namespaces/${stale}/policyreports/kyverno-polr`);
  });

  it('--publish openreports writes Report and ClusterReport objects the server accepts', async () => {
    const run = await runCli(['scan', '--kubeconfig', publisherKubeconfig, '--publish', 'openreports', '--format', 'json']);
    expect([0, 1], run.stderr).toContain(run.code);
    expect(run.stderr).toMatch(/published \d+ Report\/ClusterReport object\(s\) to the cluster/);
    const reports = await listItems(admin, `/apis/openreports.io/v1alpha1/reports?labelSelector=${encodeURIComponent(LABEL)}`);
    expect(reports.length).toBeGreaterThan(1);
    expect(reports.every((r) => r.source === 'tenantscan')).toBe(true);
  });

  it('without --publish, the same identity (which may write reports) sends no write at all', async () => {
    const offset = auditOffset();
    const run = await runCli(['scan', '--kubeconfig', publisherKubeconfig, '--format', 'policyreport', '--quiet']);
    expect([0, 1], run.stderr).toContain(run.code);
    assertReadOnly(auditEventsSince(offset), PUBLISHER);
  });

  it('refuses --publish with --file (exit 2) and explains a missing grant (exit 3, nothing written)', async () => {
    const withFile = await runCli(['scan', '--file', join(ROOT, 'examples', 'shared-cluster'), '--publish', 'policyreports']);
    expect(withFile.code).toBe(2);
    expect(withFile.stderr).toContain('--publish');
    const offset = auditOffset();
    const denied = await runCli(['scan', '--kubeconfig', kubeconfig('scanner'), '--publish', 'policyreports', '--quiet']);
    expect(denied.code).toBe(3);
    expect(denied.stderr).toContain('tenantscan-publisher');
    const writes = eventsBy(auditEventsSince(offset), 'scanner').filter((e) => MUTATING_VERBS.has(e.verb));
    expect(writes).toEqual([]);
  });
});

/** The publisher's mutating requests touch only the report kinds, and there is at least one. */
function expectOnlyReportWrites(events: ReturnType<typeof auditEventsSince>, resources: string[]): void {
  const writes = eventsBy(events, PUBLISHER).filter((e) => MUTATING_VERBS.has(e.verb));
  expect(writes.length).toBeGreaterThan(0);
  expect(writes.filter((e) => !resources.includes(e.objectRef?.resource ?? '') || !['patch', 'delete'].includes(e.verb))).toEqual([]);
  expect(eventsBy(events, PUBLISHER).filter((e) => e.objectRef?.resource === 'secrets')).toEqual([]);
}
