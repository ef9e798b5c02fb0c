import { describe, expect, it } from 'vitest';
import { K } from '../../src/model/kinds.js';
import { TenantModel } from '../../src/tenancy/model.js';
import { describeDerived, fieldOf, pathInOrigin } from '../../src/tenancy/origin.js';
import { indexFromText } from '../helpers/fixtures.js';

/** A Capsule Tenant with one item of each list and namespace labels, two of its namespaces, and an HNC tree with a quota at its root. */
const CLUSTER = `
apiVersion: capsule.clastix.io/v1beta2
kind: Tenant
metadata: { name: oil }
spec:
  networkPolicies:
    items:
      - policyTypes: [Ingress]
        podSelector: {}
      - policyTypes: [Egress]
        podSelector: {}
  resourceQuotas:
    items:
      - hard: { pods: "10" }
  limitRanges:
    items:
      - limits: [{ type: Container, default: { cpu: 500m } }]
  namespaceOptions:
    additionalMetadata:
      labels: { pod-security.kubernetes.io/enforce: baseline, team: oil }
    additionalMetadataList:
      - namespaceSelector: { matchLabels: { stage: prod } }
        labels: { pod-security.kubernetes.io/enforce: restricted }
      - labels: { unscoped: "true" }
---
apiVersion: v1
kind: Namespace
metadata: { name: oil-dev, labels: { capsule.clastix.io/tenant: oil, team: other } }
---
apiVersion: v1
kind: Namespace
metadata: { name: oil-prod, labels: { capsule.clastix.io/tenant: oil, stage: prod } }
---
# the copy of item 0 in oil-prod, recognised by Capsule's labels though renamed
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata:
  name: renamed
  namespace: oil-prod
  labels: { capsule.clastix.io/tenant: oil, capsule.clastix.io/network-policy: "0" }
spec: { podSelector: {}, policyTypes: [Ingress] }
---
apiVersion: v1
kind: Namespace
metadata: { name: org, labels: { org.tree.hnc.x-k8s.io/depth: "0" } }
---
apiVersion: v1
kind: Namespace
metadata: { name: team-a, labels: { org.tree.hnc.x-k8s.io/depth: "1", team-a.tree.hnc.x-k8s.io/depth: "0" } }
---
apiVersion: v1
kind: Namespace
metadata: { name: team-b, labels: { org.tree.hnc.x-k8s.io/depth: "1", team-b.tree.hnc.x-k8s.io/depth: "0" } }
---
apiVersion: hnc.x-k8s.io/v1alpha2
kind: HierarchicalResourceQuota
metadata: { name: org-cap, namespace: org }
spec: { hard: { pods: "50" } }
---
# HNC already wrote its singleton here: nothing is derived
apiVersion: v1
kind: ResourceQuota
metadata: { name: hrq.hnc.x-k8s.io, namespace: team-b }
spec: { hard: { pods: "50" } }
`;

