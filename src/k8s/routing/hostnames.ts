/**
 * Host names as Ingress and the Gateway API match them.
 *
 * Gateway API (Listener `hostname`, HTTPRoute/GRPCRoute/TLSRoute `hostnames`,
 * https://gateway-api.sigs.k8s.io/reference/spec/): a name is exact, or a wildcard `*.example.com`
 * that matches one label or more in front of the suffix (`test.example.com`, `foo.test.example.com`,
 * never `example.com`). A listener without a hostname matches every host; a route without hostnames
 * takes the listener's. "If both the Listener and HTTPRoute have specified hostnames, any HTTPRoute
 * hostnames that do not match the Listener hostname MUST be ignored", and a route none of whose
 * hostnames intersects the listener's does not attach to it.
 *
 * Ingress (`spec.rules[].host`, https://kubernetes.io/docs/concepts/services-networking/ingress/#hostname-wildcards):
 * a wildcard `*.foo.com` matches exactly one label (`bar.foo.com`, not `baz.bar.foo.com`); a rule
 * without a host matches every host.
 *
 * DNS names are case-insensitive: every comparison is on lower case.
 */

/** A host pattern: `exact`, or a wildcard over `suffix` (`.example.com`) matching one label or more (`many`, Gateway API) or exactly one (`one`, Ingress). */
export interface HostPattern {
  text: string;
  wildcard: 'none' | 'one' | 'many';
  /** The name itself, or the suffix after `*` (starting with a dot). */
  suffix: string;
}

/** Every host: a listener without a hostname, a route on it without hostnames, an Ingress rule without a host. */
export const ANY_HOST = '*';

/** A Gateway API hostname as a pattern; `ANY_HOST` for none. */
export function gatewayHost(text: string): HostPattern {
  return patternOf(text, 'many');
}

/** An Ingress rule's host as a pattern; `ANY_HOST` for none. */
export function ingressHost(text: string): HostPattern {
  return patternOf(text, 'one');
}

function patternOf(raw: string, wildcard: 'one' | 'many'): HostPattern {
  const text = raw.trim().toLowerCase() || ANY_HOST;
  if (text === ANY_HOST) return { text, wildcard, suffix: '' };
  if (text.startsWith('*.')) return { text, wildcard, suffix: text.slice(1) };
  return { text, wildcard: 'none', suffix: text };
}

/** Does the pattern match this (exact) host? */
export function hostMatches(pattern: HostPattern, host: string): boolean {
  const h = host.toLowerCase();
  if (pattern.text === ANY_HOST) return true;
  if (pattern.wildcard === 'none') return h === pattern.suffix;
  if (!h.endsWith(pattern.suffix) || h.length === pattern.suffix.length) return false;
  const front = h.slice(0, -pattern.suffix.length);
  return pattern.wildcard === 'many' || !front.includes('.');
}

/**
 * The hosts both patterns match, as the more specific of the two, or undefined when no host matches
 * both. Two wildcards overlap when one's suffix ends the other's: `*.a.example.com` and
 * `*.example.com` share `x.a.example.com` (a one-label wildcard only when the other's suffix is its own,
 * or a shorter one that matches many labels).
 */
export function intersectHosts(a: HostPattern, b: HostPattern): HostPattern | undefined {
  if (a.text === ANY_HOST) return b;
  if (b.text === ANY_HOST) return a;
  if (a.wildcard === 'none') return hostMatches(b, a.suffix) ? a : undefined;
  if (b.wildcard === 'none') return hostMatches(a, b.suffix) ? b : undefined;
  if (a.suffix === b.suffix) return a.wildcard === 'one' ? a : b;
  const [longer, shorter] = a.suffix.length > b.suffix.length ? [a, b] : [b, a];
  // `*.x.example.com` names hosts with at least one label before `.x.example.com`; `*.example.com`
  // (many) matches them all, a one-label `*.example.com` none of them.
  return longer.suffix.endsWith(shorter.suffix) && shorter.wildcard === 'many' ? longer : undefined;
}

/** True when some host matches both patterns. */
export function hostsOverlap(a: HostPattern, b: HostPattern): boolean {
  return intersectHosts(a, b) !== undefined;
}
