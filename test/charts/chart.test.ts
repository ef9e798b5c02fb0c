import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { type JsonReport, resultsOfJsonReport } from '../../reports/json.js';
import { goTool } from '../helpers/tools.js';
import { CHART, type RenderedObject, helmTemplate } from './render.js';

const ROOT = join(import.meta.dirname, '..', '..');
const helm = goTool('helm');
const API = { 'networkPolicy.apiServerCIDRs': '{10.0.0.1/32}' };

interface PolicyRule {
  apiGroups?: string[];
  resources?: string[];
  verbs: string[];
}
type Container = { command?: string[]; args: string[]; securityContext: Record<string, unknown> };
type PodSpec = {
  automountServiceAccountToken?: boolean;
  securityContext: Record<string, unknown>;
  containers: Container[];
  volumes: Array<{ name: string; projected?: { sources: Array<Record<string, unknown>> } }>;
};

const byKind = (objects: RenderedObject[], kind: string) => objects.filter((o) => o.kind === kind);
const podSpecOf = (cronJob: RenderedObject) =>
  (cronJob as unknown as { spec: { jobTemplate: { spec: { template: { spec: PodSpec } } } } }).spec.jobTemplate.spec.template.spec;

describe.skipIf(!helm)('Helm chart charts/tenantscan (pinned Helm)', () => {
  it('passes helm lint --strict', () => {
    const lint = spawnSync(
      helm!,
      ['lint', CHART, '--strict', '--namespace', 'tenantscan', '--set', 'networkPolicy.apiServerCIDRs={10.0.0.1/32}'],
      {
        encoding: 'utf8',
      },
    );
    expect(lint.status, lint.stdout + lint.stderr).toBe(0);
    expect(lint.stdout).toMatch(/1 chart\(s\) linted, 0 chart\(s\) failed/);
  });

  it('renders a CronJob, its ServiceAccount, read-only aggregated RBAC, a NetworkPolicy, the config and the report claim', () => {
    const { objects } = helmTemplate(helm!, { set: API });
    expect(objects.map((o) => `${o.kind}/${o.metadata.name}`).sort()).toEqual([
      'ClusterRole/tenantscan-scanner',
      'ClusterRole/tenantscan-scanner-core',
      'ClusterRole/tenantscan-scanner-crd-groups',
      'ClusterRole/tenantscan-scanner-groups',
      'ClusterRoleBinding/tenantscan-scanner',
      'ConfigMap/tenantscan',
      'CronJob/tenantscan',
      'NetworkPolicy/tenantscan',
      'PersistentVolumeClaim/tenantscan-reports',
      'ServiceAccount/tenantscan',
    ]);
    const [cronJob] = byKind(objects, 'CronJob');
    expect(cronJob.spec).toMatchObject({ concurrencyPolicy: 'Forbid', successfulJobsHistoryLimit: 3, failedJobsHistoryLimit: 3 });
    const config = byKind(objects, 'ConfigMap')[0] as unknown as { data: Record<string, string> };
    expect(config.data['config.yaml']).toMatch(/platformNamespaces:\n\s+- tenantscan/);
  });

  it('grants only get, list and watch, never Secrets, and aggregates roles that other charts label', () => {
    const { objects } = helmTemplate(helm!, { set: API });
    const roles = byKind(objects, 'ClusterRole');
    const rules = roles.flatMap((r) => (r.rules as PolicyRule[] | undefined) ?? []);
    expect(rules.length).toBeGreaterThan(0);
    for (const rule of rules) {
      expect(rule.verbs.sort()).toEqual(['get', 'list', 'watch']);
      const coreOrAll = rule.apiGroups!.includes('') || rule.apiGroups!.includes('*');
      if (coreOrAll) expect(rule.resources!.filter((r) => r === 'secrets' || r === '*' || r.startsWith('secrets/'))).toEqual([]);
    }
    const reader = roles.find((r) => r.metadata.name === 'tenantscan-scanner')!;
    expect(reader.aggregationRule).toEqual({ clusterRoleSelectors: [{ matchLabels: { 'tenantscan.io/aggregate-to-scanner': 'true' } }] });
    const parts = roles.filter((r) => r.metadata.labels?.['tenantscan.io/aggregate-to-scanner'] === 'true').map((r) => r.metadata.name);
    expect(parts.sort()).toEqual(['tenantscan-scanner-core', 'tenantscan-scanner-crd-groups', 'tenantscan-scanner-groups']);
    const groups = rules.flatMap((r) => r.apiGroups ?? []);
    for (const crdGroup of ['capsule.clastix.io', 'hnc.x-k8s.io', 'config.kiosk.sh', 'cilium.io', 'gateway.networking.k8s.io'])
      expect(groups).toContain(crdGroup);
  });

  it('lets the scanner pod reach only the API server and DNS', () => {
    const { objects } = helmTemplate(helm!, { set: API });
    const [policy] = byKind(objects, 'NetworkPolicy') as unknown as Array<{ spec: Record<string, unknown> }>;
    expect(policy.spec).toEqual({
      podSelector: {
        matchLabels: {
          'app.kubernetes.io/name': 'tenantscan',
          'app.kubernetes.io/instance': 'tenantscan',
          'app.kubernetes.io/component': 'scanner',
        },
      },
      policyTypes: ['Ingress', 'Egress'],
      ingress: [],
      egress: [
        {
          to: [{ ipBlock: { cidr: '10.0.0.1/32' } }],
          ports: [
            { protocol: 'TCP', port: 443 },
            { protocol: 'TCP', port: 6443 },
          ],
        },
        {
          to: [
            {
              namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'kube-system' } },
              podSelector: { matchLabels: { 'k8s-app': 'kube-dns' } },
            },
          ],
          ports: [
            { protocol: 'UDP', port: 53 },
            { protocol: 'TCP', port: 53 },
          ],
        },
      ],
    });
    const cronJob = byKind(objects, 'CronJob')[0] as unknown as {
      spec: { jobTemplate: { spec: { template: { metadata: { labels: object } } } } };
    };
    expect(cronJob.spec.jobTemplate.spec.template.metadata.labels).toMatchObject(
      (policy.spec.podSelector as { matchLabels: object }).matchLabels,
    );
  });

  it('refuses to render a NetworkPolicy without the API server address, and renders none when it is off', () => {
    expect(() => helmTemplate(helm!)).toThrow(/networkPolicy.apiServerCIDRs is empty/);
    expect(byKind(helmTemplate(helm!, { set: { 'networkPolicy.enabled': 'false' } }).objects, 'NetworkPolicy')).toEqual([]);
  });

  it("runs the image's entrypoint with arguments only, as the restricted Pod Security level asks, with the token mounted explicitly", () => {
    const { objects } = helmTemplate(helm!, { set: API });
    const pod = podSpecOf(byKind(objects, 'CronJob')[0]);
    const dockerfile = readFileSync(join(ROOT, 'Dockerfile'), 'utf8');
    expect(dockerfile).toMatch(/^ENTRYPOINT \["\/nodejs\/bin\/node", "\/app\/bin\/tenantscan\.js"\]$/m);
    expect(dockerfile).toMatch(/^USER 65532:65532$/m);
    const [container] = pod.containers;
    expect(container.command).toBeUndefined();
    expect(container.args.slice(0, 1)).toEqual(['scan']);
    expect(pod.securityContext).toMatchObject({ runAsNonRoot: true, runAsUser: 65532, seccompProfile: { type: 'RuntimeDefault' } });
    expect(container.securityContext).toEqual({
      allowPrivilegeEscalation: false,
      readOnlyRootFilesystem: true,
      capabilities: { drop: ['ALL'] },
    });
    expect(pod.automountServiceAccountToken).toBe(false);
    const projected = pod.volumes.find((v) => v.name === 'service-account')!.projected!.sources;
    expect(projected.map((s) => Object.keys(s)[0])).toEqual(['serviceAccountToken', 'configMap', 'downwardAPI']);
  });

  it('names the cluster in its reports with scan.clusterName (for tenantscan merge), and passes no name by default', () => {
    const named = podSpecOf(byKind(helmTemplate(helm!, { set: { ...API, 'scan.clusterName': 'prod-eu' } }).objects, 'CronJob')[0]);
    const args = named.containers[0].args;
    expect(args.slice(args.indexOf('--cluster-name'), args.indexOf('--cluster-name') + 2)).toEqual(['--cluster-name', 'prod-eu']);
    const unnamed = podSpecOf(byKind(helmTemplate(helm!, { set: API }).objects, 'CronJob')[0]);
    expect(unnamed.containers[0].args).not.toContain('--cluster-name');
  });

  it('reports nothing against tenantscan itself when tenantscan scans the rendered chart', () => {
    const { yaml, objects } = helmTemplate(helm!, { set: API });
    // As the whole cluster: a chart alone is inferred partial, where checks that need other bindings are not evaluated.
    const run = spawnSync(
      'node',
      [join(ROOT, 'bin', 'tenantscan.js'), 'scan', '--file', '-', '--format', 'json', '--input-scope', 'cluster'],
      {
        input: yaml,
        encoding: 'utf8',
      },
    );
    const report = { results: resultsOfJsonReport(JSON.parse(run.stdout) as JsonReport) };
    const ours = new Set(objects.map((o) => `${o.kind}/${o.metadata.name}`));
    const against = report.results.filter(
      (r) => r.status === 'fail' && (ours.has(`${r.subject.kind}/${r.subject.name}`) || r.subject.namespace === 'tenantscan'),
    );
    expect(against.map((r) => `${r.checkId} ${r.subject.kind}/${r.subject.name}`)).toEqual([]);
    // The chart's objects were checked, not skipped: its roles pass the RBAC checks.
    const passed = report.results.filter(
      (r) => r.status === 'pass' && r.subject.kind === 'ClusterRole' && r.subject.name.startsWith('tenantscan-scanner'),
    );
    expect(new Set(passed.map((r) => `${r.checkId} ${r.subject.kind}/${r.subject.name}`))).toEqual(
      new Set(
        ['tenantscan-scanner', 'tenantscan-scanner-core', 'tenantscan-scanner-groups', 'tenantscan-scanner-crd-groups'].flatMap((role) => [
          `rbac-wildcard-rule ClusterRole/${role}`,
          `rbac-privilege-escalation ClusterRole/${role}`,
        ]),
      ),
    );
    expect(run.status, run.stderr).toBe(0);
  });
});
