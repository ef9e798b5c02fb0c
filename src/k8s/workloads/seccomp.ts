/**
 * The seccomp profile a container runs under.
 *
 * `securityContext.seccompProfile.type` is `RuntimeDefault`, `Localhost` (with `localhostProfile`)
 * or `Unconfined`; a container's own value overrides the pod's (`PodSecurityContext.seccompProfile`:
 * "If seccomp options are provided at both the pod & container level, the container options
 * override the pod options"). With neither set the kubelet runs the container `Unconfined`, unless
 * the kubelet's `seccompDefault` setting (GA in v1.27, off by default) makes `RuntimeDefault` the
 * default: a node setting that manifests do not show. The deprecated beta annotations
 * (`seccomp.security.alpha.kubernetes.io/pod`) are not read: the fields are what current releases
 * and Pod Security judge.
 * Sources: https://kubernetes.io/docs/tutorials/security/seccomp/,
 * https://kubernetes.io/docs/reference/kubernetes-api/workload-resources/pod-v1/#security-context.
 */

/** The profile type a container runs under, and where it was set. */
export interface EffectiveSeccomp {
  /** `RuntimeDefault`, `Localhost`, `Unconfined`, another value as written, or undefined when neither sets one. */
  type?: string;
  /** Which securityContext set it: the container's, the pod's, or none. */
  setBy: 'container' | 'pod' | 'none';
}

function typeOf(securityContext: unknown): string | undefined {
  const profile = (securityContext as { seccompProfile?: { type?: unknown } } | undefined)?.seccompProfile;
  return typeof profile?.type === 'string' && profile.type !== '' ? profile.type : undefined;
}

/** The container's effective seccomp profile type: its own, else the pod's. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- a PodSpec and one of its containers, untyped JSON
export function effectiveSeccomp(podSpec: any, container: any): EffectiveSeccomp {
  const own = typeOf(container?.securityContext);
  if (own) return { type: own, setBy: 'container' };
  const pod = typeOf(podSpec?.securityContext);
  if (pod) return { type: pod, setBy: 'pod' };
  return { setBy: 'none' };
}

/** True for the profile types that confine a container: `RuntimeDefault` and `Localhost`. */
export function isConfiningSeccomp(type: string | undefined): boolean {
  return type === 'RuntimeDefault' || type === 'Localhost';
}
