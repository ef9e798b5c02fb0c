import { defineCheck } from '../../src/engine/check.js';
import type { PodTemplate } from '../../src/model/index.js';
import { K, POD_SPEC_PATHS } from '../../src/model/kinds.js';
import { type KubeObject, refOf } from '../../src/model/types.js';

/** PodNodeSelector admission: the namespace's node selector, merged into every pod (`k1=v1,k2=v2`). */
export const NODE_SELECTOR_ANNOTATION = 'scheduler.alpha.kubernetes.io/node-selector';
/** PodTolerationRestriction admission: tolerations (a JSON list) merged into every pod of the namespace. */
export const DEFAULT_TOLERATIONS_ANNOTATION = 'scheduler.alpha.kubernetes.io/defaultTolerations';

/**
 * Node labels that whole pools, zones or every node carry (well-known labels,
 * https://kubernetes.io/docs/reference/labels-annotations-taints/, and OpenShift's node roles):
 * selecting on them does not set nodes apart for one tenant (`kubernetes.io/os: linux` is the
 * common case). `kubernetes.io/hostname` is not among them: it pins pods to named nodes.
 * Also the labels of pools that providers set apart by hardware, price or runtime, not by tenant,
 * so that every tenant who needs a GPU, a spot price or a sandbox lands on the same nodes: GPUs
 * (GKE `cloud.google.com/gke-accelerator`, NVIDIA GPU feature discovery `nvidia.com/gpu.*`), spot
 * and preemptible capacity (GKE, AKS, EKS managed node groups, Karpenter) and sandbox runtimes
 * (GKE Sandbox `sandbox.gke.io/runtime`, kata-deploy `katacontainers.io/kata-runtime`).
 * Sources: https://cloud.google.com/kubernetes-engine/docs/how-to/gpus,
 * https://cloud.google.com/kubernetes-engine/docs/concepts/spot-vms,
 * https://cloud.google.com/kubernetes-engine/docs/how-to/sandbox-pods,
 * https://learn.microsoft.com/azure/aks/spot-node-pool, https://karpenter.sh/docs/concepts/scheduling/.
 */
const SHARED_NODE_LABELS = new Set([
  'kubernetes.io/os',
  'kubernetes.io/arch',
  'beta.kubernetes.io/os',
  'beta.kubernetes.io/arch',
  'node.kubernetes.io/instance-type',
  'beta.kubernetes.io/instance-type',
  'node.kubernetes.io/windows-build',
  'topology.kubernetes.io/zone',
  'topology.kubernetes.io/region',
  'failure-domain.beta.kubernetes.io/zone',
  'failure-domain.beta.kubernetes.io/region',
  'node-role.kubernetes.io/worker',
  'node-role.kubernetes.io/infra',
  'node-role.kubernetes.io/control-plane',
  'node-role.kubernetes.io/master',
  'cloud.google.com/gke-accelerator',
  'nvidia.com/gpu.present',
  'nvidia.com/gpu.product',
  'nvidia.com/gpu.count',
  'cloud.google.com/gke-spot',
  'cloud.google.com/gke-preemptible',
  'kubernetes.azure.com/scalesetpriority',
  'eks.amazonaws.com/capacityType',
  'karpenter.sh/capacity-type',
  'sandbox.gke.io/runtime',
  'katacontainers.io/kata-runtime',
]);

/**
 * Taints that Kubernetes, cloud providers and the cluster autoscaler put on nodes for their own
 * reasons (node conditions, control plane, uninitialised or deleted nodes, system pools): a
 * toleration for them says nothing about nodes dedicated to a tenant. Every pod carries
 * `node.kubernetes.io/not-ready` and `unreachable` tolerations (DefaultTolerationSeconds
 * admission), DaemonSet pods several more. Also the taints providers put on the shared pools
 * above: GPU nodes (`nvidia.com/gpu=present:NoSchedule` on GKE, `amd.com/gpu`), spot and
 * preemptible nodes, GKE Sandbox nodes (`sandbox.gke.io/runtime=gvisor:NoSchedule`).
 */
