import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Eta } from 'eta';
import type { FleetReport } from '../src/engine/fleet.js';
import { PACKAGE_ROOT } from '../src/version.js';
import { fleetGridOf, virtualClusterText } from './fleet-summary.js';
import { type FindingView, type HtmlView, type ScoreView, gradeClass, htmlViewOf } from './html-view.js';
import type { FleetReporter } from './types.js';

const ASSET_DIR = join(PACKAGE_ROOT, 'reports', 'html');

/** What the fleet template shows, computed and formatted; cluster strings are plain text (Eta escapes them). */
export interface FleetHtmlView {
  title: string;
  toolVersion: string;
  generatedAt: string;
  summaryText: string;
  gate?: { passed: boolean; reasons: string[] };
  clusters: Array<{ name: string; anchor: string; overall?: ScoreView; tenants: number; error?: string; link: string }>;
  grid: {
    clusters: string[];
    rows: Array<{ tenant: string; cells: Array<{ text: string; sub: string; className: string; title: string }> }>;
  };
  /** Per scanned cluster: its view, and its failing findings up to MAX_FLEET_FINDING_ROWS (`moreFailing` left out). */
  sections: Array<{
    name: string;
    anchor: string;
    link?: string;
    view: HtmlView;
    failing: FindingView[];
    failingCount: number;
    moreFailing: number;
  }>;
}

/**
 * Failing findings listed per cluster in the fleet page, which has no script to page through them
 * (a large cluster has tens of thousands): the rest are in that cluster's own HTML report.
 */
export const MAX_FLEET_FINDING_ROWS = 500;

const eta = new Eta({ autoEscape: true, autoTrim: [false, 'nl'], cache: false, useWith: false, varName: 'it' });

/**
 * `--format html` of a fleet: one self-contained page (inline CSS, no script, no network fetch)
 * with the clusters, the tenant × cluster score grid, and per scanned cluster its tenants and
 * failing findings; each cluster's full single-cluster page is what `scan` of it alone writes.
 * The Content-Security-Policy allows only the page's own stylesheet (by SHA-256) and no script.
 */
export const renderFleetHtml: FleetReporter = (fleet, options) => {
  const template = readFileSync(join(ASSET_DIR, 'fleet.eta'), 'utf8');
  const css = readFileSync(join(ASSET_DIR, 'report.css'), 'utf8');
  const csp = ["default-src 'none'", "script-src 'none'", `style-src '${sha256(css)}'`, "base-uri 'none'", "form-action 'none'"].join('; ');
  return eta.renderString(template, { view: fleetHtmlViewOf(fleet, options.baseDir), css, csp });
};

export function fleetHtmlViewOf(fleet: FleetReport, baseDir?: string): FleetHtmlView {
  const s = fleet.summary;
  const anchors = new Map(fleet.clusters.map((c, i) => [c.name, `cluster-${i + 1}`]));
  const grid = fleetGridOf(fleet);
  const views = new Map(fleet.clusters.flatMap((c) => (c.report ? [[c.name, htmlViewOf(c.report, baseDir)] as const] : [])));
  return {
    title: `tenantscan fleet: ${s.clusters} cluster(s)`,
    toolVersion: fleet.tool.version,
    generatedAt: fleet.generatedAt,
    summaryText: `${s.clusters} cluster(s): ${s.scanned} scanned${s.failed ? `, ${s.failed} could not be scanned` : ''}`,
    ...(fleet.gate ? { gate: { passed: fleet.gate.passed, reasons: fleet.gate.reasons } } : {}),
    clusters: fleet.clusters.map((c) => ({
      name: c.name,
      anchor: anchors.get(c.name)!,
      ...(views.has(c.name) ? { overall: views.get(c.name)!.overall } : {}),
      tenants: c.report?.tenants.length ?? 0,
      ...(c.error ? { error: c.error.message } : {}),
      link: c.virtualClusterOf ? virtualClusterText(c.virtualClusterOf) : '',
    })),
    grid: {
      clusters: grid.clusters,
      rows: grid.rows.map((row) => ({
        tenant: row.tenant,
        cells: row.cells.map((cell, i) =>
          cell
            ? {
                text: cell.score === null ? 'n/a' : String(Math.round(cell.score)),
                sub: cell.grade,
                className: cell.score === null ? 'heat-ne' : gradeClass(cell.grade),
                title: `${row.tenant} in ${grid.clusters[i]}: score ${cell.score ?? 'n/a'}, grade ${cell.grade}, coverage ${Math.round(cell.coverage * 100)}%`,
              }
            : { text: '·', sub: '', className: 'heat-none', title: `${grid.clusters[i]} has no tenant ${row.tenant}` },
        ),
      })),
    },
    sections: fleet.clusters.flatMap((c) =>
      views.has(c.name)
        ? [
            {
              name: c.name,
              anchor: anchors.get(c.name)!,
              ...(c.virtualClusterOf ? { link: virtualClusterText(c.virtualClusterOf) } : {}),
              view: views.get(c.name)!,
              ...failingOf(views.get(c.name)!),
            },
          ]
        : [],
    ),
  };
}

function failingOf(view: HtmlView): { failing: FindingView[]; failingCount: number; moreFailing: number } {
  const failing = view.findings.filter((f) => f.status === 'fail');
  const shown = failing.slice(0, MAX_FLEET_FINDING_ROWS);
  return { failing: shown, failingCount: failing.length, moreFailing: failing.length - shown.length };
}

function sha256(text: string): string {
  return `sha256-${createHash('sha256').update(text, 'utf8').digest('base64')}`;
}
