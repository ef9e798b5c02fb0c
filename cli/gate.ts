import type { Severity } from '../src/engine/check.js';
import { atLeast } from '../src/engine/profiles.js';
import type { FleetGateReport, FleetReport } from '../src/engine/fleet.js';
import type { GateReport, Report } from '../src/engine/report.js';

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

/** Whether a gate was asked for at all (`--fail-on` other than none, or `--min-score`). */
export function gateIsSet(gate: GateOptions): boolean {
  return gate.failOn !== 'none' || gate.minScore !== undefined;
}

/**
 * The CI gate: decides exit 0 or 1 from a finished report, and says why in the verdict the reports
 * record (`report.gate`). Waived and not-evaluated results never fail it; an `error` result and a
 * document that could not be loaded (a load error that is not a warning) always do (when a gate is set).
 */
export function evaluateGate(report: Report, gate: GateOptions): GateReport {
  const reasons: string[] = [];
  let failing = 0;
  if (gate.failOn !== 'none') {
    const threshold = gate.failOn;
    failing = report.results.filter(
      (r) => r.status === 'fail' && atLeast(r.severity, threshold) && (!gate.newOnly || r.baseline !== 'existing'),
    ).length;
    if (failing > 0) {
      reasons.push(`${failing} ${gate.newOnly ? 'new ' : ''}failing result(s) at or above severity ${threshold}`);
    }
  }
  // A check that errored (a custom check that threw, returned garbage, called process.exit or ran
  // over its time budget) verified nothing: a gate never passes on it.
  const errors = gateIsSet(gate) ? report.results.filter((r) => r.status === 'error').length : 0;
  if (errors > 0) reasons.push(`${errors} check error(s): a check that errored verified nothing`);
  // A document that could not be loaded was not checked (the scan exits 2): the gate never passes without it.
  const unloaded = gateIsSet(gate) ? (report.loadErrors ?? []).filter((e) => e.level !== 'warning').length : 0;
  if (unloaded > 0) reasons.push(`${unloaded} document(s) could not be loaded: what was not checked cannot pass`);
  const score = report.score.score;
  if (gate.minScore !== undefined) {
    if (score === null) reasons.push(`no score could be computed (nothing was evaluated), required at least ${gate.minScore}`);
    else if (score < gate.minScore) reasons.push(`overall score ${score} is below --min-score ${gate.minScore}`);
  }
  return {
    failOn: gate.failOn,
    ...(gate.minScore !== undefined ? { minScore: gate.minScore } : {}),
    newOnly: Boolean(gate.newOnly),
    passed: reasons.length === 0,
    reasons,
    failing,
    score,
  };
}

/** The verdict as one line: `gate failed: <reasons>` or `gate passed: <what was required>`. */
export function gateLine(gate: GateReport): string {
  if (!gate.passed) return `gate failed: ${gate.reasons.join('; ')}`;
  const held: string[] = [];
  if (gate.failOn !== 'none') held.push(`no ${gate.newOnly ? 'new ' : ''}failing result at or above severity ${gate.failOn}`);
  if (gate.minScore !== undefined) held.push(`overall score ${gate.score} is at least --min-score ${gate.minScore}`);
  return `gate passed: ${held.join('; ')}`;
}

/**
 * The gate across a fleet: each scanned cluster's report gets its own verdict (`report.gate`), and
 * the fleet passes only when every cluster was scanned and passed. A cluster that could not be
 * scanned fails the fleet's gate: what was not checked cannot pass one. Reasons name their cluster;
 * `failing` adds up the clusters' counts. Returns the fleet with the verdicts (it is not changed).
 */
export function evaluateFleetGate(fleet: FleetReport, gate: GateOptions): FleetReport {
  const reasons: string[] = [];
  let failing = 0;
  const clusters = fleet.clusters.map((c) => {
    if (!c.report) {
      reasons.push(`cluster ${c.name} could not be scanned`);
      return c;
    }
    const verdict = evaluateGate(c.report, gate);
    failing += verdict.failing;
    reasons.push(...verdict.reasons.map((r) => `cluster ${c.name}: ${r}`));
    return { ...c, report: { ...c.report, gate: verdict } };
  });
  const verdict: FleetGateReport = {
    failOn: gate.failOn,
    ...(gate.minScore !== undefined ? { minScore: gate.minScore } : {}),
    newOnly: Boolean(gate.newOnly),
    passed: reasons.length === 0,
    reasons,
    failing,
  };
  return { ...fleet, clusters, gate: verdict };
}

/** The fleet's verdict as one line, like gateLine. */
export function fleetGateLine(gate: FleetGateReport, clusters: number): string {
  if (!gate.passed) return `gate failed: ${gate.reasons.join('; ')}`;
  const held: string[] = [];
  if (gate.failOn !== 'none') held.push(`no ${gate.newOnly ? 'new ' : ''}failing result at or above severity ${gate.failOn}`);
  if (gate.minScore !== undefined) held.push(`every overall score is at least --min-score ${gate.minScore}`);
  return `gate passed in all ${clusters} clusters: ${held.join('; ')}`;
}
