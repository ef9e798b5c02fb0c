import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { dump, load } from 'js-yaml';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { Report } from '../../src/engine/report.js';
import { CHART, type RenderedObject, helmTemplate } from '../charts/render.js';
import { goTool } from '../helpers/tools.js';
import { assertReadOnly, auditEventsSince, auditOffset } from './helpers/audit.js';
import { type KubeClient, applyManifests, clientFor, waitFor } from './helpers/kube.js';
import { scanJson } from './helpers/cli.js';
import { CLI, ROOT, clusterEnv, kubeconfig } from './helpers/paths.js';

const e2e = inject('e2e');
const helm = e2e.available ? goTool('helm') : undefined;
const NAMESPACE = 'tenantscan';
const SERVICE_ACCOUNT = `system:serviceaccount:${NAMESPACE}:tenantscan`;

interface Container {
  args: string[];
  env?: Array<{ name: string; value: string }>;
  volumeMounts: Array<{ name: string; mountPath: string }>;
}
interface PodTemplate {
  metadata: { labels: Record<string, string> };
  spec: { containers: Container[]; volumes: Array<{ name: string; configMap?: { name: string } }> };
}

/**
 * The chart installed into the test control plane (its rendered objects applied as `helm install`
 * would, into a namespace that enforces Pod Security `restricted`), and tenantscan run exactly as the
 * CronJob's pod runs it: the image's entrypoint (node bin/tenantscan.js) with the container's
 * arguments and environment, the in-cluster variables, and the pod's volumes as files under a
 * temporary root (TENANTSCAN_IN_CLUSTER_ROOT for the service account folder; the other mount paths
 * in the arguments prefixed with it). The service account token comes from the TokenRequest API, so
 * the scan has only the chart's RBAC.
 */
