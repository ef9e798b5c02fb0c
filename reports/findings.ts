import { isAbsolute, relative, sep } from 'node:path';
import { SEVERITIES } from '../src/engine/check.js';
import type { CheckInfo, Report } from '../src/engine/report.js';
import type { Result } from '../src/engine/result.js';
import { CLUSTER_SCOPE } from '../src/engine/scoring.js';
import { type ObjectRef, type SourceLocation, groupKindOf, refKey } from '../src/model/types.js';

/**
 * What the people-facing reporters (HTML, Markdown) list as findings: failing and waived results
 * (a waived failure is shown and counted apart, never dropped). Passes, `not-evaluated` and `error`
 * results belong to the score and the coverage sections, not to the findings.
 */
export function findingsOf(report: Report): Result[] {
  return report.results.filter((r) => r.status === 'fail' || r.status === 'waived').sort(compareFindings);
}

/** Order: severity (critical first), then failing before waived, then tenant, check, object and path. */
export function compareFindings(a: Result, b: Result): number {
  return (
    SEVERITIES.indexOf(a.severity) - SEVERITIES.indexOf(b.severity) ||
    Number(a.status === 'waived') - Number(b.status === 'waived') ||
    scopeOf(a).localeCompare(scopeOf(b)) ||
    a.checkId.localeCompare(b.checkId) ||
    refKey(a.subject).localeCompare(refKey(b.subject)) ||
    (a.path ?? '').localeCompare(b.path ?? '')
  );
}

/** The scoring scope of a result: its tenant, or `(cluster)` for platform and cluster-wide subjects (src/engine/scoring.ts). */
export function scopeOf(result: Pick<Result, 'tenant'>): string {
  return result.tenant ?? CLUSTER_SCOPE;
}

/** How people-facing reports name the `(cluster)` scope: platform namespaces and cluster-wide subjects. */
export const CLUSTER_LABEL = 'cluster & platform';

/** A scope as people read it: the tenant's name, or `cluster & platform`. */
export function scopeLabel(scope: string): string {
  return scope === CLUSTER_SCOPE ? CLUSTER_LABEL : scope;
}

/** `Deployment.apps acme-prod/web`, or `StorageClass.storage.k8s.io retain-ssd` when cluster-scoped. */
export function objectLabel(ref: ObjectRef): string {
  return `${groupKindOf(ref)} ${ref.namespace ? `${ref.namespace}/` : ''}${ref.name}`;
}

/** Where to look: `file:line[:column]` for manifests (see `lineRef`), else the JSON pointer into the object, else nothing. */
export function whereOf(result: Result, baseDir?: string): string {
  if (result.location) return `${lineRef(result.location, baseDir)}${result.path ? ` ${result.path}` : ''}`;
  return result.path ?? '';
}

/**
 * `file:line:column` (or `file:line` when no field was located), the form editors and terminals
 * open at the position; the file as `displayPath` gives it.
 */
export function lineRef(location: SourceLocation, baseDir?: string): string {
  return `${displayPath(location.file, baseDir)}:${location.line}${location.column ? `:${location.column}` : ''}`;
}

/**
 * A manifest path as people and CI tools want it: relative to `baseDir` (the working directory,
 * usually the repository root) when the file lies inside it, else as given.
 */
export function displayPath(file: string, baseDir?: string): string {
  if (!baseDir || !isAbsolute(file)) return file;
  const rel = relative(baseDir, file);
  return rel && !rel.startsWith('..') && !isAbsolute(rel) ? rel.split(sep).join('/') : file;
}

/** The check catalog by ID. */
export function checksById(report: Report): Map<string, CheckInfo> {
  return new Map(report.checks.map((c) => [c.id, c]));
}

/**
 * A URL fit for an `href`: only http(s). Custom checks bring their own references, and a
 * `javascript:` URL would run when clicked, however well the attribute is escaped.
 */
export function safeHttpUrl(url: string | undefined): string | undefined {
  if (!url) return undefined;
  try {
    const parsed = new URL(url);
    return parsed.protocol === 'https:' || parsed.protocol === 'http:' ? parsed.href : undefined;
  } catch {
    return undefined;
  }
}

/**
 * A URL fit for a link in the HTML report: http(s), or `file:` for the check pages installed with
 * tenantscan (src/engine/docs-url.ts: the default, so the links work offline). Never `javascript:`
 * or `data:`, which would run or show content of the report's choosing when clicked.
 */
export function safeLinkUrl(url: string | undefined): string | undefined {
  if (!url) return undefined;
  try {
    const parsed = new URL(url);
    return ['https:', 'http:', 'file:'].includes(parsed.protocol) ? parsed.href : undefined;
  } catch {
    return undefined;
  }
}

/** Count of results by status, for summaries. */
export function statusCounts(results: readonly Result[]): Record<Result['status'], number> {
  const counts: Record<Result['status'], number> = { pass: 0, fail: 0, waived: 0, 'not-evaluated': 0, error: 0 };
  for (const r of results) counts[r.status]++;
  return counts;
}
