import { describe, expect, it } from 'vitest';
import check from '../../../checks/workload/workload-privilege-escalation.js';
import { failures, passes, runCheckOnFixture, runCheckOnText } from '../../helpers/fixtures.js';
import { ownedChain } from '../../helpers/owned-chain.js';
import { expectEvery } from '../../helpers/expect-every.js';

const FIX = 'workload/workload-privilege-escalation';

describe('workload-privilege-escalation', () => {
  it('fails an unset allowPrivilegeEscalation like an explicit true, in every container list', () => {
    const failed = failures(runCheckOnFixture(check, `${FIX}/fail-not-false.yaml`));
    expect(failed.map((r) => `${r.subject.kind}/${r.subject.name} ${r.path} | ${r.message}`).sort()).toEqual([
      'CronJob/reindex /spec/jobTemplate/spec/template/spec/containers/0/securityContext/allowPrivilegeEscalation | container "reindex" sets allowPrivilegeEscalation: true',
      'Deployment/api /spec/template/spec/containers/0/securityContext | container "api" does not set allowPrivilegeEscalation: false (unset allows escalation)',
      'Deployment/api /spec/template/spec/initContainers/0 | init container "migrate" does not set allowPrivilegeEscalation: false (unset allows escalation)',
      'Deployment/ci-runner /spec/template/spec/containers/1/securityContext/privileged | container "dind" runs privileged, which always allows privilege escalation: the API rejects allowPrivilegeEscalation: false beside privileged: true',
      'Pod/toolbox /spec/ephemeralContainers/0 | ephemeral container "debugger" does not set allowPrivilegeEscalation: false (unset allows escalation)',
    ]);
    expectEvery(failed, (r) => r.severity === 'medium');
  });

  it('is severity high under multi-customer', () => {
    const failed = failures(runCheckOnFixture(check, `${FIX}/fail-not-false.yaml`, { options: { profile: 'multi-customer' } }));
    expect(failed).toHaveLength(5);
    expectEvery(failed, (r) => r.severity === 'high');
  });

  it('passes explicit false everywhere, skips Windows pods and ignores platform namespaces', () => {
    const results = runCheckOnFixture(check, `${FIX}/pass-explicit-false.yaml`);
    expect(failures(results)).toEqual([]);
    expect(
      passes(results)
        .map((r) => r.subject.name)
        .sort(),
    ).toEqual(['legacy-dotnet', 'toolbox', 'web']);
  });

  it('reports a pod owned through a ReplicaSet once, on the Deployment', () => {
    const text = ownedChain(`      containers:
        - name: web
          image: nginx:1.27`);
    expect(runCheckOnText(check, text).map((r) => `${r.status} ${r.subject.kind}/${r.subject.name}`)).toEqual(['fail Deployment/web']);
  });

  it('is not-evaluated, never pass, when a workload kind could not be read', () => {
    const results = runCheckOnFixture(check, `${FIX}/pass-explicit-false.yaml`, {
      access: [{ groupKind: 'Job.batch', status: 'none', reason: '403 Forbidden' }],
    });
    expect(results.map((r) => r.status)).toEqual(['not-evaluated', 'not-evaluated', 'not-evaluated']);
  });
});
