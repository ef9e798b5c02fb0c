import type { Report, ScoreReport } from '../src/engine/report.js';
import { type Score, unitsOf } from '../src/engine/scoring.js';
import type { AccessOutcome } from '../src/model/access.js';
import { scopeOf } from './findings.js';

/** A kind that was not read fully: `none` or `partial` (src/model/access.ts). */
export interface UnreadKind {
  groupKind: string;
  status: 'none' | 'partial';
  reason?: string;
  forbiddenNamespaces: string[];
}

/** The results of one check that could not be judged (`not-evaluated` or `error`). */
export interface UnjudgedCheck {
  checkId: string;
  notEvaluated: number;
  errors: number;
  /** Distinct reasons, in first-seen order. */
  reasons: string[];
  /** Scopes (tenants, `(cluster)`) concerned, sorted. */
  scopes: string[];
  /**
   * How the check is counted in each of those scopes (src/engine/scoring.ts units, which the
   * totals count): `notEvaluated` where no subject failed, `failing` where others failed. The
   * scopes of `notEvaluated` are what the report's "not evaluated" totals add up.
   */
  counted: { notEvaluated: string[]; failing: string[] };
}

/**
 * The coverage gaps of a report: what could not be read, and which checks could therefore not be
 * judged. Neither is ever counted as a pass (docs/scoring.md).
 */
export interface CoverageGaps {
  unread: UnreadKind[];
  unjudged: UnjudgedCheck[];
}

export function coverageGapsOf(report: Report): CoverageGaps {
  // Only kinds some check reads: a kind tenantscan never requests on purpose (Secrets) is no gap.
  const needed = new Set(report.checks.flatMap((c) => c.needs ?? []));
  const unread = report.access
    .filter(
      (a): a is AccessOutcome & { status: 'none' | 'partial' } =>
        (a.status === 'none' || a.status === 'partial') && needed.has(a.groupKind),
    )
    .map((a) => ({ groupKind: a.groupKind, status: a.status, reason: a.reason, forbiddenNamespaces: [...(a.forbiddenNamespaces ?? [])] }))
    .sort((a, b) => a.groupKind.localeCompare(b.groupKind));
  const byCheck = new Map<string, Omit<UnjudgedCheck, 'counted'> & { scopeSet: Set<string> }>();
  for (const r of report.results) {
    if (r.status !== 'not-evaluated' && r.status !== 'error') continue;
    let entry = byCheck.get(r.checkId);
    if (!entry) {
      entry = { checkId: r.checkId, notEvaluated: 0, errors: 0, reasons: [], scopes: [], scopeSet: new Set() };
      byCheck.set(r.checkId, entry);
    }
    if (r.status === 'error') entry.errors++;
    else entry.notEvaluated++;
    const reason = r.reason ?? r.status;
    if (!entry.reasons.includes(reason)) entry.reasons.push(reason);
    entry.scopeSet.add(scopeOf(r));
  }
  const unitStatus = new Map<string, string>();
  if (byCheck.size)
    for (const u of unitsOf(report.results)) if (byCheck.has(u.checkId)) unitStatus.set(`${u.checkId}\u0000${u.scope}`, u.status);
  const unjudged = [...byCheck.values()]
    .map(({ scopeSet, ...e }) => {
      const scopes = [...scopeSet].sort();
      const failing = scopes.filter((s) => unitStatus.get(`${e.checkId}\u0000${s}`) === 'fail');
      return { ...e, scopes, counted: { notEvaluated: scopes.filter((s) => !failing.includes(s)), failing } };
    })
    .sort((a, b) => a.checkId.localeCompare(b.checkId));
  return { unread, unjudged };
}

/**
 * What was not read of a kind: `not read`, `not read in namespace beta` / `in namespaces beta,
 * gamma` (a partial read names only the namespaces it could not read), or `not read completely`
 * (a list cut short). Never a namespace for a kind that was not read at all, cluster-scoped kinds
 * included.
 */
export function notReadText(kind: UnreadKind, name: (namespace: string) => string = (n) => n): string {
  if (kind.status === 'none') return 'not read';
  const ns = kind.forbiddenNamespaces;
  if (ns.length === 0) return 'not read completely';
  return `not read in namespace${ns.length > 1 ? 's' : ''} ${ns.map(name).join(', ')}`;
}

/**
 * One check that could not be judged everywhere, in the words every report uses:
 * `2 subject(s) not evaluated in acme, beta`, then, when the check failed on other subjects of a
 * scope, `; counted as failing in globex, where other subjects fail` (so the line agrees with the
 * totals, which count the check once per tenant). `scope` names a scope (`(cluster)` or a label).
 */
export function unjudgedText(u: UnjudgedCheck, scope: (s: string) => string = (s) => s): string {
  const what = u.errors
    ? u.notEvaluated
      ? `${u.notEvaluated} subject(s) not evaluated and ${u.errors} with errors`
      : `${u.errors} subject(s) with errors`
    : `${u.notEvaluated} subject(s) not evaluated`;
  const failing = u.counted.failing.length
    ? `; counted as failing in ${u.counted.failing.map(scope).join(', ')}, where other subjects fail`
    : '';
  return `${what} in ${u.scopes.map(scope).join(', ')}${failing}`;
}

/**
 * The head of a coverage section: `1 kind not read fully; 3 check(s) per tenant not evaluated (as
 * counted in the totals), from 4 subject(s)`, so that its numbers and the totals' agree.
 */
export function coverageSummaryText(gaps: CoverageGaps): string {
  const units = gaps.unjudged.reduce((n, u) => n + u.counted.notEvaluated.length, 0);
  const subjects = gaps.unjudged.reduce((n, u) => n + u.notEvaluated + u.errors, 0);
  const errors = gaps.unjudged.some((u) => u.errors > 0);
  const parts: string[] = [];
  if (gaps.unread.length) parts.push(`${gaps.unread.length} kind(s) not read fully`);
  if (gaps.unjudged.length)
    parts.push(
      `${units} check(s) per tenant not evaluated (as counted in the totals), from ${subjects} subject(s) not evaluated${errors ? ' or in error' : ''}`,
    );
  return parts.join('; ');
}

/**
 * What a scope shows instead of a grade when too little of it could be judged (docs/scoring.md):
 * `insufficient coverage (23% judged, 50% needed)`; undefined for a graded scope.
 */
export function insufficientCoverageText(
  s: Pick<Score, 'coverage' | 'insufficientCoverage'>,
  minCoverage: number | undefined,
): string | undefined {
  if (!s.insufficientCoverage) return undefined;
  const needed = minCoverage === undefined ? '' : `, ${Math.round(minCoverage * 100)}% needed`;
  return `insufficient coverage (${Math.round(s.coverage * 100)}% judged${needed})`;
}

/**
 * Which share of the cluster the overall score covers, when it is not all of it: `covers 1 of 3
 * tenants and the cluster scope`; undefined when every tenant and the cluster scope are graded (or
 * the report predates schema 2.3.0).
 */
export function coversText(score: Pick<ScoreReport, 'covers'>): string | undefined {
  const c = score.covers;
  if (!c || (c.tenants === c.of && c.cluster)) return undefined;
  return `covers ${c.tenants} of ${c.of} tenant(s) ${c.cluster ? 'and' : 'but not'} the cluster scope; the rest had too little coverage to grade`;
}
