/**
 * The Linux capabilities a container's processes get, as the container runtime computes them from
 * `securityContext` (the API only stores the lists; the runtime applies them).
 *
 * containerd's CRI plugin (`WithCapabilities` in its CRI spec options), for a container that is not
 * privileged, starts from its default set (the same as Docker's, `oci.defaultUnixCaps`: AUDIT_WRITE,
 * CHOWN, DAC_OVERRIDE, FOWNER, FSETID, KILL, MKNOD, NET_BIND_SERVICE, NET_RAW, SETFCAP, SETGID,
 * SETPCAP, SETUID, SYS_CHROOT), then applies, in this order: `add` containing `ALL` (every
 * capability), `drop` containing `ALL` (none), each other `add`, each other `drop`. So
 * `drop: [ALL], add: [NET_RAW]` keeps NET_RAW, and `add: [NET_RAW], drop: [NET_RAW]` does not.
 * Names are upper-cased and prefixed with `CAP_` where missing. A `privileged: true` container gets
 * every capability and the lists are not applied. CRI-O removed NET_RAW from its default set in
 * v1.18 (its `default_capabilities`); which runtime a node uses is not visible in manifests, so a
 * container that does not drop NET_RAW is taken to keep it.
 * Sources: https://kubernetes.io/docs/tasks/configure-pod-container/security-context/#set-capabilities-for-a-container;
 * Pod Security Standards (https://kubernetes.io/docs/concepts/security/pod-security-standards/): the
 * baseline list of capabilities a pod may add is this default set without NET_RAW.
 */

/** The default set of containerd and Docker. */
export const RUNTIME_DEFAULT_CAPABILITIES: ReadonlySet<string> = new Set([
  'AUDIT_WRITE',
  'CHOWN',
  'DAC_OVERRIDE',
  'FOWNER',
  'FSETID',
  'KILL',
  'MKNOD',
  'NET_BIND_SERVICE',
  'NET_RAW',
  'SETFCAP',
  'SETGID',
  'SETPCAP',
  'SETUID',
  'SYS_CHROOT',
]);

/**
 * A capability as the runtime grants it. The API accepts any string; containerd and CRI-O upper-case
 * it and add the `CAP_` prefix where it is missing (containerd `WithCapabilities` in its CRI plugin,
 * containers/common `capabilities.normalize`), so `net_raw`, `NET_RAW` and `CAP_NET_RAW` are the same
 * capability. `ALL` (any case) stands for every capability.
 */
export function normalizeCapability(name: unknown): string {
  const upper = String(name).trim().toUpperCase();
  return upper.startsWith('CAP_') ? upper.slice(4) : upper;
}

/** Why a container holds a capability, or that it does not. */
export type CapabilityGrant =
  /** `privileged: true`: every capability, whatever the lists say. */
  | 'privileged'
  /** `capabilities.add` names it (or `ALL`) and no later step removes it. */
  | 'added'
  /** The runtime's default set has it and `capabilities.drop` does not remove it. */
  | 'default'
  /** The container does not hold it. */
  | 'none';

function namesOf(list: unknown): string[] {
  return Array.isArray(list) ? list.map(normalizeCapability) : [];
}

/**
 * Whether (and why) a Linux container holds `capability` (a normalised name such as `NET_RAW`),
 * following containerd's order of application (see the module docstring).
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- a container of the input, untyped JSON
export function capabilityGrant(container: any, capability: string): CapabilityGrant {
  const sc = container?.securityContext ?? {};
  if (sc.privileged === true) return 'privileged';
  const add = namesOf(sc.capabilities?.add);
  const drop = namesOf(sc.capabilities?.drop);
  let grant: CapabilityGrant = RUNTIME_DEFAULT_CAPABILITIES.has(capability) ? 'default' : 'none';
  if (add.includes('ALL')) grant = 'added';
  if (drop.includes('ALL')) grant = 'none';
  if (add.includes(capability)) grant = 'added';
  if (drop.includes(capability)) grant = 'none';
  return grant;
}
