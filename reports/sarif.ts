import { relative, isAbsolute } from 'node:path';
import { SarifBuilder, SarifResultBuilder, SarifRuleBuilder, SarifRunBuilder } from 'node-sarif-builder';
import type { Result as SarifResult } from 'sarif';
import type { Severity } from '../src/engine/check.js';
import type { CheckInfo } from '../src/engine/report.js';
import type { Result } from '../src/engine/result.js';
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
 * SARIF 2.1.0: one rule per check (with help text), one result per failing (check, object) finding,
 * waived ones as suppressed. Manifest results are located by file and line; live-cluster results by a
 * logical location `namespace/kind/name`.
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
  builder.addRun(run);
  return `${builder.buildSarifJsonString({ indent: true })}\n`;
};

function ruleOf(check: CheckInfo): SarifRuleBuilder {
  const rule = new SarifRuleBuilder().initSimple({
    ruleId: check.id,
    shortDescriptionText: check.title,
    fullDescriptionText: check.description,
    helpUri: check.helpUri,
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
  const objectName = [subject.namespace, subject.kind, subject.name].filter(Boolean).join('/');
  const builder = new SarifResultBuilder().initSimple({
    ruleId: result.checkId,
    level: LEVEL[result.severity],
    messageText: `${objectName}: ${result.message ?? result.checkId}${result.tenant ? ` (tenant ${result.tenant})` : ''}`,
    ...(result.location ? { fileUri: toUri(result.location.file, baseDir), startLine: result.location.line } : {}),
  });
  const sarif = builder.result;
  const logical = { fullyQualifiedName: objectName, name: subject.name, kind: 'resource' };
  if (sarif.locations?.[0]) sarif.locations[0].logicalLocations = [logical];
  else sarif.locations = [{ logicalLocations: [logical] }];
  // Stable across runs and message wording: check + object identity + JSON pointer.
  sarif.partialFingerprints = { 'tenantscanFinding/v1': `${result.checkId}:${objectName}:${result.path ?? ''}` };
  sarif.properties = { tenant: result.tenant ?? null, severity: result.severity, ...(result.path ? { path: result.path } : {}) };
  if (result.status === 'waived' && result.waiver) {
    sarif.suppressions = [{ kind: result.waiver.origin === 'annotation' ? 'inSource' : 'external', justification: result.waiver.reason }];
  }
  return builder;
}

function toUri(file: string, baseDir: string): string {
  const rel = isAbsolute(file) ? relative(baseDir, file) : file;
  return rel.split('\\').join('/');
}
