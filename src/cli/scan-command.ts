import { writeFile } from 'node:fs/promises';
import { builtinChecks } from '../../checks/index.js';
import { DEFAULT_SANDBOX_HANDLERS } from '../config/defaults.js';
import type { AnyCheck, Profile, Severity } from '../engine/check.js';
import type { Report } from '../engine/report.js';
import { type ScanOptions, scan } from '../engine/scan.js';
import { ResourceIndex, type ResourceIndexInput } from '../model/index.js';
import { ClusterSourceError } from '../sources/cluster-types.js';
import { ManifestPathError, loadManifests } from '../sources/manifests.js';
import { CliError, EXIT } from './exit-codes.js';
import { REPORTERS } from './formats.js';
import { evaluateGate } from './gate.js';

export interface ScanArgs {
  file?: string[];
  kubeconfig?: string;
  context?: string;
  namespace: string;
  format: string[];
  output?: string[];
  profile: Profile;
  failOn: Severity | 'none';
  minScore?: number;
  tenantLabel?: string;
  platformNamespace?: string[];
  sandboxHandler?: string[];
  pageSize?: number;
  concurrency?: number;
  timeout?: number;
  quiet: boolean;
  color?: boolean;
}

/** Everything the scan command needs besides its arguments (so tests can run it in-process). */
export interface ScanIo {
  stdout: (text: string) => void;
  stderr: (text: string) => void;
  /** Is stderr a terminal (progress lines) / is stdout a terminal (colour)? */
  stderrIsTty: boolean;
  stdoutIsTty: boolean;
  cwd: string;
  checks?: readonly AnyCheck[];
}

/** Run `tenantscan scan`: load, scan, render every requested format, apply the gate. Returns the exit code. */
export async function runScan(args: ScanArgs, io: ScanIo): Promise<number> {
  const outputs = pairOutputs(args.format, args.output ?? []);
  const input = await loadInput(args, io);
  const index = new ResourceIndex(input);
  reportLoadErrors(index, args, io);
  if (index.all().length === 0) {
    throw new CliError(
      args.file?.length
        ? `nothing to scan: no Kubernetes objects were loaded from ${args.file.join(', ')}. Check the paths and the errors above.`
        : 'nothing to scan: the cluster returned no objects that tenantscan could read.',
      args.file?.length ? EXIT.USAGE : EXIT.CANNOT_RUN,
    );
  }
  const report = scan(index, io.checks ?? builtinChecks, scanOptions(args));
  await writeReports(report, outputs, args, io);
  const gate = evaluateGate(report, { failOn: args.failOn, minScore: args.minScore });
  if (!gate.passed) {
    if (!args.quiet) io.stderr(`tenantscan: gate failed: ${gate.reasons.join('; ')}\n`);
    return EXIT.GATE_FAILED;
  }
  return EXIT.OK;
}

function scanOptions(args: ScanArgs): ScanOptions {
  return {
    profile: args.profile,
    sandboxHandlers: args.sandboxHandler?.length ? args.sandboxHandler : [...DEFAULT_SANDBOX_HANDLERS],
    checkOptions: {},
    tenancy: { tenantLabel: args.tenantLabel, platformNamespaces: args.platformNamespace ?? [] },
  };
}

async function loadInput(args: ScanArgs, io: ScanIo): Promise<ResourceIndexInput> {
  if (args.file?.length) {
    try {
      return await loadManifests(args.file, { defaultNamespace: args.namespace });
    } catch (err) {
      if (err instanceof ManifestPathError) throw new CliError(`${err.message}. Pass files or folders of .yaml/.yml/.json manifests, or - for stdin.`, EXIT.USAGE);
      throw err;
    }
  }
  const { loadCluster } = await import('../sources/cluster.js');
  const progress = io.stderrIsTty && !args.quiet ? (line: string) => io.stderr(`\r\u001b[2K${line}`) : undefined;
  try {
    const input = await loadCluster({
      kubeconfig: args.kubeconfig,
      context: args.context,
      pageSize: args.pageSize,
      concurrency: args.concurrency,
      timeoutMs: args.timeout !== undefined ? args.timeout * 1000 : undefined,
      onProgress: progress,
    });
    if (progress) io.stderr('\r\u001b[2K');
    return input;
  } catch (err) {
    if (err instanceof ClusterSourceError) throw new CliError(err.message, err.exitCode);
    throw err;
  }
}

function reportLoadErrors(index: ResourceIndex, args: ScanArgs, io: ScanIo): void {
  if (args.quiet) return;
  for (const e of index.loadErrors) {
    io.stderr(`tenantscan: ${e.level === 'warning' ? 'warning' : 'error'}: ${e.file}${e.line ? `:${e.line}` : ''}: ${e.message}\n`);
  }
}

interface OutputTarget {
  format: string;
  /** File path, or undefined for stdout. */
  path?: string;
}

/** `--format` is repeatable and pairs, in order, with `--output`; formats without an output go to stdout. */
export function pairOutputs(formats: string[], outputs: string[]): OutputTarget[] {
  for (const f of formats) {
    if (!REPORTERS[f]) throw new CliError(`unknown --format "${f}". Choose from: ${Object.keys(REPORTERS).join(', ')}.`, EXIT.USAGE);
  }
  if (outputs.length > formats.length) {
    throw new CliError(`${outputs.length} --output values for ${formats.length} --format value(s): give one --format per --output (e.g. --format json --output report.json).`, EXIT.USAGE);
  }
  const targets = formats.map((format, i) => ({ format, path: outputs[i] }));
  if (targets.filter((t) => !t.path).length > 1) {
    throw new CliError('more than one --format would be written to stdout: pair each extra --format with an --output file.', EXIT.USAGE);
  }
  return targets;
}

async function writeReports(report: Report, targets: OutputTarget[], args: ScanArgs, io: ScanIo): Promise<void> {
  for (const target of targets) {
    const toTerminal = !target.path && io.stdoutIsTty;
    const color = args.color ?? (toTerminal && !process.env.NO_COLOR);
    const text = REPORTERS[target.format](report, { color, baseDir: io.cwd });
    if (!target.path) io.stdout(text);
    else {
      try {
        await writeFile(target.path, text);
      } catch (err) {
        throw new CliError(`cannot write ${target.format} report to ${target.path}: ${(err as Error).message}`, EXIT.USAGE);
      }
      if (!args.quiet) io.stderr(`tenantscan: wrote ${target.format} report to ${target.path}\n`);
    }
  }
}
