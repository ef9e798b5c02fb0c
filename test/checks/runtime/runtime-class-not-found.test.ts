import { describe, expect, it } from 'vitest';
import check from '../../../checks/runtime/runtime-class-not-found.js';
import { failures, passes, runCheckOnFixture } from '../../helpers/fixtures.js';
import { expectEvery } from '../../helpers/expect-every.js';

const FIX = 'runtime/runtime-class-not-found';

describe('runtime-class-not-found', () => {
  it('reports runtimeClassName "runsc" without such a RuntimeClass as missing, not as a sandbox', () => {
    const results = runCheckOnFixture(check, `${FIX}/fail-missing-class.yaml`);
    expect(
      failures(results)
        .map((r) => `${r.subject.kind}/${r.subject.name} ${r.path}`)
        .sort(),
    ).toEqual([
      'CronJob/nightly /spec/jobTemplate/spec/template/spec/runtimeClassName',
      'Deployment/web /spec/template/spec/runtimeClassName',
    ]);
    expect(failures(results).find((r) => r.subject.name === 'web')?.message).toBe(
      'runtimeClassName "runsc" names no RuntimeClass: the API server rejects these pods, and the name alone is not a sandbox',
    );
    expectEvery(failures(results), (r) => r.tenant === 'team-a' && r.severity === 'medium');
    expect(
      passes(results)
        .map((r) => r.subject.name)
        .sort(),
    ).toEqual(['api', 'plain']);
  });

  it('reports a Capsule Tenant default that names no RuntimeClass, on the templates that rely on it', () => {
    const results = runCheckOnFixture(check, `${FIX}/fail-capsule-default-missing.yaml`);
    expect(failures(results).map((r) => `${r.subject.name} ${r.path}`)).toEqual(['app /spec/template/spec']);
    expect(failures(results)[0].message).toBe(
      'Capsule Tenant "beta" injects runtimeClassName "kata-qemu" (spec.runtimeClasses.default), which names no RuntimeClass: the API server rejects these pods',
    );
    expect(failures(results)[0].related).toEqual([{ apiVersion: 'capsule.clastix.io/v1beta2', kind: 'Tenant', name: 'beta' }]);
    expect(passes(results).map((r) => r.subject.name)).toEqual(['pinned']);
  });

  it('passes templates naming existing classes (sandboxed or not) and ignores platform namespaces', () => {
    const results = runCheckOnFixture(check, `${FIX}/pass-existing-classes.yaml`);
    expect(failures(results)).toEqual([]);
    expect(
      passes(results)
        .map((r) => r.subject.name)
        .sort(),
    ).toEqual(['api', 'cache']);
  });

  it('is not-evaluated, never pass or fail, when RuntimeClasses could not be read', () => {
    const results = runCheckOnFixture(check, `${FIX}/fail-missing-class.yaml`, {
      access: [{ groupKind: 'RuntimeClass.node.k8s.io', status: 'none', reason: 'timeout' }],
    });
    expect(new Set(results.map((r) => r.status))).toEqual(new Set(['not-evaluated']));
    expect(results).toHaveLength(4);
    expect(results[0].reason).toMatch(/^RuntimeClass.node.k8s.io could not be read.*: timeout$/);
  });
});
