import { describe, expect, it } from 'vitest';
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
    const obj = slimObject({ metadata: meta(), spec: { containers: [] } } as never, 'v1', 'Pod', K.Pod);
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

  it("drops status no check reads, keeps the PV and PVC phase and the tenancy objects' status", () => {
    const status = { phase: 'Released', message: 'm', reason: 'r' };
    expect(
      slimObject({ metadata: { name: 'd' }, status: { replicas: 3 } } as never, 'apps/v1', 'Deployment', K.Deployment).status,
    ).toBeUndefined();
    expect(slimObject({ metadata: { name: 'pv' }, status } as never, 'v1', 'PersistentVolume', K.PersistentVolume).status).toEqual({
      phase: 'Released',
    });
    expect(
      slimObject(
        { metadata: { name: 'c' }, status: { phase: 'Bound', capacity: {} } } as never,
        'v1',
        'PersistentVolumeClaim',
        K.PersistentVolumeClaim,
      ).status,
    ).toEqual({ phase: 'Bound' });
    const tenant = { state: 'Active', namespaces: ['a-prod', 'a-dev'], size: 2 };
    expect(
      slimObject({ metadata: { name: 'a' }, status: tenant } as never, 'capsule.clastix.io/v1beta2', 'Tenant', K.CapsuleTenant).status,
    ).toEqual(tenant);
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
