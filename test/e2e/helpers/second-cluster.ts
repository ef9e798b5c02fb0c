import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { ROOT } from './paths.js';

/**
 * The fleet tests' second control plane: scripts/test-cluster.sh with its own state folder and
 * ports, so it runs beside the suite's cluster (and beside other checkouts' clusters).
 * TENANTSCAN_SECOND_CLUSTER_DIR (default <repo>/.cluster-second) and TENANTSCAN_SECOND_ETCD_PORT,
 * TENANTSCAN_SECOND_ETCD_PEER_PORT, TENANTSCAN_SECOND_APISERVER_PORT (default 23791, 23801, 26444).
 */
export const SECOND_CLUSTER_DIR = process.env.TENANTSCAN_SECOND_CLUSTER_DIR ?? join(ROOT, '.cluster-second');

const SCRIPT = join(ROOT, 'scripts', 'test-cluster.sh');

function environment(): NodeJS.ProcessEnv {
  return {
    ...process.env,
    TENANTSCAN_CLUSTER_DIR: SECOND_CLUSTER_DIR,
    TENANTSCAN_ETCD_PORT: process.env.TENANTSCAN_SECOND_ETCD_PORT ?? '23791',
    TENANTSCAN_ETCD_PEER_PORT: process.env.TENANTSCAN_SECOND_ETCD_PEER_PORT ?? '23801',
    TENANTSCAN_APISERVER_PORT: process.env.TENANTSCAN_SECOND_APISERVER_PORT ?? '26444',
  };
}

/** A kubeconfig the second cluster's script wrote (admin, scanner, ...). */
export const secondKubeconfig = (name: string): string => join(SECOND_CLUSTER_DIR, `${name}.kubeconfig`);

/** Start the second control plane (or reuse it when it is up); returns whether this call started it. */
export function startSecondCluster(log: (line: string) => void): boolean {
  const env = environment();
  if (spawnSync('bash', [SCRIPT, 'status'], { env, stdio: 'ignore' }).status === 0) {
    log(`reusing the second control plane in ${SECOND_CLUSTER_DIR}`);
    return false;
  }
  log(`starting the second control plane in ${SECOND_CLUSTER_DIR} (port ${env.TENANTSCAN_APISERVER_PORT})`);
  const up = spawnSync('bash', [SCRIPT, 'up'], { env, stdio: ['ignore', 'inherit', 'inherit'] });
  if (up.status !== 0)
    throw new Error(`scripts/test-cluster.sh up of the second cluster failed (exit ${up.status}); see ${SECOND_CLUSTER_DIR}/*.log`);
  return true;
}

/** Stop it, unless TENANTSCAN_E2E_KEEP_CLUSTER=1. */
export function stopSecondCluster(log: (line: string) => void): void {
  if (process.env.TENANTSCAN_E2E_KEEP_CLUSTER === '1') return;
  log('stopping the second control plane');
  spawnSync('bash', [SCRIPT, 'down'], { env: environment(), stdio: ['ignore', 'inherit', 'inherit'] });
}
