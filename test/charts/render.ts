import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { loadAll } from 'js-yaml';

export const CHART = join(import.meta.dirname, '..', '..', 'charts', 'tenantscan');

/** A rendered Kubernetes object (only the fields the chart tests read are typed). */
export interface RenderedObject {
  apiVersion: string;
  kind: string;
  metadata: { name: string; namespace?: string; labels?: Record<string, string> };
  [field: string]: unknown;
}

/**
 * `helm template` of charts/tenantscan with the pinned Helm (test/helpers/tools.ts).
 * @param set `--set` values, e.g. `{ 'networkPolicy.apiServerCIDRs': '{127.0.0.1/32}' }`
 * @returns the YAML text and the parsed objects; throws with Helm's stderr when rendering fails.
 */
export function helmTemplate(
  helm: string,
  options: { release?: string; namespace?: string; set?: Record<string, string> } = {},
): { yaml: string; objects: RenderedObject[] } {
  const args = ['template', options.release ?? 'tenantscan', CHART, '--namespace', options.namespace ?? 'tenantscan'];
  for (const [key, value] of Object.entries(options.set ?? {})) args.push('--set', `${key}=${value}`);
  const run = spawnSync(helm, args, { encoding: 'utf8', env: { ...process.env, HELM_CACHE_HOME: '/tmp/tenantscan-helm-cache' } });
  if (run.status !== 0) throw new Error(`helm ${args.join(' ')} failed (exit ${run.status}): ${run.stderr}`);
  const objects = (loadAll(run.stdout) as Array<RenderedObject | null>).filter((o): o is RenderedObject => o !== null);
  return { yaml: run.stdout, objects };
}