describe.skipIf(!helm)('the Helm chart, installed, scanning in-cluster', () => {
  let admin: KubeClient;
  let objects: RenderedObject[];
  let root: string;
  let chartFile: string;
  let pod: PodTemplate;
  const port = () => new URL(clusterEnv().APISERVER_URL).port;

  beforeAll(async () => {
    admin = clientFor(kubeconfig('admin'));
    root = mkdtempSync(join(tmpdir(), 'tenantscan-chart-pod-'));
    // As values.yaml advises: the chart's CRD groups plus those of the cluster's other CRDs, so that
    // api-crd-shared can count their objects (their own charts could add an aggregated role instead).
    const defaults = (load(readFileSync(join(CHART, 'values.yaml'), 'utf8')) as { rbac: { crdGroups: string[] } }).rbac.crdGroups;
    const crds = (await admin.request('GET', '/apis/apiextensions.k8s.io/v1/customresourcedefinitions')).body.items as Array<{
      spec: { group: string };
    }>;
    const crdGroups = [...new Set([...defaults, ...crds.map((c) => c.spec.group)])];
    const rendered = helmTemplate(helm!, {
      namespace: NAMESPACE,
      set: { 'networkPolicy.apiServerCIDRs': '{127.0.0.1/32}', 'rbac.crdGroups': `{${crdGroups.join(',')}}` },
    });
    objects = rendered.objects;
    // The chart must not take over the test cluster's own objects (afterAll deletes what it applied).
    for (const o of objects.filter((x) => x.kind.startsWith('Cluster'))) {
      const existing = await admin.request('GET', `/apis/rbac.authorization.k8s.io/v1/${o.kind.toLowerCase()}s/${o.metadata.name}`);
      expect(existing.status, `${o.kind}/${o.metadata.name} already exists in the test cluster`).toBe(404);
    }
    const namespace = {
      apiVersion: 'v1',
      kind: 'Namespace',
      metadata: {
        name: NAMESPACE,
        labels: { 'pod-security.kubernetes.io/enforce': 'restricted', 'pod-security.kubernetes.io/enforce-version': 'latest' },
      },
    };
    chartFile = join(root, 'chart.yaml');
    writeFileSync(chartFile, `${dump(namespace)}---\n${rendered.yaml}`);
    await applyManifests({ kubeconfig: kubeconfig('admin'), paths: [chartFile], log: () => {} });
    const cronJob = objects.find((o) => o.kind === 'CronJob') as unknown as { spec: { jobTemplate: { spec: { template: PodTemplate } } } };
    pod = cronJob.spec.jobTemplate.spec.template;
    // The controller manager fills the aggregated role from the labelled ones.
    await waitFor('the aggregated tenantscan-scanner ClusterRole', async () => {
      const role = await admin.request('GET', '/apis/rbac.authorization.k8s.io/v1/clusterroles/tenantscan-scanner');
      return (role.body?.rules?.length ?? 0) >= 3;
    });
  });

  afterAll(async () => {
    if (admin) {
      // Leave the seeded cluster as the other e2e files expect it.
      for (const o of objects ?? []) {
        if (o.kind === 'ClusterRole' || o.kind === 'ClusterRoleBinding')
          await admin.request('DELETE', `/apis/rbac.authorization.k8s.io/v1/${o.kind.toLowerCase()}s/${o.metadata.name}`);
      }
      await admin.request('DELETE', `/api/v1/namespaces/${NAMESPACE}`);
      await waitFor(
        `namespace ${NAMESPACE} to be deleted`,
        async () => (await admin.request('GET', `/api/v1/namespaces/${NAMESPACE}`)).status === 404,
      );
      admin.close();
    }
    if (root) rmSync(root, { recursive: true, force: true });
  });

  it("admits the CronJob's pod under Pod Security restricted", async () => {
    const dryRun = await admin.request('POST', `/api/v1/namespaces/${NAMESPACE}/pods?dryRun=All`, {
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: { name: 'tenantscan-psa-probe', labels: pod.metadata.labels },
      spec: pod.spec,
    });
    expect(dryRun.status, dryRun.text).toBe(201);
  });

  /** Write the pod's volumes under `root`, mint a token, and run the container's command there. */
  async function runAsThePod(): Promise<{ code: number | null; report: Report; stderr: string }> {
    const [container] = pod.spec.containers;
    const mounts = new Map(container.volumeMounts.map((m) => [m.name, join(root, m.mountPath)]));
    for (const dir of mounts.values()) mkdirSync(dir, { recursive: true });
    // The ConfigMap volume: its data as files.
    const configMap = pod.spec.volumes.find((v) => v.name === 'config')!.configMap!.name;
    const config = await admin.request('GET', `/api/v1/namespaces/${NAMESPACE}/configmaps/${configMap}`);
    for (const [key, value] of Object.entries(config.body.data as Record<string, string>))
      writeFileSync(join(mounts.get('config')!, key), value);
    // The projected service account volume: a token from the TokenRequest API, the namespace's kube-root-ca.crt, the namespace.
    const minted = await admin.request('POST', `/api/v1/namespaces/${NAMESPACE}/serviceaccounts/tenantscan/token`, {
      apiVersion: 'authentication.k8s.io/v1',
      kind: 'TokenRequest',
      spec: { expirationSeconds: 3600 },
    });
    expect(minted.status, minted.text).toBe(201);
    const rootCa = await waitFor('kube-root-ca.crt in the namespace', async () => {
      const res = await admin.request('GET', `/api/v1/namespaces/${NAMESPACE}/configmaps/kube-root-ca.crt`);
      return res.status === 200 ? (res.body.data['ca.crt'] as string) : undefined;
    });
    const saDir = mounts.get('service-account')!;
    writeFileSync(join(saDir, 'token'), minted.body.status.token);
    writeFileSync(join(saDir, 'ca.crt'), rootCa);
    writeFileSync(join(saDir, 'namespace'), NAMESPACE);

    const mountPaths = container.volumeMounts.map((m) => m.mountPath);
    const args = container.args.map((a) => {
      const mount = mountPaths.find((m) => a === m || a.startsWith(`${m}/`));
      return mount ? join(root, a) : a;
    });
    const env: NodeJS.ProcessEnv = {
      PATH: process.env.PATH,
      HOME: join(root, 'home'), // no ~/.kube/config, as in the image
      ...Object.fromEntries((container.env ?? []).map((e) => [e.name, e.value])),
      KUBERNETES_SERVICE_HOST: '127.0.0.1',
      KUBERNETES_SERVICE_PORT: port(),
      TENANTSCAN_IN_CLUSTER_ROOT: root,
    };
    return new Promise((resolve, reject) => {
      // The image's ENTRYPOINT: node /app/bin/tenantscan.js, with the container's args.
      const child = spawn(process.execPath, [CLI, ...args], { cwd: ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] });
      let stdout = '';
      let stderr = '';
      child.stdout.on('data', (d) => (stdout += d));
      child.stderr.on('data', (d) => (stderr += d));
      child.on('error', reject);
      child.on('close', (code) => {
        try {
          resolve({ code, report: JSON.parse(stdout) as Report, stderr });
        } catch {
          reject(new Error(`no JSON report on stdout (exit ${code}): ${stderr}\n${stdout.slice(0, 2000)}`));
        }
      });
    });
  }

  it('reaches full coverage with only the chart RBAC, sends nothing but reads, and compares each run with the last', async () => {
    const offset = auditOffset();
    const first = await runAsThePod();
    expect(first.code, first.stderr).toBe(0);
    expect(first.stderr).toBe('');
    expect(first.report.source).toMatchObject({ type: 'cluster', user: SERVICE_ACCOUNT, inCluster: true });
    // Full coverage: nothing left unevaluated that a cluster-admin's scan evaluates.
    const notEvaluated = (report: Report) =>
      report.results
        .filter((r) => r.status === 'not-evaluated')
        .map((r) => `${r.checkId} ${r.subject.kind}/${r.subject.name}: ${r.reason}`);
    const { report: asAdmin } = await scanJson(kubeconfig('admin'));
    expect(notEvaluated(first.report), 'results the chart RBAC left unevaluated').toEqual(notEvaluated(asAdmin));
    expect(first.report.score.coverage).toBe(asAdmin.score.coverage);
    expect(first.report.tenants.map((t) => t.name)).toEqual(asAdmin.tenants.map((t) => t.name));
    const notRead = first.report.access.filter((a) => a.status !== 'full' && a.status !== 'absent');
    // The read plan lists only what the active checks declare; Secrets are named as never requested.
    expect(notRead.map((a) => `${a.groupKind}: ${a.status} ${a.reason ?? ''}`)).toEqual([
      'Secret: none never requested: tenantscan does not read Secrets',
    ]);
    expect(first.report.tenants.some((t) => t.name === NAMESPACE)).toBe(false);
    expect(first.report.baseline).toBeUndefined();

    const second = await runAsThePod();
    expect(second.code, second.stderr).toBe(0);
    expect(second.report.baseline).toMatchObject({ new: 0, fixed: 0 });

    assertReadOnly(auditEventsSince(offset), SERVICE_ACCOUNT);
  });
});
