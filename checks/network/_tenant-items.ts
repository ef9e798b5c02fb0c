/**
 * The policies a network check judges for a Capsule Tenant subject: the items of its
 * `spec.networkPolicies` whose per-namespace copies the input does not hold (derived by
 * src/tenancy/materialize.ts), each with the way to turn a pointer into the item into a pointer
 * into the Tenant. The copies that are in the input are judged as NetworkPolicies themselves.
 * Not a check (the family index lists the checks).
 */
import type { CheckContext } from '../../src/engine/check.js';
import { K } from '../../src/model/kinds.js';
import type { KubeObject } from '../../src/model/types.js';
import { pathInOrigin } from '../../src/tenancy/origin.js';

export function tenantItemsToJudge(tenant: KubeObject, ctx: CheckContext): { policy: KubeObject; path: (p: string) => string }[] {
  const owner = ctx.tenants.tenants.find((t) => t.source === 'capsule' && t.name === tenant.metadata.name);
  if (!owner) return [];
  return ctx.tenants.materialized
    .itemsOfTenant(K.NetworkPolicy, owner)
    .map((d) => ({ policy: d.object, path: (p: string) => pathInOrigin(d, p) }));
}
