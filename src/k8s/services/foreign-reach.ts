/**
 * Where a tenant's Service, Endpoints or EndpointSlice sends traffic when that is another tenant's
 * pods or Service: the routes around NetworkPolicy's pod selectors of CVE-2021-25740
 * (https://github.com/kubernetes/kubernetes/issues/103675). kube-proxy, Ingress controllers and load
 * balancers forward to whatever the endpoints say, and they (a platform proxy, the node) are what the
 * other tenant's NetworkPolicies admit, not the tenant that wrote the endpoints.
 */
import { K } from '../../model/kinds.js';
import type { KubeObject } from '../../model/types.js';
import type { TenancyView } from '../../tenancy/view.js';
import { type EndpointAddress, endpointAddresses, endpointsController, endpointsOfService } from './endpoints.js';
import { serviceDnsTarget } from './external-name.js';
import { canonicalIP, podsByIP } from './pod-addresses.js';
import { serviceType } from './service.js';

/** An address that is a pod of another tenant. */
export interface ForeignAddress {
  address: EndpointAddress;
  tenant: string;
  /** `namespace/name` of the pod. */
  pod: string;
  /** How the pod was recognised: the address's `targetRef`, or its IP being the pod's `status.podIP(s)`. */
  via: 'targetRef' | 'podIP';
}

/**
 * The addresses of an Endpoints or EndpointSlice that are pods of a tenant other than the object's
 * own: by `targetRef` (kind Pod; its namespace defaults to the object's), or by IP (a Pod's
 * `status.podIP`/`podIPs`, see podsByIP). The IP is what traffic follows; a `targetRef` is checked too,
 * as the writer's stated intent. `unresolved` lists IPs that match no Pod of the input while Pods
 * could not be read in every namespace: they may be another tenant's.
 */
export function foreignAddresses(obj: KubeObject, view: TenancyView): { foreign: ForeignAddress[]; unresolved: string[] } {
  const namespace = obj.metadata.namespace ?? 'default';
  const own = view.tenants.tenantOfNamespace(namespace)?.name;
  const byIP = podsByIP(view.index);
  const podsReadable = view.index.isReadable(K.Pod);
  const foreign: ForeignAddress[] = [];
  const unresolved: string[] = [];
  const otherTenant = (ns: string | undefined) => {
    const tenant = view.tenants.tenantOfNamespace(ns)?.name;
    return tenant !== undefined && tenant !== own ? tenant : undefined;
  };
  for (const address of endpointAddresses(obj)) {
    const ip = canonicalIP(address.address);
    const pods = ip ? (byIP.get(ip) ?? []) : [];
    const byAddress = pods.find((p) => otherTenant(p.metadata.namespace));
    if (byAddress) {
      const ns = byAddress.metadata.namespace!;
      foreign.push({ address, tenant: otherTenant(ns)!, pod: `${ns}/${byAddress.metadata.name}`, via: 'podIP' });
      continue;
    }
    const ref = address.targetRef;
    const refNamespace = ref?.namespace || namespace;
    const refTenant = ref?.kind === 'Pod' ? otherTenant(refNamespace) : undefined;
    if (refTenant) {
      foreign.push({ address, tenant: refTenant, pod: `${refNamespace}/${ref?.name ?? '?'}`, via: 'targetRef' });
      continue;
    }
    if (ip && pods.length === 0 && !podsReadable) unresolved.push(address.address);
  }
  return { foreign, unresolved };
}

/** How a Service of one tenant reaches another tenant. */
export type ForeignReach =
  | { how: 'externalName'; tenant: string; target: string }
  | { how: 'endpoints'; tenant: string; object: KubeObject; addresses: ForeignAddress[] };

/**
 * Every way a Service reaches a tenant other than its own:
 * - `type: ExternalName` whose `externalName` is a Service (or a pod of a headless one) in another
 *   tenant's namespace (serviceDnsTarget: `svc.ns.svc.<cluster domain>` and the short forms);
 * - Endpoints or EndpointSlices of the Service that no controller writes (see endpointsController:
 *   those of a Service without a selector, or an extra slice labelled with a selector Service's name)
 *   and that hold another tenant's pods.
 * What the endpoints controllers write for a selector holds only the pods it selects in its namespace.
 */
export function foreignReachOf(service: KubeObject, view: TenancyView, clusterDomain?: string): ForeignReach[] {
  const namespace = service.metadata.namespace ?? 'default';
  const own = view.tenants.tenantOfNamespace(namespace)?.name;
  if (serviceType(service) === 'ExternalName') {
    const name = service.spec?.externalName;
    const target = typeof name === 'string' ? serviceDnsTarget(name, clusterDomain) : undefined;
    const tenant = target ? view.tenants.tenantOfNamespace(target.namespace)?.name : undefined;
    if (!target || tenant === undefined || tenant === own) return [];
    return [{ how: 'externalName', tenant, target: `Service ${target.namespace}/${target.service}` }];
  }
  const out: ForeignReach[] = [];
  for (const obj of endpointsOfService(service, view.index)) {
    if (endpointsController(obj, view.index)) continue;
    const { foreign } = foreignAddresses(obj, view);
    for (const tenant of [...new Set(foreign.map((f) => f.tenant))].sort()) {
      out.push({ how: 'endpoints', tenant, object: obj, addresses: foreign.filter((f) => f.tenant === tenant) });
    }
  }
  return out;
}
