import { createWriteStream, existsSync, realpathSync } from 'node:fs';
import { mkdir, rename, rm } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { SCHEMA_VERSION, renderJsonChunks } from '../reports/json.js';
import { builtinChecks } from '../checks/index.js';
import { checkOptionsProblems } from '../src/config/check-options.js';
import { type EffectiveSettings, effectiveSettings } from '../src/config/effective.js';
import { ConfigError, loadConfig } from '../src/config/load.js';
import type { AnyCheck, Profile, Severity } from '../src/engine/check.js';
import type { CheckInfo, Report } from '../src/engine/report.js';
import type { Result } from '../src/engine/result.js';
import { scanReadPlan } from '../src/engine/read-plan.js';
import { PROBE_READS } from '../src/probe/reads.js';
import { scan } from '../src/engine/scan.js';
import { ResourceIndex, type ResourceIndexInput } from '../src/model/index.js';
import type { ReadPlan } from '../src/model/read-plan.js';
import { type ClusterInput, ClusterSourceError } from '../src/sources/cluster-types.js';
import { readFileBounded } from '../src/sources/bounded-read.js';
import { ManifestPathError, loadManifests } from '../src/sources/manifests.js';
import { CliError, EXIT } from './exit-codes.js';
import { FORMAT_BY_EXTENSION, REPORTERS, formatOfPath } from './formats.js';
import { terminalSafe } from '../reports/terminal-text.js';
import { truncateLongStrings, truncateString } from '../reports/long-strings.js';
import { type InputScope, type InputScopeInfo, inferInputScope } from '../src/engine/input-scope.js';
import { type GateOptions, evaluateGate, gateIsSet, gateLine } from './gate.js';
import { clusterNameOf } from '../src/engine/cluster-name.js';

export interface ScanArgs {
  file?: string[];
  kubeconfig?: string;
  context?: string;
  namespace: string;
  /** Undefined or empty: from each --output's extension, else `table` to stdout. */
  format?: string[];
  output?: string[];
  /** Undefined: from the config file, else multi-team. */
  profile?: Profile;
  /** Undefined: from the config file, else none. */
  failOn?: Severity | 'none';
  minScore?: number;
  /** Undefined: inferred from the input (src/engine/input-scope.ts). */
  inputScope?: InputScope;
  tenantLabel?: string;
  platformNamespace?: string[];
  sandboxHandler?: string[];
  config?: string;
  checksDir?: string;
  baseline?: string;
  /** With baseline: a missing file (the first scheduled run) means no baseline instead of exit 2. */
  baselineOptional?: boolean;
  failOnNewOnly?: boolean;
  /** false with --no-annotation-waivers. */
  annotationWaivers?: boolean;
  /** Base URL of the check pages (src/engine/docs-url.ts); undefined: the config's, else the packaged pages. */
  docsUrl?: string;
  pageSize?: number;
  concurrency?: number;
  timeout?: number;
  quiet: boolean;
  color?: boolean;
  /** The `cluster` label of `--format prometheus`. */
  clusterName?: string;
  /** Act as each tenant with dry runs and access reviews (src/probe/run.ts). */
  probe?: boolean;
  /** With probe: the identity to act as instead of each tenant's subjects. */
  as?: string;
  asGroup?: string[];
  /** Apply the policy reports to the scanned cluster (server-side apply): the one write tenantscan makes. */
  publish?: 'policyreports' | 'openreports';
}

/** Everything the scan command needs besides its arguments (so tests can run it in-process). */
export interface ScanIo {
  stdout: (text: string) => void;
  stderr: (text: string) => void;
  /** Is stderr a terminal (progress lines) / is stdout a terminal (colour)? */
  stderrIsTty: boolean;
  stdoutIsTty: boolean;
  /** Columns the table report on stdout fits and wraps to (cli/terminal-width.ts); undefined: no wrapping. */
  stdoutColumns?: number;
  cwd: string;
  checks?: readonly AnyCheck[];
  /**
   * Prepended to the service account folder a pod has mounted (/var/run/secrets/kubernetes.io/serviceaccount)
   * for the in-cluster configuration; from $TENANTSCAN_IN_CLUSTER_ROOT (tests run the chart's command
   * outside a pod with the files under a temporary folder). Default: none.
   */
  inClusterRoot?: string;
}

