/** Exit codes, documented in the README. */
export const EXIT = {
  /** The gate passed (or no gate was set). */
  OK: 0,
  /** The gate failed: a failing result at or above --fail-on, or a score under --min-score. */
  GATE_FAILED: 1,
  /** Bad usage, configuration or input (unknown flag, missing file, invalid config, nothing to scan). */
  USAGE: 2,
  /** The scan could not run: cluster unreachable, credentials rejected, nothing readable. */
  CANNOT_RUN: 3,
} as const;

/** An error the CLI reports as one clear message (no stack trace) with its exit code. */
export class CliError extends Error {
  constructor(
    message: string,
    readonly exitCode: number,
  ) {
    super(message);
    this.name = 'CliError';
  }
}
