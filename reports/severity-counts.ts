import { SEVERITIES, type Severity } from '../src/engine/check.js';
import type { Result } from '../src/engine/result.js';

/**
 * A severity as every people-facing report labels it: upper case (`CRITICAL`, `HIGH`), the form
 * the table prints, the Markdown tables show and the HTML badges render (their CSS upper-cases the
 * lower-case value).
 */
export function severityLabel(severity: Severity): string {
  return severity.toUpperCase();
}

/** Width of the longest label (`CRITICAL`): the table pads labels to it so the text after them lines up. */
export const SEVERITY_LABEL_WIDTH = Math.max(...SEVERITIES.map((s) => severityLabel(s).length));

/** Failing findings per severity, most severe first, leaving out severities with none. */
export function countsBySeverity(results: readonly Result[]): Array<{ severity: Severity; count: number }> {
  return SEVERITIES.map((severity) => ({ severity, count: results.filter((r) => r.severity === severity).length })).filter(
    (c) => c.count > 0,
  );
}

/**
 * `CRITICAL 6 · HIGH 29 · MEDIUM 40`: the counts of `countsBySeverity` laid out one way in the
 * table, Markdown and HTML reports (each may colour or emphasise the labels through `label`).
 */
export function severityCountsText(results: readonly Result[], label: (severity: Severity) => string = severityLabel): string {
  return countsBySeverity(results)
    .map((c) => `${label(c.severity)} ${c.count}`)
    .join(' · ');
}
