/**
 * Which tenants may create claims of a StorageClass.
 *
 * Kubernetes itself lets anyone who may create a PVC name any class. Capsule restricts it per
 * Tenant with `spec.storageClasses` (a `DefaultAllowedListSpec`): unset means every class; set, a
 * class is allowed when it is the `default`, is listed in `allowed`, matches `allowedRegex`
 * (unanchored, as Go's `regexp.MatchString`), or, when `matchLabels`/`matchExpressions` are given,
 * its labels match them (Capsule `pkg/webhook/pvc` storage class validation and
 * `pkg/api.SelectorAllowedListSpec`). Tenants from other sources have no such restriction.
 */
import type { TenancyView } from '../../tenancy/view.js';
import { K } from '../../model/kinds.js';
import { type LabelSelector, matchesSelector } from '../../model/selectors.js';
import type { KubeObject } from '../../model/types.js';

export interface StorageClassUsers {
  /** Tenants that may use the class, sorted. */
  tenants: string[];
  /** Set when some Capsule tenant's answer is unknown because Tenants could not be read. */
  unknown?: string;
}

export function tenantsThatCanUse(storageClass: KubeObject, view: TenancyView): StorageClassUsers {
  const tenants: string[] = [];
  let unknown: string | undefined;
  for (const tenant of view.tenants.tenants) {
    if (tenant.source !== 'capsule') {
      tenants.push(tenant.name);
      continue;
    }
    if (!view.index.isReadable(K.CapsuleTenant)) {
      unknown = `Capsule Tenants could not be read (${view.index.access(K.CapsuleTenant)?.reason ?? 'no access'}), so which classes tenant ${tenant.name} may use is unknown`;
      continue;
    }
    const obj = view.index.get(K.CapsuleTenant, undefined, tenant.name);
    if (allows(obj?.spec?.storageClasses, storageClass)) tenants.push(tenant.name);
  }
  return { tenants: tenants.sort(), unknown };
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- part of a Kubernetes object of the input, untyped JSON
function allows(spec: any, storageClass: KubeObject): boolean {
  if (!spec || typeof spec !== 'object') return true;
  const name = storageClass.metadata.name;
  if (spec.default === name) return true;
  if (Array.isArray(spec.allowed) && spec.allowed.includes(name)) return true;
  if (typeof spec.allowedRegex === 'string' && spec.allowedRegex && regexMatches(spec.allowedRegex, name)) return true;
  const selector: LabelSelector = { matchLabels: spec.matchLabels, matchExpressions: spec.matchExpressions };
  const hasSelector = Object.keys(selector.matchLabels ?? {}).length > 0 || (selector.matchExpressions ?? []).length > 0;
  return hasSelector && matchesSelector(selector, storageClass.metadata.labels);
}

function regexMatches(pattern: string, value: string): boolean {
  try {
    return new RegExp(pattern).test(value);
  } catch {
    return false; // Capsule's admission rejects a Tenant with an invalid regex
  }
}