/** Run `tenantscan scan`: load, scan, render every requested format, apply the gate. Returns the exit code. */
export async function runScan(args: ScanArgs, terminal: ScanIo): Promise<number> {
  // Messages quote file names, object names and server text: none may drive the terminal.
  const io: ScanIo = { ...terminal, stderr: (text) => terminal.stderr(terminalSafe(text)) };
  const started = performance.now();
  const outputs = pairOutputs(args.format, args.output ?? []);
  const prepared = await prepareScan(args, io);
  const { settings } = prepared;
  const input = await loadInput(args, io, terminal.stderr, prepared.readPlan);
  refuseOverwritingInput(outputs, input);
  const { report: timed, index } = await scanLoaded(input, args, io, prepared, started);
  const gateOptions = gateOptionsOf(args, settings);
  const gate = evaluateGate(timed, gateOptions);
  const report: Report = gateIsSet(gateOptions) ? { ...timed, gate } : timed;
  reportWaiverProblems(report, args, io);
  // What is written and published has bounded strings: a 1 MB name would be repeated in every result.
  const shown = truncateLongStrings(report);
  await writeReports(shown, outputs, args, io);
  // A read cut short by --timeout still gets its report (kinds not read are not evaluated), but
  // nothing more is asked of the cluster, and the exit code says the scan did not finish.
  if (args.publish && input.timedOut) io.stderr('tenantscan: the time budget ran out: --publish skipped\n');
  else if (args.publish) await publish(shown, args.publish, args, io);
  // The verdict is one line even with --quiet: a pipeline's log should say why it stopped (or went on).
  if (report.gate) io.stderr(`tenantscan: ${gateLine(report.gate)}\n`);
  if (input.timedOut) {
    io.stderr(`tenantscan: ${input.timedOut}. The report covers what was read; checks that needed the kinds not read are not evaluated.\n`);
    return EXIT.CANNOT_RUN;
  }
  // A document that could not be loaded was not checked: a gate that passed without it proves nothing.
  const unloaded = index.loadErrors.filter((e) => e.level !== 'warning').length;
  if (unloaded > 0) {
    io.stderr(
      `tenantscan: ${unloaded} document(s) could not be loaded and were not checked (listed above and in the report); the rest was scanned. Fix the input and scan again.\n`,
    );
    return EXIT.USAGE;
  }
  return gate.passed ? EXIT.OK : EXIT.GATE_FAILED;
}

/** What every cluster of a scan shares: the settings, the checks, the baseline and the read plan. */
export interface PreparedScan {
  settings: EffectiveSettings;
  checks: AnyCheck[];
  origins: Record<string, CheckInfo['origin']>;
  baseline?: { file: string; results: Result[] };
  /** What a live scan reads: what the active checks (built-in and custom) need, and nothing else. */
  readPlan: () => ReadPlan;
}

/** Settings, checks and baseline, once per command (a fleet scan shares them across its clusters). */
export async function prepareScan(args: ScanArgs, io: ScanIo): Promise<PreparedScan> {
  const settings = settingsOf(args, io.cwd);
  const { checks, origins } = await assembleChecks(settings, io);
  const baseline = args.baseline && !(args.baselineOptional && !existsSync(args.baseline)) ? readBaseline(args.baseline) : undefined;
  const disabled = new Set(settings.disabledChecks ?? []);
  const readPlan = () =>
    scanReadPlan(
      checks.filter((c) => !disabled.has(c.id)),
      args.probe ? [PROBE_READS] : [],
    );
  return { settings, checks, origins, ...(baseline ? { baseline } : {}), readPlan };
}

/** The gate's options: the settings' `--fail-on` and `--min-score`, and `--fail-on-new-only`. */
export function gateOptionsOf(args: ScanArgs, settings: EffectiveSettings): GateOptions {
  return { failOn: settings.failOn, minScore: settings.minScore, newOnly: args.failOnNewOnly };
}

/**
 * Scan one loaded input: index it, report its load errors, run the probes when asked, the checks,
 * and name the cluster (`--cluster-name`, else the context or the API server's host for a live
 * scan). The report has its duration from `started` and no gate yet.
 *
 * @throws CliError when nothing was loaded (exit 2 for manifests, 3 for a cluster).
 */
