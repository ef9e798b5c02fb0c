import { describe, expect, it } from 'vitest';
import check from '../../../checks/quota/workload-resources-missing.js';
import { failures, passes, runCheckOnFixture, runCheckOnText } from '../../helpers/fixtures.js';

const FIX = 'quota/workload-resources-missing';

describe('workload-resources-missing', () => {
  it('names each container and exactly what it lacks after defaulting', () => {
    const results = runCheckOnFixture(check, `${FIX}/fail-missing.yaml`);
    expect(
      failures(results)
        .map((r) => `${r.subject.kind}/${r.subject.name} ${r.path}: ${r.message}`)
        .sort(),
    ).toEqual(
      [
        'CronJob/report /spec/jobTemplate/spec/template/spec/containers/0/resources: container "report" has no cpu limit (no LimitRange of the namespace defaults it)',
        'Deployment/web /spec/template/spec/containers/0/resources: container "web" has no cpu request, cpu limit, memory request, memory limit (no LimitRange of the namespace defaults them)',
        'Deployment/web /spec/template/spec/initContainers/0/resources: init container "migrate" has no cpu limit, memory limit (no LimitRange of the namespace defaults them)',
        'StatefulSet/cache /spec/template/spec/containers/0/resources: container "redis" has no cpu request, cpu limit (also after the defaults of LimitRange "memory-defaults")',
        'Deployment/worker /spec/template/spec/containers/0/resources: container "worker" has no cpu limit (set to "0", and zero means none), memory request (set to "0Gi", and zero means none), memory limit (set to "0Mi", and zero means none) (also after the defaults of LimitRange "memory-defaults")',
      ].sort(),
    );
    // The sidecar (limits only) and the Pod (ephemeral container skipped) have no finding.
    expect(passes(results).map((r) => r.subject.name)).toEqual(['debug']);
    expect(failures(results).find((r) => r.subject.name === 'cache')?.related).toEqual([
      { apiVersion: 'v1', kind: 'LimitRange', namespace: 'team-b', name: 'memory-defaults' },
    ]);
  });

  it('passes containers defaulted by LimitRange max or default, by their own limits or by pod-level resources', () => {
    const results = runCheckOnFixture(check, `${FIX}/pass-defaulted.yaml`);
    expect(failures(results)).toEqual([]);
    expect(
      passes(results)
        .map((r) => r.subject.name)
        .sort(),
    ).toEqual(['api', 'db', 'import', 'pod-level']);
  });

  it('counts the LimitRange items of a Capsule Tenant whose copies are not in the input', () => {
    const text = `
apiVersion: capsule.clastix.io/v1beta2
kind: Tenant
metadata: { name: orbit }
spec:
  limitRanges:
    items:
      - limits: [{ type: Container, default: { cpu: 500m, memory: 256Mi } }]
---
apiVersion: v1
kind: Namespace
metadata: { name: orbit-a, labels: { capsule.clastix.io/tenant: orbit } }
---
apiVersion: v1
kind: Pod
metadata: { name: p, namespace: orbit-a }
spec:
  containers: [{ name: c, image: busybox }]
`;
    expect(runCheckOnText(check, text).map((r) => r.status)).toEqual(['pass']);
  });

  it('is not-evaluated, never pass, when LimitRanges could not be read', () => {
    const results = runCheckOnFixture(check, `${FIX}/pass-defaulted.yaml`, {
      access: [{ groupKind: 'LimitRange', status: 'partial', forbiddenNamespaces: ['team-c'], reason: '403 Forbidden' }],
    });
    expect(results.find((r) => r.subject.name === 'api')?.status).toBe('not-evaluated');
    expect(results.find((r) => r.subject.name === 'db')?.status).toBe('pass');
  });
});
