import { describe, expect, it } from 'vitest';
import { K } from '../../../src/model/kinds.js';
import { attachmentsOf, backendRefsOf, listenersOf, referenceGrantFor } from '../../../src/k8s/routing/index.js';
import { indexFromText } from '../../helpers/fixtures.js';

const index = indexFromText(`
apiVersion: v1
kind: Namespace
metadata: { name: gw }
---
apiVersion: v1
kind: Namespace
metadata: { name: a, labels: { team: a } }
---
apiVersion: gateway.networking.k8s.io/v1
kind: Gateway
metadata: { name: g, namespace: gw }
spec:
  listeners:
    - { name: default, port: 80, protocol: HTTP }
    - { name: tls, port: 443, protocol: TLS, hostname: "*.example.com", allowedRoutes: { namespaces: { from: All } } }
    - { name: sel, port: 8080, protocol: HTTP, allowedRoutes: { namespaces: { from: Selector, selector: { matchLabels: { team: a } } }, kinds: [{ kind: GRPCRoute }] } }
---
apiVersion: gateway.networking.k8s.io/v1
kind: HTTPRoute
metadata: { name: r, namespace: a }
spec:
  parentRefs: [{ name: g, namespace: gw }]
  hostnames: [x.example.com]
  rules: [{ backendRefs: [{ name: s, namespace: b, port: 80 }, { name: t, port: 80 }] }]
---
apiVersion: gateway.networking.k8s.io/v1alpha2
kind: TLSRoute
metadata: { name: t, namespace: a }
spec:
  parentRefs: [{ name: g, namespace: gw }]
  hostnames: [deep.x.example.com, other.net]
---
apiVersion: gateway.networking.k8s.io/v1
kind: GRPCRoute
metadata: { name: grpc, namespace: a }
spec:
  parentRefs: [{ name: g, namespace: gw, port: 8080 }]
---
apiVersion: gateway.networking.k8s.io/v1beta1
kind: ReferenceGrant
metadata: { name: named, namespace: b }
spec:
  from: [{ group: gateway.networking.k8s.io, kind: HTTPRoute, namespace: a }]
  to: [{ group: "", kind: Service, name: s }]
`);

describe('Gateway API attachment (https://gateway-api.sigs.k8s.io/reference/spec/)', () => {
  it('defaults allowedRoutes to Same and the route kinds to the protocol', () => {
    const [plain, tls, sel] = listenersOf(index.get(K.Gateway, 'gw', 'g')!);
    expect([plain.from, plain.kinds]).toEqual(['Same', [K.HTTPRoute, K.GRPCRoute]]);
    expect(tls.kinds).toEqual([K.TLSRoute]);
    expect(sel.kinds).toEqual([K.GRPCRoute]);
  });

  it('attaches a route only where its namespace and kind are allowed, keeping the hostnames inside the listener', () => {
    const attached = (gk: string, name: string) =>
      attachmentsOf(index.get(gk, 'a', name)!, index).map((x) => [x.listener.name, x.hostnames.map((h) => h.text)]);
    expect(attached(K.HTTPRoute, 'r')).toEqual([]); // HTTP listener admits only gw; TLS listener takes TLSRoutes
    expect(attached(K.TLSRoute, 't')).toEqual([['tls', ['deep.x.example.com']]]);
    expect(attached(K.GRPCRoute, 'grpc')).toEqual([['sel', ['*']]]);
  });

  it('needs a ReferenceGrant in the target namespace naming the referrer kind, namespace and target', () => {
    const route = index.get(K.HTTPRoute, 'a', 'r')!;
    const [cross, local] = backendRefsOf(route);
    expect(cross).toEqual({ group: '', kind: 'Service', name: 's', namespace: 'b', pointer: '/spec/rules/0/backendRefs/0' });
    expect(local.namespace).toBe('a');
    expect(referenceGrantFor(route, cross, index)?.metadata.name).toBe('named');
    expect(referenceGrantFor(route, { ...cross, name: 'other' }, index)).toBeUndefined();
    expect(referenceGrantFor(index.get(K.TLSRoute, 'a', 't')!, cross, index)).toBeUndefined();
  });
});
