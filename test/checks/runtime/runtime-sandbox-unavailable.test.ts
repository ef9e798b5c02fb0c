import { describe, expect, it } from 'vitest';
import check from '../../../checks/runtime/runtime-sandbox-unavailable.js';
import { failures, passes, runCheckOnFixture } from '../../helpers/fixtures.js';

const FIX = 'runtime/runtime-sandbox-unavailable';

describe('runtime-sandbox-unavailable', () => {
  it('fails when the only classes are named like sandboxes but have runc/crun handlers', () => {
    const results = runCheckOnFixture(check, `${FIX}/fail-lookalike-names.yaml`);
    expect(results).toHaveLength(1);
    const [r] = failures(results);
    expect(r.subject).toEqual({ apiVersion: 'tenantscan.io/v1', kind: 'Cluster', name: 'cluster' });
    expect(r.message).toBe(
      'no RuntimeClass has a sandbox handler (runsc, gvisor, kata, kata-*); the cluster offers only "gvisor" (handler "runc"), "kata" (handler "crun")',
    );
    expect(r.related?.map((o) => o.name)).toEqual(['gvisor', 'kata']);
    expect(r.tenant).toBeUndefined();
  });

  it('fails when there is no RuntimeClass at all, whatever pods ask for', () => {
    const [r] = failures(runCheckOnFixture(check, `${FIX}/fail-no-runtimeclass.yaml`));
    expect(r.message).toBe("the cluster has no RuntimeClass at all: every pod runs under the nodes' default handler (usually runc)");
  });

  it('passes when one class has a sandbox handler, whatever its name', () => {
    const results = runCheckOnFixture(check, `${FIX}/pass-one-sandbox.yaml`);
    expect(passes(results).map((r) => r.subject.kind)).toEqual(['Cluster']);
    expect(failures(results)).toEqual([]);
  });

  it('follows the configured handler list', () => {
    const results = runCheckOnFixture(check, `${FIX}/fail-lookalike-names.yaml`, { options: { sandboxHandlers: ['crun'] } });
    expect(passes(results)).toHaveLength(1);
  });

  it('is severity info for multi-team, high for multi-customer', () => {
    expect(failures(runCheckOnFixture(check, `${FIX}/fail-no-runtimeclass.yaml`))[0].severity).toBe('info');
    expect(
      failures(runCheckOnFixture(check, `${FIX}/fail-no-runtimeclass.yaml`, { options: { profile: 'multi-customer' } }))[0].severity,
    ).toBe('high');
  });

  it('is not-evaluated when RuntimeClasses could not be listed', () => {
    const results = runCheckOnFixture(check, `${FIX}/fail-no-runtimeclass.yaml`, {
      access: [{ groupKind: 'RuntimeClass.node.k8s.io', status: 'none', reason: '403 Forbidden: cannot list runtimeclasses' }],
    });
    expect(results.map((r) => r.status)).toEqual(['not-evaluated']);
    expect(results[0].reason).toContain('403 Forbidden');
  });
});
