import type { KubeObject } from '../model/types.js';
import { statusReason } from './cluster-discovery.js';
import { type ApiClient, type ApiResponse, ResponseTooLargeError } from './cluster-http.js';

/** Accept header for a metadata-only LIST (https://kubernetes.io/docs/reference/using-api/api-concepts/#receiving-resources-as-tables, PartialObjectMetadataList), with plain JSON as fallback. */
export const METADATA_ONLY_ACCEPT = 'application/json;as=PartialObjectMetadataList;g=meta.k8s.io;v=v1,application/json';

/** How often a list whose `continue` token expired (410 Gone) is started over before giving up. */
export const MAX_LIST_RESTARTS = 3;

/**
 * The most objects one list may hold before it is taken as endless: 5 million, far more than an etcd
 * of the largest supported size holds (https://kubernetes.io/docs/setup/best-practices/cluster-large/:
 * 150,000 Pods). With `limit`, it bounds the number of pages of a server that hands out new
 * `continue` tokens for ever.
 */
export const MAX_LIST_OBJECTS = 5_000_000;

/** The answers to a list cannot be used (garbage items, a `continue` token that never ends, a page too large): the list is not read. */
export class UnusableListError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UnusableListError';
  }
}

export type ListResult =
  { ok: true; items: KubeObject[]; pages: number; restarts: number } | { ok: false; response: ApiResponse; reason: string };

export interface ListRequest {
  /** Collection path without query: `/api/v1/namespaces/acme-prod/pods`. */
  path: string;
  accept: string;
  /** Names the list in progress lines and errors: `pods in acme-prod`. */
  what: string;
  pageSize: number;
  /** Turns one raw list item into what is kept (drops managedFields, status, ...). */
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- an item of a LIST response, JSON from the API server
  convert: (item: any) => KubeObject;
  onProgress?: (message: string) => void;
  /** Most pages read in one pass; default enough for MAX_LIST_OBJECTS at `pageSize`. */
  maxPages?: number;
}

/**
 * Read a whole collection with LIST pagination (`limit`/`continue`,
 * https://kubernetes.io/docs/reference/using-api/api-concepts/#retrieving-large-results-sets-in-chunks).
 * Each page is converted as soon as it arrives, so raw page text is not kept. When a `continue` token
 * has expired (410 Gone), the list starts over from the first page with nothing kept from the failed
 * pass, so no object is counted twice. Any other non-200 answer ends the list with its reason.
 *
 * A page longer than the client's response bound is asked for again with half the `limit` (a
 * `continue` token does not depend on the limit), down to one object.
 *
 * @throws UnusableListError when a page's `items` is not a list of objects, a `continue` token comes
 *   back that this pass already followed (the list would never end), the pass exceeds `maxPages`, or
 *   one object alone is larger than the response bound.
 * @throws as ApiClient.get (connection failures, the time budget).
 */
export async function listAll(client: ApiClient, request: ListRequest): Promise<ListResult> {
  const maxPages = request.maxPages ?? Math.ceil(MAX_LIST_OBJECTS / request.pageSize);
  let limit = request.pageSize;
  let restarts = 0;
  for (;;) {
    const items: KubeObject[] = [];
    const followed = new Set<string>();
    let token: string | undefined;
    let page = 0;
    for (;;) {
      page++;
      if (page > maxPages)
        throw new UnusableListError(
          `the API server answered ${maxPages} pages of ${request.what} and still sent a continue token: the list was stopped as endless`,
        );
      const query = `limit=${limit}${token ? `&continue=${encodeURIComponent(token)}` : ''}`;
      const what = `${request.what} (page ${page})`;
      request.onProgress?.(`reading ${what}`);
      let res: ApiResponse;
      try {
        res = await client.get(`${request.path}?${query}`, request.accept, what);
      } catch (err) {
        if (!(err instanceof ResponseTooLargeError)) throw err;
        if (limit === 1) throw new UnusableListError(`${err.message} with a single object per page (limit=1): the list was not read`);
        limit = Math.max(1, Math.floor(limit / 2));
        request.onProgress?.(`${err.message}: reading it again with limit=${limit}`);
        page--;
        continue;
      }
      // The only way out of this loop other than a return: the continue token expired.
      if (res.status === 410 && token) break;
      if (res.status !== 200) return { ok: false, response: res, reason: statusReason(res) };
      const pageItems: unknown = res.body?.items ?? [];
      if (!Array.isArray(pageItems))
        throw new UnusableListError(`the API server's answer to ${what} is not a list: its items are ${describe(pageItems)}`);
      const garbage = pageItems.filter((item) => !item || typeof item !== 'object' || Array.isArray(item));
      if (garbage.length)
        throw new UnusableListError(
          `the API server's answer to ${what} holds ${garbage.length} item(s) that are not objects (${garbage.slice(0, 3).map(describe).join(', ')}): the list was not read`,
        );
      for (const item of pageItems) items.push(request.convert(item));
      const next: unknown = res.body?.metadata?.continue;
      token = typeof next === 'string' && next ? next : undefined;
      if (!token) return { ok: true, items, pages: page, restarts };
      if (followed.has(token))
        throw new UnusableListError(
          `the API server sent the same continue token twice for ${request.what} (page ${page}): the list would never end and was stopped`,
        );
      followed.add(token);
    }
    restarts++;
    if (restarts > MAX_LIST_RESTARTS) {
      return {
        ok: false,
        response: { status: 410, body: undefined },
        reason: `410 Gone: the continue token of ${request.what} expired ${restarts} times; the list was started over each time and never finished`,
      };
    }
    request.onProgress?.(`continue token of ${request.what} expired (410 Gone): reading it again from the first page`);
  }
}

/** A short description of a JSON value for messages: `null`, `5`, `"x"`, `a list`, `an object`. */
function describe(value: unknown): string {
  if (Array.isArray(value)) return 'a list';
  if (value !== null && typeof value === 'object') return 'an object';
  const text = JSON.stringify(value) ?? String(value);
  return text.length > 40 ? `${text.slice(0, 40)}...` : text;
}
