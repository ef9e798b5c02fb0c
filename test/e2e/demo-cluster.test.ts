import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { type KubeClient, clientFor, readManifests, waitFor } from './helpers/kube.js';
import { ROOT } from './helpers/paths.js';

const e2e = inject('e2e');

/**
 * The live demo the README shows: `scripts/test-cluster.sh up --seed` brings up a cluster of its own
 * (its own state folder and ports, so the suite's cluster is untouched) with the example loaded.
 * The example's Namespaces are owned by a Capsule Tenant: unless apply.mjs gives their owner
 * references the live Tenant's uid, the garbage collector deletes them as orphans within seconds.
 */
describe.skipIf(!e2e.available)('scripts/test-cluster.sh up --seed (the live demo)', () => {
  const state = mkdtempSync(join(tmpdir(), 'tenantscan-demo-'));
  const env = {
    ...process.env,
    TENANTSCAN_CLUSTER_DIR: state,
    TENANTSCAN_ETCD_PORT: '33790',
    TENANTSCAN_ETCD_PEER_PORT: '33800',
    TENANTSCAN_APISERVER_PORT: '36443',
  };
  const script = join(ROOT, 'scripts', 'test-cluster.sh');
  let output = '';
  let admin: KubeClient;

  beforeAll(() => {
    const up = spawnSync('bash', [script, 'up', '--seed'], { env, encoding: 'utf8', timeout: 300_000 });
    output = `${up.stdout}${up.stderr}`;
    if (up.status !== 0) throw new Error(`up --seed failed (exit ${up.status}):\n${output}`);
    admin = clientFor(join(state, 'admin.kubeconfig'));
  });

  afterAll(() => {
    admin?.close();
    spawnSync('bash', [script, 'down'], { env, encoding: 'utf8', timeout: 120_000 });
    rmSync(state, { recursive: true, force: true });
  });

  it('prints the kubeconfigs it wrote and what each identity is for', () => {
    for (const file of ['admin.kubeconfig', 'scanner.kubeconfig', 'tenant-a-admin.kubeconfig', 'multi.kubeconfig']) {
      expect(output).toMatch(new RegExp(`^\\s+${file.replace('.', '\\.')}\\s+\\S`, 'm'));
    }
    expect(output).toContain(`tenantscan scan --kubeconfig ${state}/scanner.kubeconfig`);
  });

  it('keeps every example namespace past a garbage-collection cycle, owned by the live Tenant', async () => {
    // A ConfigMap whose owner reference names the Tenant with a uid that is not its own: the garbage
    // collector deletes it as an orphan once it knows the Tenant kind (its discovery of a new custom
    // resource takes up to 30 s). Once it is gone, the Namespaces' references to the Tenant were judged too.
    const sentinel = '/api/v1/namespaces/default/configmaps/gc-sentinel';
    const created = await admin.request('POST', '/api/v1/namespaces/default/configmaps', {
      apiVersion: 'v1',
      kind: 'ConfigMap',
      metadata: {
        name: 'gc-sentinel',
        ownerReferences: [
          { apiVersion: 'capsule.clastix.io/v1beta2', kind: 'Tenant', name: 'acme', uid: '00000000-0000-0000-0000-000000000000' },
        ],
      },
    });
    expect(created.status).toBe(201);
    await waitFor(
      'the garbage collector to delete the orphaned sentinel',
      async () => (await admin.request('GET', sentinel)).status === 404,
      150_000,
    );

    const expected = readManifests([join(ROOT, 'examples', 'shared-cluster'), join(ROOT, 'examples', 'live-seed')])
      .filter((m) => m.obj.apiVersion === 'v1' && m.obj.kind === 'Namespace')
      .map((m) => m.obj.metadata.name as string)
      .sort();
    expect(expected).toContain('acme-prod');
    const live = await admin.request('GET', '/api/v1/namespaces');
    const namespaces = new Map<string, { metadata: { ownerReferences?: { kind: string; uid: string }[] } }>(
      live.body.items
        .filter((n: { status?: { phase?: string } }) => n.status?.phase === 'Active')
        .map((n: { metadata: { name: string } }) => [n.metadata.name, n]),
    );
    expect(expected.filter((name) => !namespaces.has(name))).toEqual([]);

    const tenant = await admin.request('GET', '/apis/capsule.clastix.io/v1beta2/tenants/acme');
    expect(tenant.status).toBe(200);
    const owners = namespaces.get('acme-prod')!.metadata.ownerReferences ?? [];
    expect(owners).toEqual([expect.objectContaining({ kind: 'Tenant', uid: tenant.body.metadata.uid })]);
  });
});
