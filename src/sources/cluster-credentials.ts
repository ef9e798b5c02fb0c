import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import type http from 'node:http';
import type https from 'node:https';
import { dirname, isAbsolute, join } from 'node:path';
import type { KubeConfig, User } from '@kubernetes/client-node';
import yaml from 'js-yaml';
import { CredentialError } from './cluster-http.js';

/**
 * Credentials of kubeconfig user entries that @kubernetes/client-node does not get the way kubectl
 * does (https://kubernetes.io/docs/reference/config-api/kubeconfig.v1/#AuthInfo):
 *
 * - `tokenFile`: client-node reads only `token-file`, so a kubectl kubeconfig's `tokenFile` was
 *   ignored and the request went out without a token (then blamed on an expired one). Read on each
 *   request (a rotated token is picked up); relative to the kubeconfig's folder.
 * - `exec` plugins (https://kubernetes.io/docs/reference/access-authn-authz/authentication/#client-go-credential-plugins):
 *   run with stdin closed and `KUBERNETES_EXEC_INFO` set (non-interactive), once for concurrent
 *   requests, cached until the credential's `expirationTimestamp` (for the run when it has none),
 *   stopped when the request's `signal` aborts (the scan's time budget); a failure names the exit
 *   code and the plugin's stderr. A `command` with a path separator is relative to the kubeconfig's folder.
 *
 * Other user entries are left to client-node.
 */
export function useKubectlCredentials(kc: KubeConfig, files: readonly string[]): void {
  const raw = rawUsers(files);
  const tokenFiles = new Map<string, string>();
  const plugins = new Map<string, ExecConfig>();
  const users = kc.getUsers();
  users.forEach((user, i) => {
    const entry = raw.get(user.name);
    if (!entry) return;
    if (user.exec && isMapping(user.exec) && typeof user.exec.command === 'string') {
      const command = user.exec.command;
      plugins.set(user.name, {
        ...(user.exec as unknown as ExecConfig),
        command: command.includes('/') && !isAbsolute(command) ? join(entry.dir, command) : command,
      });
      // client-node's own exec support would otherwise be chosen first (its authenticators come before added ones).
      users[i] = { ...user, exec: undefined };
    } else if (!user.token && typeof entry.user.tokenFile === 'string' && entry.user.tokenFile) {
      const file = entry.user.tokenFile;
      tokenFiles.set(user.name, isAbsolute(file) ? file : join(entry.dir, file));
    }
  });
  if (tokenFiles.size || plugins.size) kc.addAuthenticator(new KubectlCredentials(tokenFiles, plugins));
}

/** The `exec` entry of a kubeconfig user (client.authentication.k8s.io ExecConfig). */
interface ExecConfig {
  command: string;
  args?: string[];
  env?: Array<{ name: string; value: string }>;
  apiVersion?: string;
  installHint?: string;
}

/** What a plugin prints: an ExecCredential's status. */
interface ExecStatus {
  token?: string;
  clientCertificateData?: string;
  clientKeyData?: string;
  expirationTimestamp?: string;
}

/** How long a plugin's stderr may be in a message, in characters (its end is kept). */
const STDERR_IN_MESSAGE = 500;

/** client-node's Authenticator (not exported by its package index): `KubeConfig.addAuthenticator` takes one. */
interface Authenticator {
  isAuthProvider(user: User): boolean;
  applyAuthentication(user: User, opts: https.RequestOptions): Promise<void>;
}

class KubectlCredentials implements Authenticator {
  private readonly cache = new Map<string, { status: Promise<ExecStatus>; expires: number }>();

  constructor(
    private readonly tokenFiles: ReadonlyMap<string, string>,
    private readonly plugins: ReadonlyMap<string, ExecConfig>,
  ) {}

  isAuthProvider(user: User): boolean {
    return this.tokenFiles.has(user.name) || this.plugins.has(user.name);
  }

  async applyAuthentication(user: User, opts: https.RequestOptions): Promise<void> {
    const headers = (opts.headers ??= {}) as http.OutgoingHttpHeaders;
    const file = this.tokenFiles.get(user.name);
    if (file !== undefined) {
      headers.Authorization = `Bearer ${readTokenFile(file, user.name)}`;
      return;
    }
    const status = await this.credential(user.name, this.plugins.get(user.name)!, opts.signal ?? undefined);
    if (status.clientCertificateData) opts.cert = status.clientCertificateData;
    if (status.clientKeyData) opts.key = status.clientKeyData;
    if (status.token) headers.Authorization = `Bearer ${status.token}`;
  }

