import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import https from 'node:https';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import yaml from 'js-yaml';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { Report } from '../../src/engine/report.js';
import type { Result } from '../../src/engine/result.js';
import { MUTATING_VERBS, NON_PERSISTING_REVIEWS, auditEventsSince, auditOffset } from './helpers/audit.js';
import { runCli, scanJson } from './helpers/cli.js';
import { type KubeClient, applyManifests, clientFor, listItems, waitFor } from './helpers/kube.js';
import { CLUSTER_DIR, E2E_DIR, ROOT, clusterEnv, kubeconfig } from './helpers/paths.js';

const e2e = inject('e2e');

/**
 * Three tenants, each showing one way admission decides differently from configuration:
 * - probe-a (User probe-alice): namespace probe-exempt-a, labelled enforce=baseline but exempt from
 *   Pod Security in the API server's AdmissionConfiguration (scripts/cluster/admission-config.yaml);
 * - probe-b (Group probe-team-b only): no Pod Security label; a ValidatingAdmissionPolicy denies hostPath;
 * - probe-c (User probe-carol): enforce=baseline, may create pods but not Services, a quota of 0 pods.
 * Two webhooks: deny-nodeport (sideEffects None), served here on 127.0.0.1, and one on PersistentVolumeClaims
 * whose server is down (failurePolicy Fail). A mutating webhook, also served here, gives probe-a's pods the
 * RuntimeClass probe-gvisor (handler runsc, a sandbox), for the multi-customer sandbox probe. A webhook declaring `sideEffects: Unknown` cannot be created
 * on v1.36 (admissionregistration.k8s.io/v1 accepts only None and NoneOnDryRun), so the API server's
 * `does not support dry run` answer is covered by test/k8s/admission/refusal.test.ts.
 */
const NS = { a: 'probe-exempt-a', b: 'probe-vap-b', c: 'probe-rbac-c' };
const SA = { namespace: 'kube-system', name: 'tenantscan-prober-e2e' };
const PROBER = `system:serviceaccount:${SA.namespace}:${SA.name}`;
const BINDINGS = ['tenantscan-prober-e2e-reader', 'tenantscan-prober-e2e-prober'];
const PROBER_ROLE = join(ROOT, 'scripts', 'cluster', 'rbac', 'tenantscan-prober.yaml');
const VAP = 'probe-deny-hostpath';
const HOOKS = {
  deny: 'deny-nodeport.probe.tenantscan.io',
  down: 'unreachable.probe.tenantscan.io',
  sandbox: 'sandbox.probe.tenantscan.io',
};
const SANDBOX_CLASS = 'probe-gvisor';
const PV = 'probe-foreign-pv';
const RBAC = 'rbac.authorization.k8s.io';

