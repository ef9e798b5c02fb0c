import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import check from '../../../checks/workload/workload-seccomp-unconfined.js';
import { CheckTester, fixtureCases } from '../../../src/testing/index.js';
import { expectEvery } from '../../helpers/expect-every.js';
import { failures, passes, runCheckOnFixture } from '../../helpers/fixtures.js';

const FIX = 'workload/workload-seccomp-unconfined';
const UNSET =
  "has no seccompProfile, nor has its pod: it runs Unconfined unless the kubelet's seccompDefault is on (not visible in manifests)";

new CheckTester({ describe, it }).run(check, fixtureCases(join(import.meta.dirname, 'workload-seccomp-unconfined')));

describe('workload-seccomp-unconfined', () => {
  it('fails every container whose effective profile is Unconfined or unset, the container overriding the pod', () => {
    const failed = failures(runCheckOnFixture(check, `${FIX}/fail-no-seccomp-profile.yaml`));
    expect(failed.map((r) => `${r.subject.kind}/${r.subject.name} ${r.path} | ${r.message}`).sort()).toEqual([
      `CronJob/report /spec/jobTemplate/spec/template/spec/containers/0 | container "report" ${UNSET}`,
      'DaemonSet/tracer /spec/template/spec/securityContext/seccompProfile/type | container "strace" runs with seccompProfile Unconfined (set on the pod): every system call of the node\'s kernel is open to it',
      `Deployment/api /spec/template/spec/containers/0 | container "api" ${UNSET}`,
      'Deployment/web /spec/template/spec/containers/0/securityContext/seccompProfile/type | container "web" runs with seccompProfile Unconfined (set on the container): every system call of the node\'s kernel is open to it',
      `Job/migrate /spec/template/spec/containers/0 | container "migrate" ${UNSET}`,
      'Pod/toolbox /spec/ephemeralContainers/0/securityContext/seccompProfile/type | ephemeral container "debugger" runs with seccompProfile Unconfined (set on the container): every system call of the node\'s kernel is open to it',
      `ReplicaSet/legacy /spec/template/spec/containers/0 | container "app" ${UNSET}`,
      `ReplicationController/older /spec/template/spec/containers/0 | container "app" ${UNSET}`,
      `StatefulSet/cache /spec/template/spec/containers/0 | container "redis" ${UNSET}`,
    ]);
    expectEvery(failed, (r) => r.severity === 'info');
  });

  it('is medium under multi-customer', () => {
    const failed = failures(runCheckOnFixture(check, `${FIX}/fail-no-seccomp-profile.yaml`, { options: { profile: 'multi-customer' } }));
    expect(failed).toHaveLength(9);
    expectEvery(failed, (r) => r.severity === 'medium');
  });

  it('passes confined containers, skips Windows pods, and leaves to Pod Security restricted the pods it rejects', () => {
    const results = runCheckOnFixture(check, `${FIX}/pass-seccomp-confined.yaml`);
    expect(failures(results)).toEqual([]);
    expect(
      passes(results)
        .map((r) => `${r.subject.kind}/${r.subject.name}`)
        .sort(),
    ).toEqual([
      'CronJob/report',
      'DaemonSet/agent',
      'Deployment/api',
      'Deployment/iis',
      'Deployment/web',
      'Deployment/worker',
      'Job/migrate',
      'Pod/toolbox',
      'ReplicaSet/legacy',
      'ReplicationController/older',
      'StatefulSet/cache',
    ]);
    expect(results.find((r) => r.subject.name === 'api')?.message).toBe(
      'namespace team-secure enforces Pod Security "restricted" (enforce-version v1.30), which rejects such pods before they run',
    );
    expect(results.find((r) => r.subject.name === 'worker')?.message).toBe(
      'namespace team-typo enforces Pod Security "restricted", which rejects such pods before they run',
    );
  });
});
