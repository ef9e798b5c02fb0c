import { describe, expect, it } from 'vitest';
import { ingressClassOf, ingressPathsOverlap, ingressServiceBackends } from '../../../src/k8s/routing/index.js';
import { indexFromText } from '../../helpers/fixtures.js';

const P = (path: string, pathType: 'Exact' | 'Prefix' | 'ImplementationSpecific') => ({ path, pathType });

describe('Ingress paths (https://kubernetes.io/docs/concepts/services-networking/ingress/#examples)', () => {
  it('matches Prefix element by element, ignoring a trailing slash', () => {
    expect(ingressPathsOverlap(P('/foo', 'Prefix'), P('/foo/bar', 'Exact'))).toBe(true);
    expect(ingressPathsOverlap(P('/foo/', 'Prefix'), P('/foo', 'Exact'))).toBe(true);
    expect(ingressPathsOverlap(P('/foo', 'Prefix'), P('/foobar', 'Exact'))).toBe(false);
    expect(ingressPathsOverlap(P('/aaa/bb', 'Prefix'), P('/aaa/bbb', 'Prefix'))).toBe(false);
    expect(ingressPathsOverlap(P('/', 'Prefix'), P('/anything/at/all', 'Prefix'))).toBe(true);
  });

  it('compares Exact and ImplementationSpecific as written', () => {
    expect(ingressPathsOverlap(P('/foo', 'Exact'), P('/foo/', 'Exact'))).toBe(false);
    expect(ingressPathsOverlap(P('/foo', 'Exact'), P('/foo', 'ImplementationSpecific'))).toBe(true);
    expect(ingressPathsOverlap(P('/app.*', 'ImplementationSpecific'), P('/app', 'Prefix'))).toBe(false);
  });

  it('takes the class from spec.ingressClassName, the annotation, or the default IngressClass', () => {
    const index = indexFromText(`
apiVersion: networking.k8s.io/v1
kind: IngressClass
metadata: { name: old, annotations: { ingressclass.kubernetes.io/is-default-class: "true" }, creationTimestamp: "2023-01-01T00:00:00Z" }
---
apiVersion: networking.k8s.io/v1
kind: IngressClass
metadata: { name: nginx, annotations: { ingressclass.kubernetes.io/is-default-class: "true" }, creationTimestamp: "2024-01-01T00:00:00Z" }
---
apiVersion: networking.k8s.io/v1
kind: Ingress
metadata: { name: a, namespace: t, annotations: { kubernetes.io/ingress.class: traefik } }
spec: { defaultBackend: { service: { name: web, port: { number: 80 } } } }
---
apiVersion: networking.k8s.io/v1
kind: Ingress
metadata: { name: b, namespace: t }
spec: {}
`);
    const [a, b] = index.ofKind('Ingress.networking.k8s.io');
    expect(ingressClassOf(a, index)).toBe('traefik');
    expect(ingressClassOf(b, index)).toBe('nginx');
    expect(ingressServiceBackends(a)).toEqual([
      { service: 'web', where: 'spec.defaultBackend', pointer: '/spec/defaultBackend/service/name' },
    ]);
  });
});
