import { describe, expect, it } from 'vitest';
import check from '../../../checks/workload/workload-privileged.js';
import { failures, passes, runCheckOnFixture, runCheckOnText } from '../../helpers/fixtures.js';
import { ownedChain } from '../../helpers/owned-chain.js';
import { expectEvery } from '../../helpers/expect-every.js';

const FIX = 'workload/workload-privileged';

describe('workload-privileged', () => {
  it('finds privileged containers in every workload kind and every container list, with the path', () => {
    const failed = failures(runCheckOnFixture(check, `${FIX}/fail-workload-kinds.yaml`));
    expect(failed.map((r) => `${r.subject.kind}/${r.subject.name} ${r.path}`).sort()).toEqual([
      'CronJob/nightly-fsck /spec/jobTemplate/spec/template/spec/containers/0/securityContext/privileged',
      'DaemonSet/node-tuner /spec/template/spec/containers/1/securityContext/privileged',
      'Deployment/ci-dind /spec/template/spec/containers/0/securityContext/privileged',
      'Job/disk-wipe /spec/template/spec/containers/0/securityContext/privileged',
      'Pod/shell /spec/ephemeralContainers/0/securityContext/privileged',
      'ReplicaSet/standalone /spec/template/spec/containers/0/securityContext/privileged',
      'ReplicationController/legacy /spec/template/spec/containers/0/securityContext/privileged',
      'StatefulSet/search /spec/template/spec/initContainers/0/securityContext/privileged',
    ]);
    const message = (name: string) => failed.find((r) => r.subject.name === name)?.message;
    expect(message('search')).toBe(
      'init container "sysctl" runs privileged (securityContext.privileged: true): it has every capability and device of the node',
    );
    expect(message('shell')).toContain('ephemeral container "debugger"');
    expect(message('node-tuner')).toContain('container "tuner"');
    expectEvery(failed, (r) => r.tenant === 'team-a' && r.severity === 'critical');
  });

  it('treats an unset privileged as false and ignores platform namespaces', () => {
    const results = runCheckOnFixture(check, `${FIX}/pass-unset-or-false.yaml`);
    expect(failures(results)).toEqual([]);
    expect(
      passes(results)
        .map((r) => r.subject.name)
        .sort(),
    ).toEqual(['api', 'web']);
  });

  it('reports a pod owned through a ReplicaSet once, on the Deployment', () => {
    const text = ownedChain(`      containers:
        - name: web
          image: nginx:1.27
          securityContext: { privileged: true }`);
    const results = runCheckOnText(check, text);
    expect(results.map((r) => `${r.status} ${r.subject.kind}/${r.subject.name}`)).toEqual(['fail Deployment/web']);
  });

  it('is not-evaluated, never pass, when a workload kind could not be read', () => {
    const results = runCheckOnFixture(check, `${FIX}/pass-unset-or-false.yaml`, {
      access: [{ groupKind: 'CronJob.batch', status: 'none', reason: '403 Forbidden: cronjobs.batch is forbidden' }],
    });
    expect(results.map((r) => r.status)).toEqual(['not-evaluated', 'not-evaluated']);
    expect(results[0].reason).toContain('CronJob.batch could not be read in namespace team-a: 403 Forbidden');
  });
});
