/**
 * What every workload check shares: how a container is named in a message. Not a check (the family
 * index lists the checks). The kinds a pod check reads follow from its `podTemplate` target
 * (src/engine/kinds-read.ts).
 */
import type { ContainerRef } from '../../src/model/pods.js';

/** `container "web"`, `init container "setup"` or `ephemeral container "debugger"`, for messages. */
export function describeContainer(ref: Pick<ContainerRef, 'field' | 'name'>): string {
  const kind =
    ref.field === 'initContainers' ? 'init container' : ref.field === 'ephemeralContainers' ? 'ephemeral container' : 'container';
  return `${kind} "${ref.name}"`;
}

/**
 * True when the PodSpec declares `os.name: windows`. The API rejects Linux-only securityContext
 * fields (capabilities, allowPrivilegeEscalation, ...) on such pods, and Pod Security `restricted`
 * exempts them from those rules since v1.25 (https://kubernetes.io/docs/concepts/security/pod-security-standards/#restricted;
 * kubernetes/pod-security-admission `policy/check_capabilities_restricted.go`).
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- part of a Kubernetes object of the input, untyped JSON
export function isWindowsPod(spec: any): boolean {
  return spec?.os?.name === 'windows';
}
