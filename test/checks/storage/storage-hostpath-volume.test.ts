import { describe, expect, it } from 'vitest';
import check from '../../../checks/storage/storage-hostpath-volume.js';
import { failures, passes, runCheckOnFixture, runCheckOnText } from '../../helpers/fixtures.js';
import { ownedChain } from '../../helpers/owned-chain.js';
import { expectEvery } from '../../helpers/expect-every.js';

const FIX = 'storage/storage-hostpath-volume';

describe('storage-hostpath-volume', () => {
  it('finds hostPath volumes in every workload kind, mounted by any container kind or by none', () => {
    const results = runCheckOnFixture(check, `${FIX}/fail-workload-kinds.yaml`);
    const failed = failures(results);
    expect(failed.map((r) => `${r.subject.kind}/${r.subject.name} ${r.path}`).sort()).toEqual([
      'CronJob/nightly /spec/jobTemplate/spec/template/spec/volumes/0/hostPath',
      'DaemonSet/declared-not-mounted /spec/template/spec/volumes/1/hostPath',
      'Deployment/mounted-by-init /spec/template/spec/volumes/0/hostPath',
      'Pod/debug /spec/volumes/0/hostPath',
    ]);
    expect(failed.find((r) => r.subject.name === 'mounted-by-init')?.message).toContain('init container "copy-config"');
    expect(failed.find((r) => r.subject.name === 'debug')?.message).toContain('ephemeral container "debugger"');
    expect(failed.find((r) => r.subject.name === 'declared-not-mounted')?.message).toContain('not mounted');
    expectEvery(failed, (r) => r.tenant === 'team-a' && r.severity === 'high');
    expect(failed.find((r) => r.subject.name === 'nightly')?.location?.line).toBeGreaterThan(1);
  });

  it('passes pods without hostPath and ignores platform namespaces', () => {
    const results = runCheckOnFixture(check, `${FIX}/pass-no-hostpath.yaml`);
    expect(failures(results)).toEqual([]);
    expect(passes(results).map((r) => r.subject.name)).toEqual(['db']);
  });

  it('reports a pod owned by a Deployment in the input once, on the Deployment', () => {
    const text = ownedChain(`      containers: [{ name: web, image: nginx }]
      volumes: [{ name: h, hostPath: { path: /tmp } }]`);
    const failed = failures(runCheckOnText(check, text));
    expect(failed.map((r) => `${r.subject.kind}/${r.subject.name}`)).toEqual(['Deployment/web']);
  });

  it('is severity critical under multi-customer', () => {
    const results = runCheckOnFixture(check, `${FIX}/fail-workload-kinds.yaml`, { options: { profile: 'multi-customer' } });
    expectEvery(failures(results), (r) => r.severity === 'critical');
  });

  it('is not-evaluated, never pass, when pods could not be read', () => {
    const results = runCheckOnFixture(check, `${FIX}/pass-no-hostpath.yaml`, {
      access: [{ groupKind: 'StatefulSet.apps', status: 'none', reason: '403 Forbidden' }],
    });
    expect(results.map((r) => r.status)).toEqual(['not-evaluated']);
    expect(results[0].reason).toContain('403 Forbidden');
  });
});