export async function scanLoaded(
  input: ClusterInput,
  args: ScanArgs,
  io: ScanIo,
  prepared: PreparedScan,
  started: number,
): Promise<{ report: Report; index: ResourceIndex }> {
  const { settings, checks, origins, baseline } = prepared;
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
  if (args.probe && input.timedOut) io.stderr('tenantscan: the time budget ran out: --probe skipped\n');
  const probes = args.probe && !input.timedOut ? await runProbeStage(args, index, settings, io) : undefined;
  const inputScope: InputScopeInfo = args.inputScope
    ? { scope: args.inputScope, inferred: false, reason: 'given with --input-scope' }
    : inferInputScope(index);
  const scanned = scan(index, checks, {
    ...(probes ? { probes } : {}),
    inputScope: inputScope.scope,
    inputScopeInfo: inputScope,
    profile: settings.profile,
    sandboxHandlers: settings.sandboxHandlers,
    podCIDRs: settings.network.podCIDRs,
    ...(settings.minCoverage !== undefined ? { minCoverage: settings.minCoverage } : {}),
    checkOptions: settings.checkOptions,
    tenancy: settings.tenancy,
    severityOverrides: settings.severity,
    disabledChecks: settings.disabledChecks,
    checkOrigins: origins,
    docsBaseUrl: settings.docsUrl,
    waivers: {
      waivers: settings.waivers,
      annotationWaivers: settings.annotationWaivers,
      annotationPolicy: settings.annotationPolicy,
      today: new Date().toISOString().slice(0, 10),
    },
    ...(baseline ? { baseline } : {}),
  });
  const cluster = args.clusterName ?? (scanned.source.type === 'cluster' ? clusterNameOf(scanned) : undefined);
  const report: Report = {
    ...scanned,
    ...(cluster ? { cluster } : {}),
    durationSeconds: Math.round(performance.now() - started) / 1000,
  };
  return { report, index };
}

/** `--probe`: act as each tenant against the scanned cluster; the rest of the scan does not depend on it. */
async function runProbeStage(args: ScanArgs, index: ResourceIndex, settings: EffectiveSettings, io: ScanIo) {
  if (args.file?.length) throw new CliError('--probe needs a live scan, not --file', EXIT.USAGE);
  const { openApiClient } = await import('../src/sources/cluster.js');
  const { runProbes } = await import('../src/probe/run.js');
  const { TenantModel } = await import('../src/tenancy/model.js');
  let opened;
  try {
    opened = openApiClient(
      {
        kubeconfig: args.kubeconfig,
        context: args.context,
        concurrency: args.concurrency,
        timeoutMs: args.timeout !== undefined ? args.timeout * 1000 : undefined,
      },
      io.inClusterRoot ? { inClusterPathPrefix: io.inClusterRoot } : {},
    );
  } catch (err) {
    if (err instanceof ClusterSourceError) throw new CliError(err.message, err.exitCode);
    throw err;
  }
  try {
    return await runProbes(opened, new TenantModel(index, settings.tenancy), index, {
      docsBaseUrl: settings.docsUrl,
      profile: settings.profile,
      sandboxHandlers: settings.sandboxHandlers,
      ...(args.as ? { as: args.as } : {}),
      ...(args.asGroup?.length ? { asGroups: args.asGroup } : {}),
    });
  } catch (err) {
    throw new CliError(`--probe: ${(err as Error).message}`, EXIT.CANNOT_RUN);
  } finally {
    opened.close();
  }
}

/** Defaults, then the config file, then flags. A bad config file is exit 2 with every problem listed. */
export function settingsOf(
  args: Pick<
    ScanArgs,
    | 'config'
    | 'profile'
    | 'failOn'
    | 'minScore'
    | 'tenantLabel'
    | 'platformNamespace'
    | 'sandboxHandler'
    | 'checksDir'
    | 'annotationWaivers'
    | 'docsUrl'
  >,
  cwd: string,
): EffectiveSettings {
  try {
    return effectiveSettings(args, loadConfig(args.config, cwd), cwd);
  } catch (err) {
    if (err instanceof ConfigError) throw new CliError(err.message, EXIT.USAGE);
    throw err;
  }
}

