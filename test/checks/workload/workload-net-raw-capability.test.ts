import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import check from '../../../checks/workload/workload-net-raw-capability.js';
import { CheckTester, fixtureCases } from '../../../src/testing/index.js';
import { expectEvery } from '../../helpers/expect-every.js';
import { failures, passes, runCheckOnFixture } from '../../helpers/fixtures.js';

const FIX = 'workload/workload-net-raw-capability';

new CheckTester({ describe, it }).run(check, fixtureCases(join(import.meta.dirname, 'workload-net-raw-capability')));

describe('workload-net-raw-capability', () => {
  it('fails every container that holds NET_RAW, naming why, at info under multi-team', () => {
    const failed = failures(runCheckOnFixture(check, `${FIX}/fail-net-raw-kept.yaml`));
    expect(failed.map((r) => `${r.subject.kind}/${r.subject.name} ${r.path} | ${(r.message ?? '').split(':')[0]}`).sort()).toEqual([
      'CronJob/ping-check /spec/jobTemplate/spec/template/spec/containers/0 | container "ping" keeps NET_RAW from the container runtime\'s default set (capabilities.drop has neither NET_RAW nor ALL)',
      'DaemonSet/sniffer /spec/template/spec/containers/0/securityContext/privileged | container "tcpdump" is privileged and so holds NET_RAW whatever capabilities.drop says',
      'Deployment/api /spec/template/spec/containers/0 | container "api" keeps NET_RAW from the container runtime\'s default set (capabilities.drop has neither NET_RAW nor ALL)',
      'Deployment/web /spec/template/spec/containers/0 | container "web" keeps NET_RAW from the container runtime\'s default set (capabilities.drop has neither NET_RAW nor ALL)',
      'Deployment/web /spec/template/spec/initContainers/0/securityContext/capabilities/add | init container "probe-network" adds NET_RAW (capabilities.add)',
      'Job/scan /spec/template/spec/containers/0/securityContext/capabilities/add | container "nmap" adds NET_RAW (capabilities.add)',
      'Pod/toolbox /spec/ephemeralContainers/0 | ephemeral container "debugger" keeps NET_RAW from the container runtime\'s default set (capabilities.drop has neither NET_RAW nor ALL)',
      'ReplicaSet/legacy /spec/template/spec/containers/0 | container "app" keeps NET_RAW from the container runtime\'s default set (capabilities.drop has neither NET_RAW nor ALL)',
      'ReplicationController/older /spec/template/spec/containers/0 | container "app" keeps NET_RAW from the container runtime\'s default set (capabilities.drop has neither NET_RAW nor ALL)',
      'StatefulSet/cache /spec/template/spec/containers/0 | container "redis" keeps NET_RAW from the container runtime\'s default set (capabilities.drop has neither NET_RAW nor ALL)',
    ]);
    expectEvery(
      failed,
      (r) => r.severity === 'info' && (r.message ?? '').endsWith("it can spoof ARP and DNS for other tenants' pods on its node"),
    );
  });

  it('is high under multi-customer', () => {
    const failed = failures(runCheckOnFixture(check, `${FIX}/fail-net-raw-kept.yaml`, { options: { profile: 'multi-customer' } }));
    expect(failed).toHaveLength(10);
    expectEvery(failed, (r) => r.severity === 'high');
  });

  it('passes what drops NET_RAW, skips Windows pods, and leaves to Pod Security restricted the pods it rejects', () => {
    const results = runCheckOnFixture(check, `${FIX}/pass-net-raw-dropped.yaml`);
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
      'Job/scan',
      'Pod/toolbox',
      'ReplicaSet/legacy',
      'ReplicationController/older',
      'StatefulSet/cache',
    ]);
    expect(results.find((r) => r.subject.name === 'api')?.message).toBe(
      'namespace team-secure enforces Pod Security "restricted", which rejects such pods before they run',
    );
  });
});
