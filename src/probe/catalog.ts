import type { Profile, Severity } from '../engine/check.js';
import type { CheckInfo } from '../engine/report.js';
import type { PodControl, ServiceExposure } from '../k8s/admission/index.js';

/** One access review: the tenant must NOT be allowed `verb` on `resource` (in `namespace`, or cluster-wide). */
export interface AccessAsk {
  verb: string;
  group: string;
  resource: string;
  subresource?: string;
  name?: string;
  /** `own`: the probed namespace; `others`: one namespace of each other tenant and kube-system; undefined: cluster scope. */
  where?: 'own' | 'others';
}

/** What a probe does: a dry-run create, a dry-run patch of the tenant's namespace, or access reviews. */
export type ProbeAction =
  | { type: 'pod'; control: PodControl }
  | { type: 'unsandboxed-pod' }
  | { type: 'service'; exposure: ServiceExposure }
  | { type: 'prebound-pvc' }
  | { type: 'namespace-labels' }
  | { type: 'access'; asks: AccessAsk[] };

/** A behavioural probe: ID `probe-<what>-admitted` (or `-allowed` for access reviews), MTB IDs, severity. */
export interface ProbeDef {
  id: string;
  title: string;
  mtb: string[];
  severity: Severity;
  action: ProbeAction;
  /** Static checks that judge the same control from configuration (for contradictions). */
  staticChecks: string[];
  /**
   * For pod probes: the lowest Pod Security level that forbids the control
   * (https://kubernetes.io/docs/concepts/security/pod-security-standards/); `restricted` for
   * allowPrivilegeEscalation, running as root and (in a user namespace, since 1.35) an unmasked
   * /proc, `baseline` for the others.
   */
  psaLevel?: 'baseline' | 'restricted';
  /** The profiles the probe runs under; every profile when absent. */
  profiles?: Profile[];
}

const pod = (
  control: PodControl,
  title: string,
  mtb: string[],
  severity: Severity = 'critical',
  psaLevel: 'baseline' | 'restricted' = 'baseline',
): ProbeDef => ({
  id: `probe-${control}-pod-admitted`,
  title,
  mtb,
  severity,
  action: { type: 'pod', control },
  staticChecks: ['tenancy-pod-security-missing'],
  psaLevel,
});

