import { defineCheck } from '../../src/engine/check.js';
import { K, POD_SPEC_PATHS } from '../../src/model/kinds.js';
import {
  type DedicatedPool,
  type NodeSelection,
  constrains,
  dedicatedPools,
  labelsText,
  namespaceNodeSelector,
  nodeSelectionOf,
  selectsNode,
} from '../../src/k8s/scheduling/index.js';

/**
 * A tenant's pods pinned onto nodes kept for another tenant. The pod's required constraints
 * (`nodeSelector` AND required node affinity: terms ORed, expressions ANDed, with the namespace's
 * PodNodeSelector selector merged in) are evaluated as the scheduler does (src/k8s/scheduling).
 * A pool is dedicated by a `NoSchedule`/`NoExecute` taint and a label with the tenant's name as
 * value on the Nodes of the input, or by a Capsule Tenant's `nodeSelector`
 * (src/k8s/scheduling/dedicated-pools.ts). Pinned means: of the Nodes in the input, the pod may be
 * scheduled only on another tenant's pool (and on at least one of its nodes); for a pool known only
 * by its labels, the pod requires those labels. A taint does not keep the pod off: the tenant adds
 * the toleration to its own pod spec. Tolerations alone never confine a pod, so a pod without
 * required node constraints is never pinned (tenancy-node-isolation-missing judges those). A pod
 * whose nodeSelector conflicts with its namespace's selector is refused by PodNodeSelector admission
 * and passes. Sources: https://kubernetes.io/docs/concepts/scheduling-eviction/assign-pod-node/,
 * https://kubernetes.io/docs/concepts/scheduling-eviction/taint-and-toleration/#example-use-cases,
 * https://kubernetes.io/docs/reference/access-authn-authz/admission-controllers/#podnodeselector.
 */
export default defineCheck({
  id: 'tenancy-node-pool-foreign',
  family: 'tenancy',
  title: "Tenant pods are pinned onto another tenant's nodes",
  description:
    "Flags every workload of a tenant namespace whose required node constraints (`nodeSelector`, required node affinity, and the namespace's PodNodeSelector selector) let it run only on a node pool dedicated to another tenant: Nodes with a `NoSchedule` or `NoExecute` taint and a label both valued with that tenant's name, or the nodes a Capsule Tenant's `nodeSelector` names.",
  rationale:
    "Dedicated nodes keep one tenant's pods away from another's kernel, container runtime and kubelet. A taint does not stop a tenant that adds the toleration to its own pods, so a tenant that selects another tenant's pool lands beside that tenant's pods and undoes the isolation the pool was made for.",
  remediation:
    "Remove the selector or affinity that names the other tenant's pool, and make node placement the platform's: set each tenant namespace's `scheduler.alpha.kubernetes.io/node-selector` (PodNodeSelector admission) or the Capsule Tenant's `nodeSelector`, and restrict tolerations with PodTolerationRestriction's `scheduler.alpha.kubernetes.io/tolerationsWhitelist` or an admission policy.",
  references: [
    { title: 'Kubernetes: Assigning Pods to Nodes', url: 'https://kubernetes.io/docs/concepts/scheduling-eviction/assign-pod-node/' },
    {
      title: 'Kubernetes: Taints and Tolerations, dedicated nodes',
      url: 'https://kubernetes.io/docs/concepts/scheduling-eviction/taint-and-toleration/#example-use-cases',
    },
    {
      title: 'Kubernetes: PodNodeSelector admission plugin',
      url: 'https://kubernetes.io/docs/reference/access-authn-authz/admission-controllers/#podnodeselector',
    },
    { title: 'Capsule: Tenant spec.nodeSelector', url: 'https://github.com/projectcapsule/capsule/blob/main/api/v1beta2/tenant_types.go' },
  ],
  severity: { 'multi-team': 'medium', 'multi-customer': 'high' },
  target: 'namespace',
  needs: [K.Namespace, K.Node, K.CapsuleTenant, ...Object.keys(POD_SPEC_PATHS)],
  messages: {
    pinned:
      '{{kind}} "{{name}}" of tenant {{tenant}} is pinned by its {{constraint}} onto {{pool}}, dedicated to tenant {{other}}: its pods run on the nodes kept for that tenant',
  },
  check(ns, ctx) {
    const namespace = ns.metadata.name;
    const tenant = ctx.tenants.tenantOfNamespace(namespace)?.name;
    const foreign = dedicatedPools(ctx).filter((p) => p.tenant !== tenant);
    if (foreign.length === 0) return { passNote: 'no node pool in the input is dedicated to another tenant' };
    const nodes = ctx.index.ofKind(K.Node);
    const foreignNodes = new Set(foreign.flatMap((p) => p.nodes ?? []));
    const imposed = namespaceNodeSelector(namespace, ctx);
    return ctx.index.podTemplatesIn(namespace).flatMap((template) => {
      const own = (template.spec?.nodeSelector ?? {}) as Record<string, unknown>;
      if (Object.entries(imposed).some(([k, v]) => k in own && own[k] !== v)) return []; // refused by PodNodeSelector
      const selection = nodeSelectionOf(template.spec, imposed);
      if (!constrains(selection)) return [];
      const matched = nodes.filter((n) => selectsNode(selection, { name: n.metadata.name, labels: n.metadata.labels ?? {} }));
      const onlyForeign = matched.length > 0 && matched.every((n) => foreignNodes.has(n));
      return foreign
        .filter((pool) => (pool.nodes ? onlyForeign && pool.nodes.some((n) => matched.includes(n)) : requiresPool(selection, pool)))
        .map((pool) => ({
          messageId: 'pinned' as const,
          data: {
            kind: template.owner.kind,
            name: template.owner.metadata.name,
            tenant: tenant ?? namespace,
            constraint: constraintText(template.spec, selection),
            pool: pool.description,
            other: pool.tenant,
          },
          object: template.owner,
          path: constraintPath(template.spec, template.specPath),
          related: pool.related,
        }));
    });
  },
});

/** A pool known by its labels: the pod may run on a node with them, and on no node without them. */
function requiresPool(selection: NodeSelection, pool: DedicatedPool): boolean {
  const knownKeys = new Set(Object.keys(pool.labels));
  return selectsNode(selection, { labels: pool.labels, knownKeys }) && !selectsNode(selection, { labels: {}, knownKeys });
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- a PodSpec as read from the input, untyped JSON
function constraintText(spec: any, selection: NodeSelection): string {
  const own = Object.keys(spec?.nodeSelector ?? {}).length > 0;
  const parts = [...(own ? [`nodeSelector ${labelsText(spec.nodeSelector)}`] : []), ...(selection.terms ? ['required node affinity'] : [])];
  return parts.length ? parts.join(' and ') : `namespace node selector ${labelsText(selection.nodeSelector)}`;
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- a PodSpec as read from the input, untyped JSON
function constraintPath(spec: any, specPath: string): string {
  if (Object.keys(spec?.nodeSelector ?? {}).length > 0) return `${specPath}/nodeSelector`;
  return spec?.affinity?.nodeAffinity ? `${specPath}/affinity/nodeAffinity` : specPath;
}
