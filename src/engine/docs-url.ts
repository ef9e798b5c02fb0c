import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { PACKAGE_ROOT } from '../version.js';

/**
 * Where the check pages are (`<base><check-id>.md`; the probes' page is `<base>../probes.md`).
 *
 * By default, the pages shipped in the package (package.json `files`: `docs/checks/*.md`,
 * `docs/probes.md`) as a `file:` URL: the links of an HTML report work offline, on the machine
 * that ran the scan. `--docs-url` (or `docsUrl` in the config) points them to a hosted copy of
 * `docs/checks/` instead, for reports read elsewhere (a CI artifact, a pull-request comment).
 */
export const PACKAGED_DOCS_BASE_URL = `${pathToFileURL(join(PACKAGE_ROOT, 'docs', 'checks')).href}/`;

/** A documentation base that is not an absolute http(s) or file URL. */
export class DocsUrlError extends Error {}

/**
 * The base URL of the check pages from `--docs-url` or `docsUrl`: an absolute `https:`, `http:` or
 * `file:` URL (WHATWG URL parsing), with a trailing `/` added so that `<base><id>.md` stays inside
 * it (`https://docs.example.com/tenantscan/checks` -> `.../checks/`). Undefined: the packaged pages.
 *
 * @throws DocsUrlError for anything else (a relative path, `javascript:`, no scheme).
 */
export function docsBaseUrlOf(given: string | undefined): string {
  if (given === undefined) return PACKAGED_DOCS_BASE_URL;
  let url: URL;
  try {
    url = new URL(given);
  } catch {
    throw new DocsUrlError(`the documentation URL "${given}" is not an absolute URL: give https://host/path/ (a copy of docs/checks/)`);
  }
  if (!['https:', 'http:', 'file:'].includes(url.protocol))
    throw new DocsUrlError(`the documentation URL "${given}" must be an https, http or file URL, not ${url.protocol}`);
  url.search = '';
  url.hash = '';
  return url.href.endsWith('/') ? url.href : `${url.href}/`;
}