  private credential(name: string, exec: ExecConfig, signal: AbortSignal | undefined): Promise<ExecStatus> {
    const cached = this.cache.get(name);
    if (cached && cached.expires > Date.now()) return cached.status;
    const entry = { status: runPlugin(exec, signal), expires: Infinity };
    this.cache.set(name, entry);
    entry.status.then(
      (status) => {
        const expires = status.expirationTimestamp ? Date.parse(status.expirationTimestamp) : NaN;
        if (!Number.isNaN(expires)) entry.expires = expires;
      },
      () => this.cache.delete(name),
    );
    return entry.status;
  }
}

function readTokenFile(file: string, user: string): string {
  let token: string;
  try {
    token = readFileSync(file, 'utf8').trim();
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    throw new CredentialError(
      `the tokenFile of user "${user}", ${file}, ${code === 'ENOENT' ? 'does not exist' : `cannot be read (${(err as Error).message})`}`,
    );
  }
  if (!token) throw new CredentialError(`the tokenFile of user "${user}", ${file}, is empty`);
  return token;
}

/** Run an exec credential plugin and read its ExecCredential. @throws CredentialError saying why it gave none. */
function runPlugin(exec: ExecConfig, signal: AbortSignal | undefined): Promise<ExecStatus> {
  const name = `exec credential plugin "${exec.command}"`;
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    KUBERNETES_EXEC_INFO: JSON.stringify({ apiVersion: exec.apiVersion, kind: 'ExecCredential', spec: { interactive: false } }),
  };
  for (const e of Array.isArray(exec.env) ? exec.env : []) if (typeof e?.name === 'string') env[e.name] = String(e.value ?? '');
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(new CredentialError(`${name} was not started: the time budget ran out`));
    const child = spawn(exec.command, Array.isArray(exec.args) ? exec.args.map(String) : [], {
      env,
      stdio: ['ignore', 'pipe', 'pipe'],
      killSignal: 'SIGKILL',
      ...(signal ? { signal } : {}),
    });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (d: string) => (stdout += d));
    child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr = (stderr + d).slice(-10 * STDERR_IN_MESSAGE)));
    child.on('error', (err: NodeJS.ErrnoException) => {
      if (err.name === 'AbortError')
        reject(new CredentialError(`${name} gave no credentials within the time budget (--timeout) and was stopped`));
      else if (err.code === 'ENOENT')
        reject(new CredentialError(`${name} could not be started: it is not installed or not on PATH${hint(exec)}`));
      else reject(new CredentialError(`${name} could not be started: ${err.message}${hint(exec)}`));
    });
    child.on('close', (code, killedBy) => {
      const said = stderr.trim();
      const tail = said.length > STDERR_IN_MESSAGE ? `...${said.slice(-STDERR_IN_MESSAGE)}` : said;
      if (code !== 0)
        return reject(
          new CredentialError(
            `${name} ${code === null ? `was killed by ${killedBy}` : `exited with code ${code}`}${tail ? `: ${tail}` : ' and printed nothing on stderr'}`,
          ),
        );
      let status: unknown;
      try {
        status = (JSON.parse(stdout) as { status?: unknown })?.status;
      } catch {
        return reject(new CredentialError(`${name} printed no ExecCredential JSON (${stdout.trim() ? 'not JSON' : 'nothing'} on stdout)`));
      }
      if (!isMapping(status) || !(typeof status.token === 'string' || typeof status.clientCertificateData === 'string'))
        return reject(new CredentialError(`${name} printed an ExecCredential without a token or client certificate in its status`));
      resolve(status as ExecStatus);
    });
  });
}

function hint(exec: ExecConfig): string {
  return typeof exec.installHint === 'string' && exec.installHint.trim() ? ` (${exec.installHint.trim()})` : '';
}

/** The user entries of the kubeconfig files as written, by name (the first file to name a user wins, as kubectl merges), with the file's folder. */
function rawUsers(files: readonly string[]): Map<string, { user: Record<string, unknown>; dir: string }> {
  const users = new Map<string, { user: Record<string, unknown>; dir: string }>();
  for (const file of files) {
    let doc: unknown;
    try {
      doc = yaml.load(readFileSync(file, 'utf8'));
    } catch {
      continue; // client-node has read it already; a file it accepted but js-yaml does not keeps client-node's handling
    }
    const list = isMapping(doc) && Array.isArray(doc.users) ? doc.users : [];
    for (const entry of list) {
      if (isMapping(entry) && typeof entry.name === 'string' && isMapping(entry.user) && !users.has(entry.name))
        users.set(entry.name, { user: entry.user, dir: dirname(file) });
    }
  }
  return users;
}

function isMapping(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}
