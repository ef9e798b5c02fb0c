import { realpathSync } from 'node:fs';
import { basename } from 'node:path';
import type { ErrorObject } from 'ajv';
import { type FleetClusterInput, type FleetReport, fleetOf } from '../src/engine/fleet.js';
import type { Report } from '../src/engine/report.js';
import type { JsonFleetReport } from '../reports/fleet-json.js';
import { type JsonReport, resultsOfJsonReport } from '../reports/json.js';
import { terminalSafe } from '../reports/terminal-text.js';
import { clusterNameOf } from '../src/engine/cluster-name.js';
import { CliError, EXIT } from './exit-codes.js';
import { fleetExitCode } from './fleet-command.js';
import { refuseNonFleetFormats, writeFleetReports } from './fleet-output.js';
import { type GateOptions, evaluateFleetGate, gateIsSet } from './gate.js';
import { type ScanIo, pairOutputs, readBounded } from './scan-command.js';

export interface MergeArgs {
  reports: string[];
  format?: string[];
  output?: string[];
  failOn?: GateOptions['failOn'];
  minScore?: number;
  quiet: boolean;
  color?: boolean;
}

/** The largest report file read, in bytes (as --baseline). */
const MAX_REPORT_BYTES = 512 * 1024 * 1024;

/**
 * `tenantscan merge REPORT...`: combine JSON reports (each cluster's in-cluster run, or earlier
 * fleet reports) into one fleet report. Every file is validated against its schema (the report
 * schema, or the fleet schema for `kind: FleetReport`) before anything is merged; a file that is
 * not one is exit 2 with the file, the JSON pointer and the schema's complaint. A cluster is named
 * by the report's `cluster`, else its context, else its file name; the gate applies across the
 * fleet. Returns the exit code of a fleet scan (cli/fleet-command.ts).
 */
export async function runMerge(args: MergeArgs, terminal: ScanIo): Promise<number> {
  const io: ScanIo = { ...terminal, stderr: (text) => terminal.stderr(terminalSafe(text)) };
  const outputs = pairOutputs(args.format, args.output ?? []);
  refuseNonFleetFormats(outputs);
  // Loaded only here: ajv costs start-up time that a scan should not pay.
  const validators = await import('../reports/schema/index.js');
  const clusters = onceEach(args.reports, io, args.quiet).flatMap((file) => clustersOf(file, validators));
  if (!args.quiet) warnSameNames(clusters, io);
  const fleet = fleetOf(clusters);
  const gate: GateOptions = { failOn: args.failOn ?? 'none', minScore: args.minScore };
  const report: FleetReport = gateIsSet(gate) ? evaluateFleetGate(fleet, gate) : fleet;
  await writeFleetReports(report, outputs, args, io);
  return fleetExitCode(report, io, args.quiet);
}

/** The report files, each once: a file named twice (or by two paths) would count its clusters twice. */
function onceEach(files: readonly string[], io: ScanIo, quiet: boolean): string[] {
  const seen = new Map<string, string>();
  return files.filter((file) => {
    let key = file;
    try {
      key = realpathSync(file);
    } catch {
      // missing: clustersOf says so
    }
    const first = seen.get(key);
    if (first === undefined) {
      seen.set(key, file);
      return true;
    }
    if (!quiet) io.stderr(`tenantscan: warning: ${file} is ${first}, given again: read once\n`);
    return false;
  });
}

/** Reports of different files that name the same cluster are kept apart (fleetOf numbers them): say so. */
function warnSameNames(clusters: readonly FleetClusterInput[], io: ScanIo): void {
  const origins = new Map<string, string[]>();
  for (const c of clusters) origins.set(c.name, [...(origins.get(c.name) ?? []), c.origin ?? c.name]);
  for (const [name, from] of origins)
    if (from.length > 1)
      io.stderr(
        `tenantscan: warning: ${from.length} reports name the cluster ${name} (${from.join(', ')}): kept apart as ${name}, ${from
          .slice(1)
          .map((_, i) => `${name} #${i + 2}`)
          .join(', ')}; give each run its own --cluster-name\n`,
      );
}

/** The two schemas' validators (reports/schema/index.ts). */
export interface Validators {
  validateReport: (value: unknown) => ErrorObject[];
  validateFleet: (value: unknown) => ErrorObject[];
}

/** The clusters one file holds: one for a report, each of a fleet report's. */
export function clustersOf(file: string, validators: Validators): FleetClusterInput[] {
  let parsed: unknown;
  try {
    parsed = JSON.parse(readBounded(file, MAX_REPORT_BYTES));
  } catch (err) {
    throw new CliError(
      `cannot read ${file}: ${(err as Error).message}. Give JSON reports written by tenantscan --format json.`,
      EXIT.USAGE,
    );
  }
  return (parsed as { kind?: unknown })?.kind === 'FleetReport'
    ? fleetClusters(file, parsed, validators)
    : [reportCluster(file, parsed, validators)];
}

function reportCluster(file: string, parsed: unknown, validators: Validators): FleetClusterInput {
  refuseInvalid(file, validators.validateReport(parsed), 'a tenantscan JSON report (reports/schema/report.schema.json)');
  const report = reportOf(parsed as JsonReport);
  return {
    name: report.cluster ?? (report.source.type === 'cluster' ? clusterNameOf(report) : basename(file).replace(/\.json$/i, '')),
    ...(report.source.type === 'cluster' && report.source.context ? { context: report.source.context } : {}),
    origin: file,
    report,
  };
}

function fleetClusters(file: string, parsed: unknown, validators: Validators): FleetClusterInput[] {
  refuseInvalid(file, validators.validateFleet(parsed), 'a tenantscan fleet report (reports/schema/fleet.schema.json)');
  return (parsed as JsonFleetReport).clusters.map((c) => ({
    name: c.name,
    ...(c.context ? { context: c.context } : {}),
    origin: c.origin ? `${file}: ${c.origin}` : file,
    ...(c.report ? { report: reportOf(c.report) } : {}),
    ...(c.error ? { error: c.error } : {}),
  }));
}

/**
 * The report model of a JSON report: the document without its version (a gate given to merge
 * replaces the run's own), its grouped passes back among the results (resultsOfJsonReport; a
 * pass's message and location are not in the document).
 */
function reportOf(json: JsonReport): Report {
  const { schemaVersion: _version, passes: _passes, ...report } = json;
  return { ...report, results: resultsOfJsonReport(json) };
}

/** @throws CliError (exit 2) naming the file and the first problems the schema found. */
function refuseInvalid(file: string, errors: ErrorObject[], what: string): void {
  if (errors.length === 0) return;
  const shown = errors.slice(0, 5).map((e) => `${e.instancePath || '/'} ${e.message ?? 'is invalid'}`);
  throw new CliError(
    `${file} is not ${what}: ${shown.join('; ')}${errors.length > shown.length ? `; and ${errors.length - shown.length} more` : ''}. Give JSON reports written by tenantscan scan --format json (schema 2.x).`,
    EXIT.USAGE,
  );
}
