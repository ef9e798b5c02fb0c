import yargs from 'yargs';
import { hideBin } from 'yargs/helpers';
import { PROFILES, SEVERITIES } from '../src/engine/check.js';
import { TOOL_VERSION } from '../src/version.js';
import { CliError, EXIT } from './exit-codes.js';
import { FORMAT_NAMES } from './formats.js';
import { type ScanArgs, runScan, settingsOf } from './scan-command.js';
import { printConfig } from './config-command.js';
import { DEFAULT_CLUSTER_CONCURRENCY } from './fleet-defaults.js';
import { terminalSafe } from '../reports/terminal-text.js';
import { DEFAULT_HELP_WIDTH, terminalWidth } from './terminal-width.js';

/** For the executables in bin/ (which load the bundle of this module): see cli/standard-streams.ts. */
export { guardStandardStreams } from './standard-streams.js';

const write = (stream: NodeJS.WriteStream) => (text: string) => {
  stream.write(text);
};

/** How the command line was started. */
export interface MainOptions {
  /** The command name in usage and messages: `tenantscan`, or `kubectl tenantscan` for the plugin (bin/kubectl-tenantscan.js). */
  scriptName?: string;
}

/**
 * The tenantscan command line. Returns the exit code; never throws: usage errors, bad input and
 * unreachable clusters become one message on stderr (see cli/exit-codes.ts).
 */
