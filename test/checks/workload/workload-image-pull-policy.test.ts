import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import check from '../../../checks/workload/workload-image-pull-policy.js';
import { CheckTester, fixtureCases } from '../../../src/testing/index.js';
import { expectEvery } from '../../helpers/expect-every.js';
import { failures, passes, runCheckOnFixture, runCheckOnText } from '../../helpers/fixtures.js';
import { ownedChain } from '../../helpers/owned-chain.js';

const FIX = 'workload/workload-image-pull-policy';
const NOTE =
  'unless the AlwaysPullImages admission plugin is on (or the kubelet verifies credentials of cached images), which manifests do not show';

new CheckTester({ describe, it }).run(check, fixtureCases(join(import.meta.dirname, 'workload-image-pull-policy')));

describe('workload-image-pull-policy', () => {
  it('fails every container that may start from the cache, with the policy as written or defaulted', () => {
    const failed = failures(runCheckOnFixture(check, `${FIX}/fail-cached-image.yaml`));
    expect(failed.map((r) => `${r.subject.kind}/${r.subject.name} ${r.path} | ${(r.message ?? '').split(':')[0]}`).sort()).toEqual([
      'CronJob/nightly-report /spec/jobTemplate/spec/template/spec/containers/1 | container "upload" pulls registry.acme.example/tools/upload',
      'DaemonSet/node-agent /spec/template/spec/containers/0/imagePullPolicy | container "agent" pulls registry.acme.example/ops/agent with imagePullPolicy',
      'Deployment/storefront /spec/template/spec/containers/0 | container "web" pulls registry.acme.example/shop/storefront',
      'Deployment/storefront /spec/template/spec/initContainers/0/imagePullPolicy | init container "migrate" pulls busybox',
      'Job/seed /spec/template/spec/containers/0 | container "seed" pulls registry.acme.example',
      'Pod/debug-target /spec/ephemeralContainers/0 | ephemeral container "debugger" pulls busybox',
      'ReplicaSet/legacy-cache /spec/template/spec/containers/0 | container "memcached" pulls memcached',
      'ReplicationController/old-queue /spec/template/spec/containers/1 | container "exporter" pulls kbudde/rabbitmq-exporter',
      'StatefulSet/db /spec/template/spec/containers/0 | container "postgres" pulls registry.acme.example/base/postgres@sha256',
    ]);
    expectEvery(failed, (r) => r.severity === 'low' && (r.message ?? '').endsWith(NOTE));
    const message = (name: string) => failed.find((r) => r.subject.name === name)?.message;
    expect(message('db')).toContain('without imagePullPolicy, which defaults to IfNotPresent for an image with a digest and no tag');
    expect(message('seed')).toContain(
      'registry.acme.example:5000/tools/seed:2.0 without imagePullPolicy, which defaults to IfNotPresent for an image with the tag "2.0"',
    );
    expect(message('node-agent')).toContain('with imagePullPolicy: Never: on a shared node');
  });

  it('passes Always, written or defaulted, and says nothing of the platform namespaces', () => {
    const results = runCheckOnFixture(check, `${FIX}/pass-always-pulled.yaml`);
    expect(failures(results)).toEqual([]);
    expect(
      passes(results)
        .map((r) => `${r.subject.kind}/${r.subject.name}`)
        .sort(),
    ).toEqual([
      'CronJob/nightly-report',
      'DaemonSet/node-agent',
      'Deployment/storefront',
      'Job/seed',
      'Pod/debug-target',
      'ReplicaSet/legacy-cache',
      'ReplicationController/old-queue',
      'StatefulSet/db',
    ]);
  });

  it('is high under multi-customer', () => {
    const failed = failures(runCheckOnFixture(check, `${FIX}/fail-cached-image.yaml`, { options: { profile: 'multi-customer' } }));
    expect(failed).toHaveLength(9);
    expectEvery(failed, (r) => r.severity === 'high');
  });

  it('reports a pod owned through a ReplicaSet once, on the Deployment', () => {
    const text = ownedChain(`      containers:
        - name: web
          image: nginx:1.27`);
    expect(runCheckOnText(check, text).map((r) => `${r.status} ${r.subject.kind}/${r.subject.name}`)).toEqual(['fail Deployment/web']);
  });
});
