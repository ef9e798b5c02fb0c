import { describe, expect, it } from 'vitest';
import type { Result } from '../../src/engine/result.js';
import { PROBES } from '../../src/probe/catalog.js';
import { reconcileProbes } from '../../src/probe/reconcile.js';
import { staticCounterparts } from '../../src/probe/run.js';

const ns = (name: string) => ({ apiVersion: 'v1', kind: 'Namespace', name });
const r = (checkId: string, tenant: string, status: Result['status'], message?: string): Result => ({
  checkId,
  family: checkId.startsWith('probe-') ? 'probe' : 'tenancy',
  status,
  severity: 'high',
  tenant,
  subject: ns(`${tenant}-ns`),
  ...(message ? { message } : {}),
});

describe('reconcileProbes: configuration versus behaviour', () => {
  const map = { 'probe-privileged-pod-admitted': ['tenancy-pod-security-missing'] };

  it('reports a contradiction when the static check passes but the probe was admitted', () => {
    const out = reconcileProbes(
      [r('tenancy-pod-security-missing', 'a', 'pass')],
      [r('probe-privileged-pod-admitted', 'a', 'fail', 'admitted')],
      map,
    );
    expect(out.probeResults[0].message).toContain('contradicts tenancy-pod-security-missing');
  });

  it('marks a static failure mitigated by who refused the probe, only for the same tenant', () => {
    const out = reconcileProbes(
      [r('tenancy-pod-security-missing', 'a', 'fail', 'no label'), r('tenancy-pod-security-missing', 'b', 'fail', 'no label')],
      [r('probe-privileged-pod-admitted', 'a', 'pass', 'refused by ValidatingAdmissionPolicy deny-priv (binding x): denied')],
      map,
    );
    expect(out.staticResults[0].message).toBe(
      'no label (mitigated by admission: ValidatingAdmissionPolicy deny-priv (binding x) (probe-privileged-pod-admitted))',
    );
    expect(out.staticResults[1].message).toBe('no label');
    expect(out.probeResults[0].message).not.toContain('contradicts');
  });
});

describe('staticCounterparts: what a static pass claims about a pod probe', () => {
  const of = (id: string) => PROBES.find((p) => p.id === id)!;

  it('a baseline-level control: tenancy-pod-security-missing under every profile', () => {
    for (const profile of ['multi-team', 'multi-customer'] as const)
      expect(staticCounterparts(of('probe-privileged-pod-admitted'), profile)).toEqual(['tenancy-pod-security-missing']);
  });

  it('running as root, privilege escalation, an unmasked /proc in a user namespace: only restricted forbids them, so only multi-customer (which requires restricted) claims them', () => {
    for (const id of ['probe-run-as-root-pod-admitted', 'probe-privilege-escalation-pod-admitted', 'probe-proc-mount-pod-admitted']) {
      expect(staticCounterparts(of(id), 'multi-team')).toEqual([]);
      expect(staticCounterparts(of(id), 'multi-customer')).toEqual(['tenancy-pod-security-missing']);
    }
  });
});
