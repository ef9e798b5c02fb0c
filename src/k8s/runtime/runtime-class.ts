import { anyGlobMatcher } from '../../model/glob.js';
import type { TenancyView } from '../../tenancy/view.js';
import type { PodTemplate } from '../../model/index.js';
import { K } from '../../model/kinds.js';
import type { KubeObject } from '../../model/types.js';

/**
 * The RuntimeClass a pod template's pods run under, as the API resolves it:
 * - `none`: no `runtimeClassName`; the node's default CRI handler (usually `runc`) runs the pod;
 * - `template`: the template's own `spec.runtimeClassName`;
 * - `capsule-default`: unset in the template, but the pod's Capsule Tenant sets
 *   `spec.runtimeClasses.default`, which Capsule's pod webhook writes into every new pod that has none;
 * - `unknown`: unset in the template, in a Capsule namespace whose Tenant could not be read.
 *
 * Sources: https://kubernetes.io/docs/concepts/containers/runtime-class/ (unset name = default handler),
 * Capsule e2e `runtime_class_test.go` "should auto assign the default" (projectcapsule/capsule).
 */
export type EffectiveRuntimeClass =
  | { source: 'none' }
  | { source: 'template'; name: string }
  | { source: 'capsule-default'; name: string; tenant: KubeObject }
  | { source: 'unknown'; reason: string };

export function effectiveRuntimeClass(template: PodTemplate, view: TenancyView): EffectiveRuntimeClass {
  const own = template.spec?.runtimeClassName;
  // An empty name is rejected by API validation and treated as unset by the RuntimeClass admission plugin.
  if (typeof own === 'string' && own !== '') return { source: 'template', name: own };
  const tenant = view.tenants.tenantOfNamespace(template.namespace);
  if (tenant?.source !== 'capsule') return { source: 'none' };
  if (!view.index.isReadable(K.CapsuleTenant)) {
    const why = view.index.access(K.CapsuleTenant)?.reason ?? 'not read';
    return {
      source: 'unknown',
      reason: `Capsule Tenant "${tenant.name}" could not be read (${why}), and its runtimeClasses.default may set this template's RuntimeClass`,
    };
  }
  const obj = view.index.get(K.CapsuleTenant, undefined, tenant.name);
  const def = obj?.spec?.runtimeClasses?.default;
  return obj && typeof def === 'string' && def !== '' ? { source: 'capsule-default', name: def, tenant: obj } : { source: 'none' };
}

/** The RuntimeClass object of that name, if the input holds one (RuntimeClasses are cluster-scoped). */
export function runtimeClassNamed(name: string, view: TenancyView): KubeObject | undefined {
  return view.index.get(K.RuntimeClass, undefined, name);
}

const matchers = new WeakMap<readonly string[], (handler: string) => boolean>();

/**
 * Is this RuntimeClass a sandbox? Decided by its `handler` (the CRI runtime it selects), never by its
 * name: a class named `gvisor` whose handler is `runc` runs ordinary containers.
 * `sandboxHandlers` are globs (src/model/glob.ts), e.g. `runsc`, `kata-*`.
 */
export function isSandbox(runtimeClass: KubeObject, sandboxHandlers: readonly string[]): boolean {
  const handler = runtimeClass.handler;
  if (typeof handler !== 'string' || handler === '' || sandboxHandlers.length === 0) return false;
  let match = matchers.get(sandboxHandlers);
  if (!match) {
    match = anyGlobMatcher(sandboxHandlers);
    matchers.set(sandboxHandlers, match);
  }
  return match(handler);
}

/** `"name" (handler "h")`, for messages. */
export function describeRuntimeClass(runtimeClass: KubeObject): string {
  const handler = typeof runtimeClass.handler === 'string' && runtimeClass.handler !== '' ? runtimeClass.handler : '<unset>';
  return `"${runtimeClass.metadata.name}" (handler "${handler}")`;
}
