/**
 * Clusters scanned at once unless `--cluster-concurrency` says otherwise (each with its own
 * `--concurrency` requests in flight). Apart from cli/fleet-command.ts, which the CLI imports only
 * for a fleet scan: it loads the kubeconfig handling (@kubernetes/client-node), which a manifest
 * scan never needs.
 */
export const DEFAULT_CLUSTER_CONCURRENCY = 4;
