import type { Severity } from './check.js';
import type { Result } from './result.js';

/**
 * Scoring, as published in docs/scoring.md. Everything it reads is in the JSON report's `results`,
 * so anyone can recompute it.
 *
 * A *unit* is one check within one scope (a tenant, or `cluster` for platform and cluster-wide
 * subjects). A unit's status:
 * - `fail` if any of its results failed;
 * - else `not-evaluated` if any result is `not-evaluated` or `error` (never counted as a pass);
 * - else `waived` if any failure was waived (accepted: left out of the score, counted separately,
 *   never turned into a pass);
 * - else `pass`.
 *
 * score(scope) = 100 * sum(weight of passed units) / sum(weight of passed and failed units),
 * weight by the severity under the profile: critical 10, high 6, medium 3, low 1, info 0.
 * A scope with no passed or failed unit has no score (null, grade `N/A`).
 * coverage(scope) = evaluated weight / (evaluated + not-evaluated weight), as a fraction 0..1.
 * The overall score pools the units of every scope (tenants and cluster) in one sum.
 * Grades: A >= 90, B >= 80, C >= 70, D >= 60, F below; a scope with a failed critical unit
 * is graded at best C.
 *
 * A scope whose coverage is below `minCoverage` (DEFAULT_MIN_COVERAGE, `scoring.minCoverage` in
 * the config) is not graded: score null, grade `N/A`, `insufficientCoverage: true`. A scan with a
 * tenant's own identity reads its namespaces and little else; the few units it can judge of other
 * tenants (often only failures that cluster-wide objects prove) would give them F 0.0, a verdict on
 * what could be read rather than on their isolation. The overall score then pools only the graded
 * scopes, and `covers` says which share of the cluster that is.
 */
export const SEVERITY_WEIGHTS: Readonly<Record<Severity, number>> = {
  critical: 10,
  high: 6,
  medium: 3,
  low: 1,
  info: 0,
};

export const GRADE_THRESHOLDS: ReadonlyArray<readonly [string, number]> = [
  ['A', 90],
  ['B', 80],
  ['C', 70],
  ['D', 60],
  ['F', 0],
];

export const CLUSTER_SCOPE = '(cluster)';

/**
 * Below this coverage a scope is not graded. One half: with coverage c, the weight left unjudged
 * could move the score anywhere in a band (1 - c) x 100 points wide, so at one half it spans five
 * grades and the grade says more about what could be read than about isolation; a scope that is
 * mostly judged (a read-only scanner missing one CRD group, a few namespaces forbidden) keeps its
 * grade, with its coverage beside it.
 */
export const DEFAULT_MIN_COVERAGE = 0.5;

export type UnitStatus = 'pass' | 'fail' | 'not-evaluated' | 'waived';

export interface Unit {
  scope: string;
  checkId: string;
  severity: Severity;
  status: UnitStatus;
}

export interface Score {
  /** 0..100, one decimal; null when nothing could be evaluated. */
  score: number | null;
  grade: string;
  /** Fraction 0..1 of the weight that could be evaluated, three decimals. */
  coverage: number;
  counts: { pass: number; fail: number; notEvaluated: number; waived: number };
  /** True when coverage is below the minimum: the scope is not graded (score null, grade `N/A`). */
  insufficientCoverage?: true;
}

export function unitsOf(results: readonly Result[]): Unit[] {
  const units = new Map<string, Unit & { seen: Set<string> }>();
  for (const r of results) {
    const scope = r.tenant ?? CLUSTER_SCOPE;
    const key = `${scope}\u0000${r.checkId}`;
    let unit = units.get(key);
    if (!unit) {
      unit = { scope, checkId: r.checkId, severity: r.severity, status: 'waived', seen: new Set() };
      units.set(key, unit);
    }
    unit.seen.add(r.status);
  }
  return [...units.values()].map(({ seen, ...unit }) => ({ ...unit, status: statusOf(seen) }));
}

function statusOf(seen: Set<string>): UnitStatus {
  if (seen.has('fail')) return 'fail';
  if (seen.has('not-evaluated') || seen.has('error')) return 'not-evaluated';
  if (seen.has('waived')) return 'waived';
  return 'pass';
}

/** The score of a set of units; with `minCoverage`, a scope judged on less than that share of its weight is not graded. */
export function scoreOf(units: readonly Unit[], minCoverage = 0): Score {
  let passed = 0;
  let failed = 0;
  let unevaluated = 0;
  let criticalFailed = false;
  const counts = { pass: 0, fail: 0, notEvaluated: 0, waived: 0 };
  for (const u of units) {
    const w = SEVERITY_WEIGHTS[u.severity];
    if (u.status === 'pass') {
      passed += w;
      counts.pass++;
    } else if (u.status === 'fail') {
      failed += w;
      counts.fail++;
      if (u.severity === 'critical') criticalFailed = true;
    } else if (u.status === 'not-evaluated') {
      unevaluated += w;
      counts.notEvaluated++;
    } else counts.waived++;
  }
  const evaluated = passed + failed;
  const coverage = evaluated + unevaluated === 0 ? (counts.notEvaluated > 0 ? 0 : 1) : round(evaluated / (evaluated + unevaluated), 3);
  if (counts.notEvaluated > 0 && coverage < minCoverage) return { score: null, grade: 'N/A', coverage, counts, insufficientCoverage: true };
  if (counts.pass + counts.fail === 0) return { score: null, grade: 'N/A', coverage, counts };
  const score = evaluated === 0 ? 100 : round((100 * passed) / evaluated, 1);
  let grade = gradeOf(score);
  if (criticalFailed && grade < 'C') grade = 'C';
  return { score, grade, coverage, counts };
}

export function gradeOf(score: number): string {
  return GRADE_THRESHOLDS.find(([, min]) => score >= min)?.[0] ?? 'F';
}

function round(value: number, digits: number): number {
  const f = 10 ** digits;
  return Math.round(value * f) / f;
}
