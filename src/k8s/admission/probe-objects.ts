/**
 * Objects that break exactly one isolation control each, for server-side dry runs. The base Pod meets
 * the Pod Security `restricted` level in every other respect (runAsNonRoot, a non-zero runAsUser,
 * seccomp RuntimeDefault, capabilities drop ALL, allowPrivilegeEscalation false, small requests and
 * limits), so a refusal can only be about the control under test: kubectl-mtb's probe pods lacked
 * seccomp and `drop: [ALL]` and were refused by `restricted` for several reasons at once
 * (../shared/reference/tenancy-facts.md §1.5 in the design notes; the levels:
 * https://kubernetes.io/docs/concepts/security/pod-security-standards/).
 */

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- JSON objects sent to the API server
type Json = Record<string, any>;

/** The Pod Security control a pod probe breaks. */
export type PodControl =
  | 'privileged'
  | 'hostpath'
  | 'hostnetwork'
  | 'hostport'
  | 'hostpid'
  | 'hostipc'
  | 'capabilities'
  | 'privilege-escalation'
  | 'run-as-root'
  | 'seccomp-unconfined'
  | 'proc-mount'
  | 'unsafe-sysctls';

/** The Service exposures a Service probe tries. */
export type ServiceExposure = 'nodeport' | 'loadbalancer' | 'externalips';

/** Name prefix of every probe object: easy to find in an audit log. */
export const PROBE_NAME_PREFIX = 'tenantscan-probe';

/** A Pod in `namespace` that breaks `control` only. */
export function probePod(namespace: string, control: PodControl): Json {
  const pod = restrictedPod(namespace, `${PROBE_NAME_PREFIX}-${control}`);
  const spec = pod.spec;
  const container = spec.containers[0];
  const sc = container.securityContext;
  switch (control) {
    case 'privileged':
      // privileged=true with allowPrivilegeEscalation=false is rejected by validation: allow both.
      sc.privileged = true;
      sc.allowPrivilegeEscalation = true;
      break;
    case 'hostpath':
      spec.volumes = [{ name: 'host', hostPath: { path: '/etc' } }];
      container.volumeMounts = [{ name: 'host', mountPath: '/host', readOnly: true }];
      break;
    case 'hostnetwork':
      spec.hostNetwork = true;
      break;
    case 'hostport':
      container.ports = [{ containerPort: 8086, hostPort: 8086, protocol: 'TCP' }];
      break;
    case 'hostpid':
      spec.hostPID = true;
      break;
    case 'hostipc':
      spec.hostIPC = true;
      break;
    case 'capabilities':
      sc.capabilities = { drop: ['ALL'], add: ['SYS_ADMIN'] };
      break;
    case 'privilege-escalation':
      sc.allowPrivilegeEscalation = true;
      break;
    case 'run-as-root':
      sc.runAsNonRoot = false;
      sc.runAsUser = 0;
      spec.securityContext.runAsNonRoot = false;
      spec.securityContext.runAsUser = 0;
      break;
    case 'seccomp-unconfined':
      spec.securityContext.seccompProfile = { type: 'Unconfined' };
      break;
    case 'proc-mount':
      // Validation accepts procMount Unmasked only in a user namespace (hostUsers: false).
      sc.procMount = 'Unmasked';
      spec.hostUsers = false;
      break;
    case 'unsafe-sysctls':
      // Namespaced, but not in the Pod Security baseline's safe set.
      spec.securityContext.sysctls = [{ name: 'kernel.msgmax', value: '65536' }];
      break;
  }
  return pod;
}

/**
 * The field of the admitted Pod (the object a dry run returns) that must still break `control`
 * for an admission to count as a failure, and whether it does. Mutating admission may have set it
 * back (a policy that forces `privileged: false`), and the API server drops the fields of a
 * feature that is off (`procMount` without the ProcMountType feature or user namespaces:
 * https://kubernetes.io/docs/concepts/security/pod-security-standards/ lists each control's field).
 */
