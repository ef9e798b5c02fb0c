import type { BaselineReport } from '../src/engine/baseline.js';
import type { Report } from '../src/engine/report.js';
import type { WaiverReport, WaiverUse } from '../src/engine/waivers.js';

/**
 * The optional `waivers` section (src/engine/waivers.ts), present when waivers were applied: which
 * waivers applied, which expired (and so no longer apply), which matched nothing. Undefined when
 * absent or not of that shape (reports written before waivers existed).
 */
export function waiversOf(report: Report): WaiverReport | undefined {
  const w = report.waivers as Partial<WaiverReport> | undefined;
  if (!w || typeof w !== 'object' || !Array.isArray(w.applied) || !Array.isArray(w.expired) || !Array.isArray(w.unused)) return undefined;
  return w as WaiverReport;
}

/** The optional `baseline` section (src/engine/baseline.ts): the file compared with, and new/existing/fixed counts. */
export function baselineOf(report: Report): BaselineReport | undefined {
  const b = report.baseline as Partial<BaselineReport> | undefined;
  if (!b || typeof b !== 'object' || typeof b.file !== 'string' || typeof b.new !== 'number') return undefined;
  return b as BaselineReport;
}

/** One line naming a waiver: `quota-missing on tenant=acme, name=web-*` or `storage-hostpath-volume on Deployment/ns/name (annotation)`. */
export function waiverText(w: WaiverUse): string {
  const match =
    w.object ??
    Object.entries(w.match ?? {})
      .map(([k, v]) => `${k}=${v}`)
      .join(', ');
  return `${w.check}${match ? ` on ${match}` : ' on every object'} (${w.origin}${w.expires ? `, expires ${w.expires}` : ''}): ${w.reason}`;
}
