import { defineCheck, type FindingOf } from '../../src/engine/check.js';
import { K } from '../../src/model/kinds.js';
import { type KubeObject, refOf } from '../../src/model/types.js';
import { namespaceWriters, ownerLabel, principalLabel, RBAC_KINDS, rbacInputsUnreadable, ruleAllows } from '../../src/k8s/rbac/index.js';
import { ingressServiceBackends } from '../../src/k8s/routing/index.js';
import {
  DEFAULT_CLUSTER_DOMAIN,
  endpointsController,
  type ForeignReach,
  foreignAddresses,
  foreignReachOf,
  serviceNameOf,
  serviceType,
} from '../../src/k8s/services/index.js';

/** The writes CVE-2021-25740 is about: whoever makes them chooses where a Service's traffic goes. */
const ENDPOINT_WRITES = ['create', 'update', 'patch'].flatMap((verb) => [
  { verb, group: '', resource: 'endpoints' },
  { verb, group: 'discovery.k8s.io', resource: 'endpointslices' },
]);

const MESSAGES = {
  writable:
    "{{subject}} may {{access}} in this namespace, and so point a Service (and the Ingress or load balancer in front of it) at any address, other tenants' pods included (CVE-2021-25740)",
  foreignEndpoints:
    "{{kind}} of Service {{service}} sends its traffic to pods of tenant {{tenant}} ({{pods}}, by {{via}}): kube-proxy and the proxies in front of the Service reach them outside NetworkPolicy's pod selectors (CVE-2021-25740)",
  externalName:
    'ExternalName Service points at {{target}} of tenant {{tenant}} ({{externalName}}): an Ingress controller or proxy that follows it reaches that tenant with its own network access (CVE-2021-25740)',
  ingressBackend:
    "Ingress backend {{where}} is Service {{service}}, which reaches tenant {{tenant}} through {{how}}: the ingress controller forwards outside traffic there, past that tenant's NetworkPolicies (CVE-2021-25740)",
} as const;

type EndpointsFinding = FindingOf<typeof MESSAGES>;

/**
 * CVE-2021-25740 and its relatives (https://github.com/kubernetes/kubernetes/issues/103675): a
 * Service's traffic goes wherever its Endpoints and EndpointSlices say, and the Ingress controllers,
 * load balancers and kube-proxy that forward it are what other tenants' NetworkPolicies admit. So a
 * tenant that writes endpoints, or an ExternalName Service, reaches other tenants' pods without
 * any NetworkPolicy admitting it.
 *
 * Judged once per tenant namespace (the RBAC part has no object of its own), each finding on the
 * object that carries it:
 * - a non-platform subject that may create, update or patch `endpoints` or
 *   `discovery.k8s.io/endpointslices` there (RoleBindings in the namespace, ClusterRoleBindings).
 *   Kubernetes 1.22 took these writes out of `edit` and `admin` for new clusters, but the reconciler
 *   never removes rules, so clusters upgraded from older versions keep them in `system:aggregate-to-edit`;
 *   a live scan reads that role as the cluster has it;
 * - Endpoints and EndpointSlices that no controller writes (src/k8s/services/endpoints.ts) whose
 *   addresses are pods of another tenant (by `targetRef` or by pod IP);
 * - `type: ExternalName` Services whose `externalName` is a Service of another tenant
 *   (`svc.ns.svc.<cluster domain>`, `svc.ns.svc`, `svc.ns`, with or without the trailing dot; the
 *   cluster domain is the `clusterDomain` option, default `cluster.local`);
 * - Ingress backends (paths and `defaultBackend`) whose Service reaches another tenant either way.
 * RBAC that could not be read in full makes the RBAC part not-evaluated (object findings still fail);
 * pod IPs that match no Pod while Pods could not be read everywhere make the result not-evaluated.
 */
