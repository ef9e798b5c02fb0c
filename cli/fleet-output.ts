import type { FleetReport } from '../src/engine/fleet.js';
import type { FleetReporter } from '../reports/types.js';
import { CliError, EXIT } from './exit-codes.js';
import { type OutputTarget, type ScanArgs, type ScanIo, writeOutput } from './scan-command.js';

/**
 * The formats of a fleet report, by `--format` name. The others describe one cluster (SARIF,
 * JUnit, policy reports, metrics): scan each cluster alone for them.
 */
export const FLEET_REPORTERS: Record<string, () => Promise<FleetReporter>> = {
  table: async () => (await import('../reports/fleet-table.js')).renderFleetTable,
  json: async () => {
    const { renderFleetJsonChunks } = await import('../reports/fleet-json.js');
    return (fleet) => [...renderFleetJsonChunks(fleet)].join('');
  },
  markdown: async () => (await import('../reports/fleet-markdown.js')).renderFleetMarkdown,
  html: async () => (await import('../reports/fleet-html.js')).renderFleetHtml,
};

/** @throws CliError (exit 2) for a format a fleet report does not have. */
export function refuseNonFleetFormats(targets: OutputTarget[]): void {
  for (const t of targets) {
    if (!FLEET_REPORTERS[t.format])
      throw new CliError(
        `--format ${t.format} describes one cluster: a fleet report is written as ${Object.keys(FLEET_REPORTERS).join(', ')}. Scan each cluster alone (one --context) for ${t.format}.`,
        EXIT.USAGE,
      );
  }
}

/** Write the fleet report in every requested format (JSON in pieces: each cluster's report can be large). */
export async function writeFleetReports(
  fleet: FleetReport,
  targets: OutputTarget[],
  args: Pick<ScanArgs, 'color' | 'quiet'>,
  io: ScanIo,
): Promise<void> {
  for (const target of targets) {
    if (target.format === 'json') {
      const { renderFleetJsonChunks } = await import('../reports/fleet-json.js');
      await writeOutput(target, renderFleetJsonChunks(fleet), args, io);
      continue;
    }
    const color = args.color ?? (!target.path && io.stdoutIsTty && !process.env.NO_COLOR);
    const text = (await FLEET_REPORTERS[target.format]())(fleet, { color, baseDir: io.cwd });
    await writeOutput(target, [text], args, io);
  }
}
