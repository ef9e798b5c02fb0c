import { type CheckContext, defineCheck, type FindingOf, type NotEvaluated } from '../../src/engine/check.js';
import { K } from '../../src/model/kinds.js';
import { type KubeObject, groupKindOf } from '../../src/model/types.js';
import {
  ANY_HOST,
  backendRefsOf,
  type Listener,
  listenersOf,
  namespacesAllowedBy,
  referenceGrantFor,
} from '../../src/k8s/routing/index.js';

const MESSAGES = {
  allNamespaces:
    'listener {{listener}} lets routes attach from every namespace (allowedRoutes.namespaces.from: All): any tenant can attach a route {{hosts}} and take traffic meant for the others',
  selectorTenants:
    'listener {{listener}} lets routes attach from namespaces of {{tenants}} (allowedRoutes.namespaces.selector): each of them can attach a route {{hosts}} and take traffic meant for the others',
  backendWithoutGrant:
    'sends traffic to {{backend}} in namespace {{namespace}} ({{owner}}), and no ReferenceGrant there allows {{from}} from {{routeNamespace}} to reference it',
} as const;

type ListenerFinding = FindingOf<typeof MESSAGES>;

/**
 * Gateway API attachment that crosses tenants (https://gateway-api.sigs.k8s.io/reference/spec/,
 * https://gateway-api.sigs.k8s.io/api-types/referencegrant/):
 * - every Gateway, in tenant and platform namespaces alike (a shared Gateway usually lives in a
 *   platform namespace, but a tenant's Gateway that admits other tenants is shared too): a listener
 *   with `allowedRoutes.namespaces.from: All`, or `Selector` matching namespaces of tenants other than
 *   the Gateway's own (of two or more tenants for a platform Gateway). `Same`, the default, passes. A
 *   listener shared that way lets any admitted tenant attach routes for any host the listener serves;
 * - every route (HTTPRoute, GRPCRoute, TLSRoute, TCPRoute) of a tenant: a `backendRef` (or RequestMirror
 *   backend) in another namespace that no ReferenceGrant there allows. Conformant implementations
 *   refuse it (`RefNotPermitted`), others forward it; either way the tenant asked for another
 *   namespace's backend without its consent.
 * Selector listeners need every Namespace's labels, backendRefs the target namespace's ReferenceGrants:
 * unreadable, the result is not-evaluated.
 */
export default defineCheck({
  id: 'exposure-gateway-open-listener',
  family: 'exposure',
  title: 'Gateway listener open to other tenants, or a route without a ReferenceGrant',
  description:
    'Flags every Gateway listener that lets routes attach from all namespaces (`allowedRoutes.namespaces.from: All`) or from a selector that matches namespaces of other tenants (of two or more tenants for a platform Gateway), and every tenant route whose backendRefs point into another namespace that no ReferenceGrant there allows.',
  rationale:
    'A Gateway listener is a shared entry point: every route attached to it can claim its hosts and paths. When any namespace may attach, any tenant can publish routes for hosts the platform meant for another tenant. Cross-namespace backends are the other direction: a tenant route that reaches into another namespace without that namespace granting it (ReferenceGrant) asks the Gateway to carry traffic across the tenant boundary.',
  remediation:
    "Give each tenant its own listener (a `hostname` per tenant) with `allowedRoutes.namespaces.from: Selector` matching only that tenant's namespaces by a label tenants cannot set (`kubernetes.io/metadata.name`, or the tenancy controller's), or a Gateway in the tenant's namespace with `from: Same`. Remove backendRefs into other namespaces, or have the target namespace's owner create a ReferenceGrant for exactly that route kind, namespace and Service.",
  references: [
    { title: 'Gateway API: AllowedRoutes and RouteNamespaces', url: 'https://gateway-api.sigs.k8s.io/reference/spec/#allowedroutes' },
    { title: 'Gateway API: ReferenceGrant', url: 'https://gateway-api.sigs.k8s.io/api-types/referencegrant/' },
    { title: 'Gateway API: Security model', url: 'https://gateway-api.sigs.k8s.io/concepts/security-model/' },
  ],
  severity: { 'multi-team': 'medium', 'multi-customer': 'high' },
  target: { kinds: [K.Gateway, K.HTTPRoute, K.GRPCRoute, K.TLSRoute, K.TCPRoute] },
  scope: 'all',
  needs: [],
  reads: { kinds: [K.ReferenceGrant] },
  messages: MESSAGES,
  check(subject, ctx) {
    return groupKindOf(subject) === K.Gateway ? listenerFindings(subject, ctx) : routeFindings(subject, ctx);
  },
});

function listenerFindings(gateway: KubeObject, ctx: CheckContext): ListenerFinding[] | NotEvaluated {
  const own = ctx.tenants.tenantOf(gateway)?.name;
  const findings: ListenerFinding[] = [];
  for (const listener of listenersOf(gateway)) {
    const data = { listener: listener.name, hosts: hostsOf(listener) };
    if (listener.from === 'All') {
      findings.push({ messageId: 'allNamespaces', data, path: `${listener.pointer}/allowedRoutes/namespaces/from` });
      continue;
    }
    if (listener.from !== 'Selector') continue;
    if (!ctx.index.isReadable(K.Namespace)) {
      return {
        notEvaluated: `listener ${listener.name} selects namespaces by label, and Namespaces could not all be read: ${ctx.index.access(K.Namespace)?.reason ?? 'not read'}`,
      };
    }
    const tenants = [
      ...new Set(namespacesAllowedBy(listener, ctx.index).flatMap((ns) => ctx.tenants.tenantOfNamespace(ns)?.name ?? [])),
    ].sort();
    const others = tenants.filter((t) => t !== own);
    if (own === undefined ? tenants.length < 2 : others.length === 0) continue;
    findings.push({
      messageId: 'selectorTenants',
      data: { ...data, tenants: `${tenants.length === 1 ? 'tenant' : `${tenants.length} tenants:`} ${tenants.join(', ')}` },
      path: `${listener.pointer}/allowedRoutes/namespaces/selector`,
    });
  }
  return findings;
}

function routeFindings(route: KubeObject, ctx: CheckContext): ListenerFinding[] | NotEvaluated {
  const namespace = route.metadata.namespace ?? 'default';
  if (!ctx.tenants.isTenantNamespace(namespace)) return [];
  const findings: ListenerFinding[] = [];
  for (const ref of backendRefsOf(route)) {
    if (ref.namespace === namespace) continue;
    if (!ctx.index.isReadable(K.ReferenceGrant, ref.namespace)) {
      return {
        notEvaluated: `ReferenceGrants could not be read in namespace ${ref.namespace}: ${ctx.index.access(K.ReferenceGrant)?.reason ?? 'not read'}`,
      };
    }
    if (referenceGrantFor(route, ref, ctx.index)) continue;
    const tenant = ctx.tenants.tenantOfNamespace(ref.namespace)?.name;
    findings.push({
      messageId: 'backendWithoutGrant',
      data: {
        backend: `${ref.kind} ${ref.name}`,
        namespace: ref.namespace,
        owner: tenant ? `tenant ${tenant}` : ctx.tenants.isPlatformNamespace(ref.namespace) ? 'the platform' : 'no tenant',
        from: `${route.kind}s`,
        routeNamespace: namespace,
      },
      path: ref.pointer,
    });
  }
  return findings;
}

/** `for any host`, or `for hosts matching *.example.com`. */
function hostsOf(listener: Listener): string {
  return listener.hostname.text === ANY_HOST ? 'for any host' : `for hosts matching ${listener.hostname.text}`;
}