const SYSTEM_TAINT_PREFIXES = ['node.kubernetes.io/', 'node.cloudprovider.kubernetes.io/', 'node-role.kubernetes.io/'];
const SYSTEM_TAINT_KEYS = new Set([
  'ToBeDeletedByClusterAutoscaler',
  'DeletionCandidateOfClusterAutoscaler',
  'CriticalAddonsOnly',
  'nvidia.com/gpu',
  'amd.com/gpu',
  'cloud.google.com/gke-spot',
  'cloud.google.com/gke-preemptible',
  'kubernetes.azure.com/scalesetpriority',
  'sandbox.gke.io/runtime',
]);

interface Toleration {
  key?: string;
  operator?: string;
  effect?: string;
}

interface NodeSelectorRequirement {
  key?: string;
  operator?: string;
  values?: unknown[];
}

const dedicatingLabel = (key: unknown): boolean => typeof key === 'string' && key !== '' && !SHARED_NODE_LABELS.has(key);

/**
 * Does this toleration let the pod onto nodes tainted for a tenant? It must name a taint key (a
 * blanket `operator: Exists` without key tolerates every taint and proves no dedicated node),
 * not a system taint, for an effect that keeps other pods away (`NoSchedule`, `NoExecute`, or
 * empty, which matches every effect; `PreferNoSchedule` is only a preference).
 */
function toleratesTenantTaint(t: Toleration | null | undefined): boolean {
  if (!t || typeof t.key !== 'string' || t.key === '') return false;
  if (SYSTEM_TAINT_KEYS.has(t.key) || SYSTEM_TAINT_PREFIXES.some((p) => t.key!.startsWith(p))) return false;
  return t.effect === undefined || t.effect === null || t.effect === '' || t.effect === 'NoSchedule' || t.effect === 'NoExecute';
}

/**
 * Does one term of required node affinity confine the pod to a set of nodes? It needs an `In` or
 * `Exists` requirement on a label that sets nodes apart, or a `matchFields` `metadata.name In`
 * (named nodes). `NotIn`, `DoesNotExist`, `Gt` and `Lt` only exclude or compare.
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- part of a Kubernetes object of the input, untyped JSON
function termConfines(term: any): boolean {
  const expressions: NodeSelectorRequirement[] = Array.isArray(term?.matchExpressions) ? term.matchExpressions : [];
  const fields: NodeSelectorRequirement[] = Array.isArray(term?.matchFields) ? term.matchFields : [];
  return (
    expressions.some((r) => dedicatingLabel(r?.key) && (r.operator === 'Exists' || (r.operator === 'In' && (r.values?.length ?? 0) > 0))) ||
    fields.some((r) => r?.key === 'metadata.name' && r.operator === 'In' && (r.values?.length ?? 0) > 0)
  );
}

/**
 * Is the pod's placement limited to some nodes? `nodeName`; a `nodeSelector` on a label that sets
 * nodes apart; or required node affinity whose every term confines (terms are ORed; an empty term
 * matches no node, so it widens nothing). Preferred affinity is a wish, not a limit.
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- part of a Kubernetes object of the input, untyped JSON
function selectsNodes(spec: any): boolean {
  if (typeof spec.nodeName === 'string' && spec.nodeName !== '') return true;
  if (Object.keys(spec.nodeSelector ?? {}).some(dedicatingLabel)) return true;
  const terms: unknown[] = spec.affinity?.nodeAffinity?.requiredDuringSchedulingIgnoredDuringExecution?.nodeSelectorTerms ?? [];
  const nonEmpty = (Array.isArray(terms) ? terms : []).filter(
    // eslint-disable-next-line @typescript-eslint/no-explicit-any -- a NodeSelectorTerm as read from the input
    (t: any) => (t?.matchExpressions?.length ?? 0) + (t?.matchFields?.length ?? 0) > 0,
  );
  return nonEmpty.length > 0 && nonEmpty.every(termConfines);
}

/** The keys of a PodNodeSelector annotation (`k1=v1,k2=v2`, as labels.ConvertSelectorToLabelsMap reads it). */
function annotationSelectorKeys(value: string | undefined): string[] {
  if (!value) return [];
  return value
    .split(',')
    .map((kv) => kv.split('=')[0].trim())
    .filter((k) => k !== '');
}

