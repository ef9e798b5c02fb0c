import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { builtinChecks } from '../../checks/index.js';
import { scanReadPlan } from '../../src/engine/read-plan.js';
import { loadClusterWith } from '../../src/sources/cluster.js';
import { SERVICE_ACCOUNT_DIR } from '../../src/sources/cluster-kubeconfig.js';
import { assertReadOnly, auditEventsSince, auditOffset } from './helpers/audit.js';
import { type KubeClient, clientFor } from './helpers/kube.js';
import { CLUSTER_DIR, clusterEnv, kubeconfig } from './helpers/paths.js';

const e2e = inject('e2e');
const SA = { namespace: 'kube-system', name: 'tenantscan-e2e-incluster' };

/**
 * In a pod, the kubelet mounts the service account's token, the cluster CA and the namespace under
 * /var/run/secrets/kubernetes.io/serviceaccount and sets KUBERNETES_SERVICE_HOST/PORT. The same files
 * are written under a temporary prefix here, with a real token from the TokenRequest API.
 */
describe.skipIf(!e2e.available)('in-cluster configuration (run inside a pod)', () => {
  let admin: KubeClient;
  let prefix: string;
  let home: string;
  beforeAll(async () => {
    admin = clientFor(kubeconfig('admin'));
    const minted = await admin.request('POST', `/api/v1/namespaces/${SA.namespace}/serviceaccounts/${SA.name}/token`, {
      apiVersion: 'authentication.k8s.io/v1',
      kind: 'TokenRequest',
      spec: { expirationSeconds: 600 },
    });
    expect(minted.status).toBe(201);
    prefix = mkdtempSync(join(tmpdir(), 'tenantscan-pod-'));
    home = mkdtempSync(join(tmpdir(), 'tenantscan-home-')); // no ~/.kube/config
    const dir = `${prefix}${SERVICE_ACCOUNT_DIR}`;
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, 'token'), minted.body.status.token);
    writeFileSync(join(dir, 'ca.crt'), readFileSync(join(CLUSTER_DIR, 'pki', 'ca.crt')));
    writeFileSync(join(dir, 'namespace'), SA.namespace);
  });
  afterAll(() => {
    admin?.close();
    for (const d of [prefix, home]) if (d) rmSync(d, { recursive: true, force: true });
  });

  it('uses the mounted service account when there is no kubeconfig, and names it as the user', async () => {
    const port = new URL(clusterEnv().APISERVER_URL).port;
    const offset = auditOffset();
    const input = await loadClusterWith(
      { plan: scanReadPlan(builtinChecks) },
      { env: { KUBERNETES_SERVICE_HOST: '127.0.0.1', KUBERNETES_SERVICE_PORT: port }, home, inClusterPathPrefix: prefix },
    );
    const user = `system:serviceaccount:${SA.namespace}:${SA.name}`;
    expect(input.source).toEqual({ type: 'cluster', server: `https://127.0.0.1:${port}`, user, inCluster: true });
    expect(input.access?.find((a) => a.groupKind === 'Pod')).toMatchObject({ status: 'full' });
    expect(input.objects.some((o) => o.kind === 'Namespace' && o.metadata.name === 'acme-prod')).toBe(true);
    assertReadOnly(auditEventsSince(offset), user);
  });
});
