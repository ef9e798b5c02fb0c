import { describe, expect, it } from 'vitest';
import check from '../../../checks/workload/workload-run-as-root.js';
import { failures, passes, runCheckOnFixture, runCheckOnText } from '../../helpers/fixtures.js';
import { ownedChain } from '../../helpers/owned-chain.js';
import { expectEvery } from '../../helpers/expect-every.js';

const FIX = 'workload/workload-run-as-root';

describe('workload-run-as-root', () => {
  it('judges each container by its effective securityContext, the container overriding the pod', () => {
    const failed = failures(runCheckOnFixture(check, `${FIX}/fail-root-allowed.yaml`));
    expect(failed.map((r) => `${r.subject.kind}/${r.subject.name} ${r.path} | ${r.message}`).sort()).toEqual([
      'CronJob/backup /spec/jobTemplate/spec/template/spec/securityContext/runAsNonRoot | container "backup" has runAsNonRoot: false (set on the pod) and no non-zero runAsUser: it runs as the image\'s user, root included',
      'DaemonSet/log-agent /spec/template/spec/containers/0 | container "agent" may run as root: neither it nor the pod sets runAsNonRoot: true or a non-zero runAsUser',
      'Deployment/billing /spec/template/spec/containers/1/securityContext/runAsUser | container "legacy-agent" runs as uid 0 (runAsUser: 0, set on the container)',
      'Deployment/billing /spec/template/spec/containers/2/securityContext/runAsNonRoot | container "shell" has runAsNonRoot: false (set on the container) and no non-zero runAsUser: it runs as the image\'s user, root included',
      'Job/seed /spec/template/spec/containers/0 | container "seed" may run as root: neither it nor the pod sets runAsNonRoot: true or a non-zero runAsUser',
      'Pod/inspect /spec/ephemeralContainers/0/securityContext/runAsUser | ephemeral container "debugger" runs as uid 0 (runAsUser: 0, set on the container)',
      'Pod/maintenance /spec/securityContext/runAsUser | container "tools" runs as uid 0 (runAsUser: 0, set on the pod)',
      'ReplicaSet/standalone /spec/template/spec/containers/0 | container "app" may run as root: neither it nor the pod sets runAsNonRoot: true or a non-zero runAsUser',
      'ReplicationController/legacy /spec/template/spec/containers/0 | container "app" may run as root: neither it nor the pod sets runAsNonRoot: true or a non-zero runAsUser',
      'StatefulSet/queue /spec/template/spec/containers/0 | container "rabbitmq" may run as root: neither it nor the pod sets runAsNonRoot: true or a non-zero runAsUser',
      'StatefulSet/queue /spec/template/spec/initContainers/0 | init container "init-perms" may run as root: neither it nor the pod sets runAsNonRoot: true or a non-zero runAsUser',
    ]);
    expectEvery(failed, (r) => r.severity === 'low');
  });

  it('passes pod-level runAsNonRoot: true, a fixed non-zero runAsUser, overridden pod fields and user-namespace pods', () => {
    const results = runCheckOnFixture(check, `${FIX}/pass-non-root.yaml`);
    expect(failures(results)).toEqual([]);
    expect(
      passes(results)
        .map((r) => r.subject.name)
        .sort(),
    ).toEqual(['overridden', 'postgresql', 'toolbox', 'userns', 'web']);
  });

  it('is severity high under multi-customer', () => {
    const failed = failures(runCheckOnFixture(check, `${FIX}/fail-root-allowed.yaml`, { options: { profile: 'multi-customer' } }));
    expectEvery(failed, (r) => r.severity === 'high');
  });

  it('reports a pod owned through a ReplicaSet once, on the Deployment', () => {
    const text = ownedChain(`      containers:
        - name: web
          image: nginx:1.27`);
    expect(runCheckOnText(check, text).map((r) => `${r.status} ${r.subject.kind}/${r.subject.name}`)).toEqual(['fail Deployment/web']);
  });

  it('is not-evaluated, never pass, when a workload kind could not be read', () => {
    const results = runCheckOnFixture(check, `${FIX}/pass-non-root.yaml`, {
      access: [{ groupKind: 'StatefulSet.apps', status: 'partial', forbiddenNamespaces: ['team-a'], reason: '403 Forbidden' }],
    });
    expect(new Set(results.map((r) => r.status))).toEqual(new Set(['not-evaluated']));
  });
});
