import { describe, expect, inject, it } from 'vitest';
import { discover } from '../../src/sources/cluster-discovery.js';
import { ApiClient } from '../../src/sources/cluster-http.js';
import { resolveKubeConfig } from '../../src/sources/cluster-kubeconfig.js';
import { kubeconfig } from './helpers/paths.js';

const e2e = inject('e2e');

describe.skipIf(!e2e.available)('API discovery against kube-apiserver', () => {
  it('aggregated discovery and the legacy per-group documents (older servers) agree on every served kind', async () => {
    const config = resolveKubeConfig({ kubeconfig: kubeconfig('scanner') });
    const client = new ApiClient(config.kc, config.server, { concurrency: 4, timeoutMs: 60_000 });
    try {
      const aggregated = await discover(client);
      const legacy = await discover(client, { aggregated: false });
      expect(aggregated.failedGroups.size).toBe(0);
      expect(legacy.failedGroups.size).toBe(0);
      const table = (d: typeof aggregated) =>
        [...d.resources.entries()]
          .map(
            ([gk, r]) =>
              `${gk} ${r.group}/${r.version} ${r.resource} ${r.namespaced ? 'namespaced' : 'cluster'} ${[...r.verbs].sort().join(',')}`,
          )
          .sort();
      expect(table(legacy)).toEqual(table(aggregated));
      // The kinds the seed installed, with the versions and scopes their CRDs declare.
      expect(aggregated.resources.get('Tenant.capsule.clastix.io')).toMatchObject({
        version: 'v1beta2',
        resource: 'tenants',
        namespaced: false,
      });
      expect(aggregated.resources.get('Cluster.postgresql.cnpg.io')).toMatchObject({
        version: 'v1',
        resource: 'clusters',
        namespaced: true,
      });
      expect(aggregated.resources.get('NetworkPolicy.networking.k8s.io')).toMatchObject({
        group: 'networking.k8s.io',
        version: 'v1',
        namespaced: true,
      });
      expect(aggregated.resources.has('CiliumNetworkPolicy.cilium.io')).toBe(false);
    } finally {
      client.close();
    }
  });
});
