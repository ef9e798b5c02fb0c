import { describe, expect, it } from 'vitest';
import check from '../../../checks/tenancy/tenancy-pod-security-missing.js';
import { failures, passes, runCheckOnFixture, runCheckOnText } from '../../helpers/fixtures.js';
import { expectEvery } from '../../helpers/expect-every.js';

const FIX = 'tenancy/tenancy-pod-security-missing';
const byName = (results: ReturnType<typeof failures>) => Object.fromEntries(results.map((r) => [r.subject.name, r]));

describe('tenancy-pod-security-missing', () => {
  it('fails a missing label, warn/audit alone and enforce privileged under multi-team; baseline is enough there', () => {
    const results = runCheckOnFixture(check, `${FIX}/fail-not-enforced.yaml`);
    const failed = byName(failures(results));
    expect(Object.keys(failed).sort()).toEqual(['team-none', 'team-privileged', 'team-warn']);
    expect(passes(results).map((r) => r.subject.name)).toEqual(['team-baseline']);
    expect(failed['team-none'].message).toBe(
      'no pod-security.kubernetes.io/enforce label: pods are admitted under the cluster-wide default, which is privileged unless the API server\'s AdmissionConfiguration says otherwise (not visible through the API); the multi-team profile needs "baseline" or "restricted"',
    );
    expect(failed['team-none'].path).toBe('/metadata/labels');
    expect(failed['team-warn'].message).toContain('no pod-security.kubernetes.io/enforce label');
    expect(failed['team-warn'].message).toContain('; warn=restricted and audit=restricted only report violations and reject nothing;');
    expect(failed['team-privileged'].message).toBe(
      'pod-security.kubernetes.io/enforce is "privileged": no pod is rejected (privileged containers, host namespaces and hostPath volumes included); warn=baseline only reports violations and rejects nothing; the multi-team profile needs "baseline" or "restricted"',
    );
    expect(failed['team-privileged'].path).toBe('/metadata/labels/pod-security.kubernetes.io~1enforce');
    expectEvery(failures(results), (r) => r.severity === 'high' && r.tenant === r.subject.name);
  });

  it('requires restricted under multi-customer and says what is set, including a pinned version', () => {
    const results = runCheckOnFixture(check, `${FIX}/fail-not-enforced.yaml`, { options: { profile: 'multi-customer' } });
    const failed = byName(failures(results));
    expect(Object.keys(failed).sort()).toEqual(['team-baseline', 'team-none', 'team-privileged', 'team-warn']);
    expect(failed['team-baseline'].message).toBe(
      'pod-security.kubernetes.io/enforce is "baseline" (enforce-version v1.24): pods may still run as root, keep Linux capabilities beyond NET_BIND_SERVICE and escalate privileges; the multi-customer profile needs "restricted"',
    );
    expect(failed['team-none'].message).toContain('the multi-customer profile needs "restricted"');
    expectEvery(failures(results), (r) => r.severity === 'high');
  });

  it('passes baseline/restricted, and treats an unparseable enforce value as restricted, as PSA does', () => {
    for (const profile of ['multi-team', 'multi-customer'] as const) {
      const results = runCheckOnFixture(check, `${FIX}/pass-enforced.yaml`, { options: { profile } });
      const expected =
        profile === 'multi-team'
          ? ['team-baseline', 'team-empty', 'team-pinned', 'team-restricted', 'team-typo']
          : ['team-empty', 'team-pinned', 'team-restricted', 'team-typo'];
      expect(
        passes(results)
          .map((r) => r.subject.name)
          .sort(),
      ).toEqual(expected);
    }
    // Under multi-customer only baseline falls short; the typo and the empty value do not.
    const customer = runCheckOnFixture(check, `${FIX}/pass-enforced.yaml`, { options: { profile: 'multi-customer' } });
    expect(failures(customer).map((r) => r.subject.name)).toEqual(['team-baseline']);
  });

  it('follows the labels a Capsule Tenant reconciles onto its namespaces, overriding the manifest', () => {
    const results = runCheckOnFixture(check, `${FIX}/pass-capsule-metadata.yaml`, { options: { profile: 'multi-customer' } });
    expect(failures(results)).toEqual([]);
    expect(
      passes(results)
        .map((r) => r.subject.name)
        .sort(),
    ).toEqual(['acme-dev', 'acme-legacy']);
  });

  it('applies Capsule additionalMetadataList only to namespaces its selector matches, and names a Tenant that sets a weak level', () => {
    const results = runCheckOnFixture(check, `${FIX}/fail-capsule-metadata.yaml`);
    const failed = byName(failures(results));
    expect(Object.keys(failed).sort()).toEqual(['beta-dev', 'gamma-app']);
    expect(passes(results).map((r) => r.subject.name)).toEqual(['beta-prod']);
    expect(failed['beta-dev'].message).toContain('no pod-security.kubernetes.io/enforce label');
    expect(failed['gamma-app'].message).toContain('enforce is "privileged" (set by Capsule Tenant "gamma" namespaceOptions)');
    expect(failed['gamma-app'].related).toEqual([{ apiVersion: 'capsule.clastix.io/v1beta2', kind: 'Tenant', name: 'gamma' }]);
    expect(failed['gamma-app'].tenant).toBe('gamma');
  });

  it('is not-evaluated for a namespace whose Namespace object is not in the input (labels unknown)', () => {
    const text = `
apiVersion: v1
kind: ConfigMap
metadata: { name: settings, namespace: team-x }
data: { a: b }
`;
    const results = runCheckOnText(check, text);
    expect(results.map((r) => `${r.subject.name} ${r.status}`)).toEqual(['team-x not-evaluated']);
    expect(results[0].reason).toContain('not in the input');
  });

  it('is not-evaluated when Namespaces could not be read', () => {
    const results = runCheckOnFixture(check, `${FIX}/pass-enforced.yaml`, {
      access: [{ groupKind: 'Namespace', status: 'none', reason: '403 Forbidden' }],
    });
    expect(new Set(results.map((r) => r.status))).toEqual(new Set(['not-evaluated']));
    expect(results[0].reason).toContain('403 Forbidden');
  });
});
