/** The cluster DNS domain when the configuration names none (the kubelet's `clusterDomain`, and CoreDNS's `kubernetes cluster.local` zone, by default). */
export const DEFAULT_CLUSTER_DOMAIN = 'cluster.local';

/** A Service (or a name under it) that a DNS name resolves to inside the cluster. */
export interface ServiceDnsTarget {
  service: string;
  namespace: string;
  /** The host label before the Service (`web-0` of `web-0.db.ns.svc.cluster.local`: a pod of a headless Service), if any. */
  host?: string;
}

/**
 * The in-cluster Service a DNS name names, or undefined when it names none. Cluster DNS serves
 * `<service>.<namespace>.svc.<cluster domain>` and `<hostname>.<service>.<namespace>.svc.<cluster domain>`
 * (https://kubernetes.io/docs/concepts/services-networking/dns-pod-service/#services), and every pod's
 * resolver completes the short forms `<service>.<namespace>.svc` and `<service>.<namespace>` with its
 * search path (`<ns>.svc.<domain> svc.<domain> <domain>`, with `ndots:5`), so an ExternalName Service's
 * CNAME to any of them (https://kubernetes.io/docs/concepts/services-networking/service/#externalname)
 * lands on that Service, from whichever namespace it is resolved.
 *
 * DNS is case-insensitive and a trailing dot only makes the name absolute: both are normalised. The
 * two-label form `<service>.<namespace>` is also a public name's shape (`example.com`), so callers
 * must check that the namespace exists before taking it as one.
 */
export function serviceDnsTarget(name: string, clusterDomain = DEFAULT_CLUSTER_DOMAIN): ServiceDnsTarget | undefined {
  const domain = clusterDomain.toLowerCase().replace(/^\.+|\.+$/g, '');
  let rest = name.trim().toLowerCase().replace(/\.$/, '');
  if (rest === '' || rest.includes('..')) return undefined;
  if (domain && rest.endsWith(`.svc.${domain}`)) rest = rest.slice(0, -`.${domain}`.length);
  let labels = rest.split('.');
  if (labels.at(-1) === 'svc') labels = labels.slice(0, -1);
  else if (labels.length !== 2) return undefined;
  if (labels.length < 2 || labels.length > 3 || labels.some((l) => !DNS_LABEL.test(l))) return undefined;
  const [namespace, service, host] = [labels.at(-1)!, labels.at(-2)!, labels.length === 3 ? labels[0] : undefined];
  return host === undefined ? { service, namespace } : { service, namespace, host };
}

/** RFC 1123 label, as namespaces and Service names are. */
const DNS_LABEL = /^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$/;