export async function main(argv: string[] = hideBin(process.argv), options: MainOptions = {}): Promise<number> {
  let exitCode: number = EXIT.OK;
  const scriptName = options.scriptName ?? 'tenantscan';
  const parser = yargs(stdinAsValue(argv))
    .scriptName(scriptName)
    .usage('$0 <command> [options]\n\nAudit a Kubernetes cluster, live or as manifests, for gaps in the isolation between its tenants.')
    .command(
      ['scan', '$0'],
      'Scan manifests (--file) or the live cluster of the current kubeconfig context',
      (y) =>
        y
          .option('file', {
            alias: 'f',
            type: 'string',
            array: true,
            describe:
              'Manifest file or folder (recursive .yaml/.yml/.json); - for stdin. Repeatable. Without it, the live cluster is scanned.',
          })
          .option('kubeconfig', {
            type: 'string',
            array: true,
            nargs: 1,
            describe:
              'Path to the kubeconfig, or a list joined like $KUBECONFIG (default: $KUBECONFIG, ~/.kube/config, or in-cluster). Repeatable: each is its own kubeconfig, for a fleet scan',
          })
          .option('context', {
            type: 'string',
            array: true,
            nargs: 1,
            describe: 'kubeconfig context to use (default: current-context). Repeatable: a fleet scan of each',
          })
          .option('all-contexts', {
            type: 'boolean',
            describe: 'Fleet scan: every context of every kubeconfig, each cluster concurrently (README, Many clusters)',
          })
          .option('cluster-concurrency', {
            type: 'number',
            describe: `Fleet scan: most clusters read at once (default ${DEFAULT_CLUSTER_CONCURRENCY})`,
          })
          .option('namespace', {
            alias: 'n',
            type: 'string',
            default: 'default',
            describe: 'Namespace for manifest objects that name none (like kubectl apply -n)',
          })
          .option('format', {
            alias: 'o',
            type: 'string',
            array: true,
            describe: `Output format, repeatable: ${FORMAT_NAMES().join(', ')} (default: from each --output's extension, else table)`,
          })
          .option('output', { type: 'string', array: true, describe: 'Write the matching --format (in order) to this file; repeatable' })
          .option('cluster-name', {
            type: 'string',
            describe:
              "The cluster's name in the JSON report (for tenantscan merge) and the cluster label of --format prometheus (default: the context, or the API server's host)",
          })
          .option('publish', {
            type: 'string',
            choices: ['policyreports', 'openreports'] as const,
            describe:
              "Live scans: apply the results to the scanned cluster as PolicyReports (wgpolicyk8s.io) or OpenReports (openreports.io), replacing the last run's; the only write tenantscan makes",
          })
          .option('probe', {
            type: 'boolean',
            describe:
              'Live scans: act as each tenant (impersonation) and ask the API server with server-side dry runs and access reviews whether it admits what isolation forbids (docs/probes.md)',
          })
          .option('as', {
            type: 'string',
            describe: "With --probe: the user to act as for every tenant (default: each tenant's own subjects)",
          })
          .option('as-group', { type: 'string', array: true, describe: 'With --probe: a group to act as (repeatable)' })
          .option('profile', {
            choices: PROFILES,
            describe: 'Usage model: multi-team (trusted teams, the default) or multi-customer (untrusted tenants)',
          })
          .option('fail-on', {
            choices: [...SEVERITIES, 'none'] as const,
            describe: 'Exit 1 when a result fails at or above this severity (default none)',
          })
          .option('input-scope', {
            choices: ['cluster', 'partial'] as const,
            describe:
              'The input is the whole cluster, or part of it (CI on one chart): under partial, checks that need objects the input does not hold are not evaluated (default: inferred)',
          })
          .option('min-score', { type: 'number', describe: 'Exit 1 when the overall score is below this (0-100)' })
          .option('tenant-label', { type: 'string', describe: 'Namespace label whose value names the tenant' })
          .option('platform-namespace', {
            type: 'string',
            array: true,
            describe: 'Extra platform namespaces (names or globs), not tenants; repeatable',
          })
          .option('sandbox-handler', {
            type: 'string',
            array: true,
            describe: 'RuntimeClass handlers that count as sandboxes (globs); replaces the default runsc, gvisor, kata, kata-*',
          })
          .option('config', {
            alias: 'c',
            type: 'string',
            describe: 'Config file (default: .tenantscan.yaml found from the working directory upwards)',
          })
          .option('checks-dir', { type: 'string', describe: 'Folder of custom check modules (.js/.mjs) made with defineCheck' })
          .option('docs-url', {
            type: 'string',
            describe:
              'Base URL of the check pages that reports link to, a hosted copy of docs/checks/ (default: the pages installed with tenantscan, as a file: URL that works offline)',
          })
          .option('baseline', { type: 'string', describe: 'An earlier JSON report: mark each failure new or existing' })
          .option('baseline-optional', {
            type: 'boolean',
            default: false,
            describe: 'With --baseline: a missing file (the first scheduled run) means no baseline, not an error',
          })
          .option('fail-on-new-only', { type: 'boolean', default: false, describe: 'With --baseline: the gate counts only new failures' })
          .option('annotation-waivers', {
            type: 'boolean',
            describe:
              'Honour tenantscan.io/waive annotations, which tenants can write (default: on under multi-team, off under multi-customer; --no-annotation-waivers turns them off)',
          })
          .option('page-size', { type: 'number', describe: 'Live scan: objects per LIST page (default 500)' })
          .option('concurrency', { type: 'number', describe: 'Live scan: most LIST requests in flight (default 4)' })
          .option('timeout', { type: 'number', describe: 'Live scan: overall time budget in seconds (default 300)' })
          .option('quiet', { alias: 'q', type: 'boolean', default: false, describe: 'Print nothing but the report' })
          .option('color', { type: 'boolean', describe: 'Force colour on or off (default: on a terminal, unless NO_COLOR)' })
          .check((a) => {
            if (a['min-score'] !== undefined && (Number.isNaN(a['min-score']) || a['min-score'] < 0 || a['min-score'] > 100))
              throw new Error('--min-score must be a number from 0 to 100');
            for (const k of ['page-size', 'concurrency', 'timeout', 'cluster-concurrency'] as const) {
              const v = a[k];
              if (v !== undefined && (!Number.isFinite(v) || v <= 0)) throw new Error(`--${k} must be a positive number`);
            }
            for (const k of ['page-size', 'concurrency', 'cluster-concurrency'] as const) {
              const v = a[k];
              if (v !== undefined && !Number.isInteger(v)) throw new Error(`--${k} must be a whole number, not ${v}`);
            }
            if (a.file && a.file.length === 0) throw new Error('--file needs a path: a manifest file or folder, or - for stdin');
            for (const live of [
              'kubeconfig',
              'context',
              'all-contexts',
              'cluster-concurrency',
              'page-size',
              'concurrency',
              'timeout',
            ] as const) {
              if (a.file && a[live] !== undefined)
                throw new Error(`--file and --${live} exclude each other: --${live} is for live-cluster scans, --file scans manifests`);
            }
            if (a.file && a.probe) throw new Error('--probe asks the API server as each tenant: it needs a live scan, not --file');
            if ((a.as || a['as-group']) && !a.probe) throw new Error('--as and --as-group choose whom --probe acts as: give --probe');
            if (a.file && a.publish)
              throw new Error('--publish writes the reports to the scanned cluster: it needs a live scan, not --file');
            if (a['baseline-optional'] && !a.baseline)
              throw new Error('--baseline-optional needs --baseline (the JSON report to compare with when it exists)');
            if (isFleet(a)) {
              for (const single of ['probe', 'publish', 'baseline', 'cluster-name'] as const) {
                if (a[single] !== undefined && a[single] !== false)
                  throw new Error(
                    `--${single} works on one cluster, and this is a fleet scan (--all-contexts, or several --context or --kubeconfig): scan each cluster alone with it`,
                  );
              }
            } else if (a['cluster-concurrency'] !== undefined)
              throw new Error('--cluster-concurrency is for a fleet scan: give --all-contexts, or several --context or --kubeconfig');
            if (a['fail-on-new-only'] && !a.baseline)
              throw new Error('--fail-on-new-only needs --baseline (an earlier JSON report to compare with)');
            return true;
          }),
      async (a) => {
        const io = {
          stdout: write(process.stdout),
          stderr: write(process.stderr),
          stderrIsTty: Boolean(process.stderr.isTTY),
          stdoutIsTty: Boolean(process.stdout.isTTY),
          stdoutColumns: terminalWidth(process.stdout),
          cwd: process.cwd(),
          inClusterRoot: process.env.TENANTSCAN_IN_CLUSTER_ROOT || undefined,
        };
        const kubeconfigs = a.kubeconfig ?? [];
        const contexts = a.context ?? [];
        const args = { ...a, kubeconfig: kubeconfigs[0], context: contexts[0] } as unknown as ScanArgs;
        if (isFleet(a)) {
          // imported only here: fleet targets read kubeconfigs, which loads @kubernetes/client-node (issue 15, point 4)
          const { runFleetScan } = await import('./fleet-command.js');
          exitCode = await runFleetScan(
            { ...args, kubeconfigs, contexts, allContexts: Boolean(a['all-contexts']), clusterConcurrency: a['cluster-concurrency'] },
            io,
          );
        } else exitCode = await runScan(args, io);
      },
    )
    .command(
      'checks',
      'List the check catalog (ID, family, severity per profile, title)',
      (y) => y.option('format', { choices: ['table', 'json'] as const, default: 'table' as const }),
      async (a) => {
        const { listChecks } = await import('./catalog-commands.js');
        process.stdout.write(listChecks(a.format, undefined, terminalWidth(process.stdout)));
      },
    )
    .command(
      'explain <id>',
      "Print one check's documentation page",
      (y) => y.positional('id', { type: 'string', demandOption: true }),
      async (a) => {
        const { explainCheck } = await import('./catalog-commands.js');
        process.stdout.write(explainCheck(a.id));
      },
    )
    .command(
      'merge <reports..>',
      'Combine JSON reports (in-cluster runs of several clusters, or fleet reports) into one fleet report',
      (y) =>
        y
          .positional('reports', {
            type: 'string',
            array: true,
            demandOption: true,
            describe: 'JSON report files (tenantscan scan --format json)',
          })
          .option('format', {
            alias: 'o',
            type: 'string',
            array: true,
            describe: "Output format, repeatable: table, json, markdown, html (default: from each --output's extension, else table)",
          })
          .option('output', { type: 'string', array: true, describe: 'Write the matching --format (in order) to this file; repeatable' })
          .option('fail-on', {
            choices: [...SEVERITIES, 'none'] as const,
            describe: 'Exit 1 when a result of any cluster fails at or above this severity (default none)',
          })
          .option('min-score', { type: 'number', describe: "Exit 1 when a cluster's overall score is below this (0-100)" })
          .option('quiet', { alias: 'q', type: 'boolean', default: false, describe: 'Print nothing but the report' })
          .option('color', { type: 'boolean', describe: 'Force colour on or off (default: on a terminal, unless NO_COLOR)' })
          .check((a) => {
            if (a['min-score'] !== undefined && (Number.isNaN(a['min-score']) || a['min-score'] < 0 || a['min-score'] > 100))
              throw new Error('--min-score must be a number from 0 to 100');
            return true;
          }),
      async (a) => {
        const { runMerge } = await import('./merge-command.js');
        exitCode = await runMerge(
          {
            reports: a.reports,
            format: a.format,
            output: a.output,
            failOn: a['fail-on'],
            minScore: a['min-score'],
            quiet: a.quiet,
            color: a.color,
          },
          {
            stdout: write(process.stdout),
            stderr: write(process.stderr),
            stderrIsTty: Boolean(process.stderr.isTTY),
            stdoutIsTty: Boolean(process.stdout.isTTY),
            cwd: process.cwd(),
          },
        );
      },
    )
    .command(
      'schema',
      "Print the JSON report's schema",
      (y) =>
        y.option('fleet', { type: 'boolean', default: false, describe: "Print the fleet report's schema (kind: FleetReport) instead" }),
      async (a) => {
        const { printSchema } = await import('./catalog-commands.js');
        process.stdout.write(printSchema(a.fleet));
      },
    )
    .command(
      'config',
      'Show the configuration in force (defaults, then .tenantscan.yaml, then flags)',
      (y) =>
        y
          .option('print', { type: 'boolean', default: true, describe: 'Print the effective configuration as YAML' })
          .option('config', {
            alias: 'c',
            type: 'string',
            describe: 'Config file (default: .tenantscan.yaml found from the working directory upwards)',
          })
          .option('profile', { choices: PROFILES })
          .option('tenant-label', { type: 'string' })
          .option('checks-dir', { type: 'string' }),
      (a) => {
        process.stdout.write(printConfig(settingsOf(a as Parameters<typeof settingsOf>[0], process.cwd())));
      },
    )
    .strict()
    .version(TOOL_VERSION)
    .help()
    .alias('h', 'help')
    // yargs 18 lays help out with cliui 9, which wraps with wrap-ansi: at word boundaries, to the terminal's width
    .wrap(terminalWidth(process.stdout) ?? DEFAULT_HELP_WIDTH)
    .exitProcess(false)
    .fail((msg, err) => {
      throw err instanceof CliError ? err : new CliError(`${msg ?? err?.message}\nRun \`${scriptName} --help\` for usage.`, EXIT.USAGE);
    });
  try {
    await parser.parseAsync();
  } catch (err) {
    return reportError(err);
  }
  return exitCode;
}

