import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { SERVICE_ACCOUNT_DIR, resolveKubeConfig, serviceAccountOf } from '../../src/sources/cluster-kubeconfig.js';
import { ClusterSourceError } from '../../src/sources/cluster-types.js';

let dir: string;
let home: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'tenantscan-kc-'));
  home = join(dir, 'home');
  mkdirSync(home);
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

/** A kubeconfig with the given contexts (`name: [cluster, user, namespace?]`), two clusters and three users. */
function kubeconfigFile(name: string, current: string | undefined, contexts: Record<string, [string, string, string?]>): string {
  const file = join(dir, name);
  const lines = [
    'apiVersion: v1',
    'kind: Config',
    ...(current ? [`current-context: ${current}`] : []),
    'clusters:',
    '- name: prod',
    '  cluster: { server: "https://prod.example:6443" }',
    '- name: staging',
    '  cluster: { server: "https://staging.example:6443" }',
    'users:',
    '- name: alice',
    '  user: { token: alice-token }',
    '- name: bob',
    '  user: { token: bob-token }',
    '- name: ci',
    '  user: { token: ci-token }',
    'contexts:',
    ...Object.entries(contexts).map(
      ([ctx, [cluster, user, ns]]) => `- name: ${ctx}\n  context: { cluster: ${cluster}, user: ${user}${ns ? `, namespace: ${ns}` : ''} }`,
    ),
  ];
  writeFileSync(file, lines.join('\n'));
  return file;
}

function error(fn: () => unknown): ClusterSourceError {
  try {
    fn();
  } catch (err) {
    expect(err).toBeInstanceOf(ClusterSourceError);
    return err as ClusterSourceError;
  }
  throw new Error('expected a ClusterSourceError');
}

/** A JWT with this payload; the signature is irrelevant to reading the subject. */
const jwt = (payload: object) => `eyJhbGciOiJSUzI1NiJ9.${Buffer.from(JSON.stringify(payload)).toString('base64url')}.c2ln`;

