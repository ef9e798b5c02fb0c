import { type AnyCheck, type Profile, type Severity, SEVERITIES, severityOf } from './check.js';

/** Rank for comparisons: critical = 4 ... info = 0. */
export function severityRank(severity: Severity): number {
  return SEVERITIES.length - 1 - SEVERITIES.indexOf(severity);
}

export function atLeast(severity: Severity, threshold: Severity): boolean {
  return severityRank(severity) >= severityRank(threshold);
}

/** The severity of a check under a profile, after the config's per-check overrides. */
export function effectiveSeverity(check: AnyCheck, profile: Profile, overrides: Record<string, Severity> = {}): Severity {
  return overrides[check.id] ?? severityOf(check, profile);
}
