import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { builtinChecks } from '../../checks/index.js';
import { scan } from '../../src/engine/scan.js';
import { scanReadPlan } from '../../src/engine/read-plan.js';
import { ResourceIndex } from '../../src/model/index.js';
import { K } from '../../src/model/kinds.js';
import { readPlanOf } from '../../src/model/read-plan.js';
import type { GroupKind } from '../../src/model/types.js';
import { loadManifests } from '../../src/sources/manifests.js';
import { defineCheck } from '../../src/engine/check.js';
import { FIXTURES_ROOT, indexFromText } from '../helpers/fixtures.js';

const EXAMPLE = join(import.meta.dirname, '..', '..', 'examples', 'shared-cluster');

/** Records every GroupKind read through the index's lookups, including the index's own (pod templates, owners). */
function recording(index: ResourceIndex): Set<GroupKind> {
  const seen = new Set<GroupKind>();
  for (const method of ['ofKind', 'inNamespace', 'get', 'isReadable', 'access'] as const) {
    const original = index[method].bind(index) as (gk: GroupKind, ...rest: unknown[]) => unknown;
    Object.defineProperty(index, method, {
      value: (gk: GroupKind, ...rest: unknown[]) => {
        seen.add(gk);
        return original(gk, ...rest);
      },
    });
  }
  return seen;
}

function fixtureFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? fixtureFiles(join(dir, e.name)) : /\.ya?ml$/.test(e.name) ? [join(dir, e.name)] : [],
  );
}

const base = {
  family: 'test',
  title: 't',
  description: 'd',
  rationale: 'r',
  remediation: 'm',
  references: [],
  severity: 'low' as const,
  messages: {},
  check: () => [],
};

describe('the read plan', () => {
  it('covers every kind a built-in check, the tenancy stage or an analysis reads, on the example and every check fixture', async () => {
    const plan = scanReadPlan(builtinChecks);
    const readable = (gk: GroupKind) => plan.kinds.get(gk)?.part === 'full' || (plan.customResources && !(gk in K_BY_VALUE));
    const inputs = [new ResourceIndex(await loadManifests([EXAMPLE]))];
    for (const file of fixtureFiles(FIXTURES_ROOT)) inputs.push(indexFromText(readFileSync(file, 'utf8'), file));
    const missing = new Set<string>();
    for (const index of inputs) {
      const seen = recording(index);
      scan(index, builtinChecks, { profile: 'multi-customer', sandboxHandlers: [], checkOptions: {}, tenancy: {} });
      for (const gk of seen) if (!readable(gk)) missing.add(gk);
    }
    expect([...missing].sort()).toEqual([]);
  });

  it('never reads Secrets, and ConfigMaps only as metadata, whatever a check declares', () => {
    const greedy = defineCheck({ ...base, id: 'test-greedy', target: { kinds: [K.Secret, K.ConfigMap] }, needs: [K.Secret, K.ConfigMap] });
    const plan = scanReadPlan([greedy]);
    expect(plan.kinds.has(K.Secret)).toBe(false);
    expect(plan.kinds.get(K.ConfigMap)).toEqual({ part: 'metadata' });
    expect(readPlanOf([{ status: { [K.ConfigMap]: true } }]).kinds.get(K.ConfigMap)).toEqual({ part: 'metadata' });
  });

  it('reads what a custom check declares: a kind outside the built-in ones, and the status it names', () => {
    const hpa = 'HorizontalPodAutoscaler.autoscaling';
    const custom = defineCheck({
      ...base,
      id: 'custom-hpa-status',
      target: { kinds: [hpa] },
      needs: [],
      reads: { status: { [hpa]: ['currentReplicas'] } },
    });
    expect(scanReadPlan(builtinChecks).kinds.has(hpa)).toBe(false);
    expect(scanReadPlan([...builtinChecks, custom]).kinds.get(hpa)).toEqual({ part: 'full', status: ['currentReplicas'] });
  });

  it('reads the routing kinds, Gateway API included, and the Pod IPs the endpoints check compares, when the exposure checks are active', () => {
    const plan = scanReadPlan(builtinChecks);
    for (const gk of [
      K.Endpoints,
      K.EndpointSlice,
      K.Ingress,
      K.IngressClass,
      K.Gateway,
      K.HTTPRoute,
      K.GRPCRoute,
      K.TLSRoute,
      K.TCPRoute,
      K.ReferenceGrant,
    ]) {
      expect([gk, plan.kinds.get(gk)?.part]).toEqual([gk, 'full']);
    }
    expect(plan.kinds.get(K.Pod)?.status).toEqual(expect.arrayContaining(['phase', 'podIP', 'podIPs']));
    const without = scanReadPlan(builtinChecks.filter((c) => !c.id.startsWith('exposure-')));
    for (const gk of [K.Endpoints, K.Gateway, K.HTTPRoute, K.ReferenceGrant]) expect(without.kinds.get(gk)?.part).not.toBe('full');
  });

  it('reads only what the active checks, the tenancy stage and the reachability analysis need', () => {
    const plan = scanReadPlan([]);
    expect([...plan.kinds.keys()].sort()).toEqual(
      [
        // The pod network (spec.podCIDRs), which decides ipBlock peers.
        K.Node,
        K.Namespace,
        K.CapsuleTenant,
        K.KioskAccount,
        // tenantscan's own identity (src/tenancy/self.ts): its chart's ClusterRoleBinding, and the labels of ClusterRoles.
        K.ClusterRoleBinding,
        K.ClusterRole,
        K.NetworkPolicy,
        K.Pod,
        K.ReplicationController,
        K.Deployment,
        K.ReplicaSet,
        K.StatefulSet,
        K.DaemonSet,
        K.Job,
        K.CronJob,
        K.CiliumNetworkPolicy,
        K.CiliumClusterwideNetworkPolicy,
        K.CalicoNetworkPolicy,
        K.CalicoNetworkPolicyV3,
        K.CalicoGlobalNetworkPolicy,
        K.CalicoGlobalNetworkPolicyV3,
        K.AdminNetworkPolicy,
        K.BaselineAdminNetworkPolicy,
        K.ClusterNetworkPolicy,
      ].sort(),
    );
    expect(plan.customResources).toBe(false);
    expect(plan.kinds.get(K.ClusterRole)).toEqual({ part: 'metadata' });
    for (const [gk, read] of plan.kinds) if (gk !== K.ClusterRole) expect(read).toEqual({ part: 'full' });
  });

  it('merges declarations: full wins over metadata, status fields are unioned, a whole status wins', () => {
    const plan = readPlanOf([
      { metadata: [K.Service], status: { [K.PersistentVolume]: ['phase'] } },
      { kinds: [K.Service], status: { [K.PersistentVolume]: ['capacity'], [K.Node]: ['allocatable'] } },
      { status: { [K.Node]: true }, customResources: true },
    ]);
    expect(Object.fromEntries(plan.kinds)).toEqual({
      [K.Node]: { part: 'full', status: true },
      [K.PersistentVolume]: { part: 'full', status: ['capacity', 'phase'] },
      [K.Service]: { part: 'full' },
    });
    expect(plan.customResources).toBe(true);
  });
});

const K_BY_VALUE: Record<string, true> = Object.fromEntries(Object.values(K).map((gk) => [gk, true]));
