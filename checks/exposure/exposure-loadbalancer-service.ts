import { defineCheck } from '../../src/engine/check.js';
import { K } from '../../src/model/kinds.js';
import { capsuleForbidsNote, describePorts, servicePorts, serviceType } from '../../src/k8s/services/index.js';

/**
 * A tenant Service of `type: LoadBalancer`: the cloud provider or load-balancer controller gives it
 * an address outside the cluster, so the tenant publishes its pods past every in-cluster control.
 * Internal load balancers and `spec.loadBalancerSourceRanges` narrow who can reach it but do not
 * change that the tenant decides what is exposed; the message says when source ranges are set.
 * The node ports a LoadBalancer also allocates are reported by `exposure-nodeport-service`.
 */
export default defineCheck({
  id: 'exposure-loadbalancer-service',
  family: 'exposure',
  title: 'Tenant Service of type LoadBalancer',
  description: 'Flags every Service of `type: LoadBalancer` in a tenant namespace.',
  rationale:
    'A LoadBalancer Service gets its own external address (often internet-facing) that bypasses the shared Ingress or Gateway and its TLS, authentication and rate limits, costs the platform a cloud load balancer per Service, and lets one tenant publish endpoints the platform team never reviewed.',
  remediation:
    'Expose tenant workloads through the shared Ingress or Gateway with `type: ClusterIP` Services. Where a tenant needs its own load balancer, grant it deliberately: set `spec.loadBalancerSourceRanges`, cap `services.loadbalancers` in the ResourceQuota, and forbid it elsewhere (Capsule `serviceOptions.allowedServices.loadBalancer: false`, an admission policy).',
  references: [
    {
      title: 'Kubernetes: Service type LoadBalancer',
      url: 'https://kubernetes.io/docs/concepts/services-networking/service/#loadbalancer',
    },
    {
      title: 'Kubernetes: ResourceQuota object count services.loadbalancers',
      url: 'https://kubernetes.io/docs/concepts/policy/resource-quotas/#object-count-quota',
    },
    {
      title: 'Capsule: Tenant serviceOptions.allowedServices (default true)',
      url: 'https://github.com/projectcapsule/capsule/blob/v0.5.0/pkg/api/service_allowed_types.go',
    },
  ],
  severity: { 'multi-team': 'low', 'multi-customer': 'medium' },
  target: { kinds: [K.Service] },
  needs: [],
  reads: { status: { [K.Service]: ['loadBalancer'] } },
  messages: {
    loadBalancer: 'type LoadBalancer publishes {{ports}} on an address outside the cluster{{address}}{{sourceRanges}}{{note}}',
  },
  check(service, ctx) {
    if (serviceType(service) !== 'LoadBalancer') return [];
    const ingress: unknown[] = Array.isArray(service.status?.loadBalancer?.ingress) ? service.status.loadBalancer.ingress : [];
    const addresses = ingress
      .map((i) =>
        i && typeof i === 'object' ? ((i as { ip?: string; hostname?: string }).ip ?? (i as { hostname?: string }).hostname) : undefined,
      )
      .filter((a): a is string => typeof a === 'string' && a !== '');
    const ranges: unknown[] = Array.isArray(service.spec?.loadBalancerSourceRanges) ? service.spec.loadBalancerSourceRanges : [];
    const data = {
      ports: describePorts(servicePorts(service)),
      address: addresses.length ? ` (${addresses.join(', ')})` : '',
      sourceRanges: ranges.length
        ? `, reachable from ${ranges.join(', ')} (spec.loadBalancerSourceRanges)`
        : ', reachable from anywhere the load balancer is (no spec.loadBalancerSourceRanges)',
      note: capsuleForbidsNote(service, ctx, 'loadBalancer', 'LoadBalancer'),
    };
    return [{ messageId: 'loadBalancer', data, path: '/spec/type' }];
  },
});
