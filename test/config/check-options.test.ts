import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { builtinChecks } from '../../checks/index.js';
import { checkOptionsProblems, optionsSchemaProblem } from '../../src/config/check-options.js';
import { PROFILES } from '../../src/engine/check.js';
import { resolveCheckOptions } from '../../src/engine/options.js';
import { RBAC_OPTIONS_SCHEMA } from '../../src/k8s/rbac/index.js';
import { jsonReportOf, scanInProcess } from '../helpers/cli.js';

const FIX = join(import.meta.dirname, 'fixtures');
const CLUSTER = join(FIX, 'cluster.yaml');

function config(text: string): string {
  const dir = mkdtempSync(join(tmpdir(), 'tenantscan-options-'));
  writeFileSync(join(dir, '.tenantscan.yaml'), text);
  return join(dir, '.tenantscan.yaml');
}

describe('checkOptions validation', () => {
  it('names the path of a wrong type, an unknown option, an unknown check ID and a check without options', () => {
    expect(
      checkOptionsProblems(
        {
          rbac: { platformSubjects: 'not-a-list' },
          'network-untrusted-namespace-label': { trustedLabel: ['x'], trustedLabels: [1] },
          'network-untrusted-namspace-label': {},
          'quota-missing': { enabled: true },
          'workload-capabilities-added': { allowedCapabilities: 'privileged' },
        },
        builtinChecks,
      ),
    ).toEqual([
      'checkOptions.rbac.platformSubjects: must be array',
      'checkOptions.network-untrusted-namespace-label.trustedLabel: unknown option (known: trustedLabels)',
      'checkOptions.network-untrusted-namespace-label.trustedLabels[0]: must be string',
      'checkOptions.network-untrusted-namspace-label: no check or shared options block has this ID (shared blocks: rbac); run `tenantscan checks` for the IDs',
      'checkOptions.quota-missing: check quota-missing takes no options',
      'checkOptions.workload-capabilities-added.allowedCapabilities: must be equal to one of the allowed values: baseline, restricted',
    ]);
    expect(
      checkOptionsProblems(
        { rbac: { platformSubjects: ['group:platform-*'], replacePlatformSubjects: true }, 'tenancy-pod-security-missing': {} },
        builtinChecks,
      ),
    ).toEqual([]);
  });

  it('takes platform subjects as globs or {kind, name, namespace} entries, and names each entry it does not understand', () => {
    expect(
      checkOptionsProblems(
        {
          rbac: {
            platformSubjects: [
              'group:platform-*',
              'serviceaccount:flux-system:*',
              'ops-*',
              { kind: 'User', name: 'jane@example.com' },
              { kind: 'Group', name: 'sre', apiGroup: 'rbac.authorization.k8s.io' },
              { kind: 'ServiceAccount', name: 'tenantscan', namespace: 'audit-tools' },
            ],
          },
        },
        builtinChecks,
      ),
    ).toEqual([]);
    expect(
      checkOptionsProblems(
        {
          rbac: {
            platformSubjects: [
              { kind: 'Role', name: 'admin' },
              { kind: 'ServiceAccount', name: 'tenantscan' },
              { kind: 'User', name: 'bob', namespace: 'team-a' },
              { kind: 'Group', name: '' },
              { kind: 'User', name: 'bob', groups: ['x'] },
              'serviceaccount:tenantscan',
              'user:',
              42,
            ],
          },
        },
        builtinChecks,
      ),
    ).toEqual(['checkOptions.rbac.platformSubjects[7]: must be string,object']);
    expect(
      checkOptionsProblems(
        {
          rbac: {
            platformSubjects: [
              { kind: 'Role', name: 'admin' },
              { kind: 'ServiceAccount', name: 'tenantscan' },
              { kind: 'User', name: 'bob', namespace: 'team-a' },
              { kind: 'Group', name: '' },
              { kind: 'User', name: 'bob', groups: ['x'] },
              'serviceaccount:tenantscan',
              'user:',
            ],
          },
        },
        builtinChecks,
      ),
    ).toEqual([
      'checkOptions.rbac.platformSubjects[0] ({"kind":"Role","name":"admin"}): kind must be User, Group or ServiceAccount',
      'checkOptions.rbac.platformSubjects[1] ({"kind":"ServiceAccount","name":"tenantscan"}): a ServiceAccount needs its namespace (a non-empty string, a glob)',
      'checkOptions.rbac.platformSubjects[2] ({"kind":"User","name":"bob","namespace":"team-a"}): a User has no namespace',
      'checkOptions.rbac.platformSubjects[3] ({"kind":"Group","name":""}): name must be a non-empty string (a glob)',
      'checkOptions.rbac.platformSubjects[4] ({"kind":"User","name":"bob","groups":["x"]}): unknown field groups (known: kind, name, namespace)',
      'checkOptions.rbac.platformSubjects[5] ("serviceaccount:tenantscan"): a service account is written `serviceaccount:<namespace>:<name>`',
      'checkOptions.rbac.platformSubjects[6] ("user:"): `user:` needs a name glob after the colon',
    ]);
  });

  it('has, for every built-in check with options, a schema that compiles and accepts its defaults under every profile', () => {
    const withOptions = builtinChecks.filter((c) => c.options);
    expect(withOptions.map((c) => c.id)).toEqual([
      'exposure-endpoints-cross-tenant',
      'network-untrusted-namespace-label',
      'tenancy-pod-security-missing',
      'workload-capabilities-added',
    ]);
    for (const check of withOptions) expect([check.id, optionsSchemaProblem(check)]).toEqual([check.id, undefined]);
  });

  it('are all documented in docs/configuration.md', () => {
    const doc = readFileSync(join(import.meta.dirname, '..', '..', 'docs', 'configuration.md'), 'utf8');
    for (const check of builtinChecks.filter((c) => c.options)) {
      for (const name of Object.keys(check.options!.schema.properties as object)) expect(doc).toContain(`| \`${name}\` |`);
      expect(doc).toContain(`[\`${check.id}\`]`);
    }
    for (const name of Object.keys(RBAC_OPTIONS_SCHEMA.properties)) expect(doc).toContain(`| \`${name}\` |`);
  });

  it('applies defaults per profile, then the configured options', () => {
    const check = builtinChecks.find((c) => c.id === 'workload-capabilities-added')!;
    expect(PROFILES.map((p) => resolveCheckOptions(check, p))).toEqual([
      { allowedCapabilities: 'baseline' },
      { allowedCapabilities: 'restricted' },
    ]);
    expect(resolveCheckOptions(check, 'multi-team', { allowedCapabilities: 'restricted' })).toEqual({ allowedCapabilities: 'restricted' });
    expect(Object.isFrozen(resolveCheckOptions(check, 'multi-team'))).toBe(true);
  });
});

