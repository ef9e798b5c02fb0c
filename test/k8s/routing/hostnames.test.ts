import { describe, expect, it } from 'vitest';
import { gatewayHost, hostMatches, hostsOverlap, ingressHost, intersectHosts } from '../../../src/k8s/routing/index.js';

describe('host names (Gateway API and Ingress)', () => {
  it('matches a Gateway API wildcard on one label or more, never the bare suffix', () => {
    const wild = gatewayHost('*.example.com');
    expect(hostMatches(wild, 'test.example.com')).toBe(true);
    expect(hostMatches(wild, 'foo.test.example.com')).toBe(true);
    expect(hostMatches(wild, 'example.com')).toBe(false);
    expect(hostMatches(wild, 'badexample.com')).toBe(false);
  });

  it('matches an Ingress wildcard on exactly one label', () => {
    const wild = ingressHost('*.foo.com');
    expect(hostMatches(wild, 'bar.foo.com')).toBe(true);
    expect(hostMatches(wild, 'baz.bar.foo.com')).toBe(false);
    expect(hostMatches(wild, 'foo.com')).toBe(false);
  });

  it('compares case-insensitively; no host is every host', () => {
    expect(hostMatches(gatewayHost('Shop.Example.com'), 'shop.example.COM')).toBe(true);
    expect(hostsOverlap(gatewayHost(''), gatewayHost('a.example.com'))).toBe(true);
  });

  it('intersects as the spec says: the more specific name, or nothing', () => {
    expect(intersectHosts(gatewayHost('*.example.com'), gatewayHost('test.example.com'))?.text).toBe('test.example.com');
    expect(intersectHosts(gatewayHost('*.example.com'), gatewayHost('*.a.example.com'))?.text).toBe('*.a.example.com');
    expect(intersectHosts(gatewayHost('*.example.com'), gatewayHost('example.com'))).toBeUndefined();
    expect(intersectHosts(gatewayHost('*.example.com'), gatewayHost('test.example.net'))).toBeUndefined();
    expect(intersectHosts(gatewayHost(''), gatewayHost('*.example.com'))?.text).toBe('*.example.com');
  });

  it('overlaps a one-label Ingress wildcard with a many-label one only where a one-label name fits both', () => {
    expect(hostsOverlap(ingressHost('*.a.example.com'), gatewayHost('*.example.com'))).toBe(true);
    expect(hostsOverlap(ingressHost('*.example.com'), gatewayHost('*.a.example.com'))).toBe(false);
    expect(hostsOverlap(ingressHost('*.example.com'), gatewayHost('*.example.com'))).toBe(true);
  });
});