/** Every probe, in the order they run. MTB IDs from ../shared/reference/tenancy-facts.md §1.3-1.4 (design notes). */
export const PROBES: readonly ProbeDef[] = [
  pod('privileged', 'A privileged pod is admitted', ['MTB-PL1-BC-CPI-5']),
  pod('hostpath', 'A pod with a hostPath volume is admitted', ['MTB-PL1-BC-HI-1']),
  pod('hostnetwork', 'A pod on the host network is admitted', ['MTB-PL1-BC-HI-3']),
  pod('hostport', 'A pod with a hostPort is admitted', ['MTB-PL1-BC-HI-3'], 'high'),
  pod('hostpid', 'A pod in the host PID namespace is admitted', ['MTB-PL1-BC-HI-4']),
  pod('hostipc', 'A pod in the host IPC namespace is admitted', ['MTB-PL1-BC-HI-5']),
  pod('capabilities', 'A pod adding a capability beyond the baseline set (SYS_ADMIN) is admitted', ['MTB-PL1-BC-CPI-3']),
  pod('privilege-escalation', 'A pod allowing privilege escalation is admitted', ['MTB-PL1-BC-CPI-6'], 'high', 'restricted'),
  pod('run-as-root', 'A pod running as root is admitted', ['MTB-PL1-BC-CPI-4'], 'high', 'restricted'),
  pod('seccomp-unconfined', 'A pod with seccomp Unconfined is admitted', [], 'high'),
  // Validation accepts an unmasked /proc only in a user namespace (hostUsers: false), and since
  // Kubernetes 1.35 Pod Security baseline allows that (pod-security-admission check_procMount_baseline.go):
  // only restricted forbids it.
  pod('proc-mount', 'A pod with an unmasked /proc is admitted', [], 'high', 'restricted'),
  pod('unsafe-sysctls', 'A pod setting an unsafe sysctl is admitted', [], 'high'),
  {
    // Sandboxes are what the multi-customer profile asks for (docs/checks/runtime-sandbox-missing.md).
    id: 'probe-unsandboxed-pod-admitted',
    title: 'A pod without a sandbox RuntimeClass is admitted',
    mtb: [],
    severity: 'high',
    action: { type: 'unsandboxed-pod' },
    staticChecks: ['runtime-sandbox-missing'],
    profiles: ['multi-customer'],
  },
  {
    id: 'probe-nodeport-service-admitted',
    title: 'A NodePort Service is admitted',
    mtb: ['MTB-PL1-BC-HI-1', 'MTB-PL1-BC-HI-2'],
    severity: 'high',
    action: { type: 'service', exposure: 'nodeport' },
    staticChecks: ['exposure-nodeport-service'],
  },
  {
    id: 'probe-loadbalancer-service-admitted',
    title: 'A LoadBalancer Service is admitted',
    mtb: [],
    severity: 'medium',
    action: { type: 'service', exposure: 'loadbalancer' },
    staticChecks: ['exposure-loadbalancer-service'],
  },
  {
    id: 'probe-externalips-service-admitted',
    title: 'A Service with externalIPs is admitted',
    mtb: [],
    severity: 'high',
    action: { type: 'service', exposure: 'externalips' },
    staticChecks: ['exposure-external-ips'],
  },
  {
    id: 'probe-prebound-pvc-admitted',
    title: 'A PersistentVolumeClaim pre-bound to a PersistentVolume the tenant does not own is admitted',
    mtb: [],
    severity: 'high',
    action: { type: 'prebound-pvc' },
    staticChecks: ['storage-pvc-prebound'],
  },
  {
    id: 'probe-namespace-labels-admitted',
    title: "A change to the tenant's own Namespace labels (Pod Security level) is admitted",
    mtb: [],
    severity: 'critical',
    action: { type: 'namespace-labels' },
    staticChecks: ['tenancy-namespace-self-managed'],
  },
  {
    id: 'probe-other-tenant-access-allowed',
    title: "The tenant may read or write objects in other tenants' namespaces",
    mtb: ['MTB-PL1-CC-TI-2'],
    severity: 'critical',
    action: {
      type: 'access',
      asks: [
        { verb: 'get', group: '', resource: 'pods', where: 'others' },
        { verb: 'list', group: '', resource: 'secrets', where: 'others' },
        { verb: 'update', group: '', resource: 'configmaps', where: 'others' },
        { verb: 'create', group: '', resource: 'pods', where: 'others' },
      ],
    },
    staticChecks: ['rbac-cross-tenant-grant'],
  },
  {
    id: 'probe-cluster-write-allowed',
    title: 'The tenant may write cluster-scoped resources',
    mtb: ['MTB-PL1-CC-CPI-1'],
    severity: 'critical',
    action: {
      type: 'access',
      asks: [
        { verb: 'create', group: '', resource: 'namespaces' },
        { verb: 'update', group: '', resource: 'nodes' },
        { verb: 'create', group: '', resource: 'persistentvolumes' },
        { verb: 'create', group: 'rbac.authorization.k8s.io', resource: 'clusterroles' },
        { verb: 'create', group: 'rbac.authorization.k8s.io', resource: 'clusterrolebindings' },
        { verb: 'create', group: 'admissionregistration.k8s.io', resource: 'validatingwebhookconfigurations' },
      ],
    },
    staticChecks: ['api-cluster-scoped-resource-writable'],
  },
  {
    id: 'probe-quota-change-allowed',
    title: 'The tenant may change its ResourceQuotas or LimitRanges',
    mtb: ['MTB-PL1-CC-TI-1'],
    severity: 'high',
    action: {
      type: 'access',
      asks: ['create', 'update', 'patch', 'delete'].flatMap((verb) => [
        { verb, group: '', resource: 'resourcequotas', where: 'own' as const },
        { verb, group: '', resource: 'limitranges', where: 'own' as const },
      ]),
    },
    staticChecks: ['rbac-quota-modifiable'],
  },
  {
    id: 'probe-crd-create-allowed',
    title: 'The tenant may create CustomResourceDefinitions',
    mtb: [],
    severity: 'high',
    action: { type: 'access', asks: [{ verb: 'create', group: 'apiextensions.k8s.io', resource: 'customresourcedefinitions' }] },
    staticChecks: ['api-crd-writable'],
  },
  {
    id: 'probe-escalate-bind-impersonate-allowed',
    title: 'The tenant may escalate, bind cluster-admin or impersonate',
    mtb: ['MTB-PL2-CC-TI-1'],
    severity: 'critical',
    action: {
      type: 'access',
      asks: [
        { verb: 'escalate', group: 'rbac.authorization.k8s.io', resource: 'roles', where: 'own' },
        { verb: 'escalate', group: 'rbac.authorization.k8s.io', resource: 'clusterroles' },
        { verb: 'bind', group: 'rbac.authorization.k8s.io', resource: 'clusterroles', name: 'cluster-admin', where: 'own' },
        { verb: 'impersonate', group: '', resource: 'users' },
        { verb: 'impersonate', group: '', resource: 'groups' },
        { verb: 'impersonate', group: '', resource: 'serviceaccounts', where: 'others' },
      ],
    },
    staticChecks: ['rbac-privilege-escalation'],
  },
  {
    id: 'probe-nodes-proxy-allowed',
    title: 'The tenant may use nodes/proxy (the kubelet API)',
    mtb: [],
    severity: 'critical',
    action: {
      type: 'access',
      asks: [
        { verb: 'get', group: '', resource: 'nodes', subresource: 'proxy' },
        { verb: 'create', group: '', resource: 'nodes', subresource: 'proxy' },
      ],
    },
    staticChecks: [],
  },
  {
    id: 'probe-foreign-token-allowed',
    title: 'The tenant may create tokens for service accounts outside its namespaces',
    mtb: [],
    severity: 'critical',
    action: { type: 'access', asks: [{ verb: 'create', group: '', resource: 'serviceaccounts', subresource: 'token', where: 'others' }] },
    staticChecks: [],
  },
];