/** Built-in, module (--checks-dir) and declarative (config) checks, with unique IDs. */
async function assembleChecks(
  settings: EffectiveSettings,
  io: ScanIo,
): Promise<{ checks: AnyCheck[]; origins: Record<string, CheckInfo['origin']> }> {
  const origins: Record<string, CheckInfo['origin']> = {};
  const checks: AnyCheck[] = [...(io.checks ?? builtinChecks)];
  if (settings.checksDir || settings.customChecks.length) {
    // Loaded only when asked for: ajv and the public API add start-up time to every other scan.
    const { CustomCheckError, declarativeChecks, loadCheckModules } = await import('../src/config/custom-checks.js');
    try {
      const modules = settings.checksDir ? await loadCheckModules(settings.checksDir, io.cwd) : [];
      for (const c of modules) origins[c.id] = 'module';
      const declarative = declarativeChecks(settings.customChecks);
      for (const c of declarative) origins[c.id] = 'declarative';
      checks.push(...modules, ...declarative);
    } catch (err) {
      if (err instanceof CustomCheckError) throw new CliError(err.message, EXIT.USAGE);
      throw err;
    }
  }
  const seen = new Set<string>();
  for (const c of checks) {
    if (seen.has(c.id)) throw new CliError(`two checks have the ID "${c.id}": custom checks need IDs of their own.`, EXIT.USAGE);
    seen.add(c.id);
  }
  const unknownIds: string[] = [];
  for (const [key, ids] of [
    ['disabledChecks', settings.disabledChecks],
    ['severity', Object.keys(settings.severity)],
  ] as const) {
    const unknown = ids.filter((id) => !seen.has(id));
    if (unknown.length) unknownIds.push(`${key} names unknown check(s): ${unknown.join(', ')}`);
  }
  if (unknownIds.length) throw new CliError(`${unknownIds.join('; ')}. Run \`tenantscan checks\` for the IDs.`, EXIT.USAGE);
  // Options are validated once every check (custom ones included) is known: each has its own schema.
  const problems = checkOptionsProblems(settings.checkOptions, checks);
  if (problems.length)
    throw new CliError(`config ${settings.configFile ?? ''} is invalid:\n${problems.map((p) => `  - ${p}`).join('\n')}`, EXIT.USAGE);
  return { checks: checks.sort((a, b) => a.id.localeCompare(b.id)), origins };
}

function readBaseline(file: string): { file: string; results: Result[] } {
  let parsed: unknown;
  try {
    parsed = JSON.parse(readBounded(file, MAX_BASELINE_BYTES));
  } catch (err) {
    throw new CliError(
      `cannot read --baseline ${file}: ${(err as Error).message}. Give a JSON report written by tenantscan --format json.`,
      EXIT.USAGE,
    );
  }
  const version = (parsed as { schemaVersion?: unknown })?.schemaVersion;
  if (version !== undefined && !(typeof version === 'string' && BASELINE_MAJORS.some((major) => version.startsWith(`${major}.`))))
    throw new CliError(
      `--baseline ${file} has schemaVersion ${String(version)}; this tenantscan reads reports of schema ${BASELINE_MAJORS.map((m) => `${m}.x`).join(' or ')}. Give a JSON report written by one of these major versions.`,
      EXIT.USAGE,
    );
  const results = (parsed as { results?: unknown })?.results;
  if (!Array.isArray(results)) throw new CliError(`--baseline ${file} is not a tenantscan JSON report (no results list).`, EXIT.USAGE);
  const bad = results.findIndex((r) => !isResultLike(r));
  if (bad !== -1)
    throw new CliError(
      `--baseline ${file}: results[${bad}] is not a result object (check ID, status and subject); the file is not a tenantscan JSON report.`,
      EXIT.USAGE,
    );
  return { file, results: results as Result[] };
}

/**
 * The schema majors a --baseline may have: the baseline reads only the failing and waived results,
 * which `results` holds in full in both (1.x also held the passes there, 2.x groups them in `passes`),
 * so the last report of a scheduled scan written before 2.0.0 still serves.
 */
const BASELINE_MAJORS = [...new Set(['1', SCHEMA_VERSION.split('.')[0]])];

/** The largest --baseline read, in bytes: a report of about a million results. */
const MAX_BASELINE_BYTES = 512 * 1024 * 1024;

function isResultLike(value: unknown): boolean {
  const r = value as Partial<Result> | null;
  return (
    !!r &&
    typeof r === 'object' &&
    typeof r.checkId === 'string' &&
    typeof r.status === 'string' &&
    !!r.subject &&
    typeof r.subject === 'object'
  );
}

/** A file's text, refusing one over `limit` bytes (src/sources/bounded-read.ts: pipes and `/dev/zero` have no size). */
export function readBounded(file: string, limit: number): string {
  return readFileBounded(file, limit).toString('utf8');
}

