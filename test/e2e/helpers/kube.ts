// A small typed face on scripts/cluster/apply.mjs's client (the test cluster's own tooling), for
// setup and for independent counts that the scanner's output is compared with.
// @ts-expect-error: apply.mjs is plain JavaScript without type declarations
import { applyManifests as applyJs, loadKubeconfig, makeClient, readManifests as readJs } from '../../../scripts/cluster/apply.mjs';

export interface KubeResponse {
  status: number;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- JSON and YAML of the test cluster, read by the tests as they need
  body: any;
  text: string;
}

export interface KubeClient {
  request(method: string, path: string, body?: unknown, contentType?: string): Promise<KubeResponse>;
  close(): void;
}

/** A client with the credentials of one kubeconfig (and context). */
export function clientFor(kubeconfigPath: string, context?: string): KubeClient {
  return makeClient(loadKubeconfig(kubeconfigPath, context)) as KubeClient;
}

/** A client for an explicit server and bearer token (a service account's token, a proxy). */
export function tokenClient(server: string, token: string, ca: Buffer): KubeClient {
  return makeClient({ server, token, ca, insecure: false }) as KubeClient;
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- JSON and YAML of the test cluster, read by the tests as they need
export type Manifest = { obj: any; src: string };

export const readManifests: (paths: string[]) => Manifest[] = readJs;

export const applyManifests: (options: {
  kubeconfig: string;
  context?: string;
  paths: string[];
  log?: (line: string) => void;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- JSON and YAML of the test cluster, read by the tests as they need
}) => Promise<any[]> = applyJs;

/** GET a collection without pagination and return its items (an independent count for comparisons). */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- JSON and YAML of the test cluster, read by the tests as they need
export async function listItems(client: KubeClient, path: string): Promise<any[]> {
  const res = await client.request('GET', path);
  if (res.status !== 200) throw new Error(`GET ${path}: HTTP ${res.status} ${res.text.slice(0, 200)}`);
  return res.body.items;
}

export const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** Poll `probe` until it returns a truthy value, or fail after `timeoutMs` naming `what`. */
export async function waitFor<T>(what: string, probe: () => Promise<T | undefined | false | null>, timeoutMs = 90_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs / 1000} s waiting for ${what}`);
    await sleep(500);
  }
}
