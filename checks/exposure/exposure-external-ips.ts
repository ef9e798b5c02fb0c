import { defineCheck } from '../../src/engine/check.js';
import { K } from '../../src/model/kinds.js';
import { capsuleExternalIPsVerdict, capsuleTenantOf, serviceType } from '../../src/k8s/services/index.js';
import { STATUS_WRITABLE_MESSAGES, servicesStatusWritableFindings } from './_services-status-writable.js';

/**
 * CVE-2020-8554: a Service that lists `spec.externalIPs` makes kube-proxy on every node route
 * traffic for those IPs, from any pod of any tenant, to the Service's endpoints, whoever owns the
 * IPs. Any Service type may set them, so every tenant Service is judged.
 *
 * Scope: tenant namespaces only. A Service in a platform namespace was set up by the platform
 * team, who own the cluster's addresses; the isolation gap is a tenant that can claim an IP, which
 * the admission side (`DenyServiceExternalIPs`, Capsule `serviceOptions.externalIPs`, a policy
 * engine) has to stop and which the API does not show. A Capsule allow-list is named in the message
 * but never turns an existing Service into a pass: it only judges new and updated Services.
 *
 * The other half of the CVE, tenants that may write `services/status`, is judged from the RBAC
 * analysis in `_services-status-writable.ts`.
 *
 * Headless Services (`clusterIP: None`) and `type: ExternalName` ones pass with a note: the API
 * accepts externalIPs on them, but kube-proxy never programs rules for such Services
 * (`ShouldSkipService` in pkg/proxy/util: "if ClusterIP is None or empty, skip proxying"; "Even if
 * ClusterIP is set, ServiceTypeExternalName services don't get proxied"), so no traffic is redirected.
 */
export default defineCheck({
  id: 'exposure-external-ips',
  family: 'exposure',
  title: 'Tenant Service claims external IPs (CVE-2020-8554)',
  description:
    'Flags every Service in a tenant namespace that sets a non-empty `spec.externalIPs`, whatever its type (except headless and ExternalName Services, which kube-proxy does not proxy), and every LoadBalancer Service whose status a non-platform subject may patch or update (`services/status`), through a RoleBinding in its namespace or a ClusterRoleBinding.',
  rationale:
    "kube-proxy sends traffic for a Service's external IPs to that Service from every pod and node in the cluster. A tenant that lists another tenant's, the platform's or an outside address there intercepts the traffic meant for it: a man-in-the-middle across every tenant boundary (CVE-2020-8554, unfixed in Kubernetes by design).",
  remediation:
    'Remove `spec.externalIPs` from tenant Services (use a LoadBalancer or the shared Ingress instead). Enable the `DenyServiceExternalIPs` admission plugin, or restrict external IPs with a policy (kubernetes-sigs/externalip-webhook, Gatekeeper `K8sExternalIPs`, Capsule `serviceOptions.externalIPs.allowed`), and do not let tenants patch `services/status`.',
  references: [
    {
      title: 'CVE-2020-8554: Man in the middle using LoadBalancer or ExternalIPs (kubernetes/kubernetes#97076)',
      url: 'https://github.com/kubernetes/kubernetes/issues/97076',
    },
    { title: 'GHSA-j9wf-vvm6-4r9w', url: 'https://github.com/advisories/GHSA-j9wf-vvm6-4r9w' },
    { title: 'Kubernetes: Service external IPs', url: 'https://kubernetes.io/docs/concepts/services-networking/service/#external-ips' },
    {
      title: 'Kubernetes: DenyServiceExternalIPs admission controller',
      url: 'https://kubernetes.io/docs/reference/access-authn-authz/admission-controllers/#denyserviceexternalips',
    },
    {
      title: 'Capsule: Tenant serviceOptions.externalIPs.allowed',
      url: 'https://github.com/projectcapsule/capsule/blob/v0.5.0/pkg/api/external_service_ips.go',
    },
  ],
  severity: { 'multi-team': 'high', 'multi-customer': 'critical' },
  target: { kinds: [K.Service] },
  needs: [],
  // The RBAC kinds are checked by the services/status part itself (rbacInputsUnreadable), so an
  // unreadable Role never hides a Service's own externalIPs.
  messages: {
    externalIPs:
      "{{type}} Service lists spec.externalIPs {{ips}}: kube-proxy sends traffic from every pod in the cluster for these IPs to this tenant's Service, whoever owns them (CVE-2020-8554){{note}}",
    ...STATUS_WRITABLE_MESSAGES,
  },
  check(service, ctx) {
    const raw: unknown[] = Array.isArray(service.spec?.externalIPs) ? service.spec.externalIPs : [];
    const ips = raw.filter((ip): ip is string => typeof ip === 'string' && ip !== '');
    const statusWriters = servicesStatusWritableFindings(service, ctx);
    const findings = Array.isArray(statusWriters) ? statusWriters : [];
    if (ips.length === 0) return Array.isArray(statusWriters) ? findings : statusWriters;
    const unproxied =
      serviceType(service) === 'ExternalName'
        ? 'an ExternalName Service'
        : isHeadless(service)
          ? 'a headless Service (clusterIP: None)'
          : undefined;
    if (unproxied) {
      // Neither can be a LoadBalancer, so no status writer applies; kept in case the API ever allows it.
      if (!Array.isArray(statusWriters) || findings.length) return statusWriters;
      return {
        passNote: `lists spec.externalIPs ${ips.join(', ')}, but kube-proxy does not proxy ${unproxied}, so no traffic for them is redirected`,
      };
    }
    const tenant = capsuleTenantOf(service, ctx);
    const verdict = capsuleExternalIPsVerdict(tenant, ips);
    let note = '';
    if (tenant && verdict) {
      const rule = `Capsule Tenant "${tenant.metadata.name}" allows ${verdict.allowed.length ? verdict.allowed.join(', ') : 'no external IPs'} (serviceOptions.externalIPs.allowed)`;
      note = verdict.outside.length
        ? `; ${rule}, so it would reject ${verdict.outside.join(', ')} on a new Service, but does not remove them from this one`
        : `; ${rule}: make sure no other tenant or platform Service depends on these IPs`;
    }
    return [
      { messageId: 'externalIPs', data: { type: serviceType(service), ips: ips.join(', '), note }, path: '/spec/externalIPs' },
      ...findings,
    ];
  },
});

/** `clusterIP: None` (or a first `clusterIPs` entry of None): kube-proxy skips the Service. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- part of a Kubernetes object of the input, untyped JSON
function isHeadless(service: any): boolean {
  const first = Array.isArray(service.spec?.clusterIPs) ? service.spec.clusterIPs[0] : undefined;
  return service.spec?.clusterIP === 'None' || first === 'None';
}
