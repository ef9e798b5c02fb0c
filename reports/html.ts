import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Eta } from 'eta';
import { PACKAGE_ROOT } from '../src/version.js';
import { htmlViewOf } from './html-view.js';
import type { Reporter } from './types.js';

/** Template and assets, shipped with the package under reports/html/ (read at run time: tsc copies no assets). */
const ASSET_DIR = join(PACKAGE_ROOT, 'reports', 'html');

interface Assets {
  template: string;
  css: string;
  script: string;
}

let assets: Assets | undefined;

function loadAssets(): Assets {
  assets ??= {
    template: readFileSync(join(ASSET_DIR, 'report.eta'), 'utf8'),
    css: readFileSync(join(ASSET_DIR, 'report.css'), 'utf8'),
    script: readFileSync(join(ASSET_DIR, 'report.client.js'), 'utf8'),
  };
  return assets;
}

/**
 * Eta escapes every `<%= %>` interpolation (`& < > " '`); the template uses the raw form `<%~ %>`
 * only for the stylesheet and script shipped in reports/html/ and for `embedJson` output.
 */
const eta = new Eta({ autoEscape: true, autoTrim: [false, 'nl'], cache: false, useWith: false, varName: 'it' });

/**
 * `--format html`: one self-contained page (inline CSS and script, no network fetch, works offline
 * and as a CI artifact) with the overall score, a score per tenant, a tenant-by-family heat map,
 * the network reachability matrix when the report has one, the coverage gaps, the load errors and
 * every finding (failing and waived results) with its remediation and check page, filterable by
 * tenant, family, severity and status, page by page: the first page is HTML, every finding is in
 * the JSON data (`FindingsData`, reports/html-view.ts), from which the script builds each page.
 *
 * Safety: every cluster string goes through Eta's escaping; the findings data is JSON in a
 * `<script type="application/json">` with `<`, `>`, `&` and U+2028/9 escaped (`embedJson`), and the
 * script builds its rows with DOM calls and `textContent`; a
 * Content-Security-Policy allows only this page's own script and stylesheet (by SHA-256), so even
 * a missed escape could not run injected script or fetch anything.
 */
export const renderHtml: Reporter = (report, options) => {
  const { template, css, script } = loadAssets();
  const view = htmlViewOf(report, options.baseDir);
  const csp = [
    "default-src 'none'",
    `script-src '${sha256(script)}'`,
    `style-src '${sha256(css)}'`,
    'img-src data:',
    "base-uri 'none'",
    "form-action 'none'",
  ].join('; ');
  return eta.renderString(template, { view, css, script, csp, dataJson: embedJson(view.findingsData) });
};

/**
 * JSON safe to place inside a `<script>` element: the HTML parser ends a script at `</script`
 * whatever the JSON means, so `<` (and `>`, `&`) become `\u003c` escapes, which JSON.parse reads
 * back unchanged. U+2028/U+2029 are escaped too, for older JavaScript parsers.
 */
export function embedJson(value: unknown): string {
  return JSON.stringify(value)
    .replace(/</g, '\\u003c')
    .replace(/>/g, '\\u003e')
    .replace(/&/g, '\\u0026')
    .replace(/\u2028/g, '\\u2028')
    .replace(/\u2029/g, '\\u2029');
}

function sha256(text: string): string {
  return `sha256-${createHash('sha256').update(text, 'utf8').digest('base64')}`;
}
