import { describe, expect, it } from 'vitest';
import check from '../../../checks/workload/workload-host-namespace.js';
import { failures, passes, runCheckOnFixture, runCheckOnText } from '../../helpers/fixtures.js';
import { ownedChain } from '../../helpers/owned-chain.js';
import { expectEvery } from '../../helpers/expect-every.js';

const FIX = 'workload/workload-host-namespace';

describe('workload-host-namespace', () => {
  it('reports hostNetwork, hostPID and hostIPC each on its own, with the path to the field', () => {
    const failed = failures(runCheckOnFixture(check, `${FIX}/fail-host-namespaces.yaml`));
    expect(failed.map((r) => `${r.subject.kind}/${r.subject.name} ${r.path}`).sort()).toEqual([
      'CronJob/port-scan /spec/jobTemplate/spec/template/spec/hostNetwork',
      'DaemonSet/apm-agent /spec/template/spec/hostNetwork',
      'DaemonSet/apm-agent /spec/template/spec/hostPID',
      'Pod/shm-bench /spec/hostIPC',
    ]);
    const byPath = (path: string) => failed.find((r) => r.path === path)?.message ?? '';
    expect(byPath('/spec/template/spec/hostNetwork')).toMatch(/^hostNetwork: true puts the pod in the node's network namespace/);
    expect(byPath('/spec/template/spec/hostPID')).toMatch(/^hostPID: true .*process ID namespace/);
    expect(byPath('/spec/hostIPC')).toMatch(/^hostIPC: true .*IPC namespace/);
    expectEvery(failed, (r) => r.severity === 'critical' && r.tenant === 'team-a');
  });

  it('passes unset and false fields, shareProcessNamespace, and ignores platform namespaces', () => {
    const results = runCheckOnFixture(check, `${FIX}/pass-no-host-namespaces.yaml`);
    expect(failures(results)).toEqual([]);
    expect(
      passes(results)
        .map((r) => r.subject.name)
        .sort(),
    ).toEqual(['app-with-sidecar', 'web']);
  });

  it('reports a pod owned through a ReplicaSet once, on the Deployment', () => {
    const text = ownedChain(`      hostPID: true
      containers:
        - name: web
          image: nginx:1.27`);
    expect(runCheckOnText(check, text).map((r) => `${r.status} ${r.subject.kind}/${r.subject.name} ${r.path}`)).toEqual([
      'fail Deployment/web /spec/template/spec/hostPID',
    ]);
  });

  it('is not-evaluated, never pass, when pods could not be read', () => {
    const results = runCheckOnFixture(check, `${FIX}/pass-no-host-namespaces.yaml`, {
      access: [{ groupKind: 'Pod', status: 'partial', forbiddenNamespaces: ['team-a'], reason: '403 Forbidden' }],
    });
    expect(results.map((r) => r.status)).toEqual(['not-evaluated', 'not-evaluated']);
  });
});
