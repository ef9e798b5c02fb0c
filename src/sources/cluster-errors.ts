/**
 * What a failed live read tells the user: each error of the cluster source becomes a
 * ClusterSourceError whose message says what happened and what to do about it.
 */
import type { AccessOutcome } from '../model/access.js';
import { DiscoveryError } from './cluster-discovery.js';
import { ApiConnectionError, CredentialError, DeadlineExceededError, ResponseTooLargeError } from './cluster-http.js';
import type { ResolvedKubeConfig } from './cluster-kubeconfig.js';
import { ClusterSourceError } from './cluster-types.js';

/** The API server answered 401 to a list: the credentials were rejected. */
export class UnauthorizedError extends Error {}

function describeIdentity(config: ResolvedKubeConfig): string {
  const user = config.user ? `user "${config.user}"` : 'the user';
  return config.inCluster ? `${user} (in-cluster service account)` : `${user} (context "${config.context}")`;
}

/** The ClusterSourceError (exit 3) that says what failed and what to do, for an error of a live read; other errors as they are. */
export function toClusterSourceError(err: unknown, config: ResolvedKubeConfig): unknown {
  if (err instanceof ClusterSourceError) return err;
  const who = describeIdentity(config);
  if (err instanceof UnauthorizedError || (err instanceof DiscoveryError && err.response.status === 401)) {
    return new ClusterSourceError(
      `the API server at ${config.server} rejected the credentials of ${who}: the token or certificate is invalid or expired (401 Unauthorized). ` +
        `Refresh the credentials (e.g. re-run your cloud's get-credentials command) or pick another --context`,
      3,
    );
  }
  if (err instanceof CredentialError) {
    return new ClusterSourceError(
      `could not get credentials for ${who} from ${config.origin}: ${err.message}. ` +
        "Check the kubeconfig's user entry (exec plugin installed and logged in, token or certificate files readable) or pick another --context",
      3,
    );
  }
  if (err instanceof DiscoveryError) {
    const status = err.response.status;
    const advice =
      status === 403
        ? 'check that this identity may use the API (RBAC role system:discovery) or pick another --context'
        : status === 404
          ? `check that ${config.server} is a Kubernetes API server (the kubeconfig's server address, a proxy path) or pick another --context`
          : status >= 500
            ? 'the API server is failing: check its health (and its aggregated APIs) and scan again'
            : 'check the server address and this identity, or pick another --context';
    return new ClusterSourceError(
      `API discovery at ${config.server} failed for ${who}: ${err.message}. Without discovery nothing can be read; ${advice}`,
      3,
    );
  }
  if (err instanceof DeadlineExceededError) return ranOutOfTime(err, config);
  if (err instanceof ResponseTooLargeError) {
    return new ClusterSourceError(
      `the API server at ${config.server} sent an answer too large to read: ${err.message}. Check that ${config.server} is a Kubernetes API server (the kubeconfig's server address, a proxy in between)`,
      3,
    );
  }
  if (err instanceof ApiConnectionError) {
    if (err.tls) {
      return new ClusterSourceError(
        `TLS with the API server at ${config.server} failed (${err.code ?? 'TLS error'}: ${err.message}). ` +
          `Check certificate-authority(-data) and tls-server-name of the cluster in ${config.origin}`,
        3,
      );
    }
    return new ClusterSourceError(
      `cannot reach the API server at ${config.server} (${config.inCluster ? 'in-cluster' : `context "${config.context}"`}): ${err.message}. ` +
        "Check the kubeconfig's server address, your VPN or network, and that the cluster is running",
      3,
    );
  }
  return err;
}

/** The time budget ran out (exit 3): what was being read, and what to do. */
export function ranOutOfTime(err: DeadlineExceededError, config: ResolvedKubeConfig): ClusterSourceError {
  return new ClusterSourceError(
    `the scan of ${config.server} ran out of time: ${err.message}. ` +
      'The API server answers too slowly: check its health, or allow more time with --timeout SECONDS',
    3,
  );
}

/** No kind could be read at all: what the identity needs, with one refusal as the example. */
export function nothingReadable(config: ResolvedKubeConfig, reads: ReadonlyArray<{ outcome: AccessOutcome }>): ClusterSourceError {
  const example = reads.find((r) => r.outcome.status === 'none')?.outcome;
  // A namespace-scoped identity can be scanned if the kubeconfig says which namespaces are its own.
  const hint =
    config.contextNamespaces.length === 0 && !config.inCluster
      ? ', name the namespaces it works in in its kubeconfig contexts (kubectl config set-context --current --namespace NS)'
      : '';
  return new ClusterSourceError(
    `${describeIdentity(config)} may not read any of the kinds tenantscan needs at ${config.server}` +
      `${example ? ` (e.g. ${example.groupKind}: ${example.reason})` : ''}. ` +
      `Grant it read access (get/list on namespaces, workloads, RBAC, storage and network objects; never Secrets)${hint}, or pick another --context`,
    3,
  );
}