describe('the tenancy stage (src/tenancy/materialize.ts)', () => {
  const index = indexFromText(CLUSTER);
  const tenants = new TenantModel(index);
  const stage = tenants.materialized;
  const tenant = index.get(K.CapsuleTenant, undefined, 'oil')!;

  it("derives a Tenant's network policy items as plain NetworkPolicies where their copy is not in the input, each with its origin", () => {
    const dev = stage.objectsIn(K.NetworkPolicy, 'oil-dev');
    expect(
      dev.map((d) => [d.object.apiVersion, d.object.kind, d.object.metadata.namespace, d.object.metadata.name, d.origin.path]),
    ).toEqual([
      ['networking.k8s.io/v1', 'NetworkPolicy', 'oil-dev', 'capsule-oil-0', '/spec/networkPolicies/items/0'],
      ['networking.k8s.io/v1', 'NetworkPolicy', 'oil-dev', 'capsule-oil-1', '/spec/networkPolicies/items/1'],
    ]);
    expect(dev[0].origin.object).toBe(tenant);
    expect(dev[1].object.spec).toEqual({ policyTypes: ['Egress'], podSelector: {} });
    // item 0's copy is in oil-prod (under another name, with Capsule's labels): only item 1 is derived there
    expect(stage.objectsIn(K.NetworkPolicy, 'oil-prod').map((d) => d.object.metadata.name)).toEqual(['capsule-oil-1']);
    // once per scan: asked again, the same objects
    expect(stage.objectsIn(K.NetworkPolicy, 'oil-dev')).toBe(dev);
  });

  it('derives quota and LimitRange items, and names the field each came from', () => {
    const [quota] = stage.objectsIn(K.ResourceQuota, 'oil-dev');
    expect([quota.object.kind, quota.object.metadata.name, quota.object.spec]).toEqual([
      'ResourceQuota',
      'capsule-oil-0',
      { hard: { pods: '10' } },
    ]);
    expect(fieldOf(quota.origin.path)).toBe('spec.resourceQuotas.items[0]');
    const [limits] = stage.objectsIn(K.LimitRange, 'oil-prod');
    expect([limits.object.kind, limits.origin.path]).toEqual(['LimitRange', '/spec/limitRanges/items/0']);
  });

  it("lists each of a Tenant's items once, in the first namespace lacking its copy, and maps pointers into the Tenant", () => {
    const owner = tenants.tenantOf(tenant)!;
    const items = stage.itemsOfTenant(K.NetworkPolicy, owner);
    expect(items.map((d) => [d.object.metadata.namespace, d.origin.path])).toEqual([
      ['oil-dev', '/spec/networkPolicies/items/0'],
      ['oil-dev', '/spec/networkPolicies/items/1'],
    ]);
    expect(pathInOrigin(items[1], '/spec/egress/0')).toBe('/spec/networkPolicies/items/1/egress/0');
    expect(describeDerived(items[0])).toBe(
      'capsule-oil-0 (from Capsule Tenant oil spec.networkPolicies.items[0]: its copy in this namespace is not in the input)',
    );
  });

  it('derives the hrq.hnc.x-k8s.io singleton from the HierarchicalResourceQuotas of the namespace and its ancestors, unless HNC wrote it', () => {
    for (const ns of ['org', 'team-a']) {
      const derived = stage.objectsIn(K.ResourceQuota, ns);
      expect(derived.map((d) => [d.object.metadata.name, d.object.spec, d.origin.object.metadata.name, d.origin.path])).toEqual([
        ['hrq.hnc.x-k8s.io', { hard: { pods: '50' } }, 'org-cap', '/spec/hard'],
      ]);
    }
    expect(stage.objectsIn(K.ResourceQuota, 'team-b')).toEqual([]);
    // a namespace of no tenancy layer gets nothing
    expect(stage.objectsIn(K.NetworkPolicy, 'team-a')).toEqual([]);
  });

  it('reconciles the namespace labels Capsule sets, later entries winning, each with the pointer of its field', () => {
    const dev = stage.labelsOf(index.get(K.Namespace, undefined, 'oil-dev')!);
    expect(dev.labels).toEqual({
      'capsule.clastix.io/tenant': 'oil',
      'kubernetes.io/metadata.name': 'oil-dev',
      team: 'oil',
      'pod-security.kubernetes.io/enforce': 'baseline',
    });
    expect(dev.added.get('pod-security.kubernetes.io/enforce')?.path).toBe(
      '/spec/namespaceOptions/additionalMetadata/labels/pod-security.kubernetes.io~1enforce',
    );
    const prod = stage.labelsOf(index.get(K.Namespace, undefined, 'oil-prod')!);
    expect(prod.labels['pod-security.kubernetes.io/enforce']).toBe('restricted');
    expect(prod.added.get('pod-security.kubernetes.io/enforce')?.path).toBe(
      '/spec/namespaceOptions/additionalMetadataList/0/labels/pod-security.kubernetes.io~1enforce',
    );
    // an entry without a namespaceSelector is not applied (its scope is not documented)
    expect(prod.labels.unscoped).toBeUndefined();
    expect(prod.added.get('team')?.object).toBe(tenant);
    // a namespace of no Capsule tenant keeps its own labels, none added
    const org = stage.labelsOf(index.get(K.Namespace, undefined, 'org')!);
    expect([org.labels, org.added.size]).toEqual([{ 'kubernetes.io/metadata.name': 'org', 'org.tree.hnc.x-k8s.io/depth': '0' }, 0]);
  });
});
