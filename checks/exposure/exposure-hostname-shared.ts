import { defineCheck, type FindingOf } from '../../src/engine/check.js';
import type { ResourceIndex } from '../../src/model/index.js';
import { K } from '../../src/model/kinds.js';
import { type KubeObject, groupKindOf, refOf } from '../../src/model/types.js';
import {
  ANY_HOST,
  type Attachment,
  type HostPattern,
  type IngressPath,
  hostsOverlap,
  ingressClassOf,
  ingressHost,
  ingressPaths,
  ingressPathsOverlap,
  listenerLabel,
  routeAttachments,
  routesOf,
} from '../../src/k8s/routing/index.js';

const MESSAGES = {
  ingressShared:
    "host {{host}} path {{path}} ({{pathType}}) is also claimed by tenant {{tenant}}'s Ingress {{other}} ({{otherPath}}) on ingress class {{class}}: the controller sends one tenant's requests to the other's Service",
  routeShared:
    "serves {{hosts}} on Gateway listener {{listener}}, where tenant {{tenant}}'s {{other}} serves {{otherHosts}}: the Gateway merges both routes' rules for these hosts, so either tenant can take the other's requests",
  routeClaimsIngressHost:
    "serves {{hosts}} on Gateway listener {{listener}}, a host tenant {{tenant}}'s Ingress {{other}} serves ({{otherHost}}): both claim the same name, and whichever the traffic reaches answers for the other",
  ingressHostClaimedByRoute:
    "host {{host}} is also served by tenant {{tenant}}'s {{other}} on Gateway listener {{listener}} ({{otherHosts}}): both claim the same name, and whichever the traffic reaches answers for the other",
} as const;

type HostFinding = FindingOf<typeof MESSAGES>;

/** The kinds compared: what a subject is judged against must be readable in every namespace. */
const COMPARED = [K.Ingress, K.HTTPRoute, K.GRPCRoute, K.TLSRoute, K.Gateway];

/**
 * Two tenants claiming one host name: the shared Ingress controller or Gateway routes a request by
 * host (and path), so whichever tenant claims a host (or a more specific path of it) receives the
 * other's requests, cookies and credentials.
 *
 * Judged on each Ingress, HTTPRoute, GRPCRoute and TLSRoute of a tenant namespace, against those of
 * other tenants (src/k8s/routing):
 * - Ingress against Ingress of the same class (ingressClassOf): the same host (as written; a rule
 *   without host is every host's) and overlapping paths by path type (Prefix element-wise, Exact as
 *   written, ImplementationSpecific as an exact string);
 * - route against route attached to the same Gateway listener (routeAttachments: parentRefs,
 *   sectionName, port, allowedRoutes, hostname intersection): overlapping hostnames, where a wildcard
 *   `*.example.com` matches one label or more and a route without hostnames serves the listener's;
 * - route against Ingress: a route hostname (not every host) that matches a host an Ingress rule
 *   names (an Ingress wildcard matches one label). Reported on both sides.
 * Not-evaluated when one of the compared kinds could not be read in every namespace.
 */
export default defineCheck({
  id: 'exposure-hostname-shared',
  family: 'exposure',
  title: 'Two tenants claim the same host name',
  description:
    'Flags every Ingress and Gateway API route (HTTPRoute, GRPCRoute, TLSRoute) of a tenant whose host another tenant also claims: the same Ingress host and an overlapping path on the same ingress class, overlapping route hostnames on the same Gateway listener, or a route hostname that an Ingress of another tenant serves.',
  rationale:
    "Ingress controllers and Gateways route by host name first. When two tenants claim one host, the controller merges or picks between their rules, so one tenant receives requests (with their cookies and credentials) meant for the other, or serves its own pages under the other's name. Nothing in the API stops a tenant from claiming any host unless the platform restricts it.",
  remediation:
    "Give each tenant its own host names (a subdomain per tenant) and enforce it: restrict Ingress hosts per tenant (Capsule `ingressOptions.allowedHostnames`, an admission policy), give each tenant its own Gateway listener with a `hostname` and an `allowedRoutes` selector of that tenant's namespaces, and remove the duplicate claim.",
  references: [
    {
      title: 'Kubernetes: Ingress path types and host wildcards',
      url: 'https://kubernetes.io/docs/concepts/services-networking/ingress/#path-types',
    },
    { title: 'Gateway API: HTTPRoute hostnames', url: 'https://gateway-api.sigs.k8s.io/reference/spec/#httproutespec' },
    { title: 'Gateway API: Listener hostname', url: 'https://gateway-api.sigs.k8s.io/reference/spec/#listener' },
    {
      title: 'Capsule: Tenant ingressOptions.allowedHostnames',
      url: 'https://projectcapsule.dev/docs/tenants/enforcement/#ingresses',
    },
  ],
  severity: { 'multi-team': 'high', 'multi-customer': 'critical' },
  target: { kinds: [K.Ingress, K.HTTPRoute, K.GRPCRoute, K.TLSRoute] },
  needs: [],
  reads: { kinds: [K.Gateway, K.IngressClass] },
  messages: MESSAGES,
  check(subject, ctx) {
    for (const gk of COMPARED) {
      if (!ctx.index.isReadable(gk))
        return { notEvaluated: `${gk} could not be read in every namespace: ${ctx.index.access(gk)?.reason ?? 'not read'}` };
    }
    const own = ctx.tenants.tenantOf(subject)?.name;
    const otherTenant = (obj: KubeObject) => {
      const tenant = ctx.tenants.tenantOf(obj)?.name;
      return tenant !== undefined && tenant !== own ? tenant : undefined;
    };
    const ingresses = ctx.index.ofKind(K.Ingress).filter((i) => otherTenant(i));
    const routes = routesOf(ctx.index).filter((r) => otherTenant(r));
    return groupKindOf(subject) === K.Ingress
      ? ingressFindings(subject, ingresses, routes, ctx.index, otherTenant)
      : routeFindings(subject, ingresses, routes, ctx.index, otherTenant);
  },
});