describe.skipIf(!e2e.available)('scan --probe against the real control plane', () => {
  let admin: KubeClient;
  let server: https.Server;
  let dir: string;
  let proberKubeconfig: string;
  let config: string;
  let report: Report;
  let offset: number;

  beforeAll(async () => {
    admin = clientFor(kubeconfig('admin'));
    dir = mkdtempSync(join(tmpdir(), 'tenantscan-probes-'));
    const cert = selfSignedCert(dir);
    server = https.createServer({ key: cert.key, cert: cert.cert }, (req, res) => {
      let text = '';
      req.on('data', (c) => (text += c));
      req.on('end', () => {
        // The API server calls the URL with ?timeout=5s appended.
        const review = JSON.parse(text);
        const object = review.request?.object ?? {};
        const deny = (req.url ?? '').startsWith('/deny-nodeport') && object.spec?.type === 'NodePort';
        const sandbox = (req.url ?? '').startsWith('/sandbox') && object.kind === 'Pod';
        const patch = [{ op: 'add', path: '/spec/runtimeClassName', value: SANDBOX_CLASS }];
        res.setHeader('Content-Type', 'application/json');
        res.end(
          JSON.stringify({
            apiVersion: 'admission.k8s.io/v1',
            kind: 'AdmissionReview',
            response: {
              uid: review.request?.uid,
              allowed: !deny,
              ...(deny ? { status: { code: 403, message: 'NodePort Services are not allowed' } } : {}),
              ...(sandbox ? { patchType: 'JSONPatch', patch: Buffer.from(JSON.stringify(patch)).toString('base64') } : {}),
            },
          }),
        );
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const port = (server.address() as AddressInfo).port;

    const objects: unknown[] = [
      ns(NS.a, { 'pod-security.kubernetes.io/enforce': 'baseline' }),
      ns(NS.b, {}),
      ns(NS.c, { 'pod-security.kubernetes.io/enforce': 'baseline' }),
      roleBinding(NS.a, 'ClusterRole', 'admin', { kind: 'User', name: 'probe-alice' }),
      roleBinding(NS.b, 'ClusterRole', 'admin', { kind: 'Group', name: 'probe-team-b' }),
      {
        apiVersion: `${RBAC}/v1`,
        kind: 'Role',
        metadata: { name: 'pods-only', namespace: NS.c },
        rules: [{ apiGroups: [''], resources: ['pods'], verbs: ['create', 'get', 'list'] }],
      },
      roleBinding(NS.c, 'Role', 'pods-only', { kind: 'User', name: 'probe-carol' }),
      { apiVersion: 'v1', kind: 'ResourceQuota', metadata: { name: 'no-pods', namespace: NS.c }, spec: { hard: { pods: '0' } } },
      {
        apiVersion: 'v1',
        kind: 'PersistentVolume',
        metadata: { name: PV },
        spec: {
          capacity: { storage: '1Gi' },
          accessModes: ['ReadWriteOnce'],
          storageClassName: 'probe-none',
          hostPath: { path: '/tmp/probe' },
        },
      },
      {
        apiVersion: 'admissionregistration.k8s.io/v1',
        kind: 'ValidatingAdmissionPolicy',
        metadata: { name: VAP },
        spec: {
          failurePolicy: 'Fail',
          matchConstraints: { resourceRules: [{ apiGroups: [''], apiVersions: ['v1'], operations: ['CREATE'], resources: ['pods'] }] },
          validations: [
            {
              expression: '!has(object.spec.volumes) || object.spec.volumes.all(v, !has(v.hostPath))',
              message: 'hostPath volumes are not allowed',
            },
          ],
        },
      },
      {
        apiVersion: 'admissionregistration.k8s.io/v1',
        kind: 'ValidatingAdmissionPolicyBinding',
        metadata: { name: `${VAP}-b` },
        spec: {
          policyName: VAP,
          validationActions: ['Deny'],
          matchResources: { namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': NS.b } } },
        },
      },
      webhookConfig('probe-deny-nodeport', HOOKS.deny, 'None', 'services', `https://127.0.0.1:${port}/deny-nodeport`, cert.cert),
      webhookConfig('probe-unreachable', HOOKS.down, 'None', 'persistentvolumeclaims', `${clusterEnv().UNREACHABLE_URL}/allow`, cert.cert),
      { apiVersion: 'node.k8s.io/v1', kind: 'RuntimeClass', metadata: { name: SANDBOX_CLASS }, handler: 'runsc' },
      {
        ...webhookConfig('probe-sandbox', HOOKS.sandbox, 'None', 'pods', `https://127.0.0.1:${port}/sandbox`, cert.cert, [NS.a]),
        kind: 'MutatingWebhookConfiguration',
      },
    ];
    // A namespace left by an earlier run may still be terminating.
    for (const n of Object.values(NS))
      await waitFor(`namespace ${n} gone`, async () => (await admin.request('GET', `/api/v1/namespaces/${n}`)).status === 404);
    const manifests = join(dir, 'setup.yaml');
    writeFileSync(manifests, objects.map((o) => yaml.dump(o)).join('---\n'));
    await applyManifests({ kubeconfig: kubeconfig('admin'), paths: [manifests, PROBER_ROLE], log: () => {} });
    // The quota admission needs the controller's first status before it judges anything.
    await waitFor(
      'the no-pods quota status',
      async () => (await admin.request('GET', `/api/v1/namespaces/${NS.c}/resourcequotas/no-pods`)).body?.status?.hard,
    );

    await admin.request('POST', `/api/v1/namespaces/${SA.namespace}/serviceaccounts`, {
      apiVersion: 'v1',
      kind: 'ServiceAccount',
      metadata: { name: SA.name },
    });
    for (const [binding, role] of [
      [BINDINGS[0], 'tenantscan-reader'],
      [BINDINGS[1], 'tenantscan-prober'],
    ]) {
      const res = await admin.request('POST', `/apis/${RBAC}/v1/clusterrolebindings`, {
        apiVersion: `${RBAC}/v1`,
        kind: 'ClusterRoleBinding',
        metadata: { name: binding },
        roleRef: { apiGroup: RBAC, kind: 'ClusterRole', name: role },
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
    proberKubeconfig = join(E2E_DIR, 'prober.kubeconfig');
    writeFileSync(proberKubeconfig, tokenKubeconfig(minted.body.status.token), { mode: 0o600 });
    config = join(dir, 'probes.tenantscan.yaml');
    writeFileSync(
      config,
      yaml.dump({ tenancy: { platformNamespaces: ['*'], tenants: { 'probe-a': [NS.a], 'probe-b': [NS.b], 'probe-c': [NS.c] } } }),
    );
    // The webhooks are called only once the API server has loaded their configurations.
    await waitFor('the deny-nodeport webhook to be active', async () => {
      const res = await admin.request('POST', `/api/v1/namespaces/${NS.b}/services?dryRun=All`, {
        apiVersion: 'v1',
        kind: 'Service',
        metadata: { name: 'wait' },
        spec: { type: 'NodePort', ports: [{ port: 80 }] },
      });
      return res.status >= 400 && res.text.includes(HOOKS.deny);
    });

    // ValidatingAdmissionPolicies are loaded by the API server a moment after they are created, too.
    await waitFor('the hostPath ValidatingAdmissionPolicy to be active', async () => {
      const res = await admin.request('POST', `/api/v1/namespaces/${NS.b}/pods?dryRun=All`, {
        apiVersion: 'v1',
        kind: 'Pod',
        metadata: { name: 'wait' },
        spec: {
          containers: [{ name: 'c', image: 'registry.k8s.io/pause:3.10' }],
          volumes: [{ name: 'host', hostPath: { path: '/tmp' } }],
        },
      });
      return res.status >= 400 && res.text.includes(VAP);
    });

    await waitFor('the sandbox webhook to be active', async () => {
      const res = await admin.request('POST', `/api/v1/namespaces/${NS.a}/pods?dryRun=All`, {
        apiVersion: 'v1',
        kind: 'Pod',
        metadata: { name: 'wait' },
        spec: { containers: [{ name: 'c', image: 'registry.k8s.io/pause:3.10' }] },
      });
      return res.body?.spec?.runtimeClassName === SANDBOX_CLASS;
    });

    offset = auditOffset();
    ({ report } = await scanJson(proberKubeconfig, ['--probe', '--config', config]));
  });

  afterAll(async () => {
    if (admin) {
      for (const path of [
        '/apis/admissionregistration.k8s.io/v1/validatingwebhookconfigurations/probe-deny-nodeport',
        '/apis/admissionregistration.k8s.io/v1/validatingwebhookconfigurations/probe-unreachable',
        '/apis/admissionregistration.k8s.io/v1/mutatingwebhookconfigurations/probe-sandbox',
        `/apis/node.k8s.io/v1/runtimeclasses/${SANDBOX_CLASS}`,
        `/apis/admissionregistration.k8s.io/v1/validatingadmissionpolicybindings/${VAP}-b`,
        `/apis/admissionregistration.k8s.io/v1/validatingadmissionpolicies/${VAP}`,
        `/api/v1/persistentvolumes/${PV}`,
        ...Object.values(NS).map((n) => `/api/v1/namespaces/${n}`),
        ...BINDINGS.map((b) => `/apis/${RBAC}/v1/clusterrolebindings/${b}`),
        `/api/v1/namespaces/${SA.namespace}/serviceaccounts/${SA.name}`,
      ])
        await admin.request('DELETE', path);
      // Later test files scan the cluster: leave no namespace terminating behind (objects in it
      // could not be created, and it would still show up as a tenant).
      for (const n of Object.values(NS))
        await waitFor(`namespace ${n} gone`, async () => (await admin.request('GET', `/api/v1/namespaces/${n}`)).status === 404);
      admin.close();
    }
    server?.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  const probe = (id: string, tenant: string): Result => {
    const found = report.results.filter((r) => r.checkId === id && r.tenant === tenant);
    expect(found, `${id} for ${tenant}`).toHaveLength(1);
    return found[0];
  };

  it('every probe result says why (test-results/probe-verdicts.md lists each probe, tenant, verdict and who refused)', () => {
    const probes = report.results.filter((r) => r.family === 'probe');
    expect(probes.length).toBeGreaterThan(0);
    const rows = probes.map((r) => {
      expect(r.message ?? r.reason, `${r.checkId} ${r.tenant}`).toBeTruthy();
      const why = (r.message ?? r.reason ?? '').replace(/\|/g, '\\|').replace(/\s+/g, ' ');
      return `| ${r.checkId} | ${r.tenant} | ${r.status} | ${why} |`;
    });
    mkdirSync(join(ROOT, 'test-results'), { recursive: true });
    writeFileSync(
      join(ROOT, 'test-results', 'probe-verdicts.md'),
      ['| probe | tenant | verdict | message |', '|---|---|---|---|', ...rows.sort()].join('\n') + '\n',
    );
  });

  it('a control only restricted forbids is no contradiction of a baseline label: acme (enforce baseline, multi-team) runs as root and unmasks /proc in a user namespace', () => {
    // Pod Security baseline refuses the privileged probe in acme-dev ...
    expect(probe('probe-privileged-pod-admitted', 'acme').message).toContain(
      'refused by Pod Security admission (PodSecurity "baseline:latest")',
    );
    // ... and admits what only restricted forbids (since 1.35, procMount in a user namespace too): failures, not contradictions
    for (const id of ['probe-run-as-root-pod-admitted', 'probe-privilege-escalation-pod-admitted', 'probe-proc-mount-pod-admitted']) {
      const r = probe(id, 'acme');
      expect(r.status, id).toBe('fail');
      expect(r.message, id).not.toContain('contradicts');
    }
  });

  it('the exempt namespace admits a privileged pod although its label says baseline: a failure that contradicts the static check', () => {
    const r = probe('probe-privileged-pod-admitted', 'probe-a');
    expect(r.status).toBe('fail');
    expect(r.message).toContain('the dry run was admitted');
    expect(r.message).toContain('as probe-alice');
    expect(r.message).toContain('contradicts tenancy-pod-security-missing');
    expect(report.results.find((s) => s.checkId === 'tenancy-pod-security-missing' && s.tenant === 'probe-a')?.status).toBe('pass');
    // The same label without the exemption refuses it: Pod Security, by name.
    const c = probe('probe-privileged-pod-admitted', 'probe-c');
    expect(c.status).toBe('pass');
    expect(c.message).toContain('refused by Pod Security admission (PodSecurity "baseline:latest")');
  });

  it('a ValidatingAdmissionPolicy refusal is a pass attributed by name, and mitigates the static failure; group-only impersonation works', () => {
    const r = probe('probe-hostpath-pod-admitted', 'probe-b');
    expect(r.status).toBe('pass');
    expect(r.message).toContain(`refused by ValidatingAdmissionPolicy ${VAP} (binding ${VAP}-b)`);
    expect(r.message).toContain('as tenantscan-probe:probe-b (groups probe-team-b, system:authenticated');
    // The group's RoleBinding let the rest through: a privileged pod is admitted (no Pod Security label).
    expect(probe('probe-privileged-pod-admitted', 'probe-b').status).toBe('fail');
    const statics = report.results.filter((s) => s.checkId === 'tenancy-pod-security-missing' && s.tenant === 'probe-b');
    expect(statics.map((s) => s.status)).toEqual(['fail']);
    expect(statics[0].message).toContain(`mitigated by admission: ValidatingAdmissionPolicy ${VAP}`);
  });

  it('a webhook refusal is a pass by name; a webhook that cannot be called is an error, never a pass', () => {
    const nodePort = probe('probe-nodeport-service-admitted', 'probe-a');
    expect(nodePort.status).toBe('pass');
    expect(nodePort.message).toContain(`refused by admission webhook ${HOOKS.deny}`);
    expect(probe('probe-loadbalancer-service-admitted', 'probe-a').status).toBe('fail');
    const pvc = probe('probe-prebound-pvc-admitted', 'probe-a');
    expect(pvc.status).toBe('error');
    expect(pvc.message).toContain('refused for a reason other than the control under test');
    expect(pvc.message).toContain(`failed calling webhook "${HOOKS.down}"`);
  });

  it('RBAC refusals pass; a quota refusal is an error', () => {
    const svc = probe('probe-nodeport-service-admitted', 'probe-c');
    expect(svc.status).toBe('pass');
    expect(svc.message).toContain('refused by the RBAC authorizer');
    // allowPrivilegeEscalation is allowed by baseline: only the quota of 0 pods refuses it.
    const quota = probe('probe-privilege-escalation-pod-admitted', 'probe-c');
    expect(quota.status).toBe('error');
    expect(quota.message).toContain('exceeded quota');
    expect(probe('probe-namespace-labels-admitted', 'probe-a').status).toBe('pass');
    expect(probe('probe-cluster-write-allowed', 'probe-a').status).toBe('pass');
    // ClusterRole admin in its namespace lets the tenant edit its ResourceQuotas? No: admin cannot write quotas.
    expect(probe('probe-quota-change-allowed', 'probe-a').status).toBe('pass');
  });

  it('nothing was persisted, and the prober sent only dry-run writes and access reviews', async () => {
    for (const n of Object.values(NS)) {
      for (const kind of ['pods', 'services', 'persistentvolumeclaims'])
        expect(await listItems(admin, `/api/v1/namespaces/${n}/${kind}`)).toEqual([]);
    }
    const a = await admin.request('GET', `/api/v1/namespaces/${NS.a}`);
    expect(a.body.metadata.labels['pod-security.kubernetes.io/enforce']).toBe('baseline');
    const events = auditEventsSince(offset).filter((e) => e.user?.username === PROBER);
    const writes = events.filter((e) => MUTATING_VERBS.has(e.verb));
    expect(writes.length).toBeGreaterThan(30);
    for (const e of writes) {
      const review = e.verb === 'create' && NON_PERSISTING_REVIEWS.has(e.objectRef?.resource ?? '');
      expect(review || (['create', 'patch'].includes(e.verb) && e.requestURI.includes('dryRun=All')), `${e.verb} ${e.requestURI}`).toBe(
        true,
      );
    }
    expect(writes.some((e) => e.impersonatedUser?.username === 'probe-alice')).toBe(true);
  });

  it('every report format carries the probe family', async () => {
    expect(report.checks.filter((c) => c.family === 'probe').length).toBe(24);
    expect(report.checks.find((c) => c.id === 'probe-privileged-pod-admitted')?.mtb).toEqual(['MTB-PL1-BC-CPI-5']);
    for (const format of ['table', 'sarif', 'junit', 'markdown', 'html', 'policyreport', 'openreports', 'prometheus']) {
      const run = await runCli(['scan', '--kubeconfig', proberKubeconfig, '--probe', '--config', config, '--format', format]);
      expect([0, 1], run.stderr).toContain(run.code);
      expect(run.stdout, format).toContain('probe-privileged-pod-admitted');
    }
  });

  it('without the right to impersonate, probes are not-evaluated with the reason and the rest of the scan is unchanged', async () => {
    const extra = ['--config', config];
    const plain = await scanJson(kubeconfig('scanner'), extra);
    const probed = await scanJson(kubeconfig('scanner'), [...extra, '--probe']);
    const probes = probed.report.results.filter((r) => r.family === 'probe');
    // the seed's Capsule tenant acme is a tenant too: a tenancy layer's claim beats the platform pattern '*' (issue 11)
    expect(probed.report.tenants.map((t) => t.name).sort()).toEqual(['acme', 'probe-a', 'probe-b', 'probe-c']);
    expect(probes.length).toBe(24 * 4);
    for (const r of probes) {
      expect(r.status).toBe('not-evaluated');
      expect(r.reason).toContain('may not impersonate users');
    }
    expect(probed.report.results.filter((r) => r.family !== 'probe')).toEqual(plain.report.results);
  });

  it('the report names whom each tenant was probed as', () => {
    const byTenant = new Map(report.probes?.identities.map((i) => [i.tenant, i]));
    expect(byTenant.get('probe-a')).toMatchObject({ namespace: NS.a, user: 'probe-alice' });
    expect(byTenant.get('probe-b')).toMatchObject({ namespace: NS.b, user: 'tenantscan-probe:probe-b' });
    expect(byTenant.get('probe-b')?.groups).toEqual(expect.arrayContaining(['probe-team-b', 'system:authenticated']));
    expect(byTenant.get('probe-b')?.origin).toContain(`RoleBinding ${NS.b}/`);
  });

  it('multi-customer adds the sandbox probe: a pod mutated to a sandbox RuntimeClass passes, one admitted without fails, a quota refusal is an error', async () => {
    expect(report.results.some((r) => r.checkId === 'probe-unsandboxed-pod-admitted')).toBe(false);
    const { report: mc } = await scanJson(proberKubeconfig, ['--probe', '--config', config, '--profile', 'multi-customer']);
    const of = (tenant: string) => mc.results.find((r) => r.checkId === 'probe-unsandboxed-pod-admitted' && r.tenant === tenant);
    expect(mc.checks.filter((c) => c.family === 'probe').length).toBe(25);
    expect(of('probe-a')?.status).toBe('pass');
    expect(of('probe-a')?.message).toContain(`the pod was given RuntimeClass "${SANDBOX_CLASS}" (handler "runsc"), a sandbox`);
    expect(of('probe-b')?.status).toBe('fail');
    expect(of('probe-b')?.message).toContain("admitted without a RuntimeClass, so it runs on the node's default runtime");
    expect(of('probe-c')?.status).toBe('error');
    expect(of('probe-c')?.message).toContain('exceeded quota');
    for (const n of Object.values(NS)) expect(await listItems(admin, `/api/v1/namespaces/${n}/pods`)).toEqual([]);
  });

  it('--probe with --file is refused (exit 2)', async () => {
    const run = await runCli(['scan', '--file', join(ROOT, 'examples', 'shared-cluster'), '--probe']);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('--probe');
  });
});

function ns(name: string, labels: Record<string, string>) {
  return { apiVersion: 'v1', kind: 'Namespace', metadata: { name, labels } };
}

function roleBinding(namespace: string, kind: string, role: string, subject: { kind: string; name: string }) {
  return {
    apiVersion: `${RBAC}/v1`,
    kind: 'RoleBinding',
    metadata: { name: `tenant-${role}`, namespace },
    roleRef: { apiGroup: RBAC, kind, name: role },
    subjects: [{ apiGroup: RBAC, ...subject }],
  };
}

function webhookConfig(
  name: string,
  hook: string,
  sideEffects: string,
  resource: string,
  url: string,
  caPem: string,
  namespaces: string[] = Object.values(NS),
) {
  return {
    apiVersion: 'admissionregistration.k8s.io/v1',
    kind: 'ValidatingWebhookConfiguration',
    metadata: { name },
    webhooks: [
      {
        name: hook,
        clientConfig: { url, caBundle: Buffer.from(caPem).toString('base64') },
        rules: [{ apiGroups: [''], apiVersions: ['v1'], operations: ['CREATE'], resources: [resource] }],
        namespaceSelector: { matchExpressions: [{ key: 'kubernetes.io/metadata.name', operator: 'In', values: namespaces }] },
        sideEffects,
        admissionReviewVersions: ['v1'],
        failurePolicy: 'Fail',
        timeoutSeconds: 5,
      },
    ],
  };
}

function selfSignedCert(dir: string): { key: string; cert: string } {
  const key = join(dir, 'hook.key');
  const cert = join(dir, 'hook.crt');
  const run = spawnSync('openssl', [
    'req',
    '-x509',
    '-newkey',
    'rsa:2048',
    '-nodes',
    '-sha256',
    '-days',
    '1',
    '-keyout',
    key,
    '-out',
    cert,
    '-subj',
    '/CN=127.0.0.1',
    '-addext',
    'subjectAltName=IP:127.0.0.1',
  ]);
  if (run.status !== 0) throw new Error(`openssl failed: ${run.stderr.toString()}`);
  return { key: readFileSync(key, 'utf8'), cert: readFileSync(cert, 'utf8') };
}

function tokenKubeconfig(token: string): string {
  return yaml.dump({
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
    users: [{ name: 'prober', user: { token } }],
    contexts: [{ name: 'prober', context: { cluster: 'test', user: 'prober' } }],
    'current-context': 'prober',
  });
}
