import type { ResourceIndex } from '../model/index.js';
import { TOOL_VERSION } from '../version.js';
import { TenantModel } from '../tenancy/model.js';
import { vclusterControlPlanes } from '../tenancy/vclusters.js';
import type { TenancyOptions } from '../tenancy/types.js';
import { Analyses } from './analyses.js';
import type { InputScopeInfo } from './input-scope.js';
import { type AnyCheck, type CheckOptions, PROFILES, type Profile, type Severity, severityOf } from './check.js';
import { kindsRead } from './kinds-read.js';
import { PACKAGED_DOCS_BASE_URL } from './docs-url.js';
import { effectiveSeverity } from './profiles.js';
import type { CheckInfo, Report } from './report.js';
import type { Result } from './result.js';
import { runChecks } from './runner.js';
import type { ProbeOutcome } from '../probe/run.js';
import { reconcileProbes } from '../probe/reconcile.js';
import { markBaseline } from './baseline.js';
import { type WaiverOptions, applyWaivers } from './waivers.js';
import {
  CLUSTER_SCOPE,
  DEFAULT_MIN_COVERAGE,
  GRADE_THRESHOLDS,
  SEVERITY_WEIGHTS,
  type Score,
  type Unit,
  scoreOf,
  unitsOf,
} from './scoring.js';

export interface ScanOptions extends CheckOptions {
  tenancy: TenancyOptions;
  severityOverrides?: Record<string, Severity>;
  /** Check IDs not to run. */
  disabledChecks?: string[];
  /** Origin of each non-builtin check, by ID. */
  checkOrigins?: Record<string, CheckInfo['origin']>;
  /** Waivers from the config and annotations; applied before scoring. */
  waivers?: WaiverOptions;
  /** An earlier JSON report: failing results are marked `new` or `existing`. */
  baseline?: { file: string; results: Result[] };
  /** Results of `scan --probe` (src/probe/run.ts): a `probe` family, reconciled with the static checks. */
  probes?: ProbeOutcome;
  /** Base URL of the check pages, `<base><id>.md` (src/engine/docs-url.ts); default: the pages in the package. */
  docsBaseUrl?: string;
  /** How the input's scope was decided, for the report; default: `inputScope` (or `cluster`), as given. */
  inputScopeInfo?: InputScopeInfo;
  /** Below this coverage a tenant (or the cluster scope) is not graded; default DEFAULT_MIN_COVERAGE (src/engine/scoring.ts). */
  minCoverage?: number;
}

/** The check pages shipped in the package, as a file: URL (src/engine/docs-url.ts). */
export const DEFAULT_DOCS_BASE_URL = PACKAGED_DOCS_BASE_URL;

