import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { inferInputScope, outsidePartialInput } from '../../src/engine/input-scope.js';
import { builtinChecks } from '../../checks/index.js';
import { indexFromText, runCheckOnText } from '../helpers/fixtures.js';
import { jsonReportOf, scanInProcess } from '../helpers/cli.js';
import { expectEvery } from '../helpers/expect-every.js';

const CHART = join(import.meta.dirname, 'input-scope', 'chart-deployment-service.yaml');
const check = (id: string) => builtinChecks.find((c) => c.id === id)!;

describe('the input scope', () => {
  it('is inferred partial for manifests that use a namespace without its Namespace object, cluster otherwise', () => {
    expect(inferInputScope(indexFromText('apiVersion: v1\nkind: Service\nmetadata: { name: s, namespace: shop }\n'))).toEqual({
      scope: 'partial',
      inferred: true,
      reason: 'the manifests use namespace shop without the Namespace object',
    });
    const whole = indexFromText(
      'apiVersion: v1\nkind: Namespace\nmetadata: { name: shop }\n---\napiVersion: v1\nkind: Service\nmetadata: { name: s, namespace: shop }\n',
    );
    expect(inferInputScope(whole).scope).toBe('cluster');
    // The initial namespaces exist in every cluster; a set with no Namespace object at all is partial.
    const usesDefault = indexFromText(
      'apiVersion: v1\nkind: Namespace\nmetadata: { name: shop }\n---\napiVersion: v1\nkind: Service\nmetadata: { name: s, namespace: default }\n',
    );
    expect(inferInputScope(usesDefault).scope).toBe('cluster');
    expect(inferInputScope(indexFromText('apiVersion: v1\nkind: Service\nmetadata: { name: s, namespace: default }\n')).reason).toBe(
      'the manifests hold no Namespace object',
    );
  });

  it('leaves a check not-evaluated when it needs objects the partial input does not hold, and only then', () => {
    const index = indexFromText(
      'apiVersion: v1\nkind: Namespace\nmetadata: { name: held }\n---\napiVersion: v1\nkind: Service\nmetadata: { name: s, namespace: shop }\n',
    );
    // Judges only its subject: evaluated.
    expect(outsidePartialInput(check('workload-privileged'), index, 'shop')).toBeUndefined();
    expect(outsidePartialInput(check('exposure-nodeport-service'), index, 'shop')).toBeUndefined();
    // Needs the namespace's NetworkPolicies: held only with the Namespace object.
    expect(outsidePartialInput(check('network-ingress-not-isolated'), index, 'shop')).toBe(
      'the input is partial (--input-scope partial) and does not hold Namespace shop: its NetworkPolicy.networking.k8s.io objects may exist outside the input',
    );
    // ... and a cluster-wide CNI or admin policy may isolate the pods from outside the input.
    expect(outsidePartialInput(check('network-ingress-not-isolated'), index, 'held')).toContain(
      'which is cluster-scoped and may exist outside the input',
    );
    expect(outsidePartialInput(check('quota-missing'), index, 'shop')).toContain('does not hold Namespace shop');
    expect(outsidePartialInput(check('quota-missing'), index, 'held')).toBeUndefined();
    // Cluster-scoped needs and cluster-wide facts: never held by part of a cluster.
    expect(outsidePartialInput(check('runtime-class-not-found'), index, 'held')).toBe(
      'the input is partial (--input-scope partial): it needs RuntimeClass.node.k8s.io, which is cluster-scoped and may exist outside the input',
    );
    expect(outsidePartialInput(check('runtime-sandbox-unavailable'), index, undefined)).toContain('a cluster-wide fact');
  });

  it('turns the failures of an absent NetworkPolicy into not-evaluated under partial, and keeps them under cluster', () => {
    const text = 'apiVersion: v1\nkind: Pod\nmetadata: { name: p, namespace: shop }\nspec:\n  containers: [{ name: c, image: nginx }]\n';
    const partial = runCheckOnText(check('network-ingress-not-isolated'), text, { options: { inputScope: 'partial' } });
    expect(partial.map((r) => r.status)).toEqual(['not-evaluated']);
    const cluster = runCheckOnText(check('network-ingress-not-isolated'), text);
    expect(cluster.map((r) => r.status)).toEqual(['fail']);
  });

  it('lets a chart with only a well-configured Deployment and Service pass --fail-on high, and records the scope', async () => {
    const partial = await scanInProcess({ file: [CHART], failOn: 'high' });
    expect(partial.code).toBe(0);
    const report = JSON.parse(partial.stdout);
    expect(report.inputScope).toEqual({
      scope: 'partial',
      inferred: true,
      reason: 'the manifests use namespace shop without the Namespace object',
    });
    const notEvaluated = report.results.filter((r: { status: string }) => r.status === 'not-evaluated');
    expect(notEvaluated.length).toBeGreaterThan(0);
    expectEvery(notEvaluated, (r: { reason: string }) => r.reason.startsWith('the input is partial (--input-scope partial)'));
    // The same chart read as the whole cluster fails the gate: no NetworkPolicy, no quota, no Pod Security label.
    const cluster = await scanInProcess({ file: [CHART], failOn: 'high', inputScope: 'cluster' });
    expect(cluster.code).toBe(1);
    expect(JSON.parse(cluster.stdout).inputScope).toEqual({ scope: 'cluster', inferred: false, reason: 'given with --input-scope' });
  });

  it('prints the scope in the table header', async () => {
    const { stdout } = await scanInProcess({ file: [CHART], format: ['table'], color: false });
    expect(stdout).toContain(
      'Input partial (inferred: the manifests use namespace shop without the Namespace object): checks that need objects outside the input are not evaluated',
    );
  });

  it('is cluster for the example cluster, which holds its Namespaces', async () => {
    const report = await jsonReportOf([join(import.meta.dirname, '..', '..', 'examples', 'shared-cluster')]);
    expect(report.inputScope.scope).toBe('cluster');
  });
});
