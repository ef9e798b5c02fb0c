/**
 * Endpoints (core/v1) and EndpointSlices (discovery.k8s.io/v1): the addresses kube-proxy, Ingress
 * controllers and load balancers send a Service's traffic to.
 *
 * Who writes them decides whether they can be trusted:
 * - the endpoints controller writes the Endpoints of every Service with a selector, named after the
 *   Service, and overwrites any other content ("services without a selector receive no endpoints from
 *   this controller; these services will receive the endpoints that are created out-of-band via the
 *   REST API", `syncService` in pkg/controller/endpoint/endpoints_controller.go of
 *   https://github.com/kubernetes/kubernetes); a Service's `selector: {}` is not stored (omitempty), so it
 *   has no selector either;
 * - the EndpointSlice controller writes the slices of Services with a selector and labels them
 *   `endpointslice.kubernetes.io/managed-by: endpointslice-controller.k8s.io`; the mirroring controller
 *   copies the Endpoints of selector-less Services into slices labelled
 *   `endpointslicemirroring-controller.k8s.io`
 *   (https://kubernetes.io/docs/concepts/services-networking/endpoint-slices/#management);
 * - anything else was written by whoever may create or update them: an EndpointSlice labelled
 *   `kubernetes.io/service-name` joins that Service's traffic whatever writes it, and the `managed-by`
 *   label is an ordinary label anyone writing the slice may set, so it is believed only when the
 *   Service it names exists and has a selector (or, for a mirrored slice, the Endpoints it mirrors exist).
 * Writing them is what CVE-2021-25740 is about: https://github.com/kubernetes/kubernetes/issues/103675.
 */
import type { ResourceIndex } from '../../model/index.js';
import { K } from '../../model/kinds.js';
import { type KubeObject, groupKindOf } from '../../model/types.js';

export const ENDPOINTSLICE_MANAGED_BY = 'endpointslice.kubernetes.io/managed-by';
export const ENDPOINTSLICE_CONTROLLER = 'endpointslice-controller.k8s.io';
export const ENDPOINTSLICE_MIRRORING_CONTROLLER = 'endpointslicemirroring-controller.k8s.io';
export const SERVICE_NAME_LABEL = 'kubernetes.io/service-name';

/** A reference to the object behind an address (core/v1 ObjectReference), as written. */
export interface EndpointTargetRef {
  kind?: string;
  namespace?: string;
  name?: string;
}

/** One address of an Endpoints or EndpointSlice object. */
export interface EndpointAddress {
  /** The IP (or, in an FQDN EndpointSlice, the name) traffic is sent to. */
  address: string;
  targetRef?: EndpointTargetRef;
  /** JSON pointer to the address: `/subsets/0/addresses/1/ip`, `/endpoints/2/addresses/0`. */
  path: string;
}

/**
 * Every address of an Endpoints object (`subsets[].addresses[]` and `subsets[].notReadyAddresses[]`,
 * which become ready without another write) or of an EndpointSlice (`endpoints[].addresses[]`, each
 * with its endpoint's `targetRef`). Malformed entries are skipped.
 */
export function endpointAddresses(obj: KubeObject): EndpointAddress[] {
  const out: EndpointAddress[] = [];
  const refOf = (raw: unknown): EndpointTargetRef | undefined => (raw && typeof raw === 'object' ? (raw as EndpointTargetRef) : undefined);
  if (groupKindOf(obj) === K.Endpoints) {
    listOf(obj.subsets).forEach((subset, i) => {
      for (const field of ['addresses', 'notReadyAddresses']) {
        listOf((subset as Record<string, unknown> | undefined)?.[field]).forEach((a, j) => {
          const entry = a as { ip?: unknown; targetRef?: unknown } | undefined;
          if (typeof entry?.ip !== 'string') return;
          out.push(withRef({ address: entry.ip, path: `/subsets/${i}/${field}/${j}/ip` }, refOf(entry.targetRef)));
        });
      }
    });
  } else if (groupKindOf(obj) === K.EndpointSlice) {
    listOf(obj.endpoints).forEach((e, i) => {
      const endpoint = e as { addresses?: unknown; targetRef?: unknown } | undefined;
      listOf(endpoint?.addresses).forEach((address, j) => {
        if (typeof address === 'string') out.push(withRef({ address, path: `/endpoints/${i}/addresses/${j}` }, refOf(endpoint?.targetRef)));
      });
    });
  }
  return out;
}

/** The Service whose traffic an Endpoints (its name) or EndpointSlice (its `kubernetes.io/service-name` label) carries. */
export function serviceNameOf(obj: KubeObject): string | undefined {
  if (groupKindOf(obj) === K.Endpoints) return obj.metadata.name;
  return obj.metadata.labels?.[SERVICE_NAME_LABEL] || undefined;
}

/** A Service with a non-empty `spec.selector`: the endpoints controllers write its Endpoints and EndpointSlices. */
export function hasSelector(service: KubeObject | undefined): boolean {
  const selector = service?.spec?.selector;
  return !!selector && typeof selector === 'object' && Object.keys(selector).length > 0;
}

/**
 * Which controller writes this Endpoints or EndpointSlice (see the module comment), or undefined when
 * it is written by whoever may write it:
 * - `endpoints-controller`: Endpoints named after a Service with a selector;
 * - `endpointslice-controller`: a slice so labelled whose Service exists and has a selector;
 * - `mirroring`: a slice so labelled whose Service has no selector and whose Endpoints are in the
 *   input (the finding, if any, is theirs).
 */
export function endpointsController(
  obj: KubeObject,
  index: ResourceIndex,
): 'endpoints-controller' | 'endpointslice-controller' | 'mirroring' | undefined {
  const namespace = obj.metadata.namespace ?? 'default';
  const serviceName = serviceNameOf(obj);
  const service = serviceName ? index.get(K.Service, namespace, serviceName) : undefined;
  if (groupKindOf(obj) === K.Endpoints) return hasSelector(service) ? 'endpoints-controller' : undefined;
  const managedBy = obj.metadata.labels?.[ENDPOINTSLICE_MANAGED_BY];
  if (managedBy === ENDPOINTSLICE_CONTROLLER && hasSelector(service)) return 'endpointslice-controller';
  if (
    managedBy === ENDPOINTSLICE_MIRRORING_CONTROLLER &&
    serviceName &&
    !hasSelector(service) &&
    index.get(K.Endpoints, namespace, serviceName)
  )
    return 'mirroring';
  return undefined;
}

/** The Endpoints and EndpointSlices that carry a Service's traffic (by name and by `kubernetes.io/service-name`). */
export function endpointsOfService(service: KubeObject, index: ResourceIndex): KubeObject[] {
  const namespace = service.metadata.namespace ?? 'default';
  const name = service.metadata.name;
  const endpoints = index.get(K.Endpoints, namespace, name);
  const slices = index.inNamespace(K.EndpointSlice, namespace).filter((s) => serviceNameOf(s) === name);
  return [...(endpoints ? [endpoints] : []), ...slices];
}

function listOf(value: unknown): unknown[] {
  return Array.isArray(value) ? value : [];
}

function withRef(address: EndpointAddress, ref: EndpointTargetRef | undefined): EndpointAddress {
  return ref ? { ...address, targetRef: ref } : address;
}
