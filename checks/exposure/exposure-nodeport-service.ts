import { defineCheck } from '../../src/engine/check.js';
import { K } from '../../src/model/kinds.js';
import { capsuleForbidsNote, describePorts, servicePorts, type ServicePortView, serviceType } from '../../src/k8s/services/index.js';

/**
 * A tenant Service that opens node ports: a port on every node of the shared cluster.
 *
 * `type: NodePort` always does. `type: LoadBalancer` does too, unless
 * `spec.allocateLoadBalancerNodePorts: false` (default true); even then, a node port a port entry
 * asks for explicitly is still allocated ("If the caller requests specific NodePorts (by specifying
 * a value), those requests will be respected, regardless of this field", ServiceSpec API reference;
 * existing node ports are also not released when the field is turned off, Service concepts page).
 * So LoadBalancer Services that hold node ports are reported here as well as by
 * `exposure-loadbalancer-service`: the node ports are a separate opening, and the one that ResourceQuota
 * counts as `services.nodeports` for both types.
 */
export default defineCheck({
  id: 'exposure-nodeport-service',
  family: 'exposure',
  title: 'Tenant Service opens node ports',
  description:
    'Flags every Service in a tenant namespace that opens a port on every node: `type: NodePort`, and `type: LoadBalancer` unless `spec.allocateLoadBalancerNodePorts` is `false` and no port sets `nodePort`.',
  rationale:
    'A node port listens on every node of the cluster, which all tenants share. It reaches past the tenant boundary to the node network: host ports cannot be secured by NetworkPolicy and need firewalls upstream, and tenants compete for one shared range of port numbers (MTB "Block use of NodePort services").',
  remediation:
    'Use `type: ClusterIP` behind the shared Ingress or Gateway. For a LoadBalancer whose implementation routes to pods directly, set `spec.allocateLoadBalancerNodePorts: false` and remove `nodePort` from every port. Forbid NodePort Services for tenants (Capsule `serviceOptions.allowedServices.nodePort: false`, an admission policy) and cap `services.nodeports` in the ResourceQuota.',
  references: [
    { title: 'Kubernetes: Service type NodePort', url: 'https://kubernetes.io/docs/concepts/services-networking/service/#type-nodeport' },
    {
      title: 'Kubernetes: Disabling load balancer NodePort allocation',
      url: 'https://kubernetes.io/docs/concepts/services-networking/service/#load-balancer-nodeport-allocation',
    },
    {
      title: 'Kubernetes API: ServiceSpec (allocateLoadBalancerNodePorts)',
      url: 'https://kubernetes.io/docs/reference/kubernetes-api/service-resources/service-v1/#ServiceSpec',
    },
    {
      title: 'MTB-PL1-BC-HI-1: Block use of NodePort services (kubectl-mtb reuses HI-1; MTB-PL1-BC-HI-2 in the e2e suite)',
      url: 'https://github.com/kubernetes-retired/multi-tenancy/tree/master/benchmarks/kubectl-mtb/test/benchmarks/block_use_of_nodeport_services',
    },
  ],
  mtb: ['MTB-PL1-BC-HI-1'],
  severity: { 'multi-team': 'medium', 'multi-customer': 'high' },
  target: { kinds: [K.Service] },
  needs: [],
  messages: {
    nodePort: 'type NodePort opens {{nodePorts}} on every node, for {{ports}}{{note}}',
    loadBalancerNodePorts:
      'type LoadBalancer also opens {{nodePorts}} on every node, for {{ports}}, because spec.allocateLoadBalancerNodePorts is not false{{note}}',
    loadBalancerRequestedNodePorts:
      'type LoadBalancer sets spec.allocateLoadBalancerNodePorts: false, yet port {{port}} asks for node port {{nodePort}}, which is still opened on every node',
  },
  check(service, ctx) {
    const type = serviceType(service);
    const ports = servicePorts(service);
    if (type === 'NodePort') {
      const note = capsuleForbidsNote(service, ctx, 'nodePort', 'NodePort');
      return [
        { messageId: 'nodePort', data: { nodePorts: describeNodePorts(ports), ports: describePorts(ports), note }, path: '/spec/type' },
      ];
    }
    if (type !== 'LoadBalancer') return [];
    if (service.spec?.allocateLoadBalancerNodePorts !== false) {
      const note = capsuleForbidsNote(service, ctx, 'loadBalancer', 'LoadBalancer');
      const path = service.spec?.allocateLoadBalancerNodePorts === true ? '/spec/allocateLoadBalancerNodePorts' : '/spec/type';
      return [
        { messageId: 'loadBalancerNodePorts', data: { nodePorts: describeNodePorts(ports), ports: describePorts(ports), note }, path },
      ];
    }
    return ports
      .filter((p) => p.nodePort !== undefined)
      .map((p) => ({
        messageId: 'loadBalancerRequestedNodePorts',
        data: { port: `${p.port}/${p.protocol}`, nodePort: p.nodePort ?? '?' },
        path: `/spec/ports/${p.index}/nodePort`,
      }));
  },
});

/** `node ports 30080, 30443` when known (set in the manifest or allocated by a live API server), else how many will be allocated. */
function describeNodePorts(ports: ServicePortView[]): string {
  const known = ports.filter((p) => p.nodePort !== undefined).map((p) => p.nodePort);
  const plural = (n: number) => (n === 1 ? 'node port' : 'node ports');
  if (ports.length > 0 && known.length === ports.length) return `${plural(known.length)} ${known.join(', ')}`;
  const unknown = Math.max(ports.length - known.length, 1);
  const allocated = `${unknown === 1 ? 'a node port' : `${unknown} node ports`} from the node port range (default 30000-32767)`;
  return known.length ? `${plural(known.length)} ${known.join(', ')} and ${allocated}` : allocated;
}
