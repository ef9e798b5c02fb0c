import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

/** Repository root, the test cluster's state folder (scripts/test-cluster.sh) and the CLI entry. */
export const ROOT = join(import.meta.dirname, '..', '..', '..');
export const CLUSTER_DIR = process.env.TENANTSCAN_CLUSTER_DIR ?? join(ROOT, '.cluster');
export const CLI = join(ROOT, 'bin', 'tenantscan.js');

/** A kubeconfig that scripts/test-cluster.sh writes: admin, scanner, scanner-token, tenant-a-admin, wrong-token, expired, unreachable, multi. */
export const kubeconfig = (name: string): string => join(CLUSTER_DIR, `${name}.kubeconfig`);

/** Files the e2e suite writes next to the cluster's state (derived kubeconfigs, the seed marker). */
export const E2E_DIR = join(CLUSTER_DIR, 'e2e');

/** `.cluster/cluster.env` as key/value pairs (APISERVER_URL, AUDIT_LOG, K8S_VERSION, ...). */
export function clusterEnv(): Record<string, string> {
  const file = join(CLUSTER_DIR, 'cluster.env');
  if (!existsSync(file)) return {};
  return Object.fromEntries(
    readFileSync(file, 'utf8')
      .split('\n')
      .filter((l) => l.includes('='))
      .map((l) => [l.slice(0, l.indexOf('=')), l.slice(l.indexOf('=') + 1)]),
  );
}
