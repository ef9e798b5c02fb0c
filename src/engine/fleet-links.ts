import type { Report } from './report.js';

/** The vcluster a kubeconfig context (or cluster name) names, and the host context it was made from. */
export interface VclusterContextName {
  vcluster: string;
  namespace: string;
  hostContext: string;
}

/** A DNS label (RFC 1123): what a vcluster name and a namespace name are; neither holds `_`. */
const LABEL = '[a-z0-9](?:[-a-z0-9]*[a-z0-9])?';
const VCLUSTER_CONTEXT = new RegExp(`^vcluster_(${LABEL})_(${LABEL})_(.+)$`);

/**
 * `vcluster_<name>_<namespace>_<host context>`: the context `vcluster connect` writes
 * (`VClusterContextName` in https://github.com/loft-sh/vcluster/blob/main/pkg/cli/find/find.go).
 * Names and namespaces are DNS labels, so the first two `_` end them and the rest is the host
 * context, whatever it holds. Undefined for any other name.
 */
export function parseVclusterContext(name: string | undefined): VclusterContextName | undefined {
  const m = name ? VCLUSTER_CONTEXT.exec(name) : null;
  return m ? { vcluster: m[1], namespace: m[2], hostContext: m[3] } : undefined;
}

/** A virtual cluster's place in its host: the host cluster, the namespace its control plane runs in, and that namespace's tenant. */
export interface VirtualClusterLink {
  /** The fleet name of the host cluster. */
  hostCluster: string;
  /** The host namespace the vcluster's control plane runs in. */
  namespace: string;
  /** The vcluster's name (its control plane's `release` label). */
  vcluster: string;
  /** The host tenant that namespace belongs to; absent when it is a platform or system namespace. */
  tenant?: string;
}

/** What the rule reads of a cluster in the fleet. */
export interface LinkableCluster {
  name: string;
  context?: string;
  /** The host's report lists its vcluster control planes (`virtualClusters`). */
  report?: Pick<Report, 'virtualClusters'>;
}

/**
 * Link each virtual cluster of a fleet to the host namespace and tenant that run it. The rule:
 *
 * 1. A cluster is a virtual cluster when its context (else its fleet name) has the form
 *    `vcluster_<vc>_<namespace>_<host context>` (parseVclusterContext).
 * 2. Its host is a scanned cluster of the fleet whose report lists a vcluster control plane named
 *    `<vc>` in namespace `<namespace>` (a StatefulSet or Deployment labelled `app=vcluster`,
 *    `release=<vc>`): the one whose context or name is `<host context>`, else the only one that
 *    lists it. No host, or several without the named one: no link (a name alone proves nothing).
 * 3. The link names that namespace and the tenant the host's report gives it.
 *
 * Returns the links by the virtual cluster's fleet name.
 */
export function linkVirtualClusters(clusters: readonly LinkableCluster[]): Map<string, VirtualClusterLink> {
  const links = new Map<string, VirtualClusterLink>();
  for (const cluster of clusters) {
    const named = parseVclusterContext(cluster.context) ?? parseVclusterContext(cluster.name);
    if (!named) continue;
    const hosts = clusters.flatMap((host) => {
      if (host === cluster) return [];
      const plane = host.report?.virtualClusters?.find((v) => v.name === named.vcluster && v.namespace === named.namespace);
      return plane ? [{ host, plane }] : [];
    });
    const match =
      hosts.find(({ host }) => host.context === named.hostContext || host.name === named.hostContext) ??
      (hosts.length === 1 ? hosts[0] : undefined);
    if (!match) continue;
    links.set(cluster.name, {
      hostCluster: match.host.name,
      namespace: match.plane.namespace,
      vcluster: match.plane.name,
      ...(match.plane.tenant ? { tenant: match.plane.tenant } : {}),
    });
  }
  return links;
}
