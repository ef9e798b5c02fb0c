import { existsSync, readFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { delimiter, dirname, join } from 'node:path';
import { KubeConfig } from '@kubernetes/client-node';
import { MAX_SETTINGS_BYTES, readFileBounded } from './bounded-read.js';
import { useKubectlCredentials } from './cluster-credentials.js';
import { type ClusterOptions, ClusterSourceError } from './cluster-types.js';

/** Where a pod's service account token, CA and namespace are mounted (https://kubernetes.io/docs/tasks/run-application/access-api-from-pod/#directly-accessing-the-rest-api). */
export const SERVICE_ACCOUNT_DIR = '/var/run/secrets/kubernetes.io/serviceaccount';

/** The connection a scan uses: a loaded KubeConfig with its context selected, and what reports say about it. */
export interface ResolvedKubeConfig {
  kc: KubeConfig;
  /** `clusters[].cluster.server` of the selected context, e.g. `https://127.0.0.1:6443`. */
  server: string;
  /** Selected context name (undefined in-cluster). */
  context?: string;
  /** kubeconfig user name of the context; in-cluster, the service account (`system:serviceaccount:<ns>:<name>`). */
  user?: string;
  inCluster: boolean;
  /**
   * Namespaces to read one by one when the Namespace list is forbidden: the selected context's
   * namespace first, then those of the other contexts with the same cluster and user (a tenant's
   * kubeconfig usually has one context per namespace it works in). In-cluster: the pod's namespace.
   */
  contextNamespaces: string[];
  /** Where the configuration came from (file paths or `in-cluster`), for messages. */
  origin: string;
}

/** Seams for tests: the environment, home folder and a prefix for the service account folder. */
export interface KubeConfigEnvironment {
  env?: NodeJS.ProcessEnv;
  home?: string;
  /** Prepended to SERVICE_ACCOUNT_DIR (client-node's `loadFromCluster(pathPrefix)`). */
  inClusterPathPrefix?: string;
}

/**
 * Pick and load the kubeconfig the way kubectl does: `--kubeconfig`, else the files in $KUBECONFIG
 * (missing ones skipped, the first current-context wins), else ~/.kube/config, else the in-cluster
 * configuration when running in a pod (KUBERNETES_SERVICE_HOST set and a token mounted). Then select
 * `--context` or the current context.
 *
 * @throws ClusterSourceError (exit code 2) for a missing or invalid kubeconfig, an unknown context,
 *   or a context without a cluster or server; the message says what to do.
 */
export function resolveKubeConfig(
  options: Pick<ClusterOptions, 'kubeconfig' | 'context'>,
  environment: KubeConfigEnvironment = {},
): ResolvedKubeConfig {
  const env = environment.env ?? process.env;
  const saPrefix = environment.inClusterPathPrefix ?? '';
  const files = kubeconfigFiles(options.kubeconfig, environment);
  if (files === 'in-cluster') return inCluster(new KubeConfig(), env, saPrefix, options.context);
  const { kc, origin } = loadKubeConfigFiles(files);
  const contextNames = kc.getContexts().map((c) => c.name);
  const wanted = options.context ?? kc.getCurrentContext();
  if (!wanted) {
    throw new ClusterSourceError(
      `kubeconfig ${origin} has no current-context: pick one with --context (contexts: ${contextNames.join(', ') || 'none'})`,
      2,
    );
  }
  const context = kc.getContextObject(wanted);
  if (!context) {
    throw new ClusterSourceError(
      `context "${wanted}" is not in kubeconfig ${origin}: pick one of ${contextNames.map((c) => `"${c}"`).join(', ') || '(no contexts)'} with --context`,
      2,
    );
  }
  kc.setCurrentContext(wanted);
  const cluster = kc.getCurrentCluster();
  if (!cluster?.server) {
    throw new ClusterSourceError(
      `context "${wanted}" in ${origin} refers to cluster "${context.cluster}", which is missing or has no server: fix the kubeconfig or pick another --context`,
      2,
    );
  }
  if (cluster.server.startsWith('http:') && !cluster.skipTLSVerify) {
    // client-node refuses plain HTTP unless TLS verification is explicitly off: say so up front.
    throw new ClusterSourceError(
      `the server of context "${wanted}" is plain HTTP (${cluster.server}): credentials would travel unencrypted. ` +
        'Use its https:// address, or set insecure-skip-tls-verify: true on the cluster if it is a local proxy such as kubectl proxy',
      2,
    );
  }
  const sameIdentity = kc.getContexts().filter((c) => c.name !== wanted && c.cluster === context.cluster && c.user === context.user);
  const contextNamespaces = unique([context.namespace, ...sameIdentity.map((c) => c.namespace)]);
  return { kc, server: cluster.server, context: wanted, user: context.user, inCluster: false, contextNamespaces, origin };
}

/**
 * The kubeconfig files to read, as kubectl picks them: `kubeconfig` (one path, or a list joined
 * like $KUBECONFIG with `:`, `;` on Windows; every file must exist), else the files in $KUBECONFIG
 * (missing ones skipped), else ~/.kube/config; `in-cluster` in a pod with a service account token
 * when there is none of those.
 *
 * @throws ClusterSourceError (exit code 2) when a named file does not exist or none is found.
 */
export function kubeconfigFiles(kubeconfig: string | undefined, environment: KubeConfigEnvironment = {}): string[] | 'in-cluster' {
  const env = environment.env ?? process.env;
  const home = environment.home ?? homedir();
  const saPrefix = environment.inClusterPathPrefix ?? '';
  if (kubeconfig) {
    const listed = kubeconfig.split(delimiter).filter(Boolean);
    const missing = listed.find((f) => !existsSync(f));
    if (missing !== undefined || listed.length === 0) {
      throw new ClusterSourceError(
        `kubeconfig ${missing ?? kubeconfig} does not exist: pass an existing file with --kubeconfig, or leave it out to use $KUBECONFIG or ~/.kube/config`,
        2,
      );
    }
    return listed;
  }
  if (env.KUBECONFIG) {
    const listed = env.KUBECONFIG.split(delimiter).filter(Boolean);
    const files = listed.filter((f) => existsSync(f));
    if (files.length === 0) {
      throw new ClusterSourceError(
        `none of the files in $KUBECONFIG exists (${listed.join(', ')}): fix $KUBECONFIG or pass --kubeconfig FILE`,
        2,
      );
    }
    return files;
  }
  if (existsSync(join(home, '.kube', 'config'))) return [join(home, '.kube', 'config')];
  if (env.KUBERNETES_SERVICE_HOST && existsSync(`${saPrefix}${SERVICE_ACCOUNT_DIR}/token`)) return 'in-cluster';
  throw new ClusterSourceError(
    'no kubeconfig found ($KUBECONFIG is unset, ~/.kube/config does not exist, and this is not a pod with a service account token): ' +
      'pass --kubeconfig FILE, set KUBECONFIG, or scan manifests with --file PATH',
    2,
  );
}

/**
 * Load and merge kubeconfig files the way kubectl does (the first file to define a name wins).
 *
 * @throws ClusterSourceError (exit code 2) for a file that is not a valid kubeconfig.
 */
export function loadKubeConfigFiles(files: string[]): { kc: KubeConfig; origin: string } {
  const kc = new KubeConfig();
  for (const [i, file] of files.entries()) {
    const next = i === 0 ? kc : new KubeConfig();
    try {
      // read with a bound (a kubeconfig of /dev/zero never ends), then as client-node's loadFromFile does
      next.loadFromString(readFileBounded(file, MAX_SETTINGS_BYTES).toString('utf8'));
      next.makePathsAbsolute(dirname(file));
    } catch (err) {
      throw new ClusterSourceError(
        `kubeconfig ${file} is not valid: ${(err as Error).message}. Fix the file or pass another with --kubeconfig`,
        2,
      );
    }
    if (next !== kc) mergeFirstWins(kc, next);
  }
  useKubectlCredentials(kc, files);
  return { kc, origin: files.join(delimiter) };
}

function inCluster(kc: KubeConfig, env: NodeJS.ProcessEnv, saPrefix: string, context: string | undefined): ResolvedKubeConfig {
  if (context) {
    throw new ClusterSourceError(
      `--context "${context}" was given, but there is no kubeconfig (running in a pod with its service account): pass --kubeconfig FILE too, or leave out --context`,
      2,
    );
  }
  // client-node reads KUBERNETES_SERVICE_HOST/PORT from process.env itself.
  const saved = { host: process.env.KUBERNETES_SERVICE_HOST, port: process.env.KUBERNETES_SERVICE_PORT };
  process.env.KUBERNETES_SERVICE_HOST = env.KUBERNETES_SERVICE_HOST;
  process.env.KUBERNETES_SERVICE_PORT = env.KUBERNETES_SERVICE_PORT;
  try {
    kc.loadFromCluster(saPrefix);
  } finally {
    restoreEnv('KUBERNETES_SERVICE_HOST', saved.host);
    restoreEnv('KUBERNETES_SERVICE_PORT', saved.port);
  }
  const dir = `${saPrefix}${SERVICE_ACCOUNT_DIR}`;
  const namespace = readTrimmed(`${dir}/namespace`);
  const user = serviceAccountOf(readTrimmed(`${dir}/token`));
  return {
    kc,
    server: kc.getCurrentCluster()?.server ?? '',
    user,
    inCluster: true,
    contextNamespaces: unique([namespace]),
    origin: `in-cluster service account (${dir})`,
  };
}

/**
 * Merge a later $KUBECONFIG file the way kubectl does: the first file to define a cluster, user or
 * context name, or current-context, wins (client-node's mergeConfig throws on a repeated name).
 * Source: https://kubernetes.io/docs/concepts/configuration/organize-cluster-access-kubeconfig/#merging-kubeconfig-files
 */
function mergeFirstWins(kc: KubeConfig, next: KubeConfig): void {
  for (const cluster of next.getClusters()) if (!kc.getCluster(cluster.name)) kc.addCluster(cluster);
  for (const user of next.getUsers()) if (!kc.getUser(user.name)) kc.addUser(user);
  for (const context of next.getContexts()) if (!kc.getContextObject(context.name)) kc.addContext(context);
  if (!kc.getCurrentContext() && next.getCurrentContext()) kc.setCurrentContext(next.getCurrentContext());
}

/** The `sub` claim of a service account token (`system:serviceaccount:<ns>:<name>`); the signature is the API server's business. */
export function serviceAccountOf(token: string | undefined): string | undefined {
  const payload = token?.split('.')[1];
  if (!payload) return undefined;
  try {
    const sub = (JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as { sub?: unknown }).sub;
    return typeof sub === 'string' ? sub : undefined;
  } catch {
    return undefined;
  }
}

function readTrimmed(file: string): string | undefined {
  try {
    return readFileSync(file, 'utf8').trim() || undefined;
  } catch {
    return undefined;
  }
}

function restoreEnv(key: string, value: string | undefined): void {
  if (value === undefined) delete process.env[key];
  else process.env[key] = value;
}

function unique(values: Array<string | undefined>): string[] {
  return [...new Set(values.filter((v): v is string => Boolean(v)))];
}