/** Run the checks on an index and build the report: tenants, results, scores, coverage. */
export function scan(index: ResourceIndex, checks: readonly AnyCheck[], options: ScanOptions): Report {
  const tenants = new TenantModel(index, options.tenancy);
  const disabled = new Set(options.disabledChecks ?? []);
  const active = checks.filter((c) => !disabled.has(c.id));
  const analyses = new Analyses({ index, tenants }, options.checkOptions, options.podCIDRs);
  let results = runChecks(active, index, tenants, options, analyses);
  if (options.probes) {
    const reconciled = reconcileProbes(results, options.probes.results, options.probes.staticChecks);
    results = [...reconciled.staticResults, ...reconciled.probeResults];
  }
  const sections: Pick<Report, 'waivers' | 'baseline' | 'reachability' | 'probes' | 'virtualClusters'> = {};
  if (options.probes) sections.probes = { identities: options.probes.identities };
  if (options.waivers) {
    const waived = applyWaivers(results, index, options.waivers);
    results = waived.results;
    sections.waivers = waived.report;
  }
  if (options.baseline) {
    const marked = markBaseline(results, options.baseline.results, options.baseline.file);
    results = marked.results;
    sections.baseline = marked.report;
  }

  // Who can reach whom over the network: the analyses' matrix (computed once per scan, shared with the
  // checks), which lists only the pairs that are not closed (an absent pair is closed): a million
  // tenant pairs, nearly all closed, would cost more than the rest of the scan.
  if (tenants.tenants.length > 1) sections.reachability = analyses.reachability;

  const virtualClusters = vclusterControlPlanes(index).map((vc) => {
    const tenant = tenants.tenantOfNamespace(vc.namespace)?.name;
    return { ...vc, ...(tenant ? { tenant } : {}) };
  });
  if (virtualClusters.length) sections.virtualClusters = virtualClusters;

  const units = unitsOf(results);
  // Units grouped by scope once: filtering all units per tenant is quadratic in a cluster of 1,000+ tenants.
  const unitsByScope = new Map<string, Unit[]>();
  for (const u of units) {
    const list = unitsByScope.get(u.scope);
    if (list) list.push(u);
    else unitsByScope.set(u.scope, [u]);
  }
  const minCoverage = options.minCoverage ?? DEFAULT_MIN_COVERAGE;
  const scores = new Map<string, Score>();
  const byScope = (scope: string) => {
    let score = scores.get(scope);
    if (!score) scores.set(scope, (score = scoreOf(unitsByScope.get(scope) ?? [], minCoverage)));
    return score;
  };
  // The overall score pools the graded scopes; coverage and counts stay those of every scope.
  const graded = (scope: string) => !byScope(scope).insufficientCoverage;
  const all = scoreOf(units);
  const pooled = scoreOf(
    units.filter((u) => graded(u.scope)),
    minCoverage,
  );
  const overall: Score = { ...pooled, coverage: all.coverage, counts: all.counts };
  if (!pooled.insufficientCoverage && units.some((u) => !graded(u.scope)) && pooled.score === null) overall.insufficientCoverage = true;
  const covers = {
    tenants: tenants.tenants.filter((t) => graded(t.name)).length,
    of: tenants.tenants.length,
    cluster: graded(CLUSTER_SCOPE),
  };
  return {
    tool: { name: 'tenantscan', version: TOOL_VERSION },
    source: index.source,
    inputScope: options.inputScopeInfo ?? { scope: options.inputScope ?? 'cluster', inferred: false, reason: 'given' },
    profile: options.profile,
    generatedAt: new Date().toISOString(),
    score: {
      ...overall,
      cluster: byScope(CLUSTER_SCOPE),
      minCoverage,
      covers,
      weights: { ...SEVERITY_WEIGHTS },
      grades: GRADE_THRESHOLDS.map(([g, min]) => [g, min]),
    },
    tenants: tenants.tenants.map((t) => ({
      name: t.name,
      source: t.source,
      namespaces: [...t.namespaces],
      subjects: [...t.subjects],
      ...byScope(t.name),
    })),
    checks: [...active.map((c) => checkInfo(c, options)), ...(options.probes?.checks ?? [])],
    results,
    access: index.accessOutcomes(),
    loadErrors: [...index.loadErrors],
    ...sections,
  };
}

export function checkInfo(
  check: AnyCheck,
  options: Pick<ScanOptions, 'profile' | 'severityOverrides' | 'checkOrigins' | 'docsBaseUrl'>,
): CheckInfo {
  const severities = Object.fromEntries(PROFILES.map((p) => [p, severityOf(check, p)])) as Record<Profile, Severity>;
  return {
    id: check.id,
    family: check.family,
    title: check.title,
    description: check.description,
    rationale: check.rationale,
    remediation: check.remediation,
    references: check.references,
    mtb: check.mtb ?? [],
    severity: effectiveSeverity(check, options.profile, options.severityOverrides),
    severities,
    needs: kindsRead(check),
    helpUri: `${options.docsBaseUrl ?? DEFAULT_DOCS_BASE_URL}${check.id}.md`,
    origin: options.checkOrigins?.[check.id] ?? 'builtin',
  };
}
