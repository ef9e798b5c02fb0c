import type { Report } from '../src/engine/report.js';
import type { FleetReport } from '../src/engine/fleet.js';

export interface ReporterOptions {
  /** Colour output (table only): true on a terminal unless NO_COLOR or --no-color. */
  color: boolean;
  /** Folder that manifest paths in SARIF are made relative to (the working directory). */
  baseDir: string;
  /**
   * Terminal columns the table fits and wraps its text to (table only): the terminal's width when
   * stdout is one, else $COLUMNS when set (cli/terminal-width.ts); undefined: no wrapping.
   */
  width?: number;
  /** The `cluster` label of metrics (`--cluster-name`); default: the kubeconfig context or API server host, or `manifests`. */
  clusterName?: string;
}

/**
 * A reporter renders a finished report; it never decides what failed. The report carries the whole
 * check catalog (`report.checks`), so SARIF can list every rule.
 */
export type Reporter = (report: Report, options: ReporterOptions) => string;

/** A reporter of a fleet (several clusters scanned together, or merged: src/engine/fleet.ts). */
export type FleetReporter = (fleet: FleetReport, options: ReporterOptions) => string;
