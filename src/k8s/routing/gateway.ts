/**
 * Gateway API (gateway.networking.k8s.io) Gateways and how routes attach to their listeners.
 * Source: the API reference, https://gateway-api.sigs.k8s.io/reference/spec/ (Listener,
 * AllowedRoutes, RouteNamespaces, ParentReference, HTTPRoute `hostnames`).
 *
 * - A listener's `allowedRoutes.namespaces.from` is `Same` (the default: only routes in the Gateway's
 *   namespace), `All` (routes in every namespace) or `Selector` (routes in namespaces whose labels the
 *   `selector` matches; without a selector, none).
 * - `allowedRoutes.kinds`, when set, lists the route kinds that may attach (group defaults to
 *   gateway.networking.k8s.io); when empty, the listener's protocol decides: HTTP and HTTPS take
 *   HTTPRoute and GRPCRoute, TLS takes TLSRoute, TCP takes TCPRoute (the kinds each protocol is
 *   specified with; an implementation may take fewer).
 * - A route names its parents in `spec.parentRefs`: `group` (default gateway.networking.k8s.io) and
 *   `kind` (default Gateway), `namespace` (default the route's), `name`, and optionally `sectionName`
 *   (one listener) and `port`. It attaches to every listener those select that allows its namespace
 *   and kind and, for routes with hostnames, whose hostname intersects one of them (hostnames.ts).
 */
import type { ResourceIndex } from '../../model/index.js';
import { K } from '../../model/kinds.js';
import { type LabelSelector, matchesSelector } from '../../model/selectors.js';
import { type KubeObject, groupKindOf } from '../../model/types.js';
import { type HostPattern, gatewayHost, intersectHosts } from './hostnames.js';

export const GATEWAY_GROUP = 'gateway.networking.k8s.io';

/** The route kinds tenantscan reads, with whether they carry `spec.hostnames`. */
export const ROUTE_KINDS: readonly string[] = [K.HTTPRoute, K.GRPCRoute, K.TLSRoute, K.TCPRoute];
const ROUTES_WITH_HOSTNAMES = new Set<string>([K.HTTPRoute, K.GRPCRoute, K.TLSRoute]);

const KINDS_BY_PROTOCOL: Record<string, string[]> = {
  HTTP: ['HTTPRoute', 'GRPCRoute'],
  HTTPS: ['HTTPRoute', 'GRPCRoute'],
  TLS: ['TLSRoute'],
  TCP: ['TCPRoute'],
  UDP: ['UDPRoute'],
};

/** One `spec.listeners[]` entry with the API's defaults. */
export interface Listener {
  gateway: KubeObject;
  index: number;
  name: string;
  hostname: HostPattern;
  port?: number;
  protocol: string;
  /** `allowedRoutes.namespaces.from`, defaulted to `Same`. */
  from: string;
  selector?: LabelSelector;
  /** The route kinds (`Kind.group`) that may attach. */
  kinds: string[];
  /** JSON pointer to the listener: `/spec/listeners/0`. */
  pointer: string;
}

/** The listeners of a Gateway, defaults applied. */
export function listenersOf(gateway: KubeObject): Listener[] {
  const listeners: unknown[] = Array.isArray(gateway.spec?.listeners) ? gateway.spec.listeners : [];
  return listeners.flatMap((raw, index) => {
    if (!raw || typeof raw !== 'object') return [];
    const l = raw as {
      name?: unknown;
      hostname?: unknown;
      port?: unknown;
      protocol?: unknown;
      allowedRoutes?: { namespaces?: { from?: unknown; selector?: unknown }; kinds?: unknown };
    };
    const protocol = typeof l.protocol === 'string' ? l.protocol : '';
    const from = typeof l.allowedRoutes?.namespaces?.from === 'string' ? l.allowedRoutes.namespaces.from : 'Same';
    const selector = l.allowedRoutes?.namespaces?.selector;
    const declared = Array.isArray(l.allowedRoutes?.kinds) ? (l.allowedRoutes.kinds as Array<{ group?: unknown; kind?: unknown }>) : [];
    const kinds = declared.length
      ? declared.filter((k) => typeof k?.kind === 'string').map((k) => `${k.kind}.${typeof k.group === 'string' ? k.group : GATEWAY_GROUP}`)
      : (KINDS_BY_PROTOCOL[protocol] ?? []).map((kind) => `${kind}.${GATEWAY_GROUP}`);
    const listener: Listener = {
      gateway,
      index,
      name: typeof l.name === 'string' ? l.name : `#${index}`,
      hostname: gatewayHost(typeof l.hostname === 'string' ? l.hostname : ''),
      protocol,
      from,
      kinds,
      pointer: `/spec/listeners/${index}`,
    };
    if (typeof l.port === 'number') listener.port = l.port;
    if (selector && typeof selector === 'object') listener.selector = selector as LabelSelector;
    return [listener];
  });
}