/** `--all-contexts`, or more than one `--context` or `--kubeconfig`: a fleet scan (a FleetReport, whatever it finds). */
function isFleet(a: { 'all-contexts'?: boolean; context?: string[]; kubeconfig?: string[] }): boolean {
  return Boolean(a['all-contexts']) || (a.context?.length ?? 0) > 1 || (a.kubeconfig?.length ?? 0) > 1;
}

/**
 * `--file -` means stdin, but yargs reads a lone `-` as a stray positional argument: join it to its
 * flag (`--file=-`) before parsing.
 */
export function stdinAsValue(argv: string[]): string[] {
  const out: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    if ((argv[i] === '--file' || argv[i] === '-f') && argv[i + 1] === '-') {
      out.push('--file=-');
      i++;
    } else out.push(argv[i]);
  }
  return out;
}

function reportError(err: unknown): number {
  if (err instanceof CliError) {
    process.stderr.write(`tenantscan: ${terminalSafe(err.message)}\n`);
    return err.exitCode;
  }
  const e = err as Error;
  process.stderr.write(
    `tenantscan: internal error: ${terminalSafe(e?.message ?? String(err))}\nThis is a bug in tenantscan; please report it with the command you ran.${process.env.TENANTSCAN_DEBUG ? `\n${e?.stack}` : ' Set TENANTSCAN_DEBUG=1 for details.'}\n`,
  );
  return EXIT.CANNOT_RUN;
}