describe('checkOptions in a scan', () => {
  it('exits 2 naming the path of a wrong type or a misspelled check ID', async () => {
    await expect(
      scanInProcess({ file: [CLUSTER], config: config('checkOptions:\n  rbac:\n    platformSubjects: not-a-list\n') }),
    ).rejects.toMatchObject({ exitCode: 2, message: expect.stringContaining('checkOptions.rbac.platformSubjects: must be array') });
    await expect(
      scanInProcess({
        file: [CLUSTER],
        config: config('checkOptions:\n  rbac:\n    platformSubjects:\n      - { kind: Role, name: admin }\n'),
      }),
    ).rejects.toMatchObject({
      exitCode: 2,
      message: expect.stringContaining(
        'checkOptions.rbac.platformSubjects[0] ({"kind":"Role","name":"admin"}): kind must be User, Group or ServiceAccount',
      ),
    });
    await expect(
      scanInProcess({
        file: [CLUSTER],
        config: config('checkOptions:\n  workload-capabilites-added:\n    allowedCapabilities: restricted\n'),
      }),
    ).rejects.toMatchObject({
      exitCode: 2,
      message: expect.stringContaining('checkOptions.workload-capabilites-added: no check or shared options block has this ID'),
    });
  });

  it('validates and applies the options of a custom check module', async () => {
    const checksDir = join(FIX, 'options-checks');
    const byDefault = await jsonReportOf([CLUSTER], { checksDir });
    const results = (r: typeof byDefault) =>
      r.results
        .filter((x) => x.checkId === 'custom-namespace-required-label')
        .map((x) => `${x.subject.name}:${x.status}:${x.message ?? ''}`)
        // the JSON document lists passes apart from the other results (schema 2.x): compare as sets
        .sort();
    expect(results(byDefault)).toEqual(['team-a:pass:', 'team-b:fail:namespace team-b has no team label']);
    const configured = await jsonReportOf([CLUSTER], {
      checksDir,
      config: config('checkOptions:\n  custom-namespace-required-label:\n    label: cost-center\n'),
    });
    expect(results(configured)).toEqual([
      'team-a:fail:namespace team-a has no cost-center label',
      'team-b:fail:namespace team-b has no cost-center label',
    ]);
    await expect(
      scanInProcess({ file: [CLUSTER], checksDir, config: config('checkOptions:\n  custom-namespace-required-label:\n    label: 3\n') }),
    ).rejects.toMatchObject({
      exitCode: 2,
      message: expect.stringContaining('checkOptions.custom-namespace-required-label.label: must be string'),
    });
  });

  it('gives workload-capabilities-added the restricted set when configured so under multi-team', async () => {
    const cluster = `apiVersion: v1
kind: Namespace
metadata: { name: team-a }
---
apiVersion: v1
kind: Pod
metadata: { name: web, namespace: team-a }
spec:
  containers:
    - name: web
      image: nginx
      securityContext: { capabilities: { add: [CHOWN] } }
`;
    const dir = mkdtempSync(join(tmpdir(), 'tenantscan-options-'));
    writeFileSync(join(dir, 'cluster.yaml'), cluster);
    const statuses = async (args: Parameters<typeof jsonReportOf>[1]) =>
      (await jsonReportOf([join(dir, 'cluster.yaml')], args)).results
        .filter((r) => r.checkId === 'workload-capabilities-added')
        .map((r) => `${r.status}:${r.message ?? ''}`);
    expect(await statuses({})).toEqual(['pass:']);
    expect(await statuses({ profile: 'multi-customer' })).toEqual([
      'fail:container "web" adds CHOWN, beyond NET_BIND_SERVICE (Pod Security restricted)',
    ]);
    expect(
      await statuses({ config: config('checkOptions:\n  workload-capabilities-added:\n    allowedCapabilities: restricted\n') }),
    ).toEqual(['fail:container "web" adds CHOWN, beyond NET_BIND_SERVICE (Pod Security restricted)']);
  });
});

