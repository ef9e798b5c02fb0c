import { describe, expect, it } from 'vitest';
import check from '../../../checks/workload/workload-host-port.js';
import { failures, passes, runCheckOnFixture, runCheckOnText } from '../../helpers/fixtures.js';
import { ownedChain } from '../../helpers/owned-chain.js';
import { expectEvery } from '../../helpers/expect-every.js';

const FIX = 'workload/workload-host-port';

describe('workload-host-port', () => {
  it('reports every port that binds on the node, in all three container lists, with the path', () => {
    const failed = failures(runCheckOnFixture(check, `${FIX}/fail-host-ports.yaml`));
    expect(failed.map((r) => `${r.subject.kind}/${r.subject.name} ${r.path}`).sort()).toEqual([
      'DaemonSet/metrics /spec/template/spec/containers/0/ports/0/containerPort',
      'DaemonSet/metrics /spec/template/spec/containers/0/ports/1/hostPort',
      'Deployment/edge-proxy /spec/template/spec/containers/0/ports/1/hostPort',
      'Pod/debug /spec/ephemeralContainers/0/ports/0/hostPort',
      'StatefulSet/dns-cache /spec/template/spec/initContainers/0/ports/0/hostPort',
    ]);
    const byPath = (path: string) => failed.find((r) => r.path === path)?.message;
    // A hostPort written on a hostNetwork pod is reported once, as written.
    expect(failed.filter((r) => r.subject.name === 'metrics').map((r) => r.message)).toEqual([
      'container "exporter" binds port 9100/TCP on the node: the pod uses hostNetwork, so the API server sets hostPort to containerPort',
      'container "exporter" binds host port 6060/TCP on the node (containerPort 6060)',
    ]);
    expect(failed.find((r) => r.subject.name === 'edge-proxy')?.message).toBe(
      'container "envoy" binds host port 443/TCP on the node (containerPort 8443)',
    );
    expect(byPath('/spec/template/spec/initContainers/0/ports/0/hostPort')).toBe(
      'init container "warmup" binds host port 53/UDP on the node (containerPort 53)',
    );
    expect(byPath('/spec/ephemeralContainers/0/ports/0/hostPort')).toContain('ephemeral container "listener" binds host port 18080/TCP');
    expect(byPath('/spec/template/spec/containers/0/ports/0/containerPort')).toBe(
      'container "exporter" binds port 9100/TCP on the node: the pod uses hostNetwork, so the API server sets hostPort to containerPort',
    );
    expectEvery(failed, (r) => r.severity === 'high');
  });

  it('passes containerPort alone and hostPort: 0, and ignores platform namespaces', () => {
    const results = runCheckOnFixture(check, `${FIX}/pass-no-host-ports.yaml`);
    expect(failures(results)).toEqual([]);
    expect(passes(results).map((r) => r.subject.name)).toEqual(['web']);
  });

  it('reports a pod owned through a ReplicaSet once, on the Deployment', () => {
    const text = ownedChain(`      containers:
        - name: web
          image: nginx:1.27
          ports: [{ containerPort: 80, hostPort: 8080 }]`);
    expect(runCheckOnText(check, text).map((r) => `${r.status} ${r.subject.kind}/${r.subject.name}`)).toEqual(['fail Deployment/web']);
  });

  it('is not-evaluated, never pass, when a workload kind could not be read', () => {
    const results = runCheckOnFixture(check, `${FIX}/pass-no-host-ports.yaml`, {
      access: [{ groupKind: 'Deployment.apps', status: 'none', reason: 'timeout' }],
    });
    expect(results.map((r) => `${r.status} ${r.reason}`)).toEqual([
      'not-evaluated Deployment.apps could not be read in namespace team-a: timeout',
    ]);
  });
});
