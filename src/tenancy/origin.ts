/**
 * How a finding on an object the tenancy stage derived (src/tenancy/materialize.ts) names the field
 * it came from: the JSON pointer into the Tenant, or the field as a reader writes it.
 */
import type { DerivedObject } from './materialize.js';

/** `/spec/networkPolicies/items/0` as `spec.networkPolicies.items[0]`. */
export function fieldOf(pointer: string): string {
  return pointer
    .replace(/^\//, '')
    .replace(/\/(\d+)(?=\/|$)/g, '[$1]')
    .replace(/\//g, '.');
}

/** A JSON pointer into a derived object (`/spec/ingress/0`) as a pointer into its origin (`/spec/networkPolicies/items/0/ingress/0`). */
export function pathInOrigin(derived: DerivedObject, pointer: string): string {
  return `${derived.origin.path}${pointer.replace(/^\/spec/, '')}`;
}

/** `capsule-acme-0 (from Capsule Tenant acme spec.networkPolicies.items[0]: its copy in this namespace is not in the input)`. */
export function describeDerived(derived: DerivedObject): string {
  return `${derived.object.metadata.name} (from Capsule Tenant ${derived.origin.object.metadata.name} ${fieldOf(derived.origin.path)}: its copy in this namespace is not in the input)`;
}
