import type { Severity } from '../src/engine/check.js';
import { atLeast } from '../src/engine/profiles.js';
import type { Report } from '../src/engine/report.js';

export interface GateOptions {
  /** Fail on any failing result at or above this severity; `none` disables. */
  failOn: Severity | 'none';
  /** Fail when the overall score is below this (0-100). */
  minScore?: number;
  /** Count only failures that are new against the baseline. */
  newOnly?: boolean;
}

export interface GateOutcome {
  passed: boolean;
  reasons: string[];
}

/** The CI gate: decides exit 0 or 1 from a finished report. Waived and not-evaluated results never fail it. */
export function evaluateGate(report: Report, gate: GateOptions): GateOutcome {
  const reasons: string[] = [];
  if (gate.failOn !== 'none') {
    const threshold = gate.failOn;
    const failing = report.results.filter(
      (r) => r.status === 'fail' && atLeast(r.severity, threshold) && (!gate.newOnly || r.baseline !== 'existing'),
    );
    if (failing.length > 0) {
      reasons.push(`${failing.length} ${gate.newOnly ? 'new ' : ''}failing result(s) at or above severity ${threshold}`);
    }
  }
  if (gate.minScore !== undefined) {
    const score = report.score.score;
    if (score === null) reasons.push(`no score could be computed (nothing was evaluated), required at least ${gate.minScore}`);
    else if (score < gate.minScore) reasons.push(`overall score ${score} is below --min-score ${gate.minScore}`);
  }
  return { passed: reasons.length === 0, reasons };
}
