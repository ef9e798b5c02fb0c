import { defineCheck } from '../../src/engine/check.js';
import { containersOf } from '../../src/model/pods.js';

/**
 * A pod that declares a hostPath volume reaches the node's filesystem, outside every tenant boundary.
 * The volume counts whether or not a container mounts it: the kubelet sets it up either way.
 */
export default defineCheck({
  id: 'storage-hostpath-volume',
  family: 'storage',
  title: 'Pod declares a hostPath volume',
  description:
    'Flags every pod template (of any workload kind) in a tenant namespace that declares a `hostPath` volume, whether a container, an init container, an ephemeral container or none of them mounts it.',
  rationale:
    "A hostPath volume gives the pod the node's filesystem: other tenants' volumes, container logs, the kubelet's credentials and the container runtime socket. One tenant's pod can read or change what every other tenant on that node runs.",
  remediation:
    'Use a PersistentVolumeClaim, an `emptyDir` or a projected volume instead. Enforce Pod Security `baseline` (or `restricted`) on tenant namespaces, which rejects hostPath volumes.',
  references: [
    { title: 'Kubernetes: hostPath volumes', url: 'https://kubernetes.io/docs/concepts/storage/volumes/#hostpath' },
    {
      title: 'Pod Security Standards: HostPath Volumes (baseline)',
      url: 'https://kubernetes.io/docs/concepts/security/pod-security-standards/#baseline',
    },
    {
      title: 'MTB-PL1-BC-HI-1: Block use of host path volumes',
      url: 'https://github.com/kubernetes-retired/multi-tenancy/tree/master/benchmarks/kubectl-mtb/test/benchmarks/block_use_of_host_path_volumes',
    },
  ],
  mtb: ['MTB-PL1-BC-HI-1'],
  severity: { 'multi-team': 'high', 'multi-customer': 'critical' },
  target: 'podTemplate',
  needs: [],
  messages: {
    mounted: 'hostPath volume "{{volume}}" ({{hostPath}}) is mounted by {{containers}}',
    unmounted: 'hostPath volume "{{volume}}" ({{hostPath}}) is declared (not mounted by any container, but still set up on the node)',
  },
  check(template) {
    const volumes: unknown[] = Array.isArray(template.spec.volumes) ? template.spec.volumes : [];
    const containers = containersOf(template.spec);
    return volumes.flatMap((volume, i) => {
      const v = volume as { name?: string; hostPath?: { path?: string } };
      if (!v?.hostPath) return [];
      const mountedBy = containers
        .filter((c) => (c.container.volumeMounts ?? []).some((m: { name?: string }) => m?.name === v.name))
        .map((c) => `${c.field === 'containers' ? 'container' : c.field.replace(/s$/, '').replace(/C/, ' c')} "${c.name}"`);
      const data = { volume: v.name ?? `#${i}`, hostPath: v.hostPath.path ?? '?', containers: mountedBy.join(', ') };
      return [{ messageId: mountedBy.length ? 'mounted' : 'unmounted', data, path: `${template.specPath}/volumes/${i}/hostPath` }];
    });
  },
});
