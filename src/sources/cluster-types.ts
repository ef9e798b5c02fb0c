import type { ResourceIndexInput } from '../model/index.js';
import type { ReadPlan } from '../model/read-plan.js';

/** Options for reading a live cluster (CLI flags `--kubeconfig`, `--context`, `--concurrency`, ...). */
export interface ClusterOptions {
  /** What to read: the kinds, how much of each, and whether custom resources (src/engine/read-plan.ts builds it). */
  plan: ReadPlan;
  /** Path to a kubeconfig, or several joined like $KUBECONFIG (merged); default: $KUBECONFIG, ~/.kube/config, or in-cluster configuration inside a pod. */
  kubeconfig?: string;
  /** Context name in the kubeconfig; default: its current-context. */
  context?: string;
  /** Page size of LIST requests (`limit`). Default 500. */
  pageSize?: number;
  /** Most LIST requests in flight at once. Default 4. */
  concurrency?: number;
  /** Overall time budget for reading the cluster, in milliseconds. Default 300000 (5 min). */
  timeoutMs?: number;
  /** Called for progress lines (kinds, namespaces, pages); the CLI prints them to stderr on a terminal. */
  onProgress?: (message: string) => void;
}

/**
 * The scan could not run at all: the cluster is unreachable, the credentials are rejected, the
 * kubeconfig or context does not exist, or nothing is readable. The message says what happened and
 * what to do. `exitCode` is 2 for a usage/config problem (no kubeconfig, unknown context) and 3 for
 * a cluster that could not be scanned.
 */
export class ClusterSourceError extends Error {
  constructor(
    message: string,
    readonly exitCode: 2 | 3,
  ) {
    super(message);
    this.name = 'ClusterSourceError';
  }
}

/** What a live read returns: the objects and access outcomes, and whether the time budget cut it short. */
export interface ClusterInput extends ResourceIndexInput {
  /**
   * Set when the time budget (`timeoutMs`) ran out before every kind was read: what happened and what
   * to do. The kinds not read are `none` in `access`; the scan can still report what was read.
   */
  timedOut?: string;
}
