import type { ResourceIndexInput } from '../model/index.js';
import { type ClusterOptions, ClusterSourceError } from './cluster-types.js';

/**
 * Read a live cluster. PLACEHOLDER until the live-cluster source lands (issue 3): replace this file.
 */
export async function loadCluster(_options: ClusterOptions): Promise<ResourceIndexInput> {
  throw new ClusterSourceError('live-cluster scans are not implemented yet: use --file', 3);
}
