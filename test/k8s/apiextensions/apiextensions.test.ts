import { describe, expect, it } from 'vitest';
import { customKindOf, referencesTo } from '../../../src/k8s/apiextensions/index.js';
import { K } from '../../../src/model/kinds.js';
import { indexFromText } from '../../helpers/fixtures.js';

const CRDS = `
apiVersion: apiextensions.k8s.io/v1
kind: CustomResourceDefinition
metadata: { name: clusterissuers.cert-manager.io }
spec: { group: cert-manager.io, scope: Cluster, names: { kind: ClusterIssuer, plural: clusterissuers }, versions: [{ name: v1, served: true, storage: true }] }
---
apiVersion: apiextensions.k8s.io/v1
kind: CustomResourceDefinition
metadata: { name: clusterissuers.other.example.com }
spec: { group: other.example.com, scope: Cluster, names: { kind: ClusterIssuer, plural: clusterissuers }, versions: [{ name: v1, served: true, storage: true }] }
---
apiVersion: apiextensions.k8s.io/v1
kind: CustomResourceDefinition
metadata: { name: widgets.example.com }
spec: { group: example.com, names: { kind: Widget }, versions: [{ name: v1, served: true, storage: true }] }
`;

describe('customKindOf', () => {
  it('reads group, kind, plural and scope; a scope other than Cluster is namespaced; the plural defaults to the lowercased kind + s', () => {
    const index = indexFromText(CRDS);
    const [issuers, other, widgets] = index.ofKind(K.CustomResourceDefinition).map(customKindOf);
    expect(issuers).toEqual({
      group: 'cert-manager.io',
      kind: 'ClusterIssuer',
      plural: 'clusterissuers',
      scope: 'Cluster',
      groupKind: 'ClusterIssuer.cert-manager.io',
    });
    expect(other?.groupKind).toBe('ClusterIssuer.other.example.com');
    expect(widgets).toMatchObject({ plural: 'widgets', scope: 'Namespaced' });
    expect(
      customKindOf({ apiVersion: 'apiextensions.k8s.io/v1', kind: 'CustomResourceDefinition', metadata: { name: 'x' }, spec: {} }),
    ).toBeUndefined();
  });
});

describe('referencesTo', () => {
  const text = `${CRDS}
---
apiVersion: cert-manager.io/v1
kind: ClusterIssuer
metadata: { name: internal-ca }
---
apiVersion: cert-manager.io/v1
kind: Certificate
metadata: { name: with-group, namespace: a }
spec: { issuerRef: { group: cert-manager.io, kind: ClusterIssuer, name: letsencrypt } }
---
apiVersion: cert-manager.io/v1
kind: Certificate
metadata: { name: other-group, namespace: a }
spec: { issuerRef: { group: other.example.com, kind: ClusterIssuer, name: letsencrypt } }
---
apiVersion: v1
kind: ObjectHolder
metadata: { name: api-version, namespace: b }
spec: { targets: [{ apiVersion: cert-manager.io/v1, kind: ClusterIssuer, name: internal-ca }] }
---
apiVersion: cert-manager.io/v1
kind: Certificate
metadata: { name: no-group-known, namespace: b }
spec: { issuerRef: { kind: ClusterIssuer, name: internal-ca } }
---
apiVersion: cert-manager.io/v1
kind: Certificate
metadata: { name: no-group-unknown, namespace: b }
spec: { issuerRef: { kind: ClusterIssuer, name: vault } }
---
apiVersion: v1
kind: ConfigMap
metadata:
  name: owned
  namespace: b
  ownerReferences: [{ apiVersion: cert-manager.io/v1, kind: ClusterIssuer, name: internal-ca, uid: u1 }]
`;

  it("finds typed references with the kind's group (group, apiGroup or apiVersion), and group-less ones to objects the input holds; never metadata", () => {
    const index = indexFromText(text);
    const kind = customKindOf(index.ofKind(K.CustomResourceDefinition)[0])!;
    expect(referencesTo(index, kind).map((r) => [r.from.metadata.name, r.path, r.name])).toEqual([
      ['with-group', '/spec/issuerRef', 'letsencrypt'],
      ['api-version', '/spec/targets/0', 'internal-ca'],
      ['no-group-known', '/spec/issuerRef', 'internal-ca'],
    ]);
    const other = customKindOf(index.ofKind(K.CustomResourceDefinition)[1])!;
    expect(referencesTo(index, other).map((r) => r.from.metadata.name)).toEqual(['other-group']);
  });
});
