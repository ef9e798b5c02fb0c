import { BlockList, isIPv4 } from 'node:net';
import type { KubeObject } from '../../model/types.js';

/**
 * How a Capsule Tenant's `spec.serviceOptions.externalIPs.allowed` (IPv4 addresses or CIDRs; an
 * empty list allows none; no `externalIPs` at all allows any) judges a Service's external IPs.
 * Capsule checks this only when a Service is created or updated, so it never clears an existing one.
 * Source: Capsule `pkg/api/external_service_ips.go` (AllowedIP pattern: IPv4 with optional /prefix).
 *
 * Returns `undefined` when the Tenant sets no restriction, else the allowed list and which of `ips`
 * fall outside it.
 */
export function capsuleExternalIPsVerdict(
  tenant: KubeObject | undefined,
  ips: string[],
): { allowed: string[]; outside: string[] } | undefined {
  const raw = tenant?.spec?.serviceOptions?.externalIPs;
  if (!raw || typeof raw !== 'object') return undefined;
  const allowed: string[] = Array.isArray(raw.allowed) ? raw.allowed.filter((a: unknown): a is string => typeof a === 'string') : [];
  const list = new BlockList();
  for (const entry of allowed) {
    const [address, prefix] = entry.split('/');
    const bits = prefix === undefined ? 32 : Number(prefix);
    if (isIPv4(address) && Number.isInteger(bits) && bits >= 0 && bits <= 32) list.addSubnet(address, bits, 'ipv4');
  }
  return { allowed, outside: ips.filter((ip) => !(isIPv4(ip) && list.check(ip, 'ipv4'))) };
}