describe('resolveKubeConfig', () => {
  it('uses --kubeconfig and its current context; names server, context and user', () => {
    const file = kubeconfigFile('a.yaml', 'prod-alice', { 'prod-alice': ['prod', 'alice'], 'staging-bob': ['staging', 'bob'] });
    const r = resolveKubeConfig({ kubeconfig: file }, { env: {}, home });
    expect([r.server, r.context, r.user, r.inCluster, r.origin]).toEqual(['https://prod.example:6443', 'prod-alice', 'alice', false, file]);
  });

  it('--context selects another context of the file', () => {
    const file = kubeconfigFile('a.yaml', 'prod-alice', { 'prod-alice': ['prod', 'alice'], 'staging-bob': ['staging', 'bob'] });
    const r = resolveKubeConfig({ kubeconfig: file, context: 'staging-bob' }, { env: {}, home });
    expect([r.server, r.context, r.user]).toEqual(['https://staging.example:6443', 'staging-bob', 'bob']);
  });

  it('a missing --kubeconfig is exit 2 with what to do', () => {
    const missing = join(dir, 'nope.yaml');
    const e = error(() => resolveKubeConfig({ kubeconfig: missing }, { env: {}, home }));
    expect(e.exitCode).toBe(2);
    expect(e.message).toBe(
      `kubeconfig ${missing} does not exist: pass an existing file with --kubeconfig, or leave it out to use $KUBECONFIG or ~/.kube/config`,
    );
  });

  it('an unknown --context is exit 2 and lists the contexts', () => {
    const file = kubeconfigFile('a.yaml', 'prod-alice', { 'prod-alice': ['prod', 'alice'], 'staging-bob': ['staging', 'bob'] });
    const e = error(() => resolveKubeConfig({ kubeconfig: file, context: 'qa' }, { env: {}, home }));
    expect(e.exitCode).toBe(2);
    expect(e.message).toBe(`context "qa" is not in kubeconfig ${file}: pick one of "prod-alice", "staging-bob" with --context`);
  });

  it('a kubeconfig without current-context and without --context is exit 2', () => {
    const file = kubeconfigFile('a.yaml', undefined, { 'prod-alice': ['prod', 'alice'] });
    const e = error(() => resolveKubeConfig({ kubeconfig: file }, { env: {}, home }));
    expect([e.exitCode, e.message]).toEqual([
      2,
      `kubeconfig ${file} has no current-context: pick one with --context (contexts: prod-alice)`,
    ]);
  });

  it('a context whose cluster is missing is exit 2', () => {
    const file = kubeconfigFile('a.yaml', 'lost', { lost: ['gone', 'alice'] });
    const e = error(() => resolveKubeConfig({ kubeconfig: file }, { env: {}, home }));
    expect(e.exitCode).toBe(2);
    expect(e.message).toContain('context "lost"');
    expect(e.message).toContain('"gone", which is missing or has no server');
  });

  it('a plain HTTP server is exit 2 unless TLS verification is explicitly off (a local proxy)', () => {
    const file = join(dir, 'http.yaml');
    const write = (skip: boolean) =>
      writeFileSync(
        file,
        `apiVersion: v1\nkind: Config\ncurrent-context: p\nclusters:\n- name: p\n  cluster: { server: "http://127.0.0.1:8001"${skip ? ', insecure-skip-tls-verify: true' : ''} }\nusers:\n- name: u\n  user: {}\ncontexts:\n- name: p\n  context: { cluster: p, user: u }\n`,
      );
    write(false);
    const e = error(() => resolveKubeConfig({ kubeconfig: file }, { env: {}, home }));
    expect([e.exitCode, e.message]).toEqual([
      2,
      expect.stringContaining('the server of context "p" is plain HTTP (http://127.0.0.1:8001): credentials would travel unencrypted'),
    ]);
    write(true);
    expect(resolveKubeConfig({ kubeconfig: file }, { env: {}, home }).server).toBe('http://127.0.0.1:8001');
  });

  it('a file that is not a kubeconfig is exit 2', () => {
    const file = join(dir, 'broken.yaml');
    writeFileSync(file, 'clusters: [ {');
    const e = error(() => resolveKubeConfig({ kubeconfig: file }, { env: {}, home }));
    expect(e.exitCode).toBe(2);
    expect(e.message).toMatch(new RegExp(`^kubeconfig ${file} is not valid: `));
  });

  it('$KUBECONFIG: missing files are skipped, the first file to define a name or current-context wins', () => {
    const first = kubeconfigFile('first.yaml', 'prod-alice', { 'prod-alice': ['prod', 'alice'], shared: ['prod', 'alice'] });
    // The second file repeats the cluster, user and context names with other values: ignored, as kubectl does.
    const second = kubeconfigFile('second.yaml', 'staging-bob', { 'staging-bob': ['staging', 'bob'], shared: ['staging', 'ci'] });
    const env = { KUBECONFIG: [join(dir, 'missing.yaml'), first, second].join(delimiter) };
    expect(resolveKubeConfig({}, { env, home }).context).toBe('prod-alice');
    expect(resolveKubeConfig({ context: 'staging-bob' }, { env, home }).server).toBe('https://staging.example:6443');
    const shared = resolveKubeConfig({ context: 'shared' }, { env, home });
    expect([shared.server, shared.user]).toEqual(['https://prod.example:6443', 'alice']);
    const noCurrent = kubeconfigFile('none.yaml', undefined, {});
    expect(resolveKubeConfig({}, { env: { KUBECONFIG: [noCurrent, second].join(delimiter) }, home }).context).toBe('staging-bob');
  });

  it('$KUBECONFIG naming only missing files is exit 2', () => {
    const e = error(() => resolveKubeConfig({}, { env: { KUBECONFIG: join(dir, 'x.yaml') }, home }));
    expect([e.exitCode, e.message]).toEqual([
      2,
      `none of the files in $KUBECONFIG exists (${join(dir, 'x.yaml')}): fix $KUBECONFIG or pass --kubeconfig FILE`,
    ]);
  });

  it('falls back to ~/.kube/config', () => {
    mkdirSync(join(home, '.kube'));
    const file = kubeconfigFile('config', 'prod-alice', { 'prod-alice': ['prod', 'alice'] });
    writeFileSync(join(home, '.kube', 'config'), readFileSync(file, 'utf8'));
    expect(resolveKubeConfig({}, { env: {}, home }).origin).toBe(join(home, '.kube', 'config'));
  });

  it('namespaces to read one by one: the context namespace first, then other contexts of the same cluster and user only', () => {
    const file = kubeconfigFile('a.yaml', 'shop-prod', {
      'shop-prod': ['prod', 'alice', 'shop-prod'],
      'shop-dev': ['prod', 'alice', 'shop-dev'],
      'shop-dev-again': ['prod', 'alice', 'shop-dev'],
      'bob-ns': ['prod', 'bob', 'bob-ns'],
      'staging-ns': ['staging', 'alice', 'shop-staging'],
      'no-ns': ['prod', 'alice'],
    });
    expect(resolveKubeConfig({ kubeconfig: file }, { env: {}, home }).contextNamespaces).toEqual(['shop-prod', 'shop-dev']);
    expect(resolveKubeConfig({ kubeconfig: file, context: 'no-ns' }, { env: {}, home }).contextNamespaces).toEqual([
      'shop-prod',
      'shop-dev',
    ]);
    expect(resolveKubeConfig({ kubeconfig: file, context: 'bob-ns' }, { env: {}, home }).contextNamespaces).toEqual(['bob-ns']);
  });

  it('in a pod (KUBERNETES_SERVICE_HOST and a mounted token, no kubeconfig): the service account', () => {
    const sa = join(dir, 'pod', SERVICE_ACCOUNT_DIR);
    mkdirSync(sa, { recursive: true });
    writeFileSync(join(sa, 'token'), jwt({ sub: 'system:serviceaccount:audit:tenantscan' }));
    writeFileSync(join(sa, 'ca.crt'), 'not used before a request');
    writeFileSync(join(sa, 'namespace'), 'audit\n');
    const env = { KUBERNETES_SERVICE_HOST: '10.96.0.1', KUBERNETES_SERVICE_PORT: '443' };
    const r = resolveKubeConfig({}, { env, home, inClusterPathPrefix: join(dir, 'pod') });
    expect([r.server, r.context, r.user, r.inCluster, r.contextNamespaces]).toEqual([
      'https://10.96.0.1:443',
      undefined,
      'system:serviceaccount:audit:tenantscan',
      true,
      ['audit'],
    ]);
    const e = error(() => resolveKubeConfig({ context: 'prod' }, { env, home, inClusterPathPrefix: join(dir, 'pod') }));
    expect(e.exitCode).toBe(2);
    expect(e.message).toContain('--context "prod" was given, but there is no kubeconfig');
  });

  it('nothing to go on is exit 2 with the three ways out', () => {
    const e = error(() => resolveKubeConfig({}, { env: {}, home, inClusterPathPrefix: join(dir, 'no-pod') }));
    expect(e.exitCode).toBe(2);
    expect(e.message).toContain('pass --kubeconfig FILE, set KUBECONFIG, or scan manifests with --file PATH');
  });
});

describe('serviceAccountOf', () => {
  it('reads the sub claim, and nothing from garbage', () => {
    expect(serviceAccountOf(jwt({ sub: 'system:serviceaccount:a:b' }))).toBe('system:serviceaccount:a:b');
    expect(serviceAccountOf('not-a-jwt')).toBeUndefined();
    expect(serviceAccountOf('a.!!!.c')).toBeUndefined();
    expect(serviceAccountOf(undefined)).toBeUndefined();
  });
});