function namespaceTolerations(ns: KubeObject): Toleration[] {
  const raw = ns.metadata.annotations?.[DEFAULT_TOLERATIONS_ANNOTATION];
  if (!raw) return [];
  try {
    const parsed: unknown = JSON.parse(raw);
    return Array.isArray(parsed) ? (parsed as Toleration[]) : [];
  } catch {
    return []; // the admission plugin rejects pods in a namespace with a malformed annotation; nothing is added
  }
}

/** Why a pod template is not confined to dedicated nodes, or undefined when it is. */
function gapOf(template: PodTemplate, extraTolerations: Toleration[]): string | undefined {
  const selects = selectsNodes(template.spec);
  const tolerations: Toleration[] = [...(Array.isArray(template.spec.tolerations) ? template.spec.tolerations : []), ...extraTolerations];
  const tolerates = tolerations.some(toleratesTenantTaint);
  if (selects && tolerates) return undefined;
  if (!selects && !tolerates) return 'no node selector or required node affinity, no toleration for a dedicated-node taint';
  return selects ? 'no toleration for a dedicated-node taint' : 'no node selector or required node affinity';
}

/** Most workloads named in one message; the rest are counted (all are in `related`). */
const MAX_NAMED = 5;

/**
 * Tenant pods are confined to dedicated nodes when the namespace carries a PodNodeSelector
 * annotation, or its Capsule Tenant sets `spec.nodeSelector` (which Capsule writes into that
 * annotation), or else every pod template in the namespace both selects nodes (nodeSelector,
 * required node affinity or nodeName, on labels that set nodes apart) and tolerates a taint that
 * keeps other tenants off them (its own tolerations plus the namespace's PodTolerationRestriction
 * defaults). The annotation only acts where the PodNodeSelector admission plugin is enabled, which
 * the API does not expose; it is taken as intent. The check does not compare selectors with taints
 * or with Node objects: names differ between clusters (a pool label, a `dedicated=` taint).
 * A RuntimeClass's `scheduling` (merged into pods by the RuntimeClass admission plugin) is not
 * counted: its node pool serves every tenant that uses the class.
 * A namespace where no pod runs passes: nothing shares a node. One finding per namespace, naming
 * the unconfined workloads; `related` lists them all.
 * Sources: https://kubernetes.io/docs/concepts/security/multi-tenancy/#node-isolation,
 * https://kubernetes.io/docs/concepts/scheduling-eviction/taint-and-toleration/,
 * https://kubernetes.io/docs/reference/access-authn-authz/admission-controllers/#podnodeselector;
 * Capsule Tenant `spec.nodeSelector` (projectcapsule/capsule api/v1beta2/tenant_types.go).
 */