/** `gateway-ns/gateway-name/listener`, how messages name a listener. */
export function listenerLabel(listener: Listener): string {
  return `${listener.gateway.metadata.namespace ?? 'default'}/${listener.gateway.metadata.name}/${listener.name}`;
}

/** May routes in `namespace` attach to this listener (`allowedRoutes.namespaces`)? */
export function listenerAllowsNamespace(listener: Listener, namespace: string, index: ResourceIndex): boolean {
  switch (listener.from) {
    case 'All':
      return true;
    case 'Same':
      return namespace === (listener.gateway.metadata.namespace ?? 'default');
    case 'Selector': {
      if (!listener.selector) return false;
      const ns = index.get(K.Namespace, undefined, namespace);
      return !!ns && matchesSelector(listener.selector, ns.metadata.labels);
    }
    default:
      return false; // not a value the API accepts
  }
}

/** The namespaces of the input whose routes may attach to this listener. */
export function namespacesAllowedBy(listener: Listener, index: ResourceIndex): string[] {
  return index
    .namespaces()
    .map((ns) => ns.metadata.name)
    .filter((ns) => listenerAllowsNamespace(listener, ns, index));
}

/** One listener a route attaches to, with the hostnames it serves there. */
export interface Attachment {
  listener: Listener;
  /** Index into the route's `spec.parentRefs`. */
  parentRef: number;
  /** The hosts the route serves on this listener (`ANY_HOST` for every host); empty for a route kind without hostnames. */
  hostnames: HostPattern[];
}

/**
 * The listeners a route attaches to (see the module comment), with the hostnames it serves on each:
 * its own hostnames intersected with the listener's (those outside it ignored), the listener's when
 * the route names none, every host when neither does. Parents of other kinds (a Service, for mesh
 * routing) and Gateways not in the input attach to nothing here.
 */
export function attachmentsOf(route: KubeObject, index: ResourceIndex): Attachment[] {
  const namespace = route.metadata.namespace ?? 'default';
  const kind = groupKindOf(route);
  const routeHosts: HostPattern[] = Array.isArray(route.spec?.hostnames)
    ? route.spec.hostnames.filter((h: unknown): h is string => typeof h === 'string').map(gatewayHost)
    : [];
  const out: Attachment[] = [];
  const parentRefs: unknown[] = Array.isArray(route.spec?.parentRefs) ? route.spec.parentRefs : [];
  parentRefs.forEach((raw, i) => {
    const ref = (raw ?? {}) as {
      group?: unknown;
      kind?: unknown;
      namespace?: unknown;
      name?: unknown;
      sectionName?: unknown;
      port?: unknown;
    };
    if ((ref.group ?? GATEWAY_GROUP) !== GATEWAY_GROUP || (ref.kind ?? 'Gateway') !== 'Gateway' || typeof ref.name !== 'string') return;
    const gateway = index.get(K.Gateway, typeof ref.namespace === 'string' ? ref.namespace : namespace, ref.name);
    if (!gateway) return;
    for (const listener of listenersOf(gateway)) {
      if (typeof ref.sectionName === 'string' && ref.sectionName !== listener.name) continue;
      if (typeof ref.port === 'number' && ref.port !== listener.port) continue;
      if (!listener.kinds.includes(kind) || !listenerAllowsNamespace(listener, namespace, index)) continue;
      if (!ROUTES_WITH_HOSTNAMES.has(kind)) {
        out.push({ listener, parentRef: i, hostnames: [] });
        continue;
      }
      const hostnames = routeHosts.length
        ? routeHosts.map((h) => intersectHosts(h, listener.hostname)).filter((h): h is HostPattern => h !== undefined)
        : [listener.hostname];
      if (hostnames.length) out.push({ listener, parentRef: i, hostnames });
    }
  });
  return out;
}

const attachmentCache = new WeakMap<ResourceIndex, Map<KubeObject, Attachment[]>>();

/** `attachmentsOf`, computed once per route and index (checks compare every route with every other). */
export function routeAttachments(route: KubeObject, index: ResourceIndex): Attachment[] {
  let byRoute = attachmentCache.get(index);
  if (!byRoute) attachmentCache.set(index, (byRoute = new Map()));
  let found = byRoute.get(route);
  if (!found) byRoute.set(route, (found = attachmentsOf(route, index)));
  return found;
}

/** Every route of the input (ROUTE_KINDS), in kind order. */
export function routesOf(index: ResourceIndex): KubeObject[] {
  return ROUTE_KINDS.flatMap((gk) => index.ofKind(gk));
}

/** Whether a route kind carries `spec.hostnames` (HTTPRoute, GRPCRoute, TLSRoute; not TCPRoute). */
export function routeHasHostnames(route: KubeObject): boolean {
  return ROUTES_WITH_HOSTNAMES.has(groupKindOf(route));
}
