/** How RBAC findings name subjects, bindings, roles and rules, and which objects they relate. */
import { type KubeObject, type ObjectRef, refKey, refOf } from '../../model/types.js';
import { type Owner, ownerLabel } from './attribution.js';
import { BOOTSTRAP_POLICY_VERSION } from './bootstrap-roles.js';
import { principalLabel } from './bindings.js';
import type { Permission } from './permissions.js';
import type { Principal, ResolvedRole, RuleSource } from './types.js';

/** `Group "globex-devs" (tenant globex)`. */
export function subjectWithOwner(p: Principal, owner: Owner): string {
  return `${principalLabel(p)} (${ownerLabel(owner)})`;
}

/** `ClusterRoleBinding "x"` or `RoleBinding "ns/x"`. */
export function bindingLabel(binding: KubeObject): string {
  const ns = binding.metadata.namespace;
  return `${binding.kind} "${ns ? `${ns}/` : ''}${binding.metadata.name}"`;
}

/** `ClusterRole "view"`, marked when its rules come from Kubernetes' bootstrap policy. */
export function roleLabel(role: ResolvedRole): string {
  const ns = role.ref.namespace;
  const name = `${role.ref.kind} "${ns ? `${ns}/` : ''}${role.ref.name}"`;
  return role.found === 'builtin'
    ? `${name} (Kubernetes default, not in the input: rules of the ${BOOTSTRAP_POLICY_VERSION} bootstrap policy)`
    : name;
}

/** `/rules/2 of ClusterRole "x"`: where a rule sits. */
export function ruleLabel(source: RuleSource): string {
  const ns = source.role.namespace;
  return `${source.rulePath} of ${source.role.kind} "${ns ? `${ns}/` : ''}${source.role.name}"`;
}

/** The distinct rules behind some permissions, as `ruleLabel`s joined. */
export function rulesLabel(permissions: readonly Permission[]): string {
  return [...new Set(permissions.map((p) => ruleLabel(p.source)))].join(', ');
}

/** The objects that explain an RBAC finding: the binding (when not the reported object), the role, the roles the rules come from. */
export function relatedOf(role: ResolvedRole, permissions: readonly Permission[], binding?: KubeObject): ObjectRef[] {
  const refs = new Map<string, ObjectRef>();
  if (binding) refs.set(refKey(refOf(binding)), refOf(binding));
  refs.set(refKey(role.ref), role.ref);
  for (const p of permissions) refs.set(refKey(p.source.role), p.source.role);
  return [...refs.values()];
}

/** The tenant to score a cluster-scoped finding against: the owner's, when it has exactly one. */
export function tenantOfOwner(owner: Owner): string | undefined {
  return owner.kind === 'tenant' && owner.tenants.length === 1 ? owner.tenants[0] : undefined;
}
