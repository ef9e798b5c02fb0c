import { describe, expect, it } from 'vitest';
import check from '../../../checks/workload/workload-capabilities-added.js';
import { normalizeCapability } from '../../../src/k8s/workloads/index.js';
import { failures, passes, runCheckOnFixture, runCheckOnText } from '../../helpers/fixtures.js';
import { ownedChain } from '../../helpers/owned-chain.js';
import { expectEvery } from '../../helpers/expect-every.js';

const FIX = 'workload/workload-capabilities-added';
const MULTI_CUSTOMER = { options: { profile: 'multi-customer' as const } };

describe('workload-capabilities-added', () => {
  it('under multi-team, fails capabilities beyond the baseline set in any case or prefix, and ALL', () => {
    const failed = failures(runCheckOnFixture(check, `${FIX}/fail-beyond-baseline.yaml`));
    expect(failed.map((r) => `${r.subject.kind}/${r.subject.name} ${r.path} | ${r.message}`).sort()).toEqual([
      'CronJob/node-report /spec/jobTemplate/spec/template/spec/containers/0/securityContext/capabilities/add | container "report" adds all, beyond the Pod Security baseline set',
      'Deployment/vpn-gateway /spec/template/spec/containers/0/securityContext/capabilities/add | container "wireguard" adds NET_ADMIN, beyond the Pod Security baseline set',
      'Deployment/vpn-gateway /spec/template/spec/initContainers/0/securityContext/capabilities/add | init container "iptables-setup" adds sys_admin, beyond the Pod Security baseline set',
      'Pod/profiler /spec/ephemeralContainers/0/securityContext/capabilities/add | ephemeral container "perf" adds CAP_SYS_PTRACE, beyond the Pod Security baseline set',
      'StatefulSet/cache /spec/template/spec/containers/0/securityContext/capabilities/add | container "redis" adds ALL, beyond the Pod Security baseline set',
    ]);
    expectEvery(failed, (r) => r.severity === 'high');
  });

  it('under multi-team, passes the baseline set (any case, with or without CAP_), drop-only and Windows pods', () => {
    const results = runCheckOnFixture(check, `${FIX}/pass-baseline-set.yaml`);
    expect(failures(results)).toEqual([]);
    expect(
      passes(results)
        .map((r) => r.subject.name)
        .sort(),
    ).toEqual(['file-sync', 'iis', 'web', 'worker']);
  });

  it('under multi-customer, allows only NET_BIND_SERVICE (Pod Security restricted)', () => {
    const results = runCheckOnFixture(check, `${FIX}/pass-baseline-set.yaml`, MULTI_CUSTOMER);
    expect(
      failures(results)
        .map((r) => `${r.subject.name} ${r.path} | ${r.message}`)
        .sort(),
    ).toEqual([
      'file-sync /spec/template/spec/containers/0/securityContext/capabilities/add | container "sync" adds kill, CAP_SETGID, beyond NET_BIND_SERVICE (Pod Security restricted)',
      'file-sync /spec/template/spec/initContainers/0/securityContext/capabilities/add | init container "fix-perms" adds CHOWN, FOWNER, cap_setuid, beyond NET_BIND_SERVICE (Pod Security restricted)',
    ]);
    expect(
      passes(results)
        .map((r) => r.subject.name)
        .sort(),
    ).toEqual(['iis', 'web', 'worker']);
    const beyondBaseline = failures(runCheckOnFixture(check, `${FIX}/fail-beyond-baseline.yaml`, MULTI_CUSTOMER));
    expect(
      beyondBaseline.find((r) => r.path?.endsWith('containers/0/securityContext/capabilities/add') && r.subject.name === 'vpn-gateway')
        ?.message,
    ).toBe('container "wireguard" adds NET_ADMIN, CHOWN, beyond NET_BIND_SERVICE (Pod Security restricted)');
    expectEvery(beyondBaseline, (r) => r.severity === 'high');
  });

  it('normalises names as the container runtimes do', () => {
    expect(['sys_admin', 'CAP_SYS_ADMIN', 'cap_sys_admin', ' SYS_ADMIN '].map(normalizeCapability)).toEqual(Array(4).fill('SYS_ADMIN'));
    expect(normalizeCapability('all')).toBe('ALL');
  });

  it('reports a pod owned through a ReplicaSet once, on the Deployment', () => {
    const text = ownedChain(`      containers:
        - name: web
          image: nginx:1.27
          securityContext: { capabilities: { add: [NET_RAW] } }`);
    expect(runCheckOnText(check, text).map((r) => `${r.status} ${r.subject.kind}/${r.subject.name}`)).toEqual(['fail Deployment/web']);
  });

  it('is not-evaluated, never pass, when a workload kind could not be read', () => {
    const results = runCheckOnFixture(check, `${FIX}/pass-baseline-set.yaml`, {
      access: [{ groupKind: 'ReplicationController', status: 'none', reason: '403 Forbidden' }],
    });
    expect(new Set(results.map((r) => r.status))).toEqual(new Set(['not-evaluated']));
    expect(results).toHaveLength(4);
  });
});
