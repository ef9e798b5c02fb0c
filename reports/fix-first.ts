import { SEVERITIES, type Severity } from '../src/engine/check.js';
import type { Report } from '../src/engine/report.js';
import { type ObjectRef, refKey } from '../src/model/types.js';
import { checksById, scopeLabel, scopeOf } from './findings.js';

/** Failing checks listed under "Fix first" in the table and the HTML report. */
export const FIX_FIRST = 5;
/** Objects named per check; the rest are counted. */
export const FIX_FIRST_OBJECTS = 3;

/**
 * One entry of the "Fix first" list: a failing check, with what it fails on.
 *
 * - `scopes`: the tenants it fails in, and `(cluster)` (CLUSTER_SCOPE, src/engine/scoring.ts) for
 *   platform and cluster-wide subjects, sorted;
 * - `objects`: the first `FIX_FIRST_OBJECTS` distinct subjects that fail it, in result order;
 *   `moreObjects` counts the others.
 */
export interface FixFirstItem {
  checkId: string;
  title: string;
  severity: Severity;
  remediation: string;
  /** Failing results (one per finding). */
  findings: number;
  scopes: string[];
  objects: ObjectRef[];
  moreObjects: number;
}

/** `2 finding(s) in globex, initech` (`cluster & platform` for the cluster scope): the count as every report words it. */
export function fixFirstWhere(item: FixFirstItem): string {
  return `${item.findings} finding(s) in ${item.scopes.map(scopeLabel).join(', ')}`;
}

/**
 * What to fix first: the checks with failing results (waived ones do not count), ranked by
 * severity (critical first), then by how many tenants they fail in, then by ID. The same list in
 * every people-facing report (the table and the HTML page), so they never disagree.
 */
export function fixFirstOf(report: Report, limit = FIX_FIRST): FixFirstItem[] {
  const byCheck = new Map<string, { severity: Severity; scopes: Set<string>; count: number; objects: Map<string, ObjectRef> }>();
  for (const r of report.results) {
    if (r.status !== 'fail') continue;
    let entry = byCheck.get(r.checkId);
    if (!entry) {
      entry = { severity: r.severity, scopes: new Set(), count: 0, objects: new Map() };
      byCheck.set(r.checkId, entry);
    }
    entry.scopes.add(scopeOf(r));
    if (!entry.objects.has(refKey(r.subject))) entry.objects.set(refKey(r.subject), r.subject);
    entry.count++;
  }
  const checks = checksById(report);
  return [...byCheck.entries()]
    .sort(
      ([a, x], [b, y]) =>
        SEVERITIES.indexOf(x.severity) - SEVERITIES.indexOf(y.severity) || y.scopes.size - x.scopes.size || a.localeCompare(b),
    )
    .slice(0, limit)
    .map(([checkId, e]) => {
      const check = checks.get(checkId);
      const objects = [...e.objects.values()];
      return {
        checkId,
        title: check?.title ?? checkId,
        severity: e.severity,
        remediation: check?.remediation ?? '',
        findings: e.count,
        scopes: [...e.scopes].sort(),
        objects: objects.slice(0, FIX_FIRST_OBJECTS),
        moreObjects: Math.max(0, objects.length - FIX_FIRST_OBJECTS),
      };
    });
}