type TenantOf = (obj: KubeObject) => string | undefined;
type Index = ResourceIndex;

function ingressFindings(
  ingress: KubeObject,
  ingresses: KubeObject[],
  routes: KubeObject[],
  index: Index,
  tenantOf: TenantOf,
): HostFinding[] {
  const findings: HostFinding[] = [];
  const cls = ingressClassOf(ingress, index);
  const paths = ingressPaths(ingress);
  for (const other of ingresses) {
    if (ingressClassOf(other, index) !== cls) continue;
    const theirs = ingressPaths(other);
    for (const mine of paths) {
      const clash = theirs.find((p) => p.host === mine.host && ingressPathsOverlap(mine, p));
      if (!clash) continue;
      findings.push({
        messageId: 'ingressShared',
        data: {
          host: mine.host || ANY_HOST,
          path: mine.path,
          pathType: mine.pathType,
          tenant: tenantOf(other)!,
          other: name(other),
          otherPath: `${clash.path}, ${clash.pathType}`,
          class: cls || '(none)',
        },
        path: mine.pointer,
        related: [refOf(other)],
      });
    }
  }
  const hosts = [...new Set(paths.map((p) => p.host).filter((h) => h !== ''))];
  for (const route of routes) {
    for (const attachment of routeAttachments(route, index)) {
      for (const host of hosts) {
        const overlapping = namedHosts(attachment).filter((h) => hostsOverlap(h, ingressHost(host)));
        if (!overlapping.length) continue;
        findings.push({
          messageId: 'ingressHostClaimedByRoute',
          data: {
            host,
            tenant: tenantOf(route)!,
            other: `${route.kind} ${name(route)}`,
            listener: listenerLabel(attachment.listener),
            otherHosts: overlapping.map((h) => h.text).join(', '),
          },
          path: paths.find((p) => p.host === host)!.pointer.replace(/\/http\/paths\/\d+$/, '/host'),
          related: [refOf(route)],
        });
      }
    }
  }
  return findings;
}

function routeFindings(route: KubeObject, ingresses: KubeObject[], routes: KubeObject[], index: Index, tenantOf: TenantOf): HostFinding[] {
  const findings: HostFinding[] = [];
  const path = Array.isArray(route.spec?.hostnames) && route.spec.hostnames.length ? '/spec/hostnames' : undefined;
  for (const mine of routeAttachments(route, index)) {
    const pointer = path ?? `/spec/parentRefs/${mine.parentRef}`;
    for (const other of routes) {
      for (const theirs of routeAttachments(other, index)) {
        if (theirs.listener.gateway !== mine.listener.gateway || theirs.listener.index !== mine.listener.index) continue;
        const ours = mine.hostnames.filter((h) => theirs.hostnames.some((t) => hostsOverlap(h, t)));
        if (!ours.length) continue;
        findings.push({
          messageId: 'routeShared',
          data: {
            hosts: hostList(ours),
            listener: listenerLabel(mine.listener),
            tenant: tenantOf(other)!,
            other: `${other.kind} ${name(other)}`,
            otherHosts: hostList(theirs.hostnames.filter((t) => ours.some((h) => hostsOverlap(h, t)))),
          },
          path: pointer,
          related: [refOf(other)],
        });
      }
    }
    const named = namedHosts(mine);
    for (const other of ingresses) {
      const hosts: IngressPath[] = ingressPaths(other).filter((p) => p.host !== '');
      const clash = hosts.find((p) => named.some((h) => hostsOverlap(h, ingressHost(p.host))));
      if (!clash) continue;
      findings.push({
        messageId: 'routeClaimsIngressHost',
        data: {
          hosts: hostList(named.filter((h) => hostsOverlap(h, ingressHost(clash.host)))),
          listener: listenerLabel(mine.listener),
          tenant: tenantOf(other)!,
          other: name(other),
          otherHost: clash.host,
        },
        path: pointer,
        related: [refOf(other)],
      });
    }
  }
  return findings;
}

/** The hostnames of an attachment that name hosts (not every host). */
function namedHosts(attachment: Attachment): HostPattern[] {
  return attachment.hostnames.filter((h) => h.text !== ANY_HOST);
}

function hostList(hosts: HostPattern[]): string {
  return hosts.map((h) => (h.text === ANY_HOST ? 'every host' : h.text)).join(', ');
}

function name(obj: KubeObject): string {
  return `${obj.metadata.namespace ?? 'default'}/${obj.metadata.name}`;
}