describe('custom check messages', () => {
  it('rejects a malformed placeholder when the checks load, exit 2 with the check ID', async () => {
    await expect(scanInProcess({ file: [CLUSTER], checksDir: join(FIX, 'bad-message-checks') })).rejects.toMatchObject({
      exitCode: 2,
      message: expect.stringMatching(/empty-placeholder\.mjs: custom-empty-placeholder: message "bad": malformed placeholder "\{\{ \}\}"/),
    });
  });

  it('rejects a declarative check whose message has a placeholder other than {{errors}}, exit 2 with the check ID', async () => {
    const cfg = config(
      'customChecks:\n  - { id: custom-x, title: t, severity: low, kinds: [Namespace], message: "bad {{name}}: {{errors}}", schema: {} }\n',
    );
    await expect(scanInProcess({ file: [CLUSTER], config: cfg })).rejects.toMatchObject({
      exitCode: 2,
      message: expect.stringContaining('customChecks custom-x: message placeholder {{name}} is never filled'),
    });
  });
});

describe('scoring.minCoverage in the config', () => {
  it('sets the minimum coverage the report states, and refuses a value outside 0..1 (exit 2)', async () => {
    const report = await jsonReportOf([CLUSTER], { config: config('scoring:\n  minCoverage: 0.9\n') });
    expect(report.score.minCoverage).toBe(0.9);
    expect((await jsonReportOf([CLUSTER])).score.minCoverage).toBe(0.5);
    await expect(scanInProcess({ file: [CLUSTER], config: config('scoring:\n  minCoverage: 50\n') })).rejects.toMatchObject({
      exitCode: 2,
      message: expect.stringContaining('minCoverage'),
    });
  });
});
