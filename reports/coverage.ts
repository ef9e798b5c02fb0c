import type { Report } from '../src/engine/report.js';
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
  const byCheck = new Map<string, UnjudgedCheck & { scopeSet: Set<string> }>();
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
  const unjudged = [...byCheck.values()]
    .map(({ scopeSet, ...e }) => ({ ...e, scopes: [...scopeSet].sort() }))
    .sort((a, b) => a.checkId.localeCompare(b.checkId));
  return { unread, unjudged };
}
