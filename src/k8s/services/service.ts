import type { TenancyView } from '../../tenancy/view.js';
import { K } from '../../model/kinds.js';
import type { KubeObject } from '../../model/types.js';

/** One `spec.ports[]` entry (core/v1 ServicePort), as far as exposure checks read it. */
export interface ServicePortView {
  index: number;
  port: string;
  protocol: string;
  /** `spec.ports[].nodePort` when the manifest or the API server set one. */
  nodePort?: number;
}

/** `spec.ports[]` with the API's defaults applied (`protocol` defaults to TCP). */
export function servicePorts(service: KubeObject): ServicePortView[] {
  const ports: unknown[] = Array.isArray(service.spec?.ports) ? service.spec.ports : [];
  return ports.flatMap((raw, index) => {
    if (!raw || typeof raw !== 'object') return [];
    const p = raw as { port?: unknown; protocol?: unknown; nodePort?: unknown };
    const nodePort = typeof p.nodePort === 'number' && p.nodePort > 0 ? p.nodePort : undefined;
    return [{ index, port: String(p.port ?? '?'), protocol: typeof p.protocol === 'string' ? p.protocol : 'TCP', nodePort }];
  });
}

/** `"80/TCP, 443/TCP"`. */
export function describePorts(ports: ServicePortView[]): string {
  return ports.length ? ports.map((p) => `${p.port}/${p.protocol}`).join(', ') : 'no ports';
}

/**
 * `spec.type` as the API defaults it: unset means `ClusterIP`
 * (https://kubernetes.io/docs/reference/kubernetes-api/service-resources/service-v1/#ServiceSpec).
 */
export function serviceType(service: KubeObject): string {
  const type = service.spec?.type;
  return typeof type === 'string' && type !== '' ? type : 'ClusterIP';
}

/**
 * The Capsule Tenant that owns the Service's namespace, if the namespace is a Capsule tenant's and
 * the Tenant is in the input. Its `spec.serviceOptions` only gate *new* Services (Capsule's service
 * webhook), so it never turns an existing Service into a pass; messages mention it so the reader
 * knows the rule exists and that this Service escaped it (created before the rule, or by a platform
 * subject). Source: Capsule's Tenant `spec.serviceOptions` and its `pkg/webhook/service` (https://github.com/projectcapsule/capsule).
 */
export function capsuleTenantOf(service: KubeObject, view: TenancyView): KubeObject | undefined {
  const tenant = view.tenants.tenantOfNamespace(service.metadata.namespace);
  if (tenant?.source !== 'capsule') return undefined;
  return view.index.get(K.CapsuleTenant, undefined, tenant.name);
}

/**
 * `; Capsule Tenant "acme" forbids new NodePort Services (...)` when the Tenant sets
 * `spec.serviceOptions.allowedServices.<field>: false` (each field defaults to true), else `''`.
 */
export function capsuleForbidsNote(service: KubeObject, view: TenancyView, field: 'nodePort' | 'loadBalancer', what: string): string {
  const tenant = capsuleTenantOf(service, view);
  if (tenant?.spec?.serviceOptions?.allowedServices?.[field] !== false) return '';
  return `; Capsule Tenant "${tenant.metadata.name}" forbids new ${what} Services (serviceOptions.allowedServices.${field}: false), which does not remove this one`;
}
