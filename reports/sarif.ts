import { relative, isAbsolute } from 'node:path';
import { SarifBuilder, SarifResultBuilder, SarifRuleBuilder, SarifRunBuilder } from 'node-sarif-builder';
import type { Invocation, Notification, PhysicalLocation, Result as SarifResult } from 'sarif';
import type { Severity } from '../src/engine/check.js';
import type { CheckInfo, Report } from '../src/engine/report.js';
import type { Result } from '../src/engine/result.js';
import { type ObjectRef, groupKindOf, refKey } from '../src/model/types.js';
import { coverageGapsOf } from './coverage.js';
import { safeHttpUrl } from './findings.js';
import type { Reporter } from './types.js';

/** SARIF levels for tenantscan severities (SARIF 2.1.0 §3.27.10). */
const LEVEL: Record<Severity, SarifResult.level> = {
  critical: 'error',
  high: 'error',
  medium: 'warning',
  low: 'note',
  info: 'note',
};

/** GitHub code scanning reads `security-severity` (0.0-10.0) to rank security alerts. */
const SECURITY_SEVERITY: Record<Severity, string> = {
  critical: '9.5',
  high: '8.0',
  medium: '5.5',
  low: '3.0',
  info: '1.0',
};

/**
 * `--format sarif`: SARIF 2.1.0 for GitHub code scanning and other SARIF viewers.
 *
 * - One rule per check in the catalog (`help` text and Markdown, `helpUri`, `security-severity`).
 * - One result per failing finding; waived ones carry `suppressions` (`inSource` for an annotation
 *   on the object, `external` for the config) so viewers show them as dismissed, not as gone.
 * - Every result has a physical location, which GitHub's ingestion requires (it rejects a file whose
 *   result has only a logical location): the manifest file and line, relative to `baseDir`, or for
 *   an object with no file (a live cluster, a synthesized namespace, the cluster as a whole) a
 *   stable path that names the object, `kubernetes/<namespace or _cluster>/<Kind.group>/<name>`
 *   (namespace names are DNS labels, so `_cluster` cannot be one). A logical location
 *   `namespace/Kind.group/name` is always added.
 * - `partialFingerprints["tenantscan/v1"]` is check ID + object identity + JSON pointer: stable
 *   across runs, file moves, document order, line shifts and message wording, so code scanning keeps
 *   tracking the same alert.
 * - Load errors and kinds that could not be read are `toolExecutionNotifications` of the invocation.
 */
export const renderSarif: Reporter = (report, options) => {
  const builder = new SarifBuilder();
  const run = new SarifRunBuilder().initSimple({
    toolDriverName: 'tenantscan',
    toolDriverVersion: report.tool.version,
    url: 'https://github.com/tenantscan/tenantscan',
  });
  for (const check of report.checks) run.addRule(ruleOf(check));
  for (const result of report.results) {
    if (result.status !== 'fail' && result.status !== 'waived') continue;
    run.addResult(resultOf(result, options.baseDir));
  }
  run.run.invocations = [invocationOf(report, options.baseDir)];
  builder.addRun(run);
  return `${builder.buildSarifJsonString({ indent: true })}\n`;
};

function ruleOf(check: CheckInfo): SarifRuleBuilder {
  const rule = new SarifRuleBuilder().initSimple({
    ruleId: check.id,
    shortDescriptionText: check.title,
    fullDescriptionText: check.description,
    // only a hosted page (--docs-url): the packaged one's file: URL means nothing where SARIF is read
    helpUri: safeHttpUrl(check.helpUri),
  });
  const refs = check.references.map((r) => (r.url ? `- [${r.title}](${r.url})` : `- ${r.title}`)).join('\n');
  rule.rule.name = check.id.replace(/(^|-)([a-z])/g, (_, __, c: string) => c.toUpperCase());
  rule.rule.help = {
    text: `${check.rationale}\n\nHow to fix: ${check.remediation}`,
    markdown: `${check.rationale}\n\n**How to fix:** ${check.remediation}\n\n${refs}`,
  };
  rule.rule.defaultConfiguration = { level: LEVEL[check.severity] };
  rule.rule.properties = {
    tags: ['security', 'kubernetes', 'multi-tenancy', check.family, ...check.mtb],
    'security-severity': SECURITY_SEVERITY[check.severity],
    precision: 'high',
  };
  return rule;
}

