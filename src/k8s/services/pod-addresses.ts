import { isIP } from 'node:net';
import type { ResourceIndex } from '../../model/index.js';
import { K } from '../../model/kinds.js';
import type { KubeObject } from '../../model/types.js';

const cache = new WeakMap<ResourceIndex, ReadonlyMap<string, KubeObject[]>>();

/**
 * The Pods of the input by IP: `status.podIP` and every `status.podIPs[].ip`
 * (https://kubernetes.io/docs/reference/kubernetes-api/workload-resources/pod-v1/#PodStatus). Left
 * out: `hostNetwork` Pods, whose IP is their node's and shared by every host-network Pod on it, and
 * Pods in phase `Succeeded` or `Failed`, whose IP the network plugin has released for reuse. Built once
 * per index.
 */
export function podsByIP(index: ResourceIndex): ReadonlyMap<string, KubeObject[]> {
  let map = cache.get(index);
  if (!map) {
    const built = new Map<string, KubeObject[]>();
    for (const pod of index.ofKind(K.Pod)) {
      if (pod.spec?.hostNetwork === true || pod.status?.phase === 'Succeeded' || pod.status?.phase === 'Failed') continue;
      const ips = new Set<string>();
      if (typeof pod.status?.podIP === 'string') ips.add(pod.status.podIP);
      for (const entry of Array.isArray(pod.status?.podIPs) ? pod.status.podIPs : []) if (typeof entry?.ip === 'string') ips.add(entry.ip);
      for (const ip of ips) {
        const key = canonicalIP(ip);
        if (key) built.set(key, [...(built.get(key) ?? []), pod]);
      }
    }
    cache.set(index, (map = built));
  }
  return map;
}

/** An IP in one spelling (`2001:DB8::0:1` and `2001:db8::1` are one address), or undefined for anything else. */
export function canonicalIP(ip: string): string | undefined {
  const family = isIP(ip);
  if (family === 4) return ip;
  if (family === 6) return new URL(`http://[${ip}]`).hostname.slice(1, -1);
  return undefined;
}