export default defineCheck({
  id: 'tenancy-node-isolation-missing',
  family: 'tenancy',
  title: 'Tenant pods are not confined to dedicated nodes',
  description:
    'Flags each tenant namespace in which some pod template is not confined to dedicated nodes: no PodNodeSelector annotation on the namespace, no Capsule Tenant `nodeSelector`, and the pod lacks a node selector (or required node affinity) on a label that sets nodes apart, or a toleration for a dedicated-node taint.',
  rationale:
    "Tenants whose pods share nodes share a kernel, a container runtime, the kubelet and the node's network and disks: one container escape, a noisy neighbour or a side channel reaches every other tenant on that node. Dedicated nodes (selected by label, kept for the tenant by a taint) are the data-plane boundary that untrusted tenants need.",
  remediation:
    "Give each tenant its own node pool: label and taint its nodes (`tenant=<name>:NoSchedule`), then set the namespace's `scheduler.alpha.kubernetes.io/node-selector` annotation with the PodNodeSelector admission plugin enabled (or the Capsule Tenant's `nodeSelector`), and add the toleration through `scheduler.alpha.kubernetes.io/defaultTolerations` (PodTolerationRestriction) or the workloads' `tolerations`.",
  references: [
    {
      title: 'Kubernetes: Multi-tenancy, node isolation',
      url: 'https://kubernetes.io/docs/concepts/security/multi-tenancy/#node-isolation',
    },
    { title: 'Kubernetes: Taints and Tolerations', url: 'https://kubernetes.io/docs/concepts/scheduling-eviction/taint-and-toleration/' },
    { title: 'Kubernetes: Assigning Pods to Nodes', url: 'https://kubernetes.io/docs/concepts/scheduling-eviction/assign-pod-node/' },
    {
      title: 'Kubernetes: PodNodeSelector admission plugin',
      url: 'https://kubernetes.io/docs/reference/access-authn-authz/admission-controllers/#podnodeselector',
    },
    {
      title: 'Kubernetes: PodTolerationRestriction admission plugin',
      url: 'https://kubernetes.io/docs/reference/access-authn-authz/admission-controllers/#podtolerationrestriction',
    },
    { title: 'Capsule: Tenant spec.nodeSelector', url: 'https://github.com/projectcapsule/capsule/blob/main/api/v1beta2/tenant_types.go' },
  ],
  severity: { 'multi-team': 'info', 'multi-customer': 'medium' },
  target: 'namespace',
  needs: [K.Namespace, K.CapsuleTenant, ...Object.keys(POD_SPEC_PATHS)],
  messages: {
    unconfined: '{{count}} of {{total}} workloads in namespace {{namespace}} can run on nodes shared with other tenants: {{workloads}}',
  },
  check(ns, ctx) {
    const name = ns.metadata.name;
    if (annotationSelectorKeys(ns.metadata.annotations?.[NODE_SELECTOR_ANNOTATION]).some(dedicatingLabel)) {
      return { passNote: `confined by the namespace annotation ${NODE_SELECTOR_ANNOTATION} (PodNodeSelector)` };
    }
    const tenant = ctx.tenants.tenantOfNamespace(name);
    if (tenant?.source === 'capsule') {
      const capsuleTenant = ctx.index.get(K.CapsuleTenant, undefined, tenant.name);
      if (capsuleTenant && Object.keys(capsuleTenant.spec?.nodeSelector ?? {}).some(dedicatingLabel)) {
        return { passNote: `confined by the nodeSelector of Capsule Tenant ${tenant.name}`, related: [refOf(capsuleTenant)] };
      }
    }
    const templates = ctx.index.podTemplatesIn(name);
    if (templates.length === 0) return { passNote: 'no workload runs in this namespace' };
    const extra = namespaceTolerations(ns);
    const gaps = templates.flatMap((t) => {
      const gap = gapOf(t, extra);
      return gap ? [{ owner: t.owner, gap }] : [];
    });
    if (gaps.length === 0) return [];
    const named = gaps.slice(0, MAX_NAMED).map((g) => `${g.owner.kind}/${g.owner.metadata.name} (${g.gap})`);
    const more = gaps.length > MAX_NAMED ? [`and ${gaps.length - MAX_NAMED} more`] : [];
    return [
      {
        messageId: 'unconfined',
        data: { count: gaps.length, total: templates.length, namespace: name, workloads: [...named, ...more].join('; ') },
        related: gaps.map((g) => refOf(g.owner)),
      },
    ];
  },
});
