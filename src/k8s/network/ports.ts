/**
 * The ports a NetworkPolicy rule allows, as sets that can be joined across rules and intersected
 * between the two ends of a connection. Semantics from NetworkPolicyPort
 * (https://kubernetes.io/docs/reference/kubernetes-api/policy-resources/network-policy-v1/):
 * `protocol` defaults to TCP; an absent `port` means every port of that protocol; `endPort` makes
 * the numeric `port` the start of an inclusive range; a named `port` resolves against the container
 * port names of the destination pod (for ingress rules the selected pod, for egress rules the peer);
 * a rule without `ports` allows every port of every protocol.
 */
import { containersOf } from '../../model/pods.js';
import type { NetworkPolicyPort } from './policy.js';

export interface PortRange {
  /** `TCP`, `UDP` or `SCTP`. */
  protocol: string;
  /** First and last port, inclusive (1-65535). */
  first: number;
  last: number;
}

/** `'all'`: every port of every protocol. Otherwise the listed ranges (an empty list allows nothing). */
export type PortSet = 'all' | readonly PortRange[];

/** A port a container declares (`spec.containers[].ports[]`). */
export interface ContainerPort {
  name?: string;
  containerPort: number;
  protocol: string;
}

const MAX_PORT = 65535;

/** Every declared container port of a PodSpec (containers and init containers; ephemeral ones may not declare ports). */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- part of a Kubernetes object of the input, untyped JSON
export function declaredPorts(spec: any): ContainerPort[] {
  const out: ContainerPort[] = [];
  for (const { container } of containersOf(spec)) {
    for (const p of Array.isArray(container.ports) ? container.ports : []) {
      const port = Number(p?.containerPort);
      if (!Number.isInteger(port) || port < 1 || port > MAX_PORT) continue;
      out.push({ name: typeof p.name === 'string' ? p.name : undefined, containerPort: port, protocol: protocolOf(p.protocol) });
    }
  }
  return out;
}

function protocolOf(value: unknown): string {
  return typeof value === 'string' && value ? value : 'TCP';
}

/** The ports a rule allows towards a destination that declares `destination` ports. */
export function portsOfRule(ports: NetworkPolicyPort[] | undefined, destination: readonly ContainerPort[]): PortSet {
  if (!ports) return 'all';
  const out: PortRange[] = [];
  for (const p of ports) {
    if (!p || typeof p !== 'object') continue;
    const protocol = protocolOf(p.protocol);
    if (p.port === undefined || p.port === null) {
      out.push({ protocol, first: 1, last: MAX_PORT });
    } else if (typeof p.port === 'number') {
      const last = typeof p.endPort === 'number' && p.endPort >= p.port ? p.endPort : p.port;
      out.push({ protocol, first: p.port, last });
    } else if (typeof p.port === 'string') {
      // A named port: only the destination's containers of that name and protocol give it a number.
      for (const c of destination) {
        if (c.name === p.port && c.protocol === protocol) out.push({ protocol, first: c.containerPort, last: c.containerPort });
      }
    }
  }
  return out;
}

export function unionPorts(a: PortSet, b: PortSet): PortSet {
  if (a === 'all' || b === 'all') return 'all';
  return [...a, ...b];
}

export function intersectPorts(a: PortSet, b: PortSet): PortSet {
  if (a === 'all') return b;
  if (b === 'all') return a;
  const out: PortRange[] = [];
  for (const x of a) {
    for (const y of b) {
      if (x.protocol !== y.protocol) continue;
      const first = Math.max(x.first, y.first);
      const last = Math.min(x.last, y.last);
      if (first <= last) out.push({ protocol: x.protocol, first, last });
    }
  }
  return out;
}

export function isEmptyPortSet(set: PortSet): boolean {
  return set !== 'all' && set.length === 0;
}

export function portSetHas(set: PortSet, protocol: string, port: number): boolean {
  return set === 'all' || set.some((r) => r.protocol === protocol && r.first <= port && port <= r.last);
}

/**
 * One port a connection could use within `allowed`, written `TCP/8080` (or `any port`):
 * a port the destination declares, when it declares any. Undefined when the destination declares
 * ports and none of them is allowed (the policies allow only ports it is not known to listen on).
 */
export function examplePort(allowed: PortSet, destination: readonly ContainerPort[]): string | undefined {
  if (isEmptyPortSet(allowed)) return undefined;
  const declared = destination.find((c) => portSetHas(allowed, c.protocol, c.containerPort));
  if (declared) return `${declared.protocol}/${declared.containerPort}`;
  if (destination.length > 0) return undefined;
  if (allowed === 'all') return 'any port';
  const r = allowed[0];
  return r.first === r.last ? `${r.protocol}/${r.first}` : `${r.protocol}/${r.first}-${r.last}`;
}

/** A rule's `ports` as written, for messages: `TCP/5432, UDP/53`, `TCP/8000-8100`, `TCP/http`, or `every port`. */
export function describeRulePorts(ports: NetworkPolicyPort[] | undefined): string {
  if (!ports) return 'every port';
  const parts = ports
    .filter((p) => p && typeof p === 'object')
    .map((p) => {
      const protocol = protocolOf(p.protocol);
      if (p.port === undefined || p.port === null) return `${protocol}/every port`;
      return typeof p.endPort === 'number' && typeof p.port === 'number' && p.endPort > p.port
        ? `${protocol}/${p.port}-${p.endPort}`
        : `${protocol}/${p.port}`;
    });
  return parts.length ? parts.join(', ') : 'every port';
}