export default defineCheck({
  id: 'exposure-endpoints-cross-tenant',
  family: 'exposure',
  title: "Endpoints or ExternalName Services reach another tenant's pods (CVE-2021-25740)",
  description:
    "Flags, per tenant namespace, every non-platform subject that may create, update or patch Endpoints or EndpointSlices there; Endpoints and EndpointSlices no controller writes whose addresses are another tenant's pods (by targetRef or pod IP); ExternalName Services that name another tenant's Service; and Ingress backends whose Service reaches another tenant either way.",
  rationale:
    "NetworkPolicies admit traffic by the pods and namespaces it comes from, and a tenant's Ingress controller, load balancer or node is admitted everywhere it has to be. Whoever writes a Service's endpoints, or points an ExternalName Service at another namespace, makes those shared proxies carry traffic into another tenant: a confused deputy that no NetworkPolicy of the victim can tell from legitimate traffic (CVE-2021-25740, unfixed by design).",
  remediation:
    'Do not grant tenants create, update or patch on `endpoints` and `endpointslices` (remove them from `system:aggregate-to-edit` on clusters created before Kubernetes 1.22, and from custom roles). Use Services with selectors, whose endpoints the controllers write. Forbid ExternalName Services that name in-cluster Services of other namespaces with an admission policy, and configure the Ingress controller not to follow ExternalName backends across namespaces.',
  references: [
    {
      title: 'CVE-2021-25740: Endpoint & EndpointSlice permissions allow cross-Namespace forwarding (kubernetes/kubernetes#103675)',
      url: 'https://github.com/kubernetes/kubernetes/issues/103675',
    },
    {
      title: 'Kubernetes: Service type ExternalName',
      url: 'https://kubernetes.io/docs/concepts/services-networking/service/#externalname',
    },
    {
      title: 'Kubernetes: Services without selectors',
      url: 'https://kubernetes.io/docs/concepts/services-networking/service/#services-without-selectors',
    },
    {
      title: 'Kubernetes: EndpointSlice management (managed-by label)',
      url: 'https://kubernetes.io/docs/concepts/services-networking/endpoint-slices/#management',
    },
    { title: 'Kubernetes: DNS for Services and Pods', url: 'https://kubernetes.io/docs/concepts/services-networking/dns-pod-service/' },
  ],
  severity: { 'multi-team': 'high', 'multi-customer': 'critical' },
  target: 'namespace',
  needs: [K.Service, K.Endpoints, K.EndpointSlice, K.Ingress],
  reads: { kinds: [...RBAC_KINDS, K.Pod], status: { [K.Pod]: ['phase', 'podIP', 'podIPs'] } },
  messages: MESSAGES,
  options: {
    schema: {
      type: 'object',
      properties: {
        clusterDomain: {
          type: 'string',
          minLength: 1,
          description: "The cluster's DNS domain (the kubelet's `clusterDomain`), which ExternalName targets are read against.",
        },
      },
      additionalProperties: false,
    },
    defaults: { clusterDomain: DEFAULT_CLUSTER_DOMAIN },
  },
  check(namespace, ctx, options) {
    const ns = namespace.metadata.name;
    const findings: EndpointsFinding[] = [];
    const unresolved: string[] = [];

    for (const obj of [...ctx.index.inNamespace(K.Endpoints, ns), ...ctx.index.inNamespace(K.EndpointSlice, ns)]) {
      if (endpointsController(obj, ctx.index)) continue;
      const { foreign, unresolved: unknown } = foreignAddresses(obj, ctx);
      unresolved.push(...unknown);
      for (const tenant of [...new Set(foreign.map((f) => f.tenant))].sort()) {
        const mine = foreign.filter((f) => f.tenant === tenant);
        findings.push({
          messageId: 'foreignEndpoints',
          data: {
            kind: `${obj.kind} ${obj.metadata.name}`,
            service: serviceNameOf(obj) ?? '(none)',
            tenant,
            pods: listed(mine.map((f) => f.pod)),
            via: [...new Set(mine.map((f) => (f.via === 'podIP' ? 'pod IP' : 'targetRef')))].join(' and '),
          },
          object: obj,
          path: mine[0].address.path,
        });
      }
    }

    const reachCache = new Map<string, ForeignReach[]>();
    const reachOf = (service: KubeObject) => {
      let reach = reachCache.get(service.metadata.name);
      if (!reach) reachCache.set(service.metadata.name, (reach = foreignReachOf(service, ctx, options.clusterDomain)));
      return reach;
    };
    for (const service of ctx.index.inNamespace(K.Service, ns)) {
      if (serviceType(service) !== 'ExternalName') continue;
      for (const reach of reachOf(service)) {
        if (reach.how !== 'externalName') continue;
        findings.push({
          messageId: 'externalName',
          data: { target: reach.target, tenant: reach.tenant, externalName: String(service.spec?.externalName) },
          object: service,
          path: '/spec/externalName',
        });
      }
    }

    for (const ingress of ctx.index.inNamespace(K.Ingress, ns)) {
      for (const backend of ingressServiceBackends(ingress)) {
        const service = ctx.index.get(K.Service, ns, backend.service);
        if (!service) continue;
        for (const reach of reachOf(service)) {
          findings.push({
            messageId: 'ingressBackend',
            data: {
              where: backend.where,
              service: backend.service,
              tenant: reach.tenant,
              how:
                reach.how === 'externalName' ? `its externalName (${reach.target})` : `${reach.object.kind} ${reach.object.metadata.name}`,
            },
            object: ingress,
            path: backend.pointer,
            related: [refOf(service), ...(reach.how === 'endpoints' ? [refOf(reach.object)] : [])],
          });
        }
      }
    }

    const rbacUnreadable = rbacInputsUnreadable(ctx.index);
    if (!rbacUnreadable) {
      for (const writer of namespaceWriters(ctx.analyses.rbac, ns, ENDPOINT_WRITES)) {
        const allowed = ENDPOINT_WRITES.filter((req) =>
          writer.grants.some((g) => ruleAllows(g.rule.rule, { ...req, namespace: ns, anyName: true })),
        );
        findings.push({
          messageId: 'writable',
          data: { subject: `${principalLabel(writer.subject)} (${ownerLabel(writer.owner)})`, access: describeWrites(allowed) },
          related: dedupe(writer.grants.flatMap((g) => [g.binding, g.role])),
        });
      }
    }

    if (findings.length) return findings;
    if (rbacUnreadable) return { notEvaluated: rbacUnreadable };
    if (unresolved.length) {
      return {
        notEvaluated: `${listed([...new Set(unresolved)])} match no Pod read, and Pods could not be read in every namespace: ${ctx.index.access(K.Pod)?.reason ?? 'not read'}`,
      };
    }
    return [];
  },
});

/** `create or patch endpoints, create endpointslices`. */
function describeWrites(allowed: Array<{ verb: string; resource: string }>): string {
  const byResource = new Map<string, string[]>();
  for (const a of allowed) byResource.set(a.resource, [...(byResource.get(a.resource) ?? []), a.verb]);
  const either = (verbs: string[]) => (verbs.length > 1 ? `${verbs.slice(0, -1).join(', ')} or ${verbs.at(-1)}` : verbs[0]);
  return [...byResource].map(([resource, verbs]) => `${either(verbs)} ${resource}`).join('; ');
}

/** `a, b, c (+2 more)`. */
function listed(items: string[]): string {
  return items.length > 3 ? `${items.slice(0, 3).join(', ')} (+${items.length - 3} more)` : items.join(', ');
}

function dedupe<T extends { kind: string; name: string; namespace?: string }>(refs: T[]): T[] {
  const seen = new Set<string>();
  return refs.filter((r) => {
    const key = `${r.kind}/${r.namespace ?? ''}/${r.name}`;
    return seen.has(key) ? false : (seen.add(key), true);
  });
}
