/**
 * The NetworkPolicies a Capsule Tenant adds to its namespaces. Capsule copies each item of the
 * Tenant's `spec.networkPolicies.items` (v1alpha1: `spec.networkPolicies`, a plain list) into
 * every namespace of the tenant as NetworkPolicy `capsule-<tenant>-<i>`, labelled with the tenant
 * and `capsule.clastix.io/network-policy: "<i>"` (Capsule
 * `internal/controllers/tenant/networkpolicies.go`, https://github.com/projectcapsule/capsule). On a live cluster the copies are in the
 * namespace; manifests kept in Git usually hold only the Tenant. So, as the quota checks do for
 * `spec.resourceQuotas`, each item whose copy is absent from a namespace is counted as if the copy
 * were there, and messages say so. Where Tenants cannot be read (a live cluster without that
 * permission) nothing is added: there the copies themselves are in the namespace and are read as
 * NetworkPolicies. Used by the network checks and by the reachability analysis.
 */
import { K } from '../model/kinds.js';
import type { KubeObject } from '../model/types.js';
import { CAPSULE_TENANT_LABEL } from './model.js';
import type { TenancyView } from './view.js';

/** A Tenant item standing in for its per-namespace copy. */
export interface TenantPolicy {
  /** A NetworkPolicy with the copy's name, namespace and spec. */
  policy: KubeObject;
  tenant: KubeObject;
  /** Index of the item in the Tenant's list. */
  index: number;
  /** JSON pointer to the item inside the Tenant: `/spec/networkPolicies/items/0`. */
  path: string;
}

const COPY_LABEL = 'capsule.clastix.io/network-policy';
const TENANT_LABELS = [CAPSULE_TENANT_LABEL, 'projectcapsule.dev/tenant'];

/** The items of a Capsule Tenant's network policies, with their JSON pointers. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- part of a Kubernetes object of the input, untyped JSON
export function tenantPolicyItems(tenant: KubeObject): { spec: any; index: number; path: string }[] {
  const raw = tenant.spec?.networkPolicies;
  // v1beta1/v1beta2: {items: [...]}; v1alpha1: a plain list.
  const list: unknown[] = Array.isArray(raw) ? raw : Array.isArray(raw?.items) ? raw.items : [];
  const base = Array.isArray(raw) ? '/spec/networkPolicies' : '/spec/networkPolicies/items';
  return list.flatMap((spec, index) => (spec && typeof spec === 'object' ? [{ spec, index, path: `${base}/${index}` }] : []));
}

/**
 * The Tenant items of the namespace's Capsule tenant whose copy the namespace does not hold (empty
 * for a namespace of any other tenancy source, or when the Tenant is not in the input).
 */
export function absentTenantPolicies(namespace: string, ctx: TenancyView): TenantPolicy[] {
  const owner = ctx.tenants.tenantOfNamespace(namespace);
  if (owner?.source !== 'capsule') return [];
  const tenant = ctx.index.get(K.CapsuleTenant, undefined, owner.name);
  if (!tenant) return [];
  const own = ctx.index.inNamespace(K.NetworkPolicy, namespace);
  return tenantPolicyItems(tenant).flatMap(({ spec, index, path }) => {
    const name = `capsule-${owner.name}-${index}`;
    if (own.some((p) => isCopy(p, owner.name, name, index))) return [];
    const policy: KubeObject = { apiVersion: 'networking.k8s.io/v1', kind: 'NetworkPolicy', metadata: { name, namespace }, spec };
    return [{ policy, tenant, index, path }];
  });
}

/** `capsule-acme-0 (from Capsule Tenant acme spec.networkPolicies.items[0]: its copy in this namespace is not in the input)`. */
export function describeTenantPolicy(t: TenantPolicy): string {
  const field = t.path
    .replace(/^\//, '')
    .replace(/\/(\d+)$/, '[$1]')
    .replace(/\//g, '.');
  return `${t.policy.metadata.name} (from Capsule Tenant ${t.tenant.metadata.name} ${field}: its copy in this namespace is not in the input)`;
}

function isCopy(obj: KubeObject, tenant: string, name: string, i: number): boolean {
  if (obj.metadata.name === name) return true;
  const labels = obj.metadata.labels ?? {};
  return TENANT_LABELS.some((k) => labels[k] === tenant) && labels[COPY_LABEL] === String(i);
}

/**
 * For a Capsule Tenant judged as a subject: each of its items that some namespace of the tenant
 * lacks a copy of, standing in that namespace (the copies that are in the input are judged as
 * NetworkPolicies themselves). Empty when the Tenant claims no namespace or every copy is present.
 */
export function tenantItemsToJudge(tenant: KubeObject, ctx: TenancyView): TenantPolicy[] {
  const owner = ctx.tenants.tenants.find((t) => t.source === 'capsule' && t.name === tenant.metadata.name);
  if (!owner) return [];
  const byIndex = new Map<number, TenantPolicy>();
  for (const namespace of owner.namespaces) {
    for (const item of absentTenantPolicies(namespace, ctx)) if (!byIndex.has(item.index)) byIndex.set(item.index, item);
  }
  return [...byIndex.values()].sort((a, b) => a.index - b.index);
}

/** A JSON pointer into a stand-in policy (`/spec/ingress/0`) as a pointer into its Tenant (`/spec/networkPolicies/items/0/ingress/0`). */
export function pathInTenant(item: TenantPolicy, policyPath: string): string {
  return `${item.path}${policyPath.replace(/^\/spec/, '')}`;
}
