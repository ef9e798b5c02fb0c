import { describe, expect, it } from 'vitest';
import { builtinChecks } from '../../checks/index.js';
import { scanReadPlan } from '../../src/engine/read-plan.js';
import { K } from '../../src/model/kinds.js';
import { LAST_APPLIED_ANNOTATION, MAX_ANNOTATION_LENGTH, slimMetadataOnly, slimObject } from '../../src/sources/cluster-slim.js';

const meta = () => ({
  name: 'x',
  namespace: 'team-a',
  labels: { app: 'x' },
  annotations: {
    [LAST_APPLIED_ANNOTATION]: '{"huge":true}',
    'helm.sh/resource-policy': 'keep',
    'example.com/state': 'y'.repeat(MAX_ANNOTATION_LENGTH + 1),
  },
  managedFields: [{ manager: 'kubectl', operation: 'Apply' }],
  ownerReferences: [{ apiVersion: 'apps/v1', kind: 'ReplicaSet', name: 'x-1', uid: 'u1', controller: true }],
});

describe('slimObject', () => {
  it('sets apiVersion and kind (list items lack them) and drops managedFields, last-applied and oversized annotations', () => {
    const obj = slimObject({ metadata: meta(), spec: { containers: [] } } as never, 'v1', 'Pod');
    expect(obj).toEqual({
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: {
        name: 'x',
        namespace: 'team-a',
        labels: { app: 'x' },
        annotations: { 'helm.sh/resource-policy': 'keep' },
        ownerReferences: meta().ownerReferences,
      },
      spec: { containers: [] },
    });
  });

  it('keeps only the status fields it is given (the read plan’s), all of them for true, none by default', () => {
    const status = { phase: 'Released', message: 'm', reason: 'r' };
    expect(slimObject({ metadata: { name: 'd' }, status: { replicas: 3 } } as never, 'apps/v1', 'Deployment').status).toBeUndefined();
    expect(slimObject({ metadata: { name: 'pv' }, status } as never, 'v1', 'PersistentVolume', ['phase']).status).toEqual({
      phase: 'Released',
    });
    const tenant = { state: 'Active', namespaces: ['a-prod', 'a-dev'], size: 2 };
    expect(
      slimObject({ metadata: { name: 'a' }, status: { ...tenant } } as never, 'capsule.clastix.io/v1beta2', 'Tenant', true).status,
    ).toEqual(tenant);
  });

  it('keeps, with the built-in checks’ plan, the PV phase and a LoadBalancer’s addresses, and no Deployment status', () => {
    const plan = scanReadPlan(builtinChecks);
    const kept = (gk: string) => plan.kinds.get(gk)?.status;
    const pv = { metadata: { name: 'pv' }, status: { phase: 'Released', message: 'm' } };
    expect(slimObject(pv as never, 'v1', 'PersistentVolume', kept(K.PersistentVolume)).status).toEqual({ phase: 'Released' });
    const ingress = { loadBalancer: { ingress: [{ ip: '203.0.113.7' }] }, conditions: [] };
    expect(slimObject({ metadata: { name: 's' }, status: ingress } as never, 'v1', 'Service', kept(K.Service)).status).toEqual({
      loadBalancer: ingress.loadBalancer,
    });
    const deployment = { metadata: { name: 'd' }, status: { replicas: 3 } };
    expect(slimObject(deployment as never, 'apps/v1', 'Deployment', kept(K.Deployment)).status).toBeUndefined();
  });
});

describe('slimMetadataOnly', () => {
  it('keeps a custom resource as kind, name, namespace, labels and owners', () => {
    const item = { kind: 'PartialObjectMetadata', apiVersion: 'meta.k8s.io/v1', metadata: meta() };
    expect(slimMetadataOnly(item as never, 'postgresql.cnpg.io/v1', 'Cluster')).toEqual({
      apiVersion: 'postgresql.cnpg.io/v1',
      kind: 'Cluster',
      metadata: {
        name: 'x',
        namespace: 'team-a',
        labels: { app: 'x' },
        annotations: { 'helm.sh/resource-policy': 'keep' },
        ownerReferences: meta().ownerReferences,
      },
    });
  });
});