function resultOf(result: Result, baseDir: string): SarifResultBuilder {
  const subject = result.subject;
  const objectName = logicalName(subject);
  const builder = new SarifResultBuilder().initSimple({
    ruleId: result.checkId,
    level: LEVEL[result.severity],
    messageText: messageOf(result, objectName),
  });
  const sarif = builder.result;
  const physicalLocation: PhysicalLocation = result.location
    ? {
        artifactLocation: { uri: toUri(result.location.file, baseDir) },
        region: { startLine: result.location.line, ...(result.location.column ? { startColumn: result.location.column } : {}) },
      }
    : { artifactLocation: { uri: objectUri(subject) } };
  sarif.locations = [{ physicalLocation, logicalLocations: [{ fullyQualifiedName: objectName, name: subject.name, kind: 'resource' }] }];
  sarif.partialFingerprints = { [FINGERPRINT_KEY]: fingerprintOf(result) };
  sarif.properties = {
    tenant: result.tenant ?? null,
    severity: result.severity,
    ...(result.path ? { path: result.path } : {}),
    ...(result.baseline ? { baseline: result.baseline } : {}),
  };
  // SARIF 2.1.0 §3.27.24: under --baseline, whether the result was in the baseline. Fixed results
  // (`absent`) are left out, as the specification allows: the report keeps only their count.
  if (result.baseline) sarif.baselineState = result.baseline === 'new' ? 'new' : 'unchanged';
  if (result.status === 'waived' && result.waiver) {
    sarif.suppressions = [{ kind: result.waiver.origin === 'annotation' ? 'inSource' : 'external', justification: result.waiver.reason }];
  }
  return builder;
}

/** `namespace/Kind/name: message (tenant t)`, naming the tenant once even when the message already does. */
function messageOf(result: Result, objectName: string): string {
  const message = result.message ?? result.checkId;
  const tenant = result.tenant && !message.includes(`tenant ${result.tenant}`) ? ` (tenant ${result.tenant})` : '';
  return `${objectName}: ${message}${tenant}`;
}

/** The key of tenantscan's partial fingerprint in SARIF results. */
export const FINGERPRINT_KEY = 'tenantscan/v1';

/** Check ID, object identity (`Kind.group/namespace/name`) and JSON pointer: what makes a finding the same finding across runs. */
export function fingerprintOf(result: Pick<Result, 'checkId' | 'subject' | 'path'>): string {
  return `${result.checkId}:${refKey(result.subject)}:${result.path ?? ''}`;
}

/** `acme-prod/Deployment.apps/web`, or `StorageClass.storage.k8s.io/retain-ssd` when cluster-scoped. */
function logicalName(ref: ObjectRef): string {
  return [ref.namespace, groupKindOf(ref), ref.name].filter(Boolean).join('/');
}

/** A relative URI that names an object with no file: `kubernetes/acme-prod/Deployment.apps/web`. */
export function objectUri(ref: ObjectRef): string {
  return ['kubernetes', ref.namespace ?? '_cluster', groupKindOf(ref), ref.name].map(encodeURIComponent).join('/');
}

/** A manifest path as a relative URI reference (forward slashes, each segment percent-encoded). */
function toUri(file: string, baseDir: string): string {
  const rel = isAbsolute(file) ? relative(baseDir, file) : file;
  return rel.split(/[\\/]/).map(encodeURIComponent).join('/');
}

/** Input problems and unread kinds, so a SARIF consumer can tell "no alert" from "not looked at". */
function invocationOf(report: Report, baseDir: string): Invocation {
  const notifications: Notification[] = [];
  for (const e of report.loadErrors) {
    notifications.push({
      level: e.level === 'warning' ? 'warning' : 'error',
      message: { text: `${e.file}${e.line ? `:${e.line}` : ''}: ${e.message}` },
      locations: [
        { physicalLocation: { artifactLocation: { uri: toUri(e.file, baseDir) }, ...(e.line ? { region: { startLine: e.line } } : {}) } },
      ],
      descriptor: { id: 'load-error' },
    });
  }
  for (const gap of coverageGapsOf(report).unread) {
    const where = gap.forbiddenNamespaces.length ? ` in ${gap.forbiddenNamespaces.join(', ')}` : '';
    notifications.push({
      level: 'warning',
      message: {
        text: `${gap.groupKind} ${gap.status === 'none' ? 'could not be read' : 'was only partly read'}${where}${gap.reason ? `: ${gap.reason}` : ''}; checks that need it are not evaluated`,
      },
      descriptor: { id: 'access-gap' },
    });
  }
  return { executionSuccessful: true, ...(notifications.length ? { toolExecutionNotifications: notifications } : {}) };
}