/** The probes that run under `profile`, in order. */
export function probesFor(profile: Profile): ProbeDef[] {
  return PROBES.filter((p) => !p.profiles || p.profiles.includes(profile));
}

/** The report's entry for a probe (severity is the same under every profile). */
export function probeInfo(p: ProbeDef, docsBaseUrl: string): CheckInfo {
  const what = p.action.type === 'access' ? 'SelfSubjectAccessReviews as the tenant' : 'a server-side dry run as the tenant';
  const helpUri = `${docsBaseUrl}../probes.md`;
  return {
    id: p.id,
    family: 'probe',
    title: p.title,
    description: `Behavioural probe (tenantscan scan --probe): ${what}. It passes only when the control under test refused: Pod Security admission, a named ValidatingAdmissionPolicy or admission webhook, or the RBAC authorizer.`,
    rationale: 'Configuration says what should happen; admission decides what does (exemptions, policy engines, webhooks).',
    remediation:
      'Enforce the control for this tenant: a Pod Security level without exemption, a policy (ValidatingAdmissionPolicy, Kyverno, Gatekeeper), or narrower RBAC.',
    references: [{ title: 'Behavioural probes (docs/probes.md)', url: helpUri }],
    mtb: [...p.mtb],
    severity: p.severity,
    severities: { 'multi-team': p.severity, 'multi-customer': p.severity },
    needs: [],
    helpUri,
    origin: 'builtin',
  };
}
