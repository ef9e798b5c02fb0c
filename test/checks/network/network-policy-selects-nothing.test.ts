import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import check from '../../../checks/network/network-policy-selects-nothing.js';
import { CheckTester, fixtureCases } from '../../../src/testing/index.js';
import { expectEvery } from '../../helpers/expect-every.js';
import { failures, passes, runCheckOnFixture, runCheckOnText } from '../../helpers/fixtures.js';

const FIX = 'network/network-policy-selects-nothing';
const WORKLOADS = '(Pod/toolbox, Deployment/web, ReplicaSet/legacy and 5 more)';

new CheckTester({ describe, it }).run(check, fixtureCases(join(import.meta.dirname, 'network-policy-selects-nothing')));

describe('network-policy-selects-nothing', () => {
  it('fails each policy whose selector certainly matches no pod of its namespace', () => {
    const failed = failures(runCheckOnFixture(check, `${FIX}/fail-selects-no-pod.yaml`));
    expect(failed.map((r) => `${r.subject.name} ${r.path} | ${r.message}`).sort()).toEqual(
      [
        'doesnotexist-everything "!app"',
        'exists-nothing "owner"',
        'in-nothing "app in (api, worker)"',
        'not-a-replica "app=web,!pod-template-hash"',
        'notin-excludes "app=web,tier notin (frontend)"',
        'other-job "app=migrate,job-name=migrate-v2"',
        'typo "app=wbe"',
      ].map((line) => {
        const name = line.split(' ')[0];
        const selector = line.slice(name.length + 1);
        return `${name} /spec/podSelector | podSelector ${selector} matches none of the 8 workloads of namespace team-a ${WORKLOADS}: the policy isolates no pod and its rules protect nothing`;
      }),
    );
    expectEvery(failed, (r) => r.severity === 'low');
    const multiCustomer = failures(runCheckOnFixture(check, `${FIX}/fail-selects-no-pod.yaml`, { options: { profile: 'multi-customer' } }));
    expect(multiCustomer).toHaveLength(7);
    expectEvery(multiCustomer, (r) => r.severity === 'medium');
  });

  it('passes policies that select a pod through template or controller labels, and a namespace without pods', () => {
    const results = runCheckOnFixture(check, `${FIX}/pass-selects-pods.yaml`);
    expect(failures(results)).toEqual([]);
    expect(
      passes(results)
        .map((r) => r.subject.name)
        .sort(),
    ).toEqual([
      'default-deny',
      'first-replica',
      'in-some',
      'migrate-job',
      'not-prod',
      'replicas',
      'report-jobs',
      'reserved-for-api',
      'untiered',
      'web-not-backend',
    ]);
    expect(results.find((r) => r.subject.name === 'reserved-for-api')?.message).toBe(
      'namespace team-new has no pods yet: the policy will select the pods to come',
    );
  });

  it('reads a bare Pod by its own labels and a Job with manualSelector without the labels the controller would add', () => {
    const text = `
apiVersion: v1
kind: Namespace
metadata: { name: team-a }
---
apiVersion: batch/v1
kind: Job
metadata: { name: batch, namespace: team-a }
spec:
  manualSelector: true
  selector: { matchLabels: { app: batch } }
  template:
    metadata: { labels: { app: batch } }
    spec: { restartPolicy: Never, containers: [{ name: c, image: 'busybox:1.36' }] }
---
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: { name: by-job-name, namespace: team-a }
spec:
  podSelector: { matchExpressions: [{ key: job-name, operator: Exists }] }
`;
    expect(runCheckOnText(check, text).map((r) => r.status)).toEqual(['fail']);
    expect(runCheckOnText(check, text.replace('  manualSelector: true\n', '')).map((r) => r.status)).toEqual(['pass']);
  });
});
