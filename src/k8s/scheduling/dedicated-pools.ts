/**
 * Node pools dedicated to a tenant, as Kubernetes documents the pattern ("Dedicated Nodes",
 * https://kubernetes.io/docs/concepts/scheduling-eviction/taint-and-toleration/#example-use-cases):
 * the nodes carry a taint `key=value` with effect `NoSchedule` or `NoExecute`, which keeps every
 * pod without the toleration off them, and the label `key=value`, which the group's pods select.
 * A Node in the input is dedicated to tenant T when such a taint and label pair has T's name as
 * its value. A Capsule Tenant's `spec.nodeSelector` dedicates the nodes with those labels to it
 * (Capsule writes it into the PodNodeSelector annotation of its namespaces; projectcapsule/capsule
 * api/v1beta2/tenant_types.go), whether or not the Nodes are in the input.
 */
import { K } from '../../model/kinds.js';
import { type KubeObject, type ObjectRef, refOf } from '../../model/types.js';
import type { TenancyView } from '../../tenancy/view.js';

/** PodNodeSelector admission: the namespace's node selector, merged into every pod (`k1=v1,k2=v2`). */
export const NODE_SELECTOR_ANNOTATION = 'scheduler.alpha.kubernetes.io/node-selector';
/** PodTolerationRestriction admission: tolerations (a JSON list) merged into every pod of the namespace. */
export const DEFAULT_TOLERATIONS_ANNOTATION = 'scheduler.alpha.kubernetes.io/defaultTolerations';

/** The effects that keep pods without a toleration off a node; `PreferNoSchedule` is only a preference. */
const KEEPING_EFFECTS = new Set(['NoSchedule', 'NoExecute']);

/** A node pool dedicated to one tenant. */
export interface DedicatedPool {
  tenant: string;
  /** The pool's Nodes in the input; undefined for a pool known only by its labels (a Capsule Tenant's nodeSelector). */
  nodes?: KubeObject[];
  /** The labels that describe the pool: the taint's key and value, or the Capsule Tenant's nodeSelector. */
  labels: Record<string, string>;
  /** For messages: `Nodes node-7, node-8 (taint and label dedicated=acme)` or `Capsule Tenant acme's nodeSelector pool=acme`. */
  description: string;
  related: ObjectRef[];
}

/** Pools by index and tenant model: a check asks once per namespace, and the answer is the cluster's. */
const poolsCache = new WeakMap<TenancyView['index'], WeakMap<TenancyView['tenants'], readonly DedicatedPool[]>>();

/**
 * Every pool the input shows dedicated to a tenant of the model, by tenant then description.
 * Computed once per index and tenant model (issue 15: asked per namespace, it cost O(namespaces ×
 * tenants), 0.9 s of a scan of 2,000 single-namespace tenants).
 */
export function dedicatedPools(view: TenancyView): readonly DedicatedPool[] {
  let byTenants = poolsCache.get(view.index);
  if (!byTenants) poolsCache.set(view.index, (byTenants = new WeakMap()));
  let pools = byTenants.get(view.tenants);
  if (!pools) byTenants.set(view.tenants, (pools = computeDedicatedPools(view)));
  return pools;
}

function computeDedicatedPools(view: TenancyView): DedicatedPool[] {
  const tenantNames = new Set(view.tenants.tenants.map((t) => t.name));
  const byPair = new Map<string, { tenant: string; key: string; value: string; nodes: KubeObject[] }>();
  for (const node of view.index.ofKind(K.Node)) {
    const labels = node.metadata.labels ?? {};
    const taints: unknown = node.spec?.taints;
    for (const t of Array.isArray(taints) ? taints : []) {
      if (typeof t?.key !== 'string' || typeof t.value !== 'string' || !KEEPING_EFFECTS.has(t.effect)) continue;
      if (labels[t.key] !== t.value || !tenantNames.has(t.value)) continue;
      const id = `${t.key}=${t.value}`;
      const pair = byPair.get(id) ?? {
        tenant: t.value as string,
        key: t.key as string,
        value: t.value as string,
        nodes: [] as KubeObject[],
      };
      if (!pair.nodes.includes(node)) pair.nodes.push(node);
      byPair.set(id, pair);
    }
  }
  const pools: DedicatedPool[] = [...byPair.values()].map((p) => ({
    tenant: p.tenant,
    nodes: p.nodes,
    labels: { [p.key]: p.value },
    description: `Node${p.nodes.length > 1 ? 's' : ''} ${p.nodes.map((n) => n.metadata.name).join(', ')} (taint and label ${p.key}=${p.value})`,
    related: p.nodes.map(refOf),
  }));
  for (const tenant of view.tenants.tenants) {
    if (tenant.source !== 'capsule') continue;
    const obj = view.index.get(K.CapsuleTenant, undefined, tenant.name);
    const selector = stringMap(obj?.spec?.nodeSelector);
    if (!obj || Object.keys(selector).length === 0) continue;
    pools.push({
      tenant: tenant.name,
      labels: selector,
      description: `Capsule Tenant ${tenant.name}'s nodeSelector ${labelsText(selector)}`,
      related: [refOf(obj)],
    });
  }
  return pools.sort((a, b) => a.tenant.localeCompare(b.tenant) || a.description.localeCompare(b.description));
}

/**
 * The node selector that admission merges into every pod of a namespace: its PodNodeSelector
 * annotation (`k1=v1,k2=v2`, as labels.ConvertSelectorToLabelsMap reads it), or else its Capsule
 * Tenant's `spec.nodeSelector`, which Capsule writes into that annotation. A pod whose own
 * nodeSelector conflicts with it is refused (plugin/pkg/admission/podnodeselector).
 */
export function namespaceNodeSelector(namespace: string, view: TenancyView): Record<string, string> {
  const ns = view.index.get(K.Namespace, undefined, namespace);
  const annotation = ns?.metadata.annotations?.[NODE_SELECTOR_ANNOTATION];
  if (annotation) return parseSelectorAnnotation(annotation);
  const tenant = view.tenants.tenantOfNamespace(namespace);
  if (tenant?.source !== 'capsule') return {};
  return stringMap(view.index.get(K.CapsuleTenant, undefined, tenant.name)?.spec?.nodeSelector);
}

/** `k1=v1,k2=v2` as a map; entries without `=` are dropped. */
export function parseSelectorAnnotation(value: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const kv of value.split(',')) {
    const i = kv.indexOf('=');
    if (i > 0) out[kv.slice(0, i).trim()] = kv.slice(i + 1).trim();
  }
  return out;
}

/** `a=1, b=2` */
export function labelsText(labels: Record<string, string>): string {
  return Object.entries(labels)
    .map(([k, v]) => `${k}=${v}`)
    .join(', ');
}

function stringMap(raw: unknown): Record<string, string> {
  const out: Record<string, string> = {};
  if (raw && typeof raw === 'object') for (const [k, v] of Object.entries(raw)) if (typeof v === 'string') out[k] = v;
  return out;
}
