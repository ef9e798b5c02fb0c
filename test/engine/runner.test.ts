import { describe, expect, it } from 'vitest';
import { defineCheck } from '../../src/engine/check.js';
import { K } from '../../src/model/kinds.js';
import { runCheckOnText } from '../helpers/fixtures.js';

const manifests = `
apiVersion: v1
kind: Namespace
metadata: { name: team-a }
---
apiVersion: v1
kind: Namespace
metadata: { name: team-b }
---
apiVersion: v1
kind: Namespace
metadata: { name: kube-system }
`;

const base = {
  family: 'test',
  title: 't',
  description: 'd',
  rationale: 'r',
  remediation: 'm',
  references: [{ title: 'x' }],
  severity: { 'multi-team': 'low', 'multi-customer': 'high' } as const,
  messages: { bad: 'namespace {{name}} is bad' },
};

describe('runner', () => {
  it('evaluates namespace checks on tenant namespaces only, keeps passes, fills message placeholders', () => {
    const check = defineCheck({
      ...base,
      id: 'test-ns',
      target: 'namespace',
      needs: [K.Namespace],
      check: (ns) =>
        ns.metadata.name === 'team-a' ? [{ messageId: 'bad', data: { name: ns.metadata.name }, path: '/metadata/labels' }] : [],
    });
    const results = runCheckOnText(check, manifests);
    expect(results.map((r) => [r.subject.name, r.status, r.tenant, r.message])).toEqual([
      ['team-a', 'fail', 'team-a', 'namespace team-a is bad'],
      ['team-b', 'pass', 'team-b', undefined],
    ]);
    // no labels are written: the location is their nearest written ancestor, `metadata` (line 4)
    expect(results[0]).toMatchObject({ path: '/metadata/labels', severity: 'low', location: { file: 'fixture.yaml', line: 4, column: 1 } });
  });

  it('marks a subject not-evaluated when a kind the check needs could not be read there, and never runs it', () => {
    let ran = 0;
    const check = defineCheck({ ...base, id: 'test-np', target: 'namespace', needs: [K.NetworkPolicy], check: () => (ran++, []) });
    const results = runCheckOnText(check, manifests, {
      access: [{ groupKind: K.NetworkPolicy, status: 'partial', forbiddenNamespaces: ['team-b'], reason: '403 Forbidden' }],
    });
    expect(results.map((r) => [r.subject.name, r.status])).toEqual([
      ['team-a', 'pass'],
      ['team-b', 'not-evaluated'],
    ]);
    expect(results[1].reason).toBe('NetworkPolicy.networking.k8s.io could not be read in namespace team-b: 403 Forbidden');
    expect(ran).toBe(1);
  });

  it('never places a kind that was not read at all "in namespace X" (cluster-scoped kinds included)', () => {
    const check = defineCheck({ ...base, id: 'test-rc', target: 'namespace', needs: [K.RuntimeClass], check: () => [] });
    const results = runCheckOnText(check, manifests, {
      access: [{ groupKind: K.RuntimeClass, status: 'none', reason: '403 Forbidden' }],
    });
    expect(results.map((r) => [r.subject.name, r.status, r.reason])).toEqual([
      ['team-a', 'not-evaluated', 'RuntimeClass.node.k8s.io could not be read: 403 Forbidden'],
      ['team-b', 'not-evaluated', 'RuntimeClass.node.k8s.io could not be read: 403 Forbidden'],
    ]);
  });

  it('turns a throwing check into an error result and a declined one into not-evaluated', () => {
    const throwing = defineCheck({
      ...base,
      id: 'test-throw',
      target: 'cluster',
      needs: [],
      check: () => {
        throw new Error('boom');
      },
    });
    expect(runCheckOnText(throwing, manifests)).toEqual([
      expect.objectContaining({
        status: 'error',
        reason: 'check threw: boom',
        subject: { apiVersion: 'tenantscan.io/v1', kind: 'Cluster', name: 'cluster' },
      }),
    ]);
    const declining = defineCheck({
      ...base,
      id: 'test-decline',
      target: 'cluster',
      needs: [],
      check: () => ({ notEvaluated: 'Cilium policies apply' }),
    });
    expect(runCheckOnText(declining, manifests)[0]).toMatchObject({ status: 'not-evaluated', reason: 'Cilium policies apply' });
  });

  it('uses the profile severity', () => {
    const check = defineCheck({
      ...base,
      id: 'test-sev',
      target: 'cluster',
      needs: [],
      check: () => [{ messageId: 'bad', data: { name: 'cluster' } }],
    });
    expect(runCheckOnText(check, manifests, { options: { profile: 'multi-customer' } })[0].severity).toBe('high');
  });

  it('evaluates namespaced subjects in platform namespaces only with scope all', () => {
    const objects = `${manifests}\n---\napiVersion: v1\nkind: ServiceAccount\nmetadata: { name: sa, namespace: kube-system }\n---\napiVersion: v1\nkind: ServiceAccount\nmetadata: { name: sa, namespace: team-a }\n`;
    const tenantsOnly = defineCheck({ ...base, id: 'test-sa', target: { kinds: [K.ServiceAccount] }, needs: [], check: () => [] });
    expect(runCheckOnText(tenantsOnly, objects).map((r) => r.subject.namespace)).toEqual(['team-a']);
    const all = defineCheck({
      ...base,
      id: 'test-sa-all',
      scope: 'all',
      target: { kinds: [K.ServiceAccount] },
      needs: [],
      check: () => [],
    });
    expect(runCheckOnText(all, objects).map((r) => r.subject.namespace)).toEqual(['kube-system', 'team-a']);
  });
});
