import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { SERVICE_ACCOUNT_DIR } from '../../src/sources/cluster-kubeconfig.js';
import { clusterTargets } from '../../src/sources/cluster-targets.js';
import { ClusterSourceError } from '../../src/sources/cluster-types.js';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'tenantscan-targets-'));
  mkdirSync(join(dir, 'home'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

/** A kubeconfig file whose contexts all point at one server; `current` is its current-context. */
function kubeconfig(name: string, current: string | undefined, contexts: string[]): string {
  const file = join(dir, name);
  writeFileSync(
    file,
    [
      'apiVersion: v1',
      'kind: Config',
      ...(current ? [`current-context: ${current}`] : []),
      'clusters: [{ name: c, cluster: { server: "https://c.example:6443" } }]',
      'users: [{ name: u, user: { token: t } }]',
      `contexts: [${contexts.map((c) => `{ name: ${c}, context: { cluster: c, user: u } }`).join(', ')}]`,
    ].join('\n'),
  );
  return file;
}

const env = (extra: NodeJS.ProcessEnv = {}) => ({ env: extra, home: join(dir, 'home') });
const targets = (opts: Partial<Parameters<typeof clusterTargets>[0]>, extra: NodeJS.ProcessEnv = {}) =>
  clusterTargets({ kubeconfigs: [], contexts: [], allContexts: false, ...opts }, env(extra)).map((t) => [t.kubeconfig, t.context]);

describe('clusterTargets (the clusters of a fleet scan)', () => {
  it('--all-contexts: every context of every --kubeconfig, in file order; the same kubeconfig and context once', () => {
    const a = kubeconfig('a.yaml', 'prod', ['prod', 'staging']);
    const b = kubeconfig('b.yaml', 'prod', ['prod', 'vcluster_dev_team-a_prod']);
    expect(targets({ kubeconfigs: [a, b, a], allContexts: true })).toEqual([
      [a, 'prod'],
      [a, 'staging'],
      [b, 'prod'],
      [b, 'vcluster_dev_team-a_prod'],
    ]);
  });

  it('--context repeated: each named context of each kubeconfig that has it, in the order given', () => {
    const a = kubeconfig('a.yaml', 'prod', ['prod', 'staging', 'dev']);
    const b = kubeconfig('b.yaml', undefined, ['staging']);
    expect(targets({ kubeconfigs: [a, b], contexts: ['staging', 'prod'] })).toEqual([
      [a, 'staging'],
      [a, 'prod'],
      [b, 'staging'],
    ]);
  });

  it('several --kubeconfig without --context: the current context of each; a path list in one value is merged like $KUBECONFIG', () => {
    const a = kubeconfig('a.yaml', 'prod', ['prod']);
    const b = kubeconfig('b.yaml', 'edge', ['edge', 'lab']);
    const merged = `${b}${delimiter}${a}`;
    expect(targets({ kubeconfigs: [a, b] })).toEqual([
      [a, 'prod'],
      [b, 'edge'],
    ]);
    expect(targets({ kubeconfigs: [merged], allContexts: true })).toEqual([
      [merged, 'edge'],
      [merged, 'lab'],
      [merged, 'prod'],
    ]);
  });

  it('defaults to $KUBECONFIG, and to the in-cluster configuration in a pod', () => {
    const a = kubeconfig('a.yaml', 'prod', ['prod', 'staging']);
    expect(targets({ allContexts: true }, { KUBECONFIG: a })).toEqual([
      [undefined, 'prod'],
      [undefined, 'staging'],
    ]);
    mkdirSync(join(dir, 'sa', SERVICE_ACCOUNT_DIR), { recursive: true });
    writeFileSync(join(dir, 'sa', SERVICE_ACCOUNT_DIR, 'token'), 'x');
    const inPod = clusterTargets(
      { kubeconfigs: [], contexts: [], allContexts: false },
      { env: { KUBERNETES_SERVICE_HOST: '10.96.0.1' }, home: join(dir, 'home'), inClusterPathPrefix: join(dir, 'sa') },
    );
    expect(inPod).toEqual([{ origin: 'in-cluster' }]);
  });

  it('refuses, with exit code 2, a context no kubeconfig has, a missing file and a kubeconfig without a current context', () => {
    const a = kubeconfig('a.yaml', 'prod', ['prod']);
    const none = kubeconfig('none.yaml', undefined, ['x', 'y']);
    const cases: Array<[Partial<Parameters<typeof clusterTargets>[0]>, RegExp]> = [
      [{ kubeconfigs: [a], contexts: ['prod', 'nope', 'gone'] }, /context "nope", "gone" is in none of the kubeconfigs/],
      [{ kubeconfigs: [a, join(dir, 'missing.yaml')] }, /missing\.yaml does not exist/],
      [{ kubeconfigs: [`${a}${delimiter}${join(dir, 'missing.yaml')}`] }, /missing\.yaml does not exist/],
      [{ kubeconfigs: [a, none] }, /none\.yaml has no current-context: pick contexts with --context or --all-contexts \(contexts: x, y\)/],
    ];
    for (const [opts, message] of cases) {
      let error: unknown;
      try {
        targets(opts);
      } catch (err) {
        error = err;
      }
      expect(error).toBeInstanceOf(ClusterSourceError);
      expect((error as ClusterSourceError).exitCode).toBe(2);
      expect((error as Error).message).toMatch(message);
    }
  });
});