function reportWaiverProblems(report: Report, args: ScanArgs, io: ScanIo): void {
  const waivers = report.waivers;
  if (args.quiet || !waivers) return;
  for (const w of waivers.expired)
    io.stderr(`tenantscan: warning: waiver for ${w.check} expired on ${w.expires} and no longer applies (${w.reason})\n`);
  for (const w of waivers.unused)
    io.stderr(`tenantscan: warning: waiver for ${w.check}${w.match ? ` ${JSON.stringify(w.match)}` : ''} matched no failing result\n`);
}

export async function loadInput(
  args: ScanArgs,
  io: ScanIo,
  rawStderr: (text: string) => void,
  readPlan: () => ReadPlan,
): Promise<ClusterInput> {
  if (args.file?.length) {
    try {
      return await loadManifests(args.file, { defaultNamespace: args.namespace });
    } catch (err) {
      if (err instanceof ManifestPathError)
        throw new CliError(`${err.message}. Pass files or folders of .yaml/.yml/.json manifests, or - for stdin.`, EXIT.USAGE);
      throw err;
    }
  }
  const { loadClusterWith } = await import('../src/sources/cluster.js');
  // Progress lines clear the terminal line themselves; the text they carry is made safe.
  const progress = io.stderrIsTty && !args.quiet ? (line: string) => rawStderr(`\r\u001b[2K${terminalSafe(line)}`) : undefined;
  try {
    const input = await loadClusterWith(
      {
        plan: readPlan(),
        kubeconfig: args.kubeconfig,
        context: args.context,
        pageSize: args.pageSize,
        concurrency: args.concurrency,
        timeoutMs: args.timeout !== undefined ? args.timeout * 1000 : undefined,
        onProgress: progress,
      },
      io.inClusterRoot ? { inClusterPathPrefix: io.inClusterRoot } : {},
    );
    if (progress) rawStderr('\r\u001b[2K');
    return input;
  } catch (err) {
    if (err instanceof ClusterSourceError) throw new CliError(err.message, err.exitCode);
    throw err;
  }
}

/** Input problems on stderr; --quiet keeps the errors (documents that were not checked) and drops the warnings. */
function reportLoadErrors(index: ResourceIndex, args: ScanArgs, io: ScanIo): void {
  for (const e of index.loadErrors) {
    if (args.quiet && e.level === 'warning') continue;
    io.stderr(
      `tenantscan: ${e.level === 'warning' ? 'warning' : 'error'}: ${truncateString(e.file)}${e.line ? `:${e.line}` : ''}: ${truncateString(e.message)}\n`,
    );
  }
}

/** `--publish`: apply the scan's policy reports to the cluster it scanned, replacing the last run's. */
async function publish(report: Report, api: NonNullable<ScanArgs['publish']>, args: ScanArgs, io: ScanIo): Promise<void> {
  const { POLICY_REPORT_LABELS, REPORT_APIS, policyReportsOf } = await import('../reports/policyreport.js');
  const { publishReports } = await import('../src/publish/publish-reports.js');
  const spec = REPORT_APIS[api];
  const objects = policyReportsOf(report, api);
  try {
    const outcome = await publishReports({ kubeconfig: args.kubeconfig, context: args.context }, objects, {
      apiVersion: spec.apiVersion,
      namespaced: { kind: spec.namespaced, plural: spec.plurals.namespaced },
      cluster: { kind: spec.cluster, plural: spec.plurals.cluster },
      labels: POLICY_REPORT_LABELS,
    });
    if (!args.quiet)
      io.stderr(
        `tenantscan: published ${objects.length} ${spec.namespaced}/${spec.cluster} object(s) to the cluster: ${outcome.created.length} created, ${outcome.updated.length} updated, ${outcome.deleted.length} earlier one(s) deleted\n`,
      );
  } catch (err) {
    throw new CliError(`--publish ${api}: ${(err as Error).message}`, EXIT.CANNOT_RUN);
  }
}

/** A report written over a manifest would lose it: refuse an --output that is one of the files read. */
export function refuseOverwritingInput(targets: OutputTarget[], input: ResourceIndexInput): void {
  if (input.source.type !== 'manifests') return;
  const inputs = new Set(input.source.files.map((f) => canonical(f)));
  for (const t of targets) {
    if (t.path && inputs.has(canonical(t.path)))
      throw new CliError(
        `--output ${t.path} is one of the input files: the report would replace it. Write the report elsewhere.`,
        EXIT.USAGE,
      );
  }
}

