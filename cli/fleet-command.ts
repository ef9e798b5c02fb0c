import pLimit from 'p-limit';
import { type FleetClusterInput, type FleetReport, fleetOf } from '../src/engine/fleet.js';
import { ClusterSourceError } from '../src/sources/cluster-types.js';
import { type ClusterTarget, clusterTargets } from '../src/sources/cluster-targets.js';
import { terminalSafe } from '../reports/terminal-text.js';
import { CliError, EXIT } from './exit-codes.js';
import { writeFleetReports, refuseNonFleetFormats } from './fleet-output.js';
import { truncateLongStrings } from '../reports/long-strings.js';
import { DEFAULT_CLUSTER_CONCURRENCY } from './fleet-defaults.js';
import { evaluateFleetGate, fleetGateLine, gateIsSet } from './gate.js';
import { type ScanArgs, type ScanIo, gateOptionsOf, loadInput, pairOutputs, prepareScan, scanLoaded } from './scan-command.js';

/** `tenantscan scan` over several clusters: the flags that choose them. */
export interface FleetScanArgs extends ScanArgs {
  kubeconfigs: string[];
  contexts: string[];
  allContexts: boolean;
  clusterConcurrency?: number;
}

/**
 * Run a fleet scan (`--context` repeated, `--all-contexts`, several `--kubeconfig`): every cluster
 * is read and scanned with the same settings and checks, at most `--cluster-concurrency` at once;
 * one that cannot be scanned is recorded with its reason and does not stop the others. Writes the
 * fleet report in every requested format and returns the exit code:
 * 3 when no cluster could be scanned (2 when every cluster failed on its kubeconfig or context);
 * with a gate, 1 unless every cluster was scanned and passed it; else 0.
 */
export async function runFleetScan(args: FleetScanArgs, terminal: ScanIo): Promise<number> {
  const io: ScanIo = { ...terminal, stderr: (text) => terminal.stderr(terminalSafe(text)) };
  const started = performance.now();
  const outputs = pairOutputs(args.format, args.output ?? []);
  refuseNonFleetFormats(outputs);
  const prepared = await prepareScan(args, io);
  let targets: ClusterTarget[];
  try {
    targets = clusterTargets(
      { kubeconfigs: args.kubeconfigs, contexts: args.contexts, allContexts: args.allContexts },
      io.inClusterRoot ? { inClusterPathPrefix: io.inClusterRoot } : {},
    );
  } catch (err) {
    if (err instanceof ClusterSourceError) throw new CliError(err.message, err.exitCode);
    throw err;
  }
  if (!args.quiet) io.stderr(`tenantscan: scanning ${targets.length} cluster(s): ${targets.map(nameOf).join(', ')}\n`);
  // Per-cluster lines only: progress lines of clusters read at once would overwrite each other.
  const quietIo: ScanIo = { ...io, stderrIsTty: false };
  const limit = pLimit(args.clusterConcurrency ?? DEFAULT_CLUSTER_CONCURRENCY);
  const clusters = await Promise.all(targets.map((target) => limit(() => scanTarget(target, args, quietIo, prepared))));
  const fleet = fleetOf(clusters);
  const gateOptions = gateOptionsOf(args, prepared.settings);
  const gated: FleetReport = gateIsSet(gateOptions) ? evaluateFleetGate(fleet, gateOptions) : fleet;
  const report: FleetReport = { ...gated, durationSeconds: Math.round(performance.now() - started) / 1000 };
  await writeFleetReports(truncateLongStrings(report), outputs, args, io);
  return fleetExitCode(report, io, args.quiet);
}

/** The fleet's exit code, with its verdict and the clusters that could not be scanned on stderr (even with --quiet). */
export function fleetExitCode(report: FleetReport, io: Pick<ScanIo, 'stderr'>, quiet: boolean): number {
  const failed = report.clusters.filter((c) => c.error);
  if (report.gate) io.stderr(`tenantscan: ${fleetGateLine(report.gate, report.clusters.length)}\n`);
  if (report.summary.scanned === 0) {
    io.stderr(`tenantscan: no cluster could be scanned (${failed.length} failed; reasons above and in the report)\n`);
    return failed.every((c) => c.error?.exitCode === EXIT.USAGE) ? EXIT.USAGE : EXIT.CANNOT_RUN;
  }
  if (failed.length && !quiet)
    io.stderr(
      `tenantscan: ${failed.length} of ${report.clusters.length} cluster(s) could not be scanned: ${failed.map((c) => c.name).join(', ')}\n`,
    );
  if (report.gate) return report.gate.passed ? EXIT.OK : EXIT.GATE_FAILED;
  return EXIT.OK;
}

function nameOf(target: ClusterTarget): string {
  return target.context ?? 'in-cluster';
}

/** Read and scan one cluster; a failure is the cluster's outcome, not the command's. */
async function scanTarget(
  target: ClusterTarget,
  args: FleetScanArgs,
  io: ScanIo,
  prepared: Awaited<ReturnType<typeof prepareScan>>,
): Promise<FleetClusterInput> {
  const started = performance.now();
  const one: ScanArgs = { ...args, kubeconfig: target.kubeconfig, context: target.context };
  const base = { context: target.context, origin: target.origin };
  try {
    const input = await loadInput(one, io, io.stderr, prepared.readPlan);
    if (input.timedOut) io.stderr(`tenantscan: cluster ${nameOf(target)}: ${input.timedOut}. Its report covers what was read.\n`);
    const { report } = await scanLoaded(input, one, io, prepared, started);
    const name = report.cluster ?? nameOf(target);
    if (!args.quiet)
      io.stderr(
        `tenantscan: cluster ${name}: scanned in ${report.durationSeconds} s: score ${report.score.score ?? 'N/A'} (${report.score.grade}), ${report.tenants.length} tenant(s)\n`,
      );
    return { name, ...base, report };
  } catch (err) {
    if (!(err instanceof CliError)) throw err;
    io.stderr(`tenantscan: cluster ${nameOf(target)}: could not be scanned: ${err.message}\n`);
    return { name: nameOf(target), ...base, error: { message: err.message, exitCode: err.exitCode === EXIT.USAGE ? 2 : 3 } };
  }
}
