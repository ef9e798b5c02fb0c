import type { Report } from './report.js';

/**
 * A cluster's name when `--cluster-name` is not given: the kubeconfig context, else the API
 * server's host (`host:port`; in a pod, the in-cluster configuration's), else `manifests`.
 */
export function clusterNameOf(report: Pick<Report, 'source'>): string {
  if (report.source.type !== 'cluster') return 'manifests';
  if (report.source.context) return report.source.context;
  try {
    return new URL(report.source.server).host;
  } catch {
    return report.source.server;
  }
}
