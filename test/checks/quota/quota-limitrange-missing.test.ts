import { describe, expect, it } from 'vitest';
import check from '../../../checks/quota/quota-limitrange-missing.js';
import { failures, passes, runCheckOnFixture, runCheckOnText } from '../../helpers/fixtures.js';
import { expectEvery } from '../../helpers/expect-every.js';

const FIX = 'quota/quota-limitrange-missing';

describe('quota-limitrange-missing', () => {
  it('fails a compute quota whose required declarations no LimitRange Container item defaults', () => {
    const results = runCheckOnFixture(check, `${FIX}/fail-no-defaults.yaml`);
    expect(
      failures(results)
        .map((r) => `${r.subject.name}: ${r.message}`)
        .sort(),
    ).toEqual([
      'cpu-defaults-only: quota "compute" makes every container declare a memory request, but no LimitRange (type Container) of namespace cpu-defaults-only supplies a default for it: pods that omit it are rejected',
      'min-only: quota "compute" makes every container declare a cpu limit, but no LimitRange (type Container) of namespace min-only supplies a default for it: pods that omit it are rejected',
      'no-limitrange: quota "compute" makes every container declare a cpu request, a memory limit, but no LimitRange (type Container) of namespace no-limitrange supplies a default for them: pods that omit them are rejected',
      'pod-item-only: quota "compute" makes every container declare a memory request, but no LimitRange (type Container) of namespace pod-item-only supplies a default for it: pods that omit it are rejected',
    ]);
    const cpuOnly = results.find((r) => r.subject.name === 'cpu-defaults-only');
    expect(cpuOnly?.related).toEqual([
      { apiVersion: 'v1', kind: 'ResourceQuota', namespace: 'cpu-defaults-only', name: 'compute' },
      { apiVersion: 'v1', kind: 'LimitRange', namespace: 'cpu-defaults-only', name: 'cpu-defaults' },
    ]);
    expectEvery(results, (r) => r.subject.kind === 'Namespace' && r.severity === 'medium');
  });

  it('passes when max, split LimitRanges or Capsule Tenant items supply the defaults, and without compute quota', () => {
    const results = runCheckOnFixture(check, `${FIX}/pass-defaults.yaml`);
    expect(failures(results)).toEqual([]);
    expect(
      passes(results)
        .map((r) => r.subject.name)
        .sort(),
    ).toEqual(['counts-only', 'max-only', 'no-quota', 'orbit-a', 'two-limitranges']);
  });

  it('fails a Capsule tenant namespace when the Tenant gives a quota but no LimitRange', () => {
    const text = `
apiVersion: capsule.clastix.io/v1beta2
kind: Tenant
metadata: { name: orbit }
spec:
  resourceQuotas: { items: [{ hard: { requests.cpu: "2" } }] }
---
apiVersion: v1
kind: Namespace
metadata: { name: orbit-a, labels: { capsule.clastix.io/tenant: orbit } }
`;
    const [result] = runCheckOnText(check, text);
    expect(result.status).toBe('fail');
    expect(result.message).toContain('quota "capsule-orbit-0" (from Capsule Tenant orbit spec.resourceQuotas.items[0]');
  });

  it('is not-evaluated, never pass, when LimitRanges could not be read', () => {
    const results = runCheckOnFixture(check, `${FIX}/pass-defaults.yaml`, {
      access: [{ groupKind: 'LimitRange', status: 'none', reason: 'timeout' }],
    });
    expect(new Set(results.map((r) => r.status))).toEqual(new Set(['not-evaluated']));
    expect(results[0].reason).toContain('LimitRange could not be read');
  });
});