/** The absolute path with symbolic links resolved where the file exists. */
function canonical(path: string): string {
  try {
    return realpathSync(path);
  } catch {
    return resolve(path);
  }
}

export interface OutputTarget {
  format: string;
  /** File path, or undefined for stdout. */
  path?: string;
}

/**
 * `--format` is repeatable and pairs, in order, with `--output`; formats without an output go to
 * stdout. An `--output` without a `--format` of its own takes the format from its extension
 * (FORMAT_BY_EXTENSION), or is refused; with neither, the table goes to stdout. A table is never
 * written into a file whose extension names another format.
 */
export function pairOutputs(formats: string[] = [], outputs: string[]): OutputTarget[] {
  for (const f of formats) {
    if (!REPORTERS[f]) throw new CliError(`unknown --format "${f}". Choose from: ${Object.keys(REPORTERS).join(', ')}.`, EXIT.USAGE);
  }
  if (formats.length === 0 && outputs.length === 0) return [{ format: 'table' }];
  const known = Object.keys(FORMAT_BY_EXTENSION).join(', ');
  const targets = outputs.map((path, i): OutputTarget => {
    const format = formats[i] ?? formatOfPath(path);
    if (!format)
      throw new CliError(
        `cannot tell the format of --output ${path} from its extension (known: ${known}): give a --format for it (e.g. --format json --output ${path}).`,
        EXIT.USAGE,
      );
    const implied = formatOfPath(path);
    if (format === 'table' && implied)
      throw new CliError(
        `--format table would write a terminal table into ${path}, a ${implied} file name: give --format ${implied}, or another file name.`,
        EXIT.USAGE,
      );
    return { format, path };
  });
  targets.push(...formats.slice(outputs.length).map((format) => ({ format })));
  const seen = new Set<string>();
  for (const t of targets) {
    if (!t.path) continue;
    const full = resolve(t.path);
    if (seen.has(full)) throw new CliError(`--output ${t.path} is given twice: the second report would overwrite the first.`, EXIT.USAGE);
    seen.add(full);
  }
  if (targets.filter((t) => !t.path).length > 1) {
    throw new CliError('more than one --format would be written to stdout: pair each extra --format with an --output file.', EXIT.USAGE);
  }
  return targets;
}

/**
 * Formats written piece by piece rather than as one string: the JSON report of a large cluster can
 * be longer than V8's longest string (see renderJsonChunks), and pieces keep memory flat.
 */
const STREAMED: Record<string, (report: Report) => Iterable<string>> = { json: (report) => renderJsonChunks(report) };

async function writeReports(report: Report, targets: OutputTarget[], args: ScanArgs, io: ScanIo): Promise<void> {
  for (const target of targets) {
    const toTerminal = !target.path && io.stdoutIsTty;
    const color = args.color ?? (toTerminal && !process.env.NO_COLOR);
    const streamed = STREAMED[target.format];
    const pieces = streamed
      ? streamed(report)
      : [
          (await REPORTERS[target.format]())(report, {
            color,
            baseDir: io.cwd,
            clusterName: args.clusterName,
            ...(!target.path && io.stdoutColumns ? { width: io.stdoutColumns } : {}),
          }),
        ];
    await writeOutput(target, pieces, args, io);
  }
}

/**
 * Write one report's pieces to stdout or to its `--output` file. A file is written beside, then
 * renamed over the target: a run that dies half-way never leaves a truncated report (the chart's
 * next run reads the last one as its --baseline).
 *
 * @throws CliError (exit 2) when the file cannot be written.
 */
export async function writeOutput(
  target: OutputTarget,
  pieces: Iterable<string>,
  args: Pick<ScanArgs, 'quiet'>,
  io: ScanIo,
): Promise<void> {
  if (!target.path) {
    for (const piece of pieces) io.stdout(piece);
    return;
  }
  try {
    const partial = `${target.path}.${process.pid}.partial`;
    await mkdir(dirname(target.path), { recursive: true });
    try {
      await pipeline(Readable.from(pieces), createWriteStream(partial));
      await rename(partial, target.path);
    } finally {
      await rm(partial, { force: true });
    }
  } catch (err) {
    throw new CliError(`cannot write ${target.format} report to ${target.path}: ${(err as Error).message}`, EXIT.USAGE);
  }
  if (!args.quiet) io.stderr(`tenantscan: wrote ${target.format} report to ${target.path}\n`);
}