export function podStillBreaks(control: PodControl, pod: Json | undefined): { breaks: boolean; field: string } {
  // an admission without the object to read: nothing shows the setting was removed
  if (!pod || typeof pod.spec !== 'object' || pod.spec === null) return { breaks: true, field: 'spec' };
  const spec = pod.spec;
  const container = Array.isArray(spec.containers) ? (spec.containers[0] ?? {}) : {};
  const sc = container.securityContext ?? {};
  const podSc = spec.securityContext ?? {};
  switch (control) {
    case 'privileged':
      return { breaks: sc.privileged === true, field: 'securityContext.privileged' };
    case 'hostpath':
      return { breaks: Array.isArray(spec.volumes) && spec.volumes.some((v: Json) => !!v?.hostPath), field: 'spec.volumes[].hostPath' };
    case 'hostnetwork':
      return { breaks: spec.hostNetwork === true, field: 'spec.hostNetwork' };
    case 'hostport':
      return { breaks: Array.isArray(container.ports) && container.ports.some((p: Json) => !!p?.hostPort), field: 'ports[].hostPort' };
    case 'hostpid':
      return { breaks: spec.hostPID === true, field: 'spec.hostPID' };
    case 'hostipc':
      return { breaks: spec.hostIPC === true, field: 'spec.hostIPC' };
    case 'capabilities':
      return {
        breaks: Array.isArray(sc.capabilities?.add) && sc.capabilities.add.includes('SYS_ADMIN'),
        field: 'securityContext.capabilities.add',
      };
    case 'privilege-escalation':
      // absent means allowed (the default is true), so only an explicit false closes it
      return { breaks: sc.allowPrivilegeEscalation !== false, field: 'securityContext.allowPrivilegeEscalation' };
    case 'run-as-root':
      return {
        breaks: (sc.runAsUser ?? podSc.runAsUser) === 0 && (sc.runAsNonRoot ?? podSc.runAsNonRoot) !== true,
        field: 'securityContext.runAsUser',
      };
    case 'seccomp-unconfined':
      return {
        breaks: (sc.seccompProfile?.type ?? podSc.seccompProfile?.type) === 'Unconfined',
        field: 'securityContext.seccompProfile.type',
      };
    case 'proc-mount':
      return { breaks: sc.procMount === 'Unmasked', field: 'securityContext.procMount' };
    case 'unsafe-sysctls':
      return {
        breaks: Array.isArray(podSc.sysctls) && podSc.sysctls.some((s: Json) => s?.name === 'kernel.msgmax'),
        field: 'spec.securityContext.sysctls',
      };
  }
}

/**
 * A Pod in `namespace` that meets Pod Security `restricted` and names no RuntimeClass: under the
 * multi-customer profile admission should refuse it or set a sandbox `runtimeClassName` (a mutating
 * webhook or policy; https://kubernetes.io/docs/concepts/containers/runtime-class/).
 */
export function probeUnsandboxedPod(namespace: string): Json {
  return restrictedPod(namespace, `${PROBE_NAME_PREFIX}-unsandboxed`);
}

/** The base of every probe pod: restricted in every respect, no RuntimeClass. */
function restrictedPod(namespace: string, name: string): Json {
  const container: Json = {
    name: 'probe',
    image: 'registry.k8s.io/pause:3.10',
    securityContext: {
      allowPrivilegeEscalation: false,
      capabilities: { drop: ['ALL'] },
      runAsNonRoot: true,
      runAsUser: 65532,
    },
    resources: { requests: { cpu: '10m', memory: '16Mi' }, limits: { cpu: '10m', memory: '16Mi' } },
  };
  const spec: Json = {
    containers: [container],
    securityContext: { runAsNonRoot: true, runAsUser: 65532, seccompProfile: { type: 'RuntimeDefault' } },
    automountServiceAccountToken: false,
  };
  return { apiVersion: 'v1', kind: 'Pod', metadata: { name, namespace }, spec };
}

/** A Service in `namespace` with the exposure `exposure` (externalIPs uses TEST-NET-1, 192.0.2.10, RFC 5737). */
export function probeService(namespace: string, exposure: ServiceExposure): Json {
  const spec: Json = { selector: { 'tenantscan.io/probe': 'none' }, ports: [{ port: 80, targetPort: 8080, protocol: 'TCP' }] };
  if (exposure === 'nodeport') spec.type = 'NodePort';
  else if (exposure === 'loadbalancer') spec.type = 'LoadBalancer';
  else spec.externalIPs = ['192.0.2.10'];
  return { apiVersion: 'v1', kind: 'Service', metadata: { name: `${PROBE_NAME_PREFIX}-${exposure}`, namespace }, spec };
}

/** A PersistentVolumeClaim in `namespace` pre-bound (spec.volumeName) to the existing PersistentVolume `volume`. */
export function probePrebound(namespace: string, volume: { name: string; storageClassName?: string; capacity?: string }): Json {
  return {
    apiVersion: 'v1',
    kind: 'PersistentVolumeClaim',
    metadata: { name: `${PROBE_NAME_PREFIX}-prebound`, namespace },
    spec: {
      accessModes: ['ReadWriteOnce'],
      volumeName: volume.name,
      storageClassName: volume.storageClassName ?? '',
      resources: { requests: { storage: volume.capacity ?? '1Gi' } },
    },
  };
}

/** A JSON merge patch that lowers the namespace's Pod Security enforcement level to `privileged`. */
export const NAMESPACE_LABEL_PATCH: Json = { metadata: { labels: { 'pod-security.kubernetes.io/enforce': 'privileged' } } };
