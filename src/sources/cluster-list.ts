import type { KubeObject } from '../model/types.js';
import { statusReason } from './cluster-discovery.js';
import type { ApiClient, ApiResponse } from './cluster-http.js';

/** Accept header for a metadata-only LIST (https://kubernetes.io/docs/reference/using-api/api-concepts/#receiving-resources-as-tables, PartialObjectMetadataList), with plain JSON as fallback. */
export const METADATA_ONLY_ACCEPT = 'application/json;as=PartialObjectMetadataList;g=meta.k8s.io;v=v1,application/json';

/** How often a list whose `continue` token expired (410 Gone) is started over before giving up. */
export const MAX_LIST_RESTARTS = 3;

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
}

/**
 * Read a whole collection with LIST pagination (`limit`/`continue`,
 * https://kubernetes.io/docs/reference/using-api/api-concepts/#retrieving-large-results-sets-in-chunks).
 * Each page is converted as soon as it arrives, so raw page text is not kept. When a `continue` token
 * has expired (410 Gone), the list starts over from the first page with nothing kept from the failed
 * pass, so no object is counted twice. Any other non-200 answer ends the list with its reason.
 */
export async function listAll(client: ApiClient, request: ListRequest): Promise<ListResult> {
  let restarts = 0;
  for (;;) {
    const items: KubeObject[] = [];
    let token: string | undefined;
    let page = 0;
    for (;;) {
      page++;
      const query = `limit=${request.pageSize}${token ? `&continue=${encodeURIComponent(token)}` : ''}`;
      const what = `${request.what} (page ${page})`;
      request.onProgress?.(`reading ${what}`);
      const res = await client.get(`${request.path}?${query}`, request.accept, what);
      // The only way out of this loop other than a return: the continue token expired.
      if (res.status === 410 && token) break;
      if (res.status !== 200) return { ok: false, response: res, reason: statusReason(res) };
      for (const item of res.body?.items ?? []) items.push(request.convert(item));
      token = res.body?.metadata?.continue || undefined;
      if (!token) return { ok: true, items, pages: page, restarts };
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
